#!/bin/sh
# Build a one-folder bundle in dist/streamdesk with PyInstaller (not part of make test).
set -eu
cd "$(dirname "$0")/.."
make setup
.venv/bin/python -m pip install --quiet "pyinstaller>=6"
.venv/bin/pyinstaller --noconfirm --clean packaging/streamdesk.spec
echo "Bundle: dist/streamdesk/streamdesk"
