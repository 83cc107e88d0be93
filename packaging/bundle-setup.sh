#!/bin/sh
# Install what `make bundle` needs into the venv `make setup` made: the pinned PyInstaller,
# and on Linux Python's shared library (PyInstaller bundles it; Debian's python3 does not
# install it) and binutils: `strip` takes ~40 MB of debug info and symbol tables out of the
# bundle, `as` and `ld` link Qt's ICU data library with only what Qt uses (32 -> 5 MB).
# Like bootstrap.sh: system packages only when run as root, otherwise it names them.
set -eu
VENV=${1:-.venv}
cd "$(dirname "$0")/.."
echo "Installing the bundle's build tools into $VENV ..."
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r packaging/requirements-bundle.txt
[ "$(uname -s)" = "Linux" ] || exit 0

can_apt() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; }
apt_install() {
    echo "Installing system packages: $*"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! "$VENV/bin/python" -c 'from PyInstaller.depend.bindepend import get_python_library_path as f
assert f()' >/dev/null 2>&1; then
    lib=libpython$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    if can_apt; then
        apt_install "$lib"
    else
        echo "PyInstaller needs Python's shared library: sudo apt-get install $lib" >&2
        exit 1
    fi
fi
if ! command -v strip >/dev/null 2>&1; then
    if can_apt; then
        apt_install binutils
    else
        echo "Note: without binutils the bundle is ~70 MB larger: sudo apt-get install binutils" >&2
    fi
fi
