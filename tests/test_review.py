"""Review mode: read-only, only the differing rows, n/N in Dashboard order, a summary and exit code."""

from __future__ import annotations

import tomllib
from pathlib import Path

from portal_tui.tui.app import PortalApp
from portal_tui.tui.screens.review import Review, ReviewScreen

from .conftest import DATA
from .editor_helpers import focused_key, make_app

SIZE = (80, 24)


def review_app(config_dir: Path) -> PortalApp:
    base = make_app(config_dir, "minimal")
    other = tomllib.loads((DATA / "minimal.toml").read_text())
    base.target.path.write_text(
        (DATA / "minimal.toml").read_text() + '[customer]\ntax_id = true\n[branding]\nfont = "inter"\n'
        '[subscriptions]\nproration = "always_invoice"\n'
    )
    keys = ["subscriptions.proration", "customer.tax_id", "branding.font"]
    return PortalApp(
        base.store, base.target, read_only="reviewing against minimal", review=Review("minimal", other, keys)
    )


async def test_only_differing_rows_show_and_n_walks_them_in_dashboard_order(config_dir: Path) -> None:
    app = review_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "3 differences" in str(app.screen.query_one("#header").render())
        visible_rows = [r.key for r in app.editor.rows if r.display]
        assert visible_rows == ["subscriptions.proration"]  # only the first tab is built yet
        assert focused_key(app) == "subscriptions.proration"
        help_text = str(app.screen.query_one("#help").render())
        assert "minimal: none" in help_text and "demo: always_invoice" in help_text
        assert "Stripe receives it" in help_text
        await pilot.press("n")
        await pilot.pause()
        assert focused_key(app) == "customer.tax_id"
        await pilot.press("n")
        await pilot.pause()
        assert focused_key(app) == "branding.font"
        assert "Dashboard-only" in str(app.screen.query_one("#help").render())
        await pilot.press("N", "N")
        await pilot.pause()
        assert focused_key(app) == "subscriptions.proration"


async def test_review_s_own_keys_are_palette_commands_too(config_dir: Path) -> None:
    app = review_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert helps["Next difference"] == "Go to the next difference (n)"
        assert helps["Previous difference"] == "Go to the previous difference (N)"


async def test_no_key_changes_the_file_in_review(config_dir: Path) -> None:
    app = review_app(config_dir)
    before = app.target.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "r", "enter", "x", "escape", "ctrl+s", "ctrl+z", "q")
        await pilot.pause()
    assert app.target.path.read_bytes() == before


def test_review_prints_the_summary_and_exits_1_when_anything_differs(cli, install, monkeypatch) -> None:
    monkeypatch.setattr(PortalApp, "run", lambda self: 0)
    install("minimal", "demo")
    assert cli("review", "demo").code == 2  # no history yet: nothing to review against
    cli("set", "demo", "customer.tax_id=true")
    result = cli("review", "demo")
    assert result.code == 1
    assert result.out.splitlines() == [
        "1 difference between demo@1 and demo",
        "customer.tax_id (Tax ID): false -> true",
    ]
    install("minimal", "same")
    assert cli("review", "demo", "--against", "demo").code == 0


def test_a_review_snapshot(snap_compare, config_dir: Path) -> None:
    assert snap_compare(review_app(config_dir), press=["n"], terminal_size=SIZE)
