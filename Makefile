# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv and install StreamDesk into it first; nothing else is required.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint format clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml packaging/bootstrap.sh
	@PYTHON=$(PYTHON) sh packaging/bootstrap.sh $(VENV)
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamdesk $(PLAN)

test: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: $(STAMP)
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
