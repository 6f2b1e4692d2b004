"""Helpers for driving the editor in tests."""

from __future__ import annotations

import shutil
import weakref
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from portal_tui.store.paths import Layout
from portal_tui.store.preferences import Preferences
from portal_tui.store.profiles import Store
from portal_tui.tui.app import PortalApp
from portal_tui.tui.widgets.rows import SettingRow

DATA = Path(__file__).parent / "data"
_NOTICES: weakref.WeakKeyDictionary[PortalApp, list[str]] = weakref.WeakKeyDictionary()


def watch_notices(app: PortalApp) -> PortalApp:
    """Record every notification the app shows (Textual keeps its list private)."""
    said = _NOTICES.setdefault(app, [])
    notify = app.notify

    def recording(message: Any, *args: Any, **kwargs: Any) -> None:
        said.append(str(message))
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return app


def notices(app: PortalApp) -> list[str]:
    """What the app has notified so far (the app must come from make_app or watch_notices)."""
    return _NOTICES[app]


def make_app(
    config_dir: Path,
    example: str | None = "minimal",
    name: str = "demo",
    *,
    read_only: str | None = None,
    prefs: Preferences | None = None,
) -> PortalApp:
    """An app on a profile copied from tests/data (or a new one from the defaults)."""
    store = Store(Layout(config_dir))
    target = store.target(name)
    if example is None:
        store.create(name)
    else:
        target.path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DATA / f"{example}.toml", target.path)
    return watch_notices(PortalApp(store, target, prefs=prefs, read_only=read_only))


async def pick(pilot: Pilot[int], opener: str, typed: str) -> None:
    """Open a finder (``slash``, ``ctrl+p``), type into it, and take its first match (the
    palette searches in the background: half a second, as test_crash gives it)."""
    await pilot.press(opener, *typed)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause(0.2)


async def open_row(app: PortalApp, pilot: Pilot[int], key: str) -> None:
    """Go to a setting and press enter on it (a picker, a list's dialog, its text field)."""
    await app.editor.jump_to(key)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


def row(app: PortalApp, key: str) -> SettingRow:
    return app.screen.query_one(f"#row-{key.replace('.', '--')}", SettingRow)


def focused_key(app: PortalApp) -> str | None:
    row = app.editor.focused_row()
    return row.key if row else None


def drawn(app: PortalApp, key: str) -> list[str]:
    """The lines a row draws itself: markers, label and value, then its problem if any."""
    return row(app, key).render().plain.split("\n")


def marks(app: PortalApp, key: str) -> str:
    """The four state markers as the row shows them (a row starts " MARKS Label")."""
    return drawn(app, key)[0][1:5]


def problem(app: PortalApp, key: str) -> str:
    """The problem a row shows under itself ("" when none)."""
    return " ".join(line.strip() for line in drawn(app, key)[1:])
