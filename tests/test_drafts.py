"""Drafts: pending values kept beside the profile, offered back, never written over it by themselves."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from textual.widgets import Input

from portal_tui.store.drafts import draft_path
from portal_tui.tui.app import PortalApp
from portal_tui.tui.dialogs.choice import DraftDialog

from .editor_helpers import make_app, row

SIZE = (80, 24)


async def test_edits_reach_the_draft_within_half_a_second_invalid_ones_included(config_dir: Path) -> None:
    app = make_app(config_dir)
    draft = draft_path(app.target)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.editor.jump_to("business.headline")
        await pilot.pause()
        await pilot.press("enter")
        row(app, "business.headline").query_one(Input).value = "x" * 70  # invalid: too long
        await pilot.pause()
        assert not draft.exists()
        await pilot.pause(0.6)
        assert tomllib.loads(draft.read_text())["business"]["headline"] == "x" * 70
        assert "x" * 70 not in app.target.path.read_text()  # the profile is untouched
        await pilot.press("ctrl+z")
        await pilot.pause(0.6)
        assert not draft.exists()  # nothing pending, no draft


async def test_saving_removes_the_draft(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space")
        await pilot.pause(0.6)
        assert draft_path(app.target).exists()
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert not draft_path(app.target).exists()


async def test_a_draft_is_shown_on_open_and_restored_as_unsaved_edits(config_dir: Path) -> None:
    app = make_app(config_dir)
    before = app.target.path.read_bytes()
    draft_path(app.target).write_text(
        '[business]\nbusiness_name = "Acme"\nheadline = "From the draft"\n[customer]\ntax_id = true\n'
    )
    app = PortalApp(app.store, app.target)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DraftDialog)
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert 'business.headline (Headline): (default) "" -> From the draft' in shown
        assert "customer.tax_id (Tax ID)" in shown
        await pilot.press("r")
        await pilot.pause()
        assert app.session.values["business.headline"] == "From the draft" and app.session.dirty
        assert app.target.path.read_bytes() == before
        await pilot.press("ctrl+z")
        assert app.session.values["business.headline"] == ""


async def test_a_draft_can_be_discarded_or_kept_for_later(config_dir: Path) -> None:
    app = make_app(config_dir)
    draft = draft_path(app.target)
    draft.write_text('[customer]\ntax_id = true\n[business]\nbusiness_name = "Acme"\n')
    for key, exists in (("escape", True), ("d", False)):
        app = PortalApp(app.store, app.target)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert draft.exists() is exists and not app.session.dirty


async def test_a_hangup_writes_the_draft_at_once_releases_the_lock_and_ends(config_dir: Path, monkeypatch) -> None:
    from portal_tui.store.locks import Lock
    from portal_tui.tui import hangup

    ended: list[int] = []
    monkeypatch.setattr(hangup.os, "_exit", ended.append)
    app = make_app(config_dir)
    app.editing.lock, _ = Lock.acquire(app.store.layout, "demo")
    app.ending = hangup.Ending()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space")
        app.ending.end(1)  # as SIGHUP would, before the half-second timer
        assert tomllib.loads(draft_path(app.target).read_text())["customer"]["billing_information"] is False
        assert not app.store.layout.lock("demo").exists()
        assert ended == [129]


async def test_an_undo_then_quit_in_one_burst_after_the_draft_was_written_leaves_no_draft(config_dir: Path) -> None:
    app = make_app(config_dir)
    draft = draft_path(app.target)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space")
        await pilot.pause(1.5)  # the draft holds the edit by now
        assert draft.exists()
        await pilot.press("ctrl+z", "q")  # nothing pending: q quits at once, before the draft's timer
        await pilot.pause()
    assert not app.is_running
    assert not draft.exists()
    app = PortalApp(app.store, app.target)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, DraftDialog)  # nothing undone is offered back


async def test_opening_another_profile_leaves_each_draft_with_its_own_profile(config_dir: Path) -> None:
    """The timer of an edit made just before opening another profile must neither remove the
    other profile's draft (offered, then kept for later) nor leave this one's behind."""
    app = make_app(config_dir)
    other = app.store.target("other")
    shutil.copyfile(app.target.path, other.path)
    draft_path(other).write_text('[customer]\ntax_id = true\n[business]\nbusiness_name = "Acme"\n')
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space")
        await pilot.pause(0.6)
        await pilot.press("ctrl+z")  # the draft is due again in half a second
        app.open_profile("other")
        await pilot.pause()
        assert isinstance(app.screen, DraftDialog)
        await pilot.press("escape")  # decide later
        await pilot.pause(0.6)
        assert draft_path(other).exists()
        assert not draft_path(app.store.target("demo")).exists()


async def test_a_hangup_right_after_an_undo_leaves_no_draft_of_the_undone_edit(config_dir: Path, monkeypatch) -> None:
    from portal_tui.tui import hangup

    monkeypatch.setattr(hangup.os, "_exit", lambda code: None)
    app = make_app(config_dir)
    app.ending = hangup.Ending()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space")
        await pilot.pause(0.6)
        assert draft_path(app.target).exists()
        await pilot.press("ctrl+z")
        app.ending.end(1)  # as SIGHUP would, before the half-second timer
        assert not draft_path(app.target).exists()
