"""Draw the app icon: resources/icons/replydraft.svg, PNGs at the usual sizes, and a .ico.

    python packaging/make_icons.py     (needs PySide6 and the font Noto Serif CJK SC Bold)

The icon is a sheet of paper with the red band of an official document and a large 答. The
character is stored as an outline path, so the SVG needs no font wherever it is shown. The
outputs are committed; run this again only to change the design.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
FONT_FAMILY = "Noto Serif CJK SC"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 256)  # Windows: Explorer, Start menu, taskbar, installer
RED = "#b4232a"  # the app's accent (gui/style.py): the red of official documents


def glyph_path(char: str, box: tuple[float, float, float, float]) -> str:
    """SVG path data of `char` in the CJK serif font, scaled to fit `box` (x, y, w, h)."""
    if FONT_FAMILY not in QFontDatabase.families():
        sys.exit(f"make_icons: the font {FONT_FAMILY!r} is not installed (Debian: fonts-noto-cjk)")
    font = QFont(FONT_FAMILY)
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(1000)
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, char)
    bounds = path.boundingRect()
    x, y, w, h = box
    scale = min(w / bounds.width(), h / bounds.height())
    dx = x + (w - bounds.width() * scale) / 2 - bounds.left() * scale
    dy = y + (h - bounds.height() * scale) / 2 - bounds.top() * scale
    parts: list[str] = []
    i = 0
    while i < path.elementCount():
        e = path.elementAt(i)
        px, py = e.x * scale + dx, e.y * scale + dy
        if e.isMoveTo():
            parts.append(f"M{px:.2f} {py:.2f}")
        elif e.isLineTo():
            parts.append(f"L{px:.2f} {py:.2f}")
        else:  # a cubic: this element and the next two (control, control, end)
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            parts.append(
                f"C{px:.2f} {py:.2f} {c2.x * scale + dx:.2f} {c2.y * scale + dy:.2f} "
                f"{end.x * scale + dx:.2f} {end.y * scale + dy:.2f}"
            )
            i += 2
        i += 1
    return "".join(parts) + "Z"


def svg() -> str:
    answer = glyph_path("答", (14, 21, 36, 36))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- replydraft: a document with the red band of an official reply and 答 ("reply").
     Made by packaging/make_icons.py. -->
<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <path d="M12 3h30l12 12v44a3 3 0 0 1-3 3H12a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3z" fill="#ffffff" stroke="#6f747c" stroke-width="2"/>
  <path d="M42 3v9a3 3 0 0 0 3 3h9" fill="#e9ebee" stroke="#6f747c" stroke-width="2" stroke-linejoin="round"/>
  <rect x="14" y="10" width="24" height="4" rx="1" fill="{RED}"/>
  <rect x="14" y="16" width="36" height="1.6" fill="{RED}"/>
  <path d="{answer}" fill="{RED}"/>
</svg>
"""


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide takes str
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """An icon directory entry's bitmap: 32-bit BGRA rows bottom-up, then the AND mask.
    (Small sizes as bitmaps: the form every Windows version and NSIS read.)"""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        row = bytearray()
        for x in range(size):
            argb = image.pixel(x, y)
            row += struct.pack("<I", argb)  # little-endian ARGB is B, G, R, A in memory
        rows.append(bytes(row))
    mask_row = b"\0" * (((size + 31) // 32) * 4)  # all visible: the alpha channel decides
    return header + b"".join(rows) + mask_row * size


def ico(images: dict[int, QImage]) -> bytes:
    """A multi-size .ico: bitmaps up to 64 px, PNG for 256 px (as Windows' own icons do)."""
    blobs = [
        (size, png_bytes(img) if size >= 256 else dib_bytes(img)) for size, img in images.items()
    ]
    out = struct.pack("<HHH", 0, 1, len(blobs))
    offset = 6 + 16 * len(blobs)
    for size, blob in blobs:
        dim = 0 if size >= 256 else size  # 0 means 256
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return out + b"".join(blob for _, blob in blobs)


def main() -> int:
    app = QGuiApplication(["make_icons", "-platform", "offscreen"])
    OUT.mkdir(parents=True, exist_ok=True)
    text = svg()
    (OUT / "replydraft.svg").write_text(text, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    if not renderer.isValid():
        print("make_icons: the SVG does not parse", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in sorted({*PNG_SIZES, *ICO_SIZES})}
    for size in PNG_SIZES:
        images[size].save(str(OUT / f"replydraft-{size}.png"))  # format from the suffix
    (OUT / "replydraft.ico").write_bytes(ico({s: images[s] for s in ICO_SIZES}))
    print(f"wrote {OUT.relative_to(ROOT)}: replydraft.svg, .ico and {len(PNG_SIZES)} PNGs")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
