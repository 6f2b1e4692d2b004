"""Themes from TOML files (shipped in themes/ and the user's <config>/themes/) as Textual Themes."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

from textual.color import Color, ColorParseError
from textual.theme import Theme

from ..model.visible import visible

_FIELDS = {f.name for f in fields(Theme)}
_COLORS = {"primary", "secondary", "warning", "error", "success", "accent", "foreground", "background",
           "surface", "panel", "boost"}


class Loaded(NamedTuple):
    themes: list[Theme]
    failures: list[str]


def theme_from_toml(path: Path) -> Theme:
    """A Theme from one TOML file; ValueError says what is wrong with it."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(str(exc)) from None
    unknown = set(data) - _FIELDS
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise ValueError("needs a name")
    if not isinstance(data.get("primary"), str):
        raise ValueError("needs a primary color")
    for key in _COLORS & set(data):
        try:
            Color.parse(data[key])
        except (ColorParseError, TypeError):
            raise ValueError(f"{key}: not a color: {data[key]!r}") from None
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ValueError("variables: expected a table of strings")
    return Theme(**data)


def shipped_dir() -> Path:
    return Path(str(files("portal_tui.themes")))


def load_themes(user_dir: Path) -> Loaded:
    """Shipped themes, then the user's (a user theme may replace a shipped one by name)."""
    themes, failures = [], []
    for folder in (shipped_dir(), user_dir):
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                themes.append(theme_from_toml(path))
            except (ValueError, TypeError) as exc:
                failures.append(f"{visible(path.name)}: {visible(str(exc))}")
    return Loaded(themes, failures)
