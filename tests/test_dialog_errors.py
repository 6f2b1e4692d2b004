"""Dialogs that meet a broken file, a refusing disk or a repeated key: one line said, nothing lost,
the editor keeps running."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from portal_tui.store import drafts
from portal_tui.store.history import History
from portal_tui.store.paths import StoreError
from portal_tui.tui.dialogs.lines import MetadataDialog
from portal_tui.tui.dialogs.products import ProductsDialog
from portal_tui.tui.screens.history import HistoryScreen

from .editor_helpers import make_app, notices

SIZE = (80, 24)


async def test_a_metadata_key_typed_twice_is_refused_in_the_dialog(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.session.values["advanced.metadata"]
        assert "team" in before
        await app.editor.jump_to("advanced.metadata")
        await pilot.press("enter", "ctrl+n", *"team", "tab", *"other")
        await pilot.pause()
        assert "team: listed twice" in str(app.screen.query_one("#list-problem").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MetadataDialog)  # not closed: nothing replaced
        assert app.session.values["advanced.metadata"] == before
        await pilot.press("ctrl+r", "escape")  # the new line goes; now it closes, unchanged
        await pilot.pause()
        assert app.screen is app.editor and not app.session.dirty


async def test_removing_products_one_after_another_keeps_the_dialog_working(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.editor.jump_to("subscriptions.products")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProductsDialog) and len(screen.blocks()) == 2
        await pilot.press("ctrl+r", "x", "ctrl+r", "ctrl+r")
        await pilot.pause()
        assert screen.blocks() == [] and app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.values["subscriptions.products"] == []


async def test_a_history_version_of_broken_toml_is_said_in_one_line_not_a_crash(config_dir: Path) -> None:
    app = make_app(config_dir, "minimal")
    History(app.store.layout, "demo").keep(app.target.path, b"[business\nbusiness_name = 'by hand'\n")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("enter", "c")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HistoryScreen)
        assert any("Cannot use demo@1" in n and "not valid TOML" in n for n in notices(app))
        assert not app.session.dirty


@pytest.mark.parametrize("how", ["quit", "open another"])
async def test_a_draft_the_disk_will_not_remove_is_said_and_nothing_is_lost(
    config_dir: Path, monkeypatch, how: str
) -> None:
    def refuse(target) -> None:
        raise StoreError(f"cannot remove the draft {drafts.draft_path(target)}: Permission denied")

    app = make_app(config_dir, "minimal")
    app.store.create("other")
    monkeypatch.setattr("portal_tui.tui.safeguards.remove_draft", refuse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space")
        await pilot.pause(0.7)  # the draft is written
        if how == "quit":
            await pilot.press("q", "d")  # discard and quit
        else:
            app.open_profile("other")
            await pilot.pause()
            await pilot.press("d")
        await pilot.pause()
        if how == "open another":
            assert app.target.name == "other" and any("Draft not removed" in n for n in notices(app))
    if how == "quit":
        assert app.return_code == 0 and any("Permission denied" in line for line in app.safeguards.farewell)
    assert drafts.draft_path(app.store.target("demo")).exists()  # offered again next time


async def test_a_text_field_left_without_typing_keeps_a_value_of_the_wrong_type(config_dir: Path) -> None:
    app = make_app(config_dir, "minimal")
    app.target.path.write_text('[business]\nbusiness_name = 3\nheadline = "a\\u001bb"\n')
    from portal_tui.tui.app import PortalApp

    app = PortalApp(app.store, app.target)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("business.business_name", "business.headline"):
            await app.editor.jump_to(key)
            await pilot.press("enter")
            assert isinstance(app.focused, Input)
            await pilot.press("escape")
        await pilot.pause()
        assert not app.session.dirty
        assert app.session.values["business.business_name"] == 3
