"""SPEC 9 in the editor: the products dialog edits price IDs or lookup keys and picks them from the
account; `C` on the Stripe screen lists every configuration and links the profile to one."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from portal_tui.store.paths import Layout
from portal_tui.store.profiles import Store
from portal_tui.tui.app import PortalApp
from portal_tui.tui.dialogs.account import AccountDialog
from portal_tui.tui.dialogs.catalog import CatalogDialog
from portal_tui.tui.dialogs.choice import ConfirmDialog
from portal_tui.tui.dialogs.configurations import ConfigurationsDialog
from portal_tui.tui.dialogs.products import ProductsDialog
from portal_tui.tui.screens.stripe import StripeScreen
from portal_tui.tui.widgets.product import ListedBy, ProductBlock

from .editor_helpers import notices, open_row, pick, watch_notices
from .stripe_standin import StandIn
from .test_sync_editor import opened_stripe, said_once_fetched

SIZE = (80, 24)
ESC = "\x1b"
KEYED = '[[subscriptions.products]]\nlookup_keys = ["basic_monthly", "basic_yearly"]\n'


def hand_edited(config_dir: Path, toml: str, **kwargs: Any) -> PortalApp:
    store = Store(Layout(config_dir))
    target = store.target("demo")
    target.path.parent.mkdir(parents=True, exist_ok=True)
    target.path.write_text('[business]\nbusiness_name = "Acme"\n' + toml)
    return watch_notices(PortalApp(store, target, **kwargs))


@asynccontextmanager
async def products_dialog(app: PortalApp) -> AsyncIterator[tuple[Pilot[int], ProductsDialog]]:
    """The editor running, its products dialog open."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_row(app, pilot, "subscriptions.products")
        dialog = app.screen
        assert isinstance(dialog, ProductsDialog)
        yield pilot, dialog


def products(app: PortalApp) -> list[Any]:
    return app.session.values["subscriptions.products"]


def problems(dialog: ProductsDialog) -> list[str]:
    return [str(p.render()) for p in dialog.query(".product .problem")]


async def listed(app: PortalApp, pilot: Any) -> AccountDialog[Any, Any]:
    """The account's list once it came (or its one line of failure)."""
    for _ in range(100):
        await pilot.pause(0.05)
        screen = app.screen
        if isinstance(screen, AccountDialog) and not screen.query_one("#busy").display:
            return screen
    raise AssertionError("the account's list never came")


async def picker(app: PortalApp, pilot: Any) -> AccountDialog[Any, Any]:
    """ctrl+f in the products dialog: the account's products, once they came."""
    await pilot.press("ctrl+f")
    return await listed(app, pilot)


async def back(app: PortalApp, pilot: Any) -> None:
    """Escape: back in the products dialog."""
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, ProductsDialog)


def said(dialog: AccountDialog[Any, Any]) -> str:
    return str(dialog.query_one("#said", Static).render())


