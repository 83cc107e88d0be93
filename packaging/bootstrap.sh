#!/bin/sh
# Create the virtual environment and install StreamDesk with its test tools.
# Works on a bare Debian/Ubuntu machine: when run as root it installs the few
# system packages Python's venv and Qt need; otherwise it names them.
set -eu
VENV=${1:-.venv}
PYTHON=${PYTHON:-python3}

need_apt=""
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "StreamDesk needs Python 3.11 or newer: apt-get install python3 python3-venv" >&2
    exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "StreamDesk needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1)" >&2
    exit 1
fi

apt_install() {
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system packages: $*"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        echo "Missing system packages. Install them with:" >&2
        echo "    sudo apt-get install $*" >&2
        exit 1
    fi
}

if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        apt_install "python$ver-venv"
        "$PYTHON" -m venv "$VENV"
    fi
fi

"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
echo "Installing StreamDesk and its test tools into $VENV ..."
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]"

# Qt's wheels bring Qt itself but rely on a few common system libraries. The tests need
# only what Qt's offscreen platform links; a window on a desktop also needs the X11 ones.
libraries=$("$VENV/bin/python" - <<'PY'
import glob, os, subprocess, sysconfig
root = os.path.join(sysconfig.get_paths()["purelib"], "PySide6", "Qt")


def missing(patterns):
    found = set()
    for pattern in patterns:
        for lib in glob.glob(os.path.join(root, pattern)):
            out = subprocess.run(["ldd", lib], capture_output=True, text=True).stdout
            found.update(line.split()[0] for line in out.splitlines() if "not found" in line)
    return found


needed = missing(["lib/libQt6Gui.so*", "plugins/platforms/libqoffscreen.so"])
desktop = missing(["plugins/platforms/libqxcb.so"]) - needed
print(" ".join(sorted(needed)) or "-")
print(" ".join(sorted(desktop)) or "-")
PY
)
packages_for() {
    pkgs=""
    for lib in "$@"; do
        case "$lib" in
            -) ;;
            libGL.so*|libOpenGL.so*) pkgs="$pkgs libgl1 libopengl0" ;;
            libEGL.so*) pkgs="$pkgs libegl1" ;;
            libxkbcommon-x11*) pkgs="$pkgs libxkbcommon-x11-0" ;;
            libxkbcommon.so*) pkgs="$pkgs libxkbcommon0" ;;
            libfontconfig*) pkgs="$pkgs libfontconfig1" ;;
            libfreetype*) pkgs="$pkgs libfreetype6" ;;
            libdbus*) pkgs="$pkgs libdbus-1-3" ;;
            libglib*|libgthread*) pkgs="$pkgs libglib2.0-0" ;;
            libX11-xcb*) pkgs="$pkgs libx11-xcb1" ;;
            libxcb-cursor*) pkgs="$pkgs libxcb-cursor0" ;;
            libxcb*) pkgs="$pkgs libxcb1 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1" ;;
            libX11*) pkgs="$pkgs libx11-6" ;;
            *) pkgs="$pkgs libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0" ;;
        esac
    done
    echo $pkgs | tr ' ' '\n' | sort -u | tr '\n' ' '
}
# shellcheck disable=SC2086
needed=$(packages_for $(echo "$libraries" | sed -n 1p))
# shellcheck disable=SC2086
desktop=$(packages_for $(echo "$libraries" | sed -n 2p))
if [ -n "${needed# }" ]; then
    # shellcheck disable=SC2086
    apt_install $needed $desktop
elif [ -n "${desktop# }" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        # shellcheck disable=SC2086
        apt_install $desktop
    else
        echo "Note: to open StreamDesk's window on this desktop, install:" >&2
        echo "    sudo apt-get install $desktop" >&2
        echo "(the tests and the command line work without them)" >&2
    fi
fi
# In CI, the freedesktop tools the packaging tests check the Linux package with (locally
# those tests skip, saying which tool is missing).
if [ -n "${CI:-}" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 &&
    ! command -v appstreamcli >/dev/null 2>&1; then
    apt_install desktop-file-utils appstream shared-mime-info
fi
echo "StreamDesk is installed in $VENV."
