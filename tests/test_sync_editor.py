"""The editor's Stripe screen (`S`) at the boundary: hostile answers, the two lists apart, keys in view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from portal_tui.store.paths import Layout
from portal_tui.store.profiles import Store
from portal_tui.tui.app import PortalApp
from portal_tui.tui.screens.stripe import StripeScreen
from portal_tui.tui.widgets.dialog import Dialog
from portal_tui.tui.widgets.hint import Hint

from .stripe_standin import StandIn

CLIPBOARD = "\x1b]52;c;aGVsbG8=\x07"


def app_on(config_dir: Path, name: str) -> PortalApp:
    store = Store(Layout(config_dir))
    return PortalApp(store, store.target(name))


async def said_once_fetched(app: Any, pilot: Any) -> str:
    for _ in range(100):
        await pilot.pause(0.05)
        screen = app.screen
        if isinstance(screen, StripeScreen) and not screen.query_one("#busy").display:
            return str(screen.query_one("#said", Static).render())
    raise AssertionError("the plan never came")


async def opened_stripe(app: Any, pilot: Any) -> str:
    """The editor started, S pressed: what the Stripe screen says once its plan came."""
    await pilot.pause()
    await pilot.press("S")
    return await said_once_fetched(app, pilot)


async def test_a_malformed_answer_is_said_in_one_line_and_the_editor_keeps_running(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "demo").code == 0
    app = app_on(config_dir, "demo")
    for reply in ({"id": f"bpc_{CLIPBOARD}"}, {"metadata": ["a"]}, {"features": None}):

        def mutate(answer: dict[str, Any], reply: dict[str, Any] = reply) -> dict[str, Any]:
            return {**answer, **reply}

        stripe_api.inject(method="GET", mutate=mutate)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            said = await opened_stripe(app, pilot)
            assert "malformed answer" in said and "\x1b" not in said and "\x07" not in said, said
            await pilot.press("escape")
        assert app.is_running
    assert not stripe_api.posts()


async def test_the_changes_to_push_and_stripes_own_changes_are_headed_apart_and_the_keys_stay_in_view_at_60x20(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "demo").code == 0
    changes = ["customer.phone=false", "customer.name=false", "business.headline=Hello", "advanced.login_page=true",
               "cancellations.reason=false", "customer.payment_methods=false", "advanced.configuration_name=Big",
               "cancellations.mode=immediately", "customer.tax_id=true"]  # fmt: skip
    assert cli("set", "demo", *changes).code == 0
    default["features"]["invoice_history"]["enabled"] = False  # edited in the Dashboard
    app = app_on(config_dir, "demo")
    async with app.run_test(size=(60, 20)) as pilot:
        said = await opened_stripe(app, pilot)
        assert said.startswith("8 changes to push to bpc_test0 (test).") and "L takes Stripe's, P overwrites" in said
        headings = [str(w.render()) for w in app.screen.query("#plan .heading")]
        assert headings == ["To push (Stripe -> profile):", "Changed in Stripe since the last sync (then -> now):"]
        dialog, hint = app.screen.query_one(Dialog), app.screen.query_one(Hint)
        assert hint.region.height >= 1 and dialog.region.contains_region(hint.region)
        assert "P: push" in str(hint.render()) and "escape: close" in str(hint.render())


async def test_the_editor_takes_its_key_from_api_key_file(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    from .stripe_standin import TEST_KEY

    assert cli("pull", "demo").code == 0
    monkeypatch.delenv("STRIPE_API_KEY")
    key = tmp_path / "key"
    key.write_text(TEST_KEY + "\n")
    key.chmod(0o600)
    store = Store(Layout(config_dir))
    app = PortalApp(store, store.target("demo"), key_file=str(key))
    async with app.run_test(size=(80, 24)) as pilot:
        assert (await opened_stripe(app, pilot)).startswith("In sync: bpc_test0 (test)")
    key.chmod(0o644)
    app = PortalApp(store, store.target("demo"), key_file=str(key))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "chmod 600" in await opened_stripe(app, pilot)


def test_edit_takes_api_key_file_on_the_command_line() -> None:
    from portal_tui.cli.parser import _parser

    args = _parser().parse_args(["edit", "demo", "--api-key-file", "/k"])
    assert args.api_key_file == "/k"


async def test_after_taking_stripes_values_and_saving_the_stripe_screen_says_in_sync_and_the_header_pushed(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "demo").code == 0
    default["features"]["invoice_history"]["enabled"] = False  # edited in the Dashboard
    app = app_on(config_dir, "demo")
    async with app.run_test(size=(80, 24)) as pilot:
        said = await opened_stripe(app, pilot)
        assert said.startswith("1 change to push"), said
        await pilot.press("L")  # Stripe's values into the editor, then save them
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SaveDialog"
        await pilot.press("y")
        said = await opened_stripe(app, pilot)
        assert said.startswith("In sync:"), said
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert " pushed " in str(app.screen.query_one("#header").render())
    assert cli("push", "demo", "--yes").out.startswith("in sync")
