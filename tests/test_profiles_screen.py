"""The profiles screen: list, open, new, duplicate, rename, delete; unsaved changes ask first."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import DataTable

from portal_tui.tui.dialogs.choice import ConfirmDialog, QuitDialog
from portal_tui.tui.dialogs.name import NameDialog
from portal_tui.tui.screens.profiles import ProfilesScreen

from .editor_helpers import DATA, focused_key, make_app

SIZE = (80, 24)


def rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_p_lists_every_profile_with_mode_validity_and_last_change(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal", name="live-one")
    (config_dir / "profiles" / "broken.toml").write_text("[x\n")
    app.store.create("fresh")
    for path in (config_dir / "profiles").glob("*.toml"):
        os.utime(path, (1_790_000_000, 1_790_000_000))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        assert rows(app) == [
            ["", "broken", "-", "invalid", "2026-09-21 14:13:20"],
            ["", "fresh", "test", "invalid", "2026-09-21 14:13:20"],
            ["»", "live-one", "live", "valid", "2026-09-21 14:13:20"],
        ]


async def test_new_duplicate_rename_and_delete_from_the_profiles_screen(config_dir: Path) -> None:
    app = make_app(config_dir, "minimal", name="demo")
    profiles = config_dir / "profiles"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p", "n")
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        await pilot.press(*"Bad", "enter")  # refused: upper case
        assert isinstance(app.screen, NameDialog)
        await pilot.press("ctrl+u", *"alpha", "enter")
        await pilot.pause()
        assert (profiles / "alpha.toml").exists()
        await pilot.press("c", *"beta", "enter")  # a copy of the highlighted one (alpha)
        await pilot.pause()
        assert (profiles / "beta.toml").read_bytes() == (profiles / "alpha.toml").read_bytes()
        await pilot.press("r", "ctrl+u", *"gamma", "enter")  # beta was highlighted after creating it
        await pilot.pause()
        assert (profiles / "gamma.toml").exists() and not (profiles / "beta.toml").exists()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert not (profiles / "gamma.toml").exists()
        assert list((config_dir / "history" / "gamma").glob("*.toml"))  # kept


async def test_opening_another_profile_with_unsaved_changes_asks_first(config_dir: Path) -> None:
    app = make_app(config_dir, "minimal", name="demo")
    other = config_dir / "profiles" / "other.toml"
    other.write_bytes((DATA / "maximal.toml").read_bytes())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space", "p")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen) and app.target.name == "demo"
        await pilot.press("enter", "d")
        await pilot.pause()
        assert app.target.name == "other" and not app.session.dirty
        assert "other" in str(app.screen.query_one("#header").render())
        assert focused_key(app) == "subscriptions.switch_plan"
        assert app.session.values["profile.mode"] == "live"
