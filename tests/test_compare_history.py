"""Compare (d) with the saved file, defaults, other profiles and versions; copy values over;
the history view (h) restores a version as an undoable edit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Select

from portal_tui.tui.app import PortalApp
from portal_tui.tui.screens.compare import CompareScreen
from portal_tui.tui.screens.history import HistoryScreen
from portal_tui.tui.widgets.hint import Hint

from .conftest import DATA
from .editor_helpers import make_app, notices, watch_notices

SIZE = (80, 24)


def listed(app) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_compare_with_another_profile_and_copy_values_over(config_dir: Path) -> None:
    app = make_app(config_dir, "minimal")
    (config_dir / "profiles" / "other.toml").write_bytes((DATA / "maximal.toml").read_bytes())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen) and listed(app) == []  # nothing pending
        select = app.screen.query_one(Select)
        select.value = next(i for i, (label, _) in enumerate(app.screen.choices) if label == "profile other")
        await pilot.pause()
        assert any(line.startswith("subscriptions.switch_plan (Switch plan): true -> false") for line in listed(app))
        app.screen.query_one(OptionList).focus()
        await pilot.press("c")  # the first difference: switch_plan
        await pilot.pause()
        assert app.session.values["subscriptions.switch_plan"] is True and app.session.dirty
        await pilot.press("C")
        await pilot.pause()
        assert listed(app) == []  # now equal to the other profile
        await pilot.press("escape", "ctrl+z", "ctrl+z")
        assert not app.session.dirty


async def test_compare_with_the_defaults(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        app.screen.query_one(Select).value = 1  # the defaults
        await pilot.pause()
        assert any(line.startswith("branding.font (Font): default -> inter") for line in listed(app))


async def test_the_history_view_lists_versions_and_restores_one_undoably(cli, config_dir: Path) -> None:
    app = make_app(config_dir, "minimal")
    cli("set", "demo", "customer.tax_id=true")
    cli("set", "demo", "branding.font=lato")
    app = PortalApp(app.store, app.target)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one("#versions")
        assert table.row_count == 2 and "customer.tax_id" in str(table.get_row_at(0)[3])
        await pilot.press("down", "enter")  # version 1: before both sets
        await pilot.pause()
        assert app.session.values["customer.tax_id"] is False and app.session.values["branding.font"] == "default"
        assert app.session.dirty
        await pilot.press("ctrl+z")
        assert not app.session.dirty


def test_a_compare_snapshot(snap_compare, config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    assert snap_compare(app, press=["3", "space", "j", "space", "d"], terminal_size=SIZE)


async def test_the_profiles_screen_compares_two_profiles_side_by_side(config_dir: Path) -> None:
    app = make_app(config_dir, "minimal", name="a")
    (config_dir / "profiles" / "b.toml").write_bytes((DATA / "maximal.toml").read_bytes())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("v", "down", "v")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen) and not app.screen.editable
        assert "profile a -> profile b" in str(app.screen.query_one("#summary").render())
        await pilot.press("C")  # copying is for the editor's own profile only
        assert not app.session.dirty


def test_a_history_snapshot(snap_compare, cli, config_dir: Path) -> None:
    import os

    app = make_app(config_dir, "minimal")
    cli("set", "demo", "customer.tax_id=true")
    history = config_dir / "history" / "demo"
    for meta in history.glob("*.json"):  # fixed time and user, so the snapshot is stable
        meta.write_text('{"time": "2026-11-20T09:30:00Z", "user": "ana@desk", "changed": ["customer.tax_id"]}\n')
    assert os.path.exists(history)
    assert snap_compare(PortalApp(app.store, app.target), press=["h"], terminal_size=SIZE)


async def test_the_read_only_history_offers_no_restore_and_enter_says_why(cli, config_dir: Path) -> None:
    app = make_app(config_dir, "minimal")
    cli("set", "demo", "customer.tax_id=true")
    app = watch_notices(PortalApp(app.store, app.target, read_only="opened with --read-only"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        hint = str(app.screen.query_one(Hint).render())
        assert "restore" not in hint and "c: compare" in hint
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and not app.session.dirty
        said = "Read-only (opened with --read-only): a version can be compared, not restored."
        assert said in notices(app) and said in str(app.screen.query_one(".note").render())


async def test_enter_in_compare_opens_the_picker_and_the_choice_comes_back_to_the_differences(
    config_dir: Path,
) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert listed(app) == [] and "enter: compare with" in str(app.screen.query_one(Hint).render())
        await pilot.press("enter")
        await pilot.pause()
        select = app.screen.query_one(Select)
        assert select.expanded
        await pilot.press("down", "enter")  # the defaults
        await pilot.pause()
        assert select.value == 1 and not select.expanded
        assert any(line.startswith("branding.font (Font): default -> inter") for line in listed(app))
        assert isinstance(app.focused, OptionList)
        await pilot.press("c")  # copies the first difference over, as from the list
        await pilot.pause()
        assert app.session.dirty
