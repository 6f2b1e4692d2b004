"""A name with no file yet opens as a new profile: saving it says it creates the file, and
leaving it unsaved says what would be lost."""

from __future__ import annotations

import tomllib
from pathlib import Path

from portal_tui.store.paths import Layout
from portal_tui.store.profiles import Store
from portal_tui.tui.app import PortalApp
from portal_tui.tui.dialogs.choice import QuitDialog, SaveDialog

from .editor_helpers import notices, watch_notices

SIZE = (80, 24)


def new_app(config_dir: Path) -> PortalApp:
    store = Store(Layout(config_dir))
    return watch_notices(PortalApp(store, store.target("fresh")))


def title(app: PortalApp) -> str:
    return str(app.screen.query_one(".title").render())


async def test_saving_a_new_profile_untouched_asks_to_create_it_with_the_defaults(config_dir: Path) -> None:
    app = new_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        assert title(app) == "Create fresh.toml with every setting at its default?"
        await pilot.press("y")
        await pilot.pause()
        assert "Created fresh.toml (every setting at its default)." in notices(app)
    assert tomllib.loads(app.target.path.read_text())["schema_version"] == 1


async def test_saving_a_new_profile_with_edits_counts_them_from_the_defaults(config_dir: Path) -> None:
    app = new_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space", "ctrl+s")
        await pilot.pause()
        assert title(app) == "Create fresh.toml with 1 change from the defaults?"
        await pilot.press("n", "q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        assert title(app) == "1 unsaved change from the defaults. Create fresh.toml before you quit?"
        await pilot.press("s")
        await pilot.pause()
        assert "Created fresh.toml (1 change from the defaults)." in notices(app)
        assert not app.is_running
    assert tomllib.loads(app.target.path.read_text())["customer"]["billing_information"] is False
