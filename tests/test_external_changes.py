"""Changes made to the file on disk while it is open are noticed; nothing is silently overwritten."""

from __future__ import annotations

import tomllib
from pathlib import Path

from portal_tui.tui.dialogs.choice import ConflictDialog

from .editor_helpers import make_app

SIZE = (80, 24)


def edit_on_disk(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


async def test_a_change_on_disk_is_taken_in_on_focus_when_nothing_is_pending(config_dir: Path) -> None:
    app = make_app(config_dir, "hand-edited")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        edit_on_disk(app.target.path, "tax_id = true", "tax_id = false")
        app.on_app_focus()
        await pilot.pause()
        assert app.session.values["customer.tax_id"] is False and not app.session.dirty


async def test_saving_over_a_change_on_disk_shows_both_sides_and_keep_mine_merges(config_dir: Path) -> None:
    app = make_app(config_dir, "hand-edited")
    path = app.target.path
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.editor.jump_to("customer.tax_id")
        await pilot.pause()
        await pilot.press("space")  # mine: tax_id true -> false
        await app.editor.jump_to("business.headline")
        await pilot.pause()
        await pilot.press("enter", *"Mine", "escape")
        edit_on_disk(path, 'business_name = "Acme (test)"', 'business_name = "Theirs Inc"')
        edit_on_disk(path, "tax_id = true", "tax_id = true\nphone = false")
        edit_on_disk(path, "[business]\n", '[business]\nheadline = "Theirs"\n')
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "BOTH theirs: business.headline" in text and "Changed on both sides: business.headline" in text
        assert "theirs: business.business_name: Acme (test) -> Theirs Inc" in text
        assert "mine: customer.tax_id: true -> false" in text
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.session.dirty
    data = tomllib.loads(path.read_text())
    assert data["business"]["business_name"] == "Theirs Inc" and data["customer"]["phone"] is False  # theirs kept
    assert data["business"]["headline"] == "Mine" and data["customer"]["tax_id"] is False  # mine written


async def test_keep_theirs_reloads_and_keeps_my_other_edits_pending(config_dir: Path) -> None:
    app = make_app(config_dir, "hand-edited")
    path = app.target.path
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.editor.jump_to("customer.tax_id")
        await pilot.pause()
        await pilot.press("space")
        await app.editor.jump_to("business.business_name")
        await pilot.pause()
        await pilot.press("enter", "ctrl+u", *"Mine", "escape")
        edit_on_disk(path, 'business_name = "Acme (test)"', 'business_name = "Theirs Inc"')
        before = path.read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert app.session.values["business.business_name"] == "Theirs Inc"
        assert app.session.changed() == ["customer.tax_id"]
        assert path.read_bytes() == before
