"""How the CLI prints values: raw scalars, compact JSON, TOML; profile text always made visible."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, time
from typing import Any

from .visible import visible, visible_lines


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
    """A whole profile as TOML (hidden characters escaped, so it still parses the same).

    Written here rather than by tomlkit, whose ``dumps`` of a plain dict takes time growing
    with the square of a table's keys (10,000 metadata keys: half a minute); this takes
    time in proportion to the document and writes the same layout: plain values first, then
    each table under its header, a blank line before each header."""
    lines: list[str] = []
    _table(lines, [], document, header=None)
    return visible_lines("\n".join(lines) + "\n" if lines else "")


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TO_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')
_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _string(text: str) -> str:
    return '"' + _TO_ESCAPE.sub(lambda m: _SHORT_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text) + '"'


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _is_tables(value: Any) -> bool:
    """A list written as ``[[...]]`` tables: not empty, and tables only."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _inline(value: Any) -> str:
    """A value on the right of ``=``: tables and lists inline, at any depth."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, float):
        return "nan" if value != value else str(value)  # str: 1.5, 1e+20, inf, -inf
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + "}"
    return _toml_only(value)


def _table(lines: list[str], path: list[str], table: dict[str, Any], header: str | None) -> None:
    """A table's lines: its header (left out for a table holding only tables), its plain
    values, then its tables and arrays of tables, each under its own header."""
    plain = [(k, v) for k, v in table.items() if not isinstance(v, dict) and not _is_tables(v)]
    nested = [(k, v) for k, v in table.items() if isinstance(v, dict) or _is_tables(v)]
    if header is not None and (plain or not nested or header.startswith("[[")):
        if lines:
            lines.append("")
        lines.append(header)
    lines.extend(f"{_key(k)} = {_inline(v)}" for k, v in plain)
    for key, value in nested:
        inner = [*path, _key(key)]
        dotted = ".".join(inner)
        if isinstance(value, dict):
            _table(lines, inner, value, f"[{dotted}]")
        else:
            for entry in value:
                _table(lines, inner, entry, f"[[{dotted}]]")


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


ZERO_DECIMAL = frozenset({"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
                          "xaf", "xof", "xpf"})  # fmt: skip
"""Currencies Stripe counts in whole units: their amounts have no cents to divide by."""


def money(minor: int | None, currency: str | None) -> str:
    """A price's amount as people read it, from Stripe's minor units: 10.00 usd, 500 jpy."""
    if minor is None:
        return "-"
    code = visible((currency or "").lower())
    return f"{minor} {code}" if code in ZERO_DECIMAL else f"{minor / 100:.2f} {code}"
