"""App preferences in ``<config>/settings.toml``: theme, default profile, save confirmation, keymap."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from ..model.visible import visible
from .paths import NAME_RULE, Layout, StoreError


@dataclass
class Preferences:
    """What settings.toml says, with the defaults for anything it does not (or gets wrong)."""

    theme: str | None = None
    default_profile: str = "default"
    confirm_save: bool = True
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. ``{"save" = "ctrl+w"}``."""
    problems: list[str] = field(default_factory=list)


def load_preferences(layout: Layout) -> Preferences:
    """Read settings.toml; a missing file is all defaults, a bad value is reported and skipped."""
    prefs = Preferences()
    path = layout.settings
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return prefs
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        prefs.problems.append(f"{visible(str(path))}: -: warning: ignored: {visible(str(exc))}")
        return prefs

    def bad(key: str, why: str) -> None:
        prefs.problems.append(f"{visible(str(path))}: {key}: warning: {why}; using the default")

    theme = data.get("theme")
    if isinstance(theme, str) and theme:
        prefs.theme = theme
    elif theme is not None:
        bad("theme", "expected a theme name")
    name = data.get("default_profile", prefs.default_profile)
    if isinstance(name, str) and NAME_RULE.match(name):
        prefs.default_profile = name
    else:
        bad("default_profile", "expected a profile name")
    confirm = data.get("confirm_save", True)
    if isinstance(confirm, bool):
        prefs.confirm_save = confirm
    else:
        bad("confirm_save", "expected true or false")
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict) and all(isinstance(v, str) for v in keymap.values()):
        prefs.keymap = dict(keymap)
    else:
        bad("keymap", 'expected a table of binding id = "keys"')
    return prefs


def save_preference(layout: Layout, key: str, value: object) -> None:
    """Set one top-level key of settings.toml in place (comments kept), creating the file."""
    from .write import atomic_write, render

    path = layout.settings
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        text, data = "# portal-tui preferences (see the README)\n", {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(
            f"{visible(str(path))}: -: error: not changed, it cannot be read: "
            f"{visible(str(getattr(exc, 'strerror', None) or exc))}"
        ) from None
    if data.get(key) == value:
        return
    atomic_write(path, render(text, {**data, key: value}))
