#!/bin/sh
# Install what `make bundle` needs into the venv `make setup` made: the pinned PyInstaller,
# and on Linux `strip` (binutils), which takes ~20 MB of debug info out of the bundle.
# Like bootstrap.sh: system packages only when run as root, otherwise it names them.
set -eu
VENV=${1:-.venv}
cd "$(dirname "$0")/.."
echo "Installing the bundle's build tools into $VENV ..."
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r packaging/requirements-bundle.txt
if [ "$(uname -s)" = "Linux" ] && ! command -v strip >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system packages: binutils"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binutils >/dev/null
    else
        echo "Note: without strip the bundle is ~20 MB larger: sudo apt-get install binutils" >&2
    fi
fi
