"""Text that repaints only the cells that changed: what an SSH link carries is what moved."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget


def styles_by_cell(line: Content) -> list[tuple[str, tuple[str, ...]]]:
    """Each character of a line with the styles over it, to compare two versions of a line."""
    styles: list[list[str]] = [[] for _ in line.plain]
    for span in line.spans:
        for i in range(span.start, min(span.end, len(styles))):
            styles[i].append(str(span.style))
    return [(ch, tuple(style)) for ch, style in zip(line.plain, styles, strict=True)]


def damage(old: Content, new: Content, width: int) -> list[Region] | None:
    """The regions (in content coordinates) where ``new`` differs from ``old``, one per
    changed line, from its first changed column to its last; None when anything wraps, moves
    or is not plain enough to compare cell by cell (then the whole widget is repainted)."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    regions: list[Region] = []
    for y in range(max(len(old_lines), len(new_lines))):
        a = styles_by_cell(old_lines[y]) if y < len(old_lines) else []
        b = styles_by_cell(new_lines[y]) if y < len(new_lines) else []
        if a == b:
            continue
        if any(cell_len(ch) != 1 for ch, _ in a + b):
            return None  # wide or combining characters: cells are not characters
        if max(len(a), len(b)) > width:
            return None  # the renderer would wrap it
        first = next((i for i, (x, y_) in enumerate(zip(a, b, strict=False)) if x != y_), min(len(a), len(b)))
        last = max(len(a), len(b))
        while last > first and last <= min(len(a), len(b)) and a[last - 1] == b[last - 1]:
            last -= 1
        if len(a) != len(b):
            last = width  # the line's tail moved: the rest of it up to the edge
        regions.append(Region(first, y, max(1, last - first), 1))
    return regions


class QuietText(Widget):
    """A Static whose ``update`` repaints only the changed cells of the lines that changed
    (a header where one word moves, a help area where one line does), and nothing when the
    text is the same. Lines are expected to fit the width (callers wrap them)."""

    DEFAULT_CSS = "QuietText { height: auto; }"

    def __init__(self, content: Content | str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.content = Content(content) if isinstance(content, str) else content

    def update(self, content: Content | str) -> None:
        new = Content(content) if isinstance(content, str) else content
        old, self.content = self.content, new
        if old.plain == new.plain and old.spans == new.spans:
            return
        height = self.styles.height
        if old.plain.count("\n") != new.plain.count("\n") and height is not None and height.is_auto:
            self.refresh(layout=True)
            return
        regions = damage(old, new, self.content_region.width) if self.is_mounted else None
        if not regions:
            self.refresh()
            return
        self.refresh(*regions)  # content coordinates: Textual adds the padding

    def render(self) -> Content:
        return self.content
