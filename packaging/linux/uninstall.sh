#!/bin/sh
# Removes what install.sh installed for you: the program in ~/.local/lib/galleryman, the
# ~/.local/bin/galleryman link, the menu entry, the icons and the metainfo. Your settings,
# data and stored API keys stay where they are (delete ~/.local/share/galleryman and
# ~/.config/galleryman yourself to forget them too).
set -eu

data="${XDG_DATA_HOME:-$HOME/.local/share}"
lib="$HOME/.local/lib/galleryman"
bin="$HOME/.local/bin"

# Only our own link: a galleryman of another origin in ~/.local/bin is left alone.
if [ -L "$bin/galleryman" ] && [ "$(readlink "$bin/galleryman")" = "$lib/galleryman" ]; then
  rm -f "$bin/galleryman"
fi
rm -f "$data/applications/galleryman.desktop"
rm -f "$data"/icons/hicolor/*/apps/galleryman.png "$data"/icons/hicolor/*/apps/galleryman.svg
rm -f "$data"/metainfo/io.github.galleryman.galleryman.metainfo.xml
rm -rf "$lib" "$lib.new"

if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data/applications" ]; then
  update-desktop-database -q "$data/applications" || true
fi
echo "galleryman is removed (your galleryman data is kept)"
