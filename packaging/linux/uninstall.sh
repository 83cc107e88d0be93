#!/bin/sh
# Remove StreamDesk exactly as install.sh put it: the files and folders it listed in
# install-manifest, nothing else (your plans are never touched). The desktop's caches
# are brought up to date, or removed when StreamDesk was the only thing in them.
set -eu
export LC_ALL=C
PREFIX=${PREFIX:-$HOME/.local}
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APPDIR=$PREFIX/lib/streamdesk
manifest=$APPDIR/install-manifest
quiet=${1:-}

if [ ! -f "$manifest" ]; then
    echo "uninstall.sh: StreamDesk is not installed in $APPDIR (no install-manifest)" >&2
    exit 1
fi
list=$(mktemp)
trap 'rm -f "$list"' EXIT
cp "$manifest" "$list"

# files first (the generated cache files too: they are rebuilt below where still needed)
while IFS= read -r line; do
    case "$line" in
        "f "* | "c "*) path=${line#??}; if [ -f "$path" ] || [ -L "$path" ]; then rm -f "$path"; fi ;;
    esac
done <"$list"

others() { [ -d "$1" ] && [ -n "$(find "$1" -mindepth 1 -maxdepth 1 -name "$2" 2>/dev/null)" ]; }
if others "$DATA/mime/packages" "*.xml" && command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
fi
if others "$DATA/applications" "*.desktop" && command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
fi

# then the folders it made, deepest first, and only when nothing else is in them
grep '^d ' "$list" | cut -c3- | sort -r | while IFS= read -r dir; do
    rmdir "$dir" 2>/dev/null || true
done

[ "$quiet" = "--quiet" ] || echo "StreamDesk is removed. Your plans are where they were."
