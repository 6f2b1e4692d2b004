"""An editor whose lock another editor took over (``T``, ``edit --force``) is told who took it
and stops writing, keeping its pending edits pending until it takes the lock back."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from portal_tui.store.drafts import draft_path
from portal_tui.store.locks import Lock, read_holder
from portal_tui.store.paths import Layout
from portal_tui.store.preferences import Preferences
from portal_tui.tui.app import PortalApp

from .editor_helpers import make_app, notices
from .test_locks import foreign_lock

SIZE = (80, 24)


def locked_app(config_dir: Path) -> PortalApp:
    """An editor that holds its profile's lock, saving without the confirmation."""
    app = make_app(config_dir, prefs=Preferences(confirm_save=False))
    app.editing.lock, _ = Lock.acquire(app.store.layout, "demo")
    return app


def header(app: PortalApp) -> str:
    return str(app.screen.query_one("#header").render())


async def test_saving_after_the_lock_was_taken_over_refuses_names_the_taker_and_keeps_the_edits(
    config_dir: Path,
) -> None:
    app = locked_app(config_dir)
    before = app.target.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        foreign_lock(config_dir)  # what T in another editor writes
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.target.path.read_bytes() == before
        assert app.read_only and app.session.dirty and len(app.session.changed()) == 1
        said = notices(app)
        assert any("ana@desk (pid" in line and "took over the lock of demo" in line for line in said), said
        assert any("1 unsaved change is still here" in line and "T to take the lock back" in line for line in said)
        assert "READ-ONLY: taken over by ana@desk" in header(app)
        await pilot.press("ctrl+s")  # again: refused, saying why, nothing written
        await pilot.pause()
        assert notices(app)[-1].startswith("Read-only: taken over by ana@desk")
        await pilot.press("j", "space")  # further edits are refused too
        await pilot.pause()
        assert len(app.session.changed()) == 1 and app.target.path.read_bytes() == before
        assert read_holder(app.store.layout.lock("demo")).user == "ana@desk"  # its lock stays its own


async def test_an_idle_editor_is_told_within_seconds_that_its_lock_was_taken(config_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr("portal_tui.tui.safeguards.LOCK_CHECK", 0.05)
    app = locked_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.read_only
        foreign_lock(config_dir)
        await pilot.pause(0.3)
        assert app.read_only and "taken over by ana@desk" in app.read_only_reason
        assert sum("took over the lock" in line for line in notices(app)) == 1  # said once, not every look


async def test_taking_the_lock_back_lets_the_kept_edits_be_saved(config_dir: Path) -> None:
    app = locked_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space")
        foreign_lock(config_dir)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.read_only
        await pilot.press("T")
        await pilot.pause()
        assert not app.read_only and read_holder(app.store.layout.lock("demo")).pid == os.getpid()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.session.dirty
        assert tomllib.loads(app.target.path.read_text())["customer"]["billing_information"] is False
    app.safeguards.release_lock()


async def test_quitting_with_edits_held_back_by_a_taken_lock_asks_and_leaves_the_takers_draft(
    config_dir: Path,
) -> None:
    from portal_tui.tui.dialogs.choice import QuitDialog

    app = locked_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        foreign_lock(config_dir)
        draft_path(app.target).write_text("# the other editor's draft\n")
        app.safeguards.check_lock()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)  # not gone without a word
        assert app.safeguards.keep_draft() is None  # a hang-up now would not write over theirs
        app.safeguards.discard_draft()
        assert draft_path(app.target).read_text() == "# the other editor's draft\n"


async def test_a_hang_up_after_the_lock_was_taken_keeps_the_edits_where_no_draft_is(config_dir: Path) -> None:
    app = locked_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        foreign_lock(config_dir)
        assert not app.safeguards.check_lock()
        kept = app.safeguards.keep_draft()
        assert kept == str(draft_path(app.target))
        assert tomllib.loads(draft_path(app.target).read_text())["subscriptions"]["switch_plan"] is True


@pytest.mark.parametrize("gone", ["removed", "emptied"])
def test_a_lock_file_removed_or_emptied_under_its_editor_stays_that_editors(config_dir: Path, gone: str) -> None:
    lock, _ = Lock.acquire(Layout(config_dir), "demo")
    if gone == "removed":
        lock.path.unlink()
    else:
        lock.path.write_text("")
    assert lock.taken_by() is None
    if gone == "removed":
        assert read_holder(lock.path).pid == os.getpid()  # made again: a second editor sees it
    lock.release()
