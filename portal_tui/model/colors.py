"""Colors as profiles hold them: "#rgb" or "#rrggbb", written lower-case in full (pure)."""

from __future__ import annotations

import re

COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def normalize_color(value: str) -> str:
    """A valid color as it is written to a file: lower-case #rrggbb (empty stays empty)."""
    if not COLOR.match(value):
        return value
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits
