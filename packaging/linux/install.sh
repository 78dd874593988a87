#!/bin/sh
# Installs this galleryman for you alone, without root, into your own application menu:
#   ~/.local/lib/galleryman/                       the program (a copy of this folder)
#   ~/.local/bin/galleryman                        a link to it (for a terminal)
#   ~/.local/share/applications/galleryman.desktop the menu entry
#   ~/.local/share/icons/hicolor/*/apps/           its icon
#   ~/.local/share/metainfo/                       what software centres show
# Run it again to update; ~/.local/lib/galleryman/uninstall.sh removes all of it again.
# XDG_DATA_HOME, when set, replaces ~/.local/share. Your galleryman data is not touched.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
lib="$HOME/.local/lib/galleryman"
bin="$HOME/.local/bin"

if [ ! -x "$here/galleryman" ] || [ ! -d "$here/_internal" ]; then
  echo "install.sh: run it from the unpacked galleryman folder ($here has no galleryman)" >&2
  exit 1
fi
if [ -e "$bin/galleryman" ] && [ ! -L "$bin/galleryman" ]; then
  echo "install.sh: $bin/galleryman exists and is not our link; move it away first" >&2
  exit 1
fi

# Into a new folder first, then swapped in: a failed copy leaves the old install working.
mkdir -p "$HOME/.local/lib"
rm -rf "$lib.new"
cp -R "$here" "$lib.new"
rm -rf "$lib"
mv "$lib.new" "$lib"

mkdir -p "$bin"
ln -sfn "$lib/galleryman" "$bin/galleryman"

mkdir -p "$data/applications"
# The menu entry names the program by its full path: ~/.local/bin is not on every
# desktop session's PATH.
sed -e "s|^Exec=galleryman|Exec=\"$lib/galleryman\"|" \
  "$here/share/applications/galleryman.desktop" > "$data/applications/galleryman.desktop"

for icon in "$here"/share/icons/hicolor/*/apps/galleryman.*; do
  size=$(basename "$(dirname "$(dirname "$icon")")")
  mkdir -p "$data/icons/hicolor/$size/apps"
  cp "$icon" "$data/icons/hicolor/$size/apps/"
done

mkdir -p "$data/metainfo"
cp "$here"/share/metainfo/*.metainfo.xml "$data/metainfo/"

# Menus pick the entry up by themselves; these only make it quicker, where they exist.
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi

echo "galleryman is installed: pick it in your application menu, or run $bin/galleryman"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "(add $bin to your PATH to run 'galleryman' by name)" ;;
esac
echo "To remove it: $lib/uninstall.sh"
