"""Render the app icon (resources/icons/galleryman.svg) for the installers, at build time:

    OUT/hicolor/scalable/apps/galleryman.svg
    OUT/hicolor/NxN/apps/galleryman.png      N = 16 24 32 48 64 128 256 512
    OUT/galleryman.ico                       Windows (16..256)
    OUT/galleryman.icns                      macOS (16..512 and 1024)

Run with the build venv's Python (PySide6 for QSvgRenderer, Pillow for .ico/.icns):
    python packaging/render_icons.py resources/icons/galleryman.svg build/icons
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
NAME = "galleryman"


def render_png(svg: Path, size: int, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target)):  # PNG, from the suffix
        raise SystemExit(f"render_icons: could not write {target}")


def render_all(svg: Path, out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    written: list[Path] = []
    scalable = out / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)  # a real file, even though the source may be a symlink
    written.append(scalable)
    for size in sorted({*PNG_SIZES, 1024}):
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        if size == 1024:
            target = out / f"{NAME}-1024.png"  # for the .icns only: hicolor stops at 512
        render_png(svg, size, target)
        written.append(target)
    biggest = Image.open(out / f"{NAME}-1024.png")
    ico = out / f"{NAME}.ico"
    biggest.save(ico, sizes=[(s, s) for s in ICO_SIZES])
    icns = out / f"{NAME}.icns"
    biggest.save(icns, sizes=[(s, s) for s in ICNS_SIZES])
    written += [ico, icns]
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    for path in render_all(Path(argv[0]), Path(argv[1])):
        print(f"render_icons: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
