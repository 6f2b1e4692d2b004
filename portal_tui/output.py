"""How the CLI prints values: raw scalars, compact JSON, TOML; profile text always made visible."""

from __future__ import annotations

import json
from typing import Any

from .model.visible import visible, visible_lines


def as_json(value: Any, pretty: bool = False) -> str:
    """JSON with every hidden character escaped (still valid JSON meaning the same)."""
    text = json.dumps(
        value, ensure_ascii=False, indent=2 if pretty else None, separators=None if pretty else (",", ":")
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
