"""Themes from TOML files (shipped in themes/ and the user's <config>/themes/) as Textual Themes."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.app import App
from textual.color import Color, ColorParseError
from textual.theme import Theme

from ..model.visible import visible
from ..store.paths import StoreError
from ..store.preferences import save_preference

if TYPE_CHECKING:
    from textual.command import CommandPalette

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


class Theming:
    """Mixed into the app: theme files registered before the first frame, the picker's live
    preview, and the choice remembered in settings.toml. The app provides store, prefs and
    notices."""

    _theme_before: str | None = None

    def choose_theme(self) -> None:
        """Register the theme files and pick the preferred theme before anything is styled."""
        loaded = load_themes(self.store.layout.themes)
        for theme in loaded.themes:
            self.register_theme(theme)
        if loaded.failures:
            self.notices.append("Themes skipped: " + "; ".join(loaded.failures))
        wanted = self.prefs.theme or DEFAULT_THEME
        if wanted not in self.available_themes:
            self.notices.append(f"unknown theme {visible(wanted)!r} in settings.toml; using {DEFAULT_THEME}")
            wanted = DEFAULT_THEME
        theme = self.get_theme(wanted)
        if theme.dark != self.current_theme.dark:
            # The ANSI colour mapping differs between dark and light: only the watcher sets it.
            self.theme = wanted
            return
        # Setting App.theme here would queue a CSS refresh that parses every stylesheet a
        # second time as the app starts (~12 ms). Nothing is styled yet, so the theme's
        # variables and classes are simply put in place before the first parse.
        self.set_reactive(App.theme, wanted)
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(False, *[name for name in self.classes if name.startswith("-theme-")], update=False)
        self.set_class(True, f"-theme-{wanted}", update=False)

    def action_change_theme(self) -> None:
        from textual.command import CommandPalette

        from .screens.find import ThemePicker

        self._theme_before = self.theme
        self.push_screen(CommandPalette(providers=[ThemePicker], placeholder="Theme (previewed as you move)…"))

    def on_command_palette_option_highlighted(self, event: CommandPalette.OptionHighlighted) -> None:
        hit = getattr(event.highlighted_event.option, "hit", None)
        name = getattr(hit, "text", None)
        if self._theme_before is not None and name in self.available_themes:
            self.theme = name

    def on_command_palette_closed(self, event: CommandPalette.Closed) -> None:
        if self._theme_before is None:
            return
        if not event.option_selected:
            self.theme = self._theme_before
        elif self.theme != self._theme_before:
            try:
                save_preference(self.store.layout, "theme", self.theme)
            except StoreError as exc:
                self.notify(f"Theme not remembered: {exc}", severity="warning")
        self._theme_before = None
