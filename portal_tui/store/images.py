"""Reading the format and pixel size of a logo or icon file for the branding rules."""

from __future__ import annotations

import struct
from pathlib import Path

from ..model.brand import ImageError, ImageInfo, ImageInspector
from ..model.visible import visible

_PNG = b"\x89PNG\r\n\x1a\n"
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame marker of a JPEG header."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def read_image(path: Path) -> ImageInfo:
    """The format and size of a PNG or JPEG file, or ImageError naming the path."""
    shown = visible(str(path))
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except FileNotFoundError:
        raise ImageError(f"no such file: {shown}") from None
    except IsADirectoryError:
        raise ImageError(f"is a folder, not an image: {shown}") from None
    except OSError as exc:
        raise ImageError(f"cannot read {shown}: {exc.strerror}") from None
    if head.startswith(_PNG) and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return ImageInfo("png", width, height, size)
    if head.startswith(b"\xff\xd8"):
        dims = _jpeg_size(head)
        if dims:
            return ImageInfo("jpeg", dims[0], dims[1], size)
    raise ImageError(f"not a PNG or JPEG image: {shown}")


def inspector(base: Path) -> ImageInspector:
    """Reads images named in a profile: ``~`` expands; relative paths start at ``base``."""

    def inspect(ref: str) -> ImageInfo:
        path = Path(ref).expanduser()
        return read_image(path if path.is_absolute() else base / path)

    return inspect
