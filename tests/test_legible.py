"""Everything a support agent needs reads as text at 80x24: names, facts, ticks, words (issue 15)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList, Select

from portal_tui.tui.app import PortalApp
from portal_tui.tui.dialogs.lists import ChoicesDialog
from portal_tui.tui.dialogs.products import ProductsDialog
from portal_tui.tui.dialogs.view import ValueDialog
from portal_tui.tui.screens.help import HelpScreen
from portal_tui.tui.screens.history import HistoryScreen
from portal_tui.tui.widgets.ticks import Tick, TickList

from .editor_helpers import drawn, make_app, open_row, row

SIZE = (80, 24)


def table_text(table: DataTable[object]) -> str:
    """The lines a table draws, as text."""
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def offered(app: PortalApp, key: str) -> list[str]:
    """The entries of a row's open picker (its Select's list), as text."""
    options = row(app, key).query_one(Select).query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def text_of(app: PortalApp) -> str:
    """Every Static of the active screen, as text."""
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static"))


async def test_the_profiles_screen_shows_whole_names_at_80_and_200_columns(config_dir: Path) -> None:
    for width in (80, 200):
        app = make_app(config_dir, "maximal", name="acme-live")
        if width == 80:
            app.store.create("acme-test")
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            shown = table_text(app.screen.query_one(DataTable))
            assert "acme-live" in shown and "acme-test" in shown, shown


async def test_the_help_area_shows_why_a_row_does_not_apply_its_default_and_stripe_parameter(config_dir: Path) -> None:
    """The facts come first: a long help text is cut (with "? shows all"), never the facts."""
    app = make_app(config_dir, "minimal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.editor.jump_to("subscriptions.pause.duration")
        await pilot.pause()
        lines = str(app.screen.query_one("#help").render()).split("\n")
        assert len(lines) <= 4 and all(len(line) <= 78 for line in lines)
        told = " ".join(lines)
        assert "Not applicable:" in told and "(g goes there)" in told and "Default" in told
        assert "Stripe: features.subscription_pause" in " ".join(told.split())
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        full = " ".join(text_of(app).split())
        assert "Not applicable:" in full and "Default" in full and "Stripe: features.subscription_pause" in full


async def test_choices_show_the_dashboards_words_and_the_help_the_file_value(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        value = app.session.values["subscriptions.proration"]
        word = row(app, "subscriptions.proration").info.word(value)
        assert word != value and word in drawn(app, "subscriptions.proration")[0]
        assert value not in drawn(app, "subscriptions.proration")[0]
        await app.editor.jump_to("subscriptions.proration")
        await pilot.pause()
        told = " ".join(str(app.screen.query_one("#help").render()).split())
        assert f"Value in the file: {value}" in told
        await pilot.press("enter")
        await pilot.pause()
        picker = offered(app, "subscriptions.proration")
        assert word in picker and not any("not a choice" in p for p in picker)


async def test_a_picker_offers_a_blank_entry_only_for_a_value_that_is_not_a_choice(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.editor.edit({"subscriptions.proration": "sometimes"})
        await app.editor.jump_to("subscriptions.proration")
        await pilot.pause()
        assert "sometimes (not a choice)" in drawn(app, "subscriptions.proration")[0]
        await pilot.press("enter")
        await pilot.pause()
        # the blank entry is the one way to keep the odd value
        assert offered(app, "subscriptions.proration")[0] == "sometimes (not a choice)"
        await pilot.press("escape", "escape")
        await open_row(app, pilot, "subscriptions.downgrades")
        assert not any("not a choice" in p for p in offered(app, "subscriptions.downgrades"))


async def test_ticks_read_as_x_or_blank_in_lists_and_the_products_dialog(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_row(app, pilot, "cancellations.reason_options")
        assert isinstance(app.screen, ChoicesDialog)
        ticks = app.screen.query_one(TickList)
        lines = [str(ticks.get_option_at_index(i).prompt) for i in range(ticks.option_count)]
        ticked = app.session.values["cancellations.reason_options"]
        for (_, value, _), line in zip(ticks.entries, lines, strict=True):
            assert line.startswith("[x] " if value in ticked else "[ ] ")
        assert any("Customer service was less than expected  customer_service" in line for line in lines)
        await pilot.press("escape")
        await open_row(app, pilot, "subscriptions.products")
        assert isinstance(app.screen, ProductsDialog)
        quantity = app.screen.query(Tick).first()
        assert str(quantity.render()) in ("[x] adjustable", "[ ] adjustable")
        labels = text_of(app)
        assert "min" in labels.split() and "max" in labels.split()


async def test_read_only_opens_lists_as_text_with_every_product_price_and_limit(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal", read_only="opened for review")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_row(app, pilot, "subscriptions.products")
        assert isinstance(app.screen, ValueDialog)
        told = text_of(app)
        products = app.session.values["subscriptions.products"]
        assert "read-only: opened for review" in told
        for product in products:
            assert product["product"] in told and all(price in told for price in product["prices"])
        assert "quantity: adjustable, min" in told
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.values["subscriptions.products"] == products and not app.session.dirty


async def test_help_names_keys_as_they_are_typed(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        told = text_of(app)
        assert "slash" not in told and "question_mark" not in told
        assert any(line.split()[:1] == ["/"] for line in told.splitlines())


async def test_the_history_dialog_shows_whole_authors_and_keys(cli, config_dir: Path) -> None:
    first = make_app(config_dir, "minimal")
    cli("set", "demo", "customer.tax_id=true", "branding.font=lato", "business.headline=Hi")
    cli("set", "demo", "customer.phone=true")  # keeps the version the first set wrote, by its author
    app = PortalApp(first.store, first.target)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        shown = table_text(app.screen.query_one(DataTable))
        newest = shown.splitlines()[1].split()
        assert all(key in shown for key in ("customer.tax_id", "branding.font", "business.headline")), shown
        assert "@" in newest[3] and not newest[3].endswith("…"), shown


async def test_promotion_codes_carries_the_dashboards_label_on_each_tab(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        on_customer = app.screen.query_one("#scroll-3 #row-subscriptions--promotion_codes").render().plain
        on_subscriptions = app.screen.query_one("#scroll-1 #row-subscriptions--promotion_codes").render().plain
        assert on_customer[5:].strip().startswith("Promotion codes")
        assert on_subscriptions[5:].strip().startswith("Use promotion codes")


async def test_the_key_bar_offers_change_when_editable_and_view_when_read_only(config_dir: Path) -> None:
    from portal_tui.tui.widgets.keybar import KeyBar

    for read_only, word, other in ((None, "Change", "View"), ("opened for review", "View", "Change")):
        app = make_app(config_dir, "maximal", read_only=read_only)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            bar = str(app.screen.query_one(KeyBar).render())
            assert f"⏎ {word}" in bar and other not in bar, bar


async def test_a_keymap_remap_of_change_moves_view_with_it(config_dir: Path) -> None:
    from portal_tui.store.preferences import Preferences
    from portal_tui.tui.widgets.keybar import KeyBar

    for read_only, word in ((None, "Change"), ("opened for review", "View")):
        app = make_app(config_dir, "maximal", read_only=read_only, prefs=Preferences(keymap={"row-activate": "o"}))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert f" o {word}" in str(app.screen.query_one(KeyBar).render())  # applied, not refused
