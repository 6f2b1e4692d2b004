"""How the CLI prints values: raw scalars, compact JSON, TOML; profile text always made visible."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, time
from typing import Any

from .model.visible import visible, visible_lines


def _toml_only(value: Any) -> str:
    """What JSON has no type for but TOML does (dates and times, found in tables a profile
    keeps without knowing them): their TOML text."""
    if isinstance(value, date | time):  # datetime is a date
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a TOML value")


def as_json(value: Any, pretty: bool = False) -> str:
    """JSON with every hidden character escaped (still valid JSON meaning the same)."""
    text = json.dumps(
        value,
        ensure_ascii=False,
        indent=2 if pretty else None,
        separators=None if pretty else (",", ":"),
        default=_toml_only,
    )
    return visible_lines(text)


def raw(value: Any) -> str:
    """``get``'s plain form: scalars as they are (true, none, #ff0000, "" as an empty line),
    lists and tables as compact JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, (list, dict)):
        return as_json(value)
    return visible(str(value))


def shown(value: Any) -> str:
    """A value as one line of text for people: like raw(), and "" where raw() prints nothing."""
    text = raw(value)
    return text if text else '""'


def as_toml(document: dict[str, Any]) -> str:
    """A whole profile as TOML (hidden characters escaped, so it still parses the same)."""
    import tomlkit

    return visible_lines(tomlkit.dumps(document))


def cells(text: str) -> int:
    """Columns a text takes on a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def columns(rows: list[list[str]]) -> list[str]:
    """Rows as lines with every column but the last padded to its widest cell (wide
    characters counted as two), two spaces apart: a table that lines up in a terminal and
    that ``awk``/``cut`` can still read."""
    if not rows:
        return []
    widths = [max(cells(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  ".join([*(cell + " " * (w - cells(cell)) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]
