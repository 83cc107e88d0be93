#!/bin/sh
# Install StreamDesk for you alone, without root: the program under ~/.local/lib/streamdesk,
# the `streamdesk` command in ~/.local/bin, and the menu entry, icons, file type and
# software-centre description under ~/.local/share. Every file and folder it makes is
# listed in ~/.local/lib/streamdesk/install-manifest, which uninstall.sh removes exactly.
# Run it again to update; PREFIX and XDG_DATA_HOME move the two roots.
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APPDIR=$PREFIX/lib/streamdesk
BINDIR=$PREFIX/bin
APP_ID=io.github.streamdesk.StreamDesk

if [ ! -x "$here/streamdesk/streamdesk" ]; then
    echo "install.sh: run it from the unpacked StreamDesk folder (no streamdesk/ beside it)" >&2
    exit 1
fi
case "$PREFIX$DATA" in
    *'"'* | *'`'* | *'$'* | *'\'*)
        echo "install.sh: the install folder must not contain \" \` \$ or \\" >&2
        exit 1 ;;
esac
if [ -f "$APPDIR/install-manifest" ]; then
    echo "Removing the StreamDesk installed before ..."
    sh "$APPDIR/uninstall.sh" --quiet
fi

list=$(mktemp)
trap 'rm -f "$list"' EXIT

# make a folder and the missing ones above it, noting each one made
folder() {
    [ -d "$1" ] && return 0
    folder "$(dirname "$1")"
    mkdir "$1"
    echo "d $1" >>"$list"
}

# copy one file, noting it
put() {
    folder "$(dirname "$2")"
    cp "$1" "$2"
    echo "f $2" >>"$list"
}

# the program itself
folder "$APPDIR"
cp -R "$here/streamdesk/." "$APPDIR/"
find "$APPDIR" -mindepth 1 -type d | sort | sed 's/^/d /' >>"$list"
find "$APPDIR" -mindepth 1 ! -type d | sort | sed 's/^/f /' >>"$list"
put "$here/uninstall.sh" "$APPDIR/uninstall.sh"
chmod 755 "$APPDIR/uninstall.sh"
folder "$BINDIR"
ln -sf "$APPDIR/streamdesk" "$BINDIR/streamdesk"
echo "f $BINDIR/streamdesk" >>"$list"

# the desktop: menu entry (with the full path, ~/.local/bin may not be on PATH), icons,
# the .streamdesk file type, the software-centre description
folder "$DATA/applications"
sed "s|^Exec=.*|Exec=\"$APPDIR/streamdesk\" %f|" "$here/share/applications/streamdesk.desktop" \
    >"$DATA/applications/streamdesk.desktop"
echo "f $DATA/applications/streamdesk.desktop" >>"$list"
(cd "$here/share" && find icons metainfo mime -type f | sort) | while IFS= read -r rel; do
    put "$here/share/$rel" "$DATA/$rel"
done

# the desktop's caches: files they generate for the first time are noted too
before=$(mktemp)
trap 'rm -f "$list" "$before"' EXIT
find "$DATA/mime" "$DATA/applications" "$DATA/icons/hicolor" 2>/dev/null | sort >"$before"
if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA/icons/hicolor" >/dev/null 2>&1 || true
fi
find "$DATA/mime" "$DATA/applications" "$DATA/icons/hicolor" 2>/dev/null | sort |
    comm -13 "$before" - | while IFS= read -r made; do
    if [ -d "$made" ]; then echo "d $made"; else echo "c $made"; fi
done >>"$list"

echo "f $APPDIR/install-manifest" >>"$list"
cp "$list" "$APPDIR/install-manifest"

echo "StreamDesk $(cat "$here/VERSION" 2>/dev/null || echo) is installed."
echo "Open it from your applications menu, double-click a .streamdesk plan, or run:"
echo "    $BINDIR/streamdesk"
echo "To remove it: $APPDIR/uninstall.sh"
