# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv and install StreamDesk into it first; nothing else is required.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint format clean setup bundle package

setup: $(STAMP)

$(STAMP): pyproject.toml packaging/bootstrap.sh
	@PYTHON=$(PYTHON) sh packaging/bootstrap.sh $(VENV)
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamdesk $(PLAN)

test: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: $(STAMP)
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

# The app for people without Python: a PyInstaller bundle in dist/, smoke-tested as a user
# would use it (packaging/bundle.py), then the download for this platform (`make package`).
BUNDLE_TOOLS := $(VENV)/.bundle-tools

$(BUNDLE_TOOLS): $(STAMP) packaging/requirements-bundle.txt packaging/bundle-setup.sh
	@sh packaging/bundle-setup.sh $(VENV)
	@touch $(BUNDLE_TOOLS)

bundle: $(BUNDLE_TOOLS)
	$(BIN)/python packaging/bundle.py build
	$(BIN)/python packaging/bundle.py smoke

package: $(BUNDLE_TOOLS)
	$(BIN)/python packaging/bundle.py package

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
