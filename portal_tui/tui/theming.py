"""Themes: TOML files (shipped in themes/ and the user's <config>/themes/) as Textual Themes, and picking one."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

from textual.app import App
from textual.color import Color, ColorParseError
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.theme import Theme

from ..model.visible import visible
from ..store.paths import Layout, StoreError
from ..store.preferences import save_preference

DEFAULT_THEME = "portal-dark"

_FIELDS = {f.name for f in fields(Theme)}
_COLORS = {
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
}


_FLAGS = {"dark", "ansi"}
_NUMBERS = {"luminosity_spread", "text_alpha"}


def _kind(value: Any) -> str:
    """What a TOML value is, for a message about what it should have been."""
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (true or false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, list):
        return "a list"
    return "a table" if isinstance(value, dict) else f"{value!r}"


class ThemesFound(NamedTuple):
    """The themes read (shipped and the user's) and what was wrong with those skipped."""

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
    if "name" not in data or data["name"] == "":
        raise ValueError("needs a name")
    if not isinstance(data["name"], str):
        raise ValueError(f"name: expected text, not {_kind(data['name'])}")
    if "primary" not in data:
        raise ValueError("needs a primary color")
    for key in sorted(_COLORS & set(data)):
        if not isinstance(data[key], str):
            raise ValueError(f'{key}: expected a color as text, such as "#635bff", not {_kind(data[key])}')
        try:
            Color.parse(data[key])
        except ColorParseError:
            raise ValueError(f"{key}: not a color: {data[key]!r}") from None
    for key in sorted(_FLAGS & set(data)):
        if not isinstance(data[key], bool):
            raise ValueError(f"{key}: expected true or false, not {_kind(data[key])}")
    for key in sorted(_NUMBERS & set(data)):
        if isinstance(data[key], bool) or not isinstance(data[key], int | float):
            raise ValueError(f"{key}: expected a number, not {_kind(data[key])}")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ValueError("variables: expected a table of strings")
    return Theme(**data)


def shipped_dir() -> Path:
    return Path(str(files("portal_tui.themes")))


def load_themes(user_dir: Path) -> ThemesFound:
    """Shipped themes, then the user's (a user theme may replace a shipped one by name)."""
    themes, failures = [], []
    for folder in (shipped_dir(), user_dir):
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                themes.append(theme_from_toml(path))
            except (ValueError, TypeError) as exc:
                failures.append(f"{visible(path.name)}: {visible(str(exc))}")
    return ThemesFound(themes, failures)


def preset_theme(app: App[int], name: str) -> None:
    """Put a theme in place before anything is styled, as setting ``App.theme`` would.

    Setting ``App.theme`` before the first frame queues a CSS refresh that parses every
    stylesheet a second time as the app starts (~12 ms). Nothing is styled yet, so this puts
    the theme's variables and classes in place for the first parse, through public APIs.
    It repeats what Textual's theme watcher does besides the refresh; the test
    ``test_the_theme_from_settings_colours_the_first_frame_as_picking_it_later_would`` fails
    if Textual's watcher ever does more. A theme whose darkness differs from the current
    one still goes through the watcher: only it sets the terminal's ANSI colour mapping.
    """
    theme = app.get_theme(name)
    if theme is None or theme.dark != app.current_theme.dark:
        app.theme = name
        return
    app.set_reactive(App.theme, name)
    app.stylesheet.set_variables(app.get_css_variables())
    classes = {c: False for c in app.classes if c.startswith("-theme-")}
    classes.update({f"-theme-{name}": True, "-dark-mode": theme.dark, "-light-mode": not theme.dark})
    app.update_classes(classes, update=False)


class ThemePicker(Provider):
    """Every theme, previewed as it is highlighted (Theming applies and reverts it)."""

    def _names(self) -> list[str]:
        return sorted(self.app.available_themes)

    def _choose(self, name: str) -> None:
        self.app.theme = name

    async def discover(self) -> Hits:
        for name in self._names():
            yield DiscoveryHit(name, partial(self._choose, name), text=name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._names():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._choose, name), text=name)


class Theming:
    """The app's themes: the theme files registered and the preferred one in place before the
    first frame, the picker's live preview, and the choice remembered in settings.toml."""

    def __init__(self, app: App[int], layout: Layout, preferred: str | None, notices: list[str]) -> None:
        self.app = app
        self.layout = layout
        self.preferred = preferred
        self.notices = notices
        """Where a problem with the theme files is said (shown once the app runs)."""
        self._before: str | None = None

    def choose(self) -> None:
        """Register the theme files and put the preferred theme in place."""
        app = self.app
        loaded = load_themes(self.layout.themes)
        for theme in loaded.themes:
            app.register_theme(theme)
        if loaded.failures:
            self.notices.append("Themes skipped: " + "; ".join(loaded.failures))
        wanted = self.preferred or DEFAULT_THEME
        if wanted not in app.available_themes:
            self.notices.append(f"unknown theme {visible(wanted)!r} in settings.toml; using {DEFAULT_THEME}")
            wanted = DEFAULT_THEME
        preset_theme(app, wanted)

    def pick(self) -> None:
        """The palette of themes; moving through it previews each."""
        self._before = self.app.theme
        self.app.push_screen(CommandPalette(providers=[ThemePicker], placeholder="Theme (previewed as you move)…"))

    def highlighted(self, event: CommandPalette.OptionHighlighted) -> None:
        hit = getattr(event.highlighted_event.option, "hit", None)
        name = getattr(hit, "text", None)
        if self._before is not None and name in self.app.available_themes:
            self.app.theme = name

    def closed(self, event: CommandPalette.Closed) -> None:
        if self._before is None:
            return
        if not event.option_selected:
            self.app.theme = self._before
        elif self.app.theme != self._before:
            try:
                save_preference(self.layout, "theme", self.app.theme)
            except StoreError as exc:
                self.app.notify(f"Theme not remembered: {exc}", severity="warning")
        self._before = None