def lines(dialog: AccountDialog[Any, Any]) -> list[str]:
    found = dialog.query_one(OptionList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


@pytest.fixture
def catalog(stripe_api: StandIn) -> StandIn:
    stripe_api.add_product("prod_pro", name="Pro plan")
    stripe_api.add_price("price_pro_month", "prod_pro", lookup_key="pro_monthly", amount=2500)
    stripe_api.add_price("price_pro_year", "prod_pro", lookup_key="pro_yearly", amount=25000, interval="year")
    stripe_api.add_price("price_pro_week", "prod_pro", amount=700, interval="week")  # no lookup key
    return stripe_api


# --- editing either list --------------------------------------------------------------------------


async def test_a_keyed_product_opens_on_its_lookup_keys_and_an_edit_keeps_it_keyed(config_dir: Path) -> None:
    app = hand_edited(config_dir, KEYED)
    async with products_dialog(app) as (pilot, dialog):
        assert str(dialog.query_one(ListedBy).render()) == "< Lookup keys >"
        keys = dialog.query_one(".lookup-keys", Input)
        assert keys.display and not dialog.query_one(".prices", Input).display
        assert keys.value == "basic_monthly, basic_yearly" and problems(dialog) == [""]
        await pilot.press("tab", "tab", "end", *", basic_monthly")
        await pilot.pause()
        assert "lookup_keys[2]: lookup key basic_monthly is listed twice" in problems(dialog)[0]
        await pilot.press(*["backspace"] * 7, *"weekly")
        await pilot.press("escape")
        await pilot.pause()
    assert products(app) == [{"lookup_keys": ["basic_monthly", "basic_yearly", "basic_weekly"]}]


async def test_switching_a_product_between_price_ids_and_lookup_keys_keeps_one_list_and_says_what_is_missing(
    config_dir: Path,
) -> None:
    app = hand_edited(config_dir, '[[subscriptions.products]]\nproduct = "prod_1"\nprices = ["price_a"]\n')
    async with products_dialog(app) as (pilot, dialog):
        await pilot.press("tab", "space")  # the switch, after the product's ID
        await pilot.pause()
        assert str(dialog.query_one(ListedBy).render()) == "< Lookup keys >"
        assert "a product needs at least one price (or lookup key)" in problems(dialog)[0]
        await pilot.press("tab", *"basic_monthly, basic yearly ")  # a key may hold a space inside
        await pilot.pause()
        assert problems(dialog) == [""]
        await pilot.press("shift+tab", "space")  # there and back: both texts kept
        await pilot.pause()
        assert dialog.query_one(".prices", Input).display and problems(dialog) == [""]
        assert dialog.query_one(".prices", Input).value == "price_a"
        await pilot.press("space")
        await pilot.pause()
        assert dialog.query_one(".lookup-keys", Input).value == "basic_monthly, basic yearly "
        await pilot.press("escape")
        await pilot.pause()
        assert products(app) == [{"product": "prod_1", "lookup_keys": ["basic_monthly", "basic yearly"]}]
        await pilot.press("ctrl+z")  # one edit, undone as one
        await pilot.pause()
    assert products(app) == [{"product": "prod_1", "prices": ["price_a"]}]


async def test_a_table_with_both_lists_shows_the_models_error_until_one_is_chosen(config_dir: Path) -> None:
    both = '[[subscriptions.products]]\nproduct = "prod_1"\nprices = ["price_a"]\nlookup_keys = ["k"]\n'
    app = hand_edited(config_dir, both)
    async with products_dialog(app) as (pilot, dialog):
        assert "a product lists prices or lookup_keys, not both" in problems(dialog)[0]
        await pilot.press("escape")  # untouched: the file's table stays as it is
        await pilot.pause()
        assert not app.session.dirty
        await open_row(app, pilot, "subscriptions.products")
        await pilot.press("tab", "space")
        await pilot.pause()
        assert problems(app.screen) == [""]  # type: ignore[arg-type]
        await pilot.press("escape")
        await pilot.pause()
    assert products(app) == [{"product": "prod_1", "lookup_keys": ["k"]}]


async def test_an_edit_of_lookup_keys_keeps_the_hidden_characters_of_the_others(config_dir: Path) -> None:
    app = hand_edited(config_dir, '[[subscriptions.products]]\nlookup_keys = ["a\\u001bb", "c"]\n')
    async with products_dialog(app) as (pilot, dialog):
        assert dialog.query_one(".lookup-keys", Input).value == "a\\u001bb, c"
        assert problems(dialog)[0].startswith("lookup_keys[0]: control, escape or bidi characters are not allowed")
        await pilot.press("tab", "tab", "home", "ctrl+l", "end", *", d", "escape")
        await pilot.pause()
    assert products(app) == [{"lookup_keys": ["c", "a" + ESC + "b", "d"]}]


def test_the_read_only_view_shows_lookup_keys_as_written() -> None:
    from portal_tui.model.catalog import SETTINGS
    from portal_tui.tui.dialogs.view import entry_lines

    info = SETTINGS["subscriptions.products"]
    assert entry_lines(info, [{"lookup_keys": ["basic_monthly"]}]) == [
        "(product by lookup key)",
        "  lookup keys: basic_monthly",
    ]
    assert entry_lines(info, [{"product": "prod_1", "prices": ["price_a"]}]) == ["prod_1", "  prices: price_a"]


# --- picking from the account -----------------------------------------------------------------------


async def test_picking_prices_from_the_account_fills_the_product_and_its_prices_by_id_or_lookup_key(
    config_dir: Path, catalog: StandIn
) -> None:
    app = hand_edited(config_dir, "")
    async with products_dialog(app) as (pilot, dialog):
        shown = await picker(app, pilot)
        assert isinstance(shown, CatalogDialog)
        assert said(shown) == "2 active products in test mode, with their active recurring prices."
        assert "prod_pro  Pro plan" in lines(shown)
        assert "  price_pro_year  250.00 usd / year  pro_yearly" in lines(shown)
        assert "  price_pro_week  7.00 usd / week  (no lookup key)" in lines(shown)
        await pilot.press(*"pro year", "enter")  # the first price shown is highlighted
        await pilot.pause()
        assert app.screen is dialog
        requests = len(catalog.seen)
        shown = await picker(app, pilot)  # read once: the second pick asks Stripe nothing
        assert "  price_pro_year  250.00 usd / year  pro_yearly  (listed)" in lines(shown)
        await pilot.press(*"price_pro_month", "enter")
        await pilot.pause()
        assert len(catalog.seen) == requests
        await pilot.press("ctrl+n", "tab", "space")  # a product of lookup keys
        found = (await picker(app, pilot)).query_one(OptionList)
        assert found.get_option("1.2").disabled and found.get_option("0.0").disabled  # no lookup key
        assert not found.get_option("1.0").disabled
        await pilot.press(*"basic", "enter")  # only the product is offered: its ID alone
        await pilot.pause()
        await picker(app, pilot)
        await pilot.press(*"pro month", "enter")  # of another product: a table of its own, by lookup key too
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert products(app) == [
        {"product": "prod_pro", "prices": ["price_pro_year", "price_pro_month"]},
        {"product": "prod_basic", "lookup_keys": []},
        {"lookup_keys": ["pro_monthly"]},
    ]


async def test_without_a_key_the_picker_says_how_to_set_one_and_typing_still_works(config_dir: Path) -> None:
    app = hand_edited(config_dir, "")
    async with products_dialog(app) as (pilot, _):
        dialog = await picker(app, pilot)
        assert said(dialog).startswith("no Stripe API key: set STRIPE_API_KEY")
        assert "problem" in dialog.query_one("#said").classes
        assert "can be typed there" in str(dialog.query_one("#instead", Static).render())
        assert not dialog.query_one("#found").display and dialog.query_one("#instead").display
        await back(app, pilot)
        await pilot.press("ctrl+n", *"prod_1", "tab", "tab", *"price_a", "escape")
        await pilot.pause()
    assert products(app) == [{"product": "prod_1", "prices": ["price_a"]}]


async def test_escape_while_the_account_is_read_goes_back_at_once_and_a_failed_read_is_one_line(
    config_dir: Path, stripe_api: StandIn
) -> None:
    stripe_api.inject(slow=1.5)
    app = hand_edited(config_dir, "")
    async with products_dialog(app) as (pilot, _):
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, CatalogDialog) and app.screen.query_one("#busy").display
        await back(app, pilot)
        await pilot.pause(1.6)  # what came late is dropped
        assert isinstance(app.screen, ProductsDialog) and app.is_running
        stripe_api.inject(status=401, path="/v1/products")  # the late read asks for prices next: not it
        dialog = await picker(app, pilot)
        text = said(dialog)
        assert text.startswith("Stripe: Stripe refused the key sk_test_…1234") and "\n" not in text, text
        assert lines(dialog) == []
        await back(app, pilot)


