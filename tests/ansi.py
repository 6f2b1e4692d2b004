"""Reads a `tmux capture-pane -e` screen and finds text too faint to read (WCAG contrast < 3)."""

from __future__ import annotations

import re
from dataclasses import dataclass

SGR = re.compile(r"\x1b\[([0-9;]*)m")
# xterm's default palette: what most terminals (and tmux's own default) show for the 16 colors.
XTERM16 = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
    (255, 255, 255),
]  # fmt: skip
STEPS = (0, 95, 135, 175, 215, 255)
RGB = tuple[int, int, int]


def palette(n: int) -> RGB:
    """The color xterm shows for 256-color index `n`."""
    if n < 16:
        return XTERM16[n]
    if n < 232:
        n -= 16
        return (STEPS[n // 36], STEPS[(n // 6) % 6], STEPS[n % 6])
    grey = 8 + 10 * (n - 232)
    return (grey, grey, grey)


@dataclass
class Cell:
    char: str
    fg: RGB | None  # None: the terminal's default, which we cannot judge
    bg: RGB | None


def cells(capture: str) -> list[list[Cell]]:
    """One list of cells per screen line, each with the colors its SGR codes gave it."""
    rows: list[list[Cell]] = []
    fg: RGB | None = None
    bg: RGB | None = None
    for line in capture.split("\n"):
        row: list[Cell] = []
        at = 0
        for match in SGR.finditer(line):
            row.extend(Cell(ch, fg, bg) for ch in line[at : match.start()])
            at = match.end()
            codes = [int(c) for c in match.group(1).split(";") if c] or [0]
            i = 0
            while i < len(codes):
                code = codes[i]
                if code == 0:
                    fg = bg = None
                elif code in (39, 49):
                    fg, bg = (None, bg) if code == 39 else (fg, None)
                elif 30 <= code <= 37 or 90 <= code <= 97:
                    fg = XTERM16[code - 30 if code < 90 else code - 82]
                elif 40 <= code <= 47 or 100 <= code <= 107:
                    bg = XTERM16[code - 40 if code < 100 else code - 92]
                elif code in (38, 48) and codes[i + 1] == 5:
                    color = palette(codes[i + 2])
                    fg, bg = (color, bg) if code == 38 else (fg, color)
                    i += 2
                elif code in (38, 48) and codes[i + 1] == 2:
                    color = (codes[i + 2], codes[i + 3], codes[i + 4])
                    fg, bg = (color, bg) if code == 38 else (fg, color)
                    i += 4
                i += 1
        row.extend(Cell(ch, fg, bg) for ch in line[at:])
        rows.append(row)
    return rows


def luminance(rgb: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: RGB, b: RGB) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def drawing(char: str) -> bool:
    """Box and block characters are borders and bars, not text to read."""
    return 0x2500 <= ord(char) <= 0x259F


def modal(rows: list[list[Cell]]) -> tuple[int, int, int, int] | None:
    """The box of a dialog drawn over a dimmed screen (╭ ... ╯), whose inside alone must read."""
    corners = [(y, x) for y, row in enumerate(rows) for x, cell in enumerate(row) if cell.char in "╭╯"]
    tops = [c for c in corners if rows[c[0]][c[1]].char == "╭"]
    bottoms = [c for c in corners if rows[c[0]][c[1]].char == "╯"]
    if not tops or not bottoms:
        return None
    (top, left), (bottom, right) = min(tops), max(bottoms)
    return top, left, bottom, right


def illegible(capture: str, dialog: bool = False, minimum: float = 3.0) -> list[str]:
    """Lines holding text whose colors contrast less than `minimum` (only inside the dialog's
    box when `dialog`: the screen behind a dialog is dimmed on purpose)."""
    rows = cells(capture)
    box = modal(rows) if dialog else None
    found = []
    for y, row in enumerate(rows):
        for x, cell in enumerate(row):
            if box and not (box[0] < y < box[2] and box[1] < x < box[3]):
                continue
            if cell.char.strip() and not drawing(cell.char) and cell.fg and cell.bg:
                ratio = contrast(cell.fg, cell.bg)
                if ratio < minimum:
                    text = "".join(c.char for c in row)
                    found.append(f"line {y} col {x} ({ratio:.2f}: {cell.fg} on {cell.bg}): {text.strip()}")
                    break
    return found