# --- C: every configuration, and a new link ---------------------------------------------------------------


async def open_configurations(app: PortalApp, pilot: Any) -> ConfigurationsDialog:
    await opened_stripe(app, pilot)
    await pilot.press("C")
    dialog = await listed(app, pilot)
    assert isinstance(dialog, ConfigurationsDialog)
    return dialog


async def test_c_lists_every_configuration_and_links_the_profile_to_the_one_picked_and_plans_against_it(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "demo").code == 0
    assert cli("pull", "shop", "--configuration", default["id"]).code == 0
    other = stripe_api.add_configuration("test", is_default=False, name="tenant")
    for i in range(3):
        stripe_api.add_configuration("test", active=i == 0, is_default=False, name=f"old {i}")
    store = Store(Layout(config_dir))
    app = watch_notices(PortalApp(store, store.target("demo")))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_configurations(app, pilot)
        assert said(dialog).startswith("5 configurations in test mode, 2 inactive")
        shown = lines(dialog)
        assert f"{default['id']}  (no name)  <- linked now\n  default, active" in shown[0]
        assert shown[0].endswith("profile: demo")
        assert any(line.startswith(f"{other['id']}  tenant\n  active, updated ") for line in shown)
        assert sum("inactive" in line for line in shown) == 2
        await pilot.press(*"tenant", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert f"demo is linked to {default['id']} (test). Link it to {other['id']} instead?" in question
        await pilot.press("y")
        text = await said_once_fetched(app, pilot)
        assert text.startswith(f"1 change to push to {other['id']} (test).")
        plan = [str(s.render()) for s in app.screen.query("#plan Static")]
        assert any(line.startswith("name (Configuration name): tenant -> ") for line in plan), plan
        assert any("is linked to " + other["id"] in n for n in notices(app))
    state = json.loads((config_dir / "sync" / "demo.json").read_text())
    assert state["configuration"] == other["id"]
    assert not stripe_api.posts()


async def test_a_read_only_editor_lists_the_configurations_but_links_none(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "demo").code == 0
    stripe_api.add_configuration("test", is_default=False, name="tenant")
    store = Store(Layout(config_dir))
    app = watch_notices(PortalApp(store, store.target("demo"), read_only="opened for review"))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_configurations(app, pilot)
        before = (config_dir / "sync" / "demo.json").read_bytes()  # as the plan left it
        assert "Read-only (opened for review): listed, not linked." in said(dialog)
        await pilot.press(*"tenant", "enter")
        await pilot.pause()
        assert app.screen is dialog
        assert any("nothing is linked" in n for n in notices(app))
    assert (config_dir / "sync" / "demo.json").read_bytes() == before


async def test_a_link_refused_by_stripe_is_said_in_one_line_and_the_link_stays(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "demo").code == 0
    other = stripe_api.add_configuration("test", is_default=False, name="tenant")
    store = Store(Layout(config_dir))
    app = PortalApp(store, store.target("demo"))
    async with app.run_test(size=SIZE) as pilot:
        await open_configurations(app, pilot)
        before = (config_dir / "sync" / "demo.json").read_bytes()  # as the plan left it
        stripe_api.inject(status=404, path=other["id"])
        await pilot.press(*"tenant", "enter", "y")
        text = await said_once_fetched(app, pilot)
        assert text.startswith("Not linked: ") and "\n" not in text, text
        assert isinstance(app.screen, StripeScreen)
    assert (config_dir / "sync" / "demo.json").read_bytes() == before


def test_the_products_dialog_with_a_keyed_product_at_80x24(snap_compare, config_dir: Path) -> None:
    keyed_and_ids = KEYED + '\n[[subscriptions.products]]\nproduct = "prod_pro"\nprices = ["price_pro_month"]\n'
    app = hand_edited(config_dir, keyed_and_ids)

    async def opened(pilot: Any) -> None:
        await pilot.pause()
        await open_row(app, pilot, "subscriptions.products")

    assert snap_compare(app, run_before=opened, terminal_size=SIZE)


def test_every_product_block_reads_its_list_through_the_fields_texts() -> None:
    """ProductBlock's list goes through FieldText like its other fields (tests/test_hidden_text.py)."""
    block = ProductBlock({"lookup_keys": ["x"]})
    assert set(block.texts) == {"product-id", "prices", "lookup-keys", "minimum", "maximum"}


async def test_the_stripe_screens_keys_are_palette_commands_while_it_is_open(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "demo").code == 0
    store = Store(Layout(config_dir))
    app = PortalApp(store, store.target("demo"))
    async with app.run_test(size=SIZE) as pilot:
        await opened_stripe(app, pilot)
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert helps["Configurations"].endswith("(the next plan compares with it) (C)")
        assert helps["Push"].endswith("(P)") and "Save" in helps  # the editor's too
        await pick(pilot, "ctrl+p", "Configurations")
        assert isinstance(await listed(app, pilot), ConfigurationsDialog)
