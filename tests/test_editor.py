"""The editor, driven by the keyboard as a user would at 80x24."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.widgets import Input, Select

from portal_tui.model.meta import Tab
from portal_tui.store.preferences import Preferences
from portal_tui.tui.dialogs.choice import ErrorsDialog, QuitDialog, SaveDialog
from portal_tui.tui.dialogs.lists import ChoicesDialog
from portal_tui.tui.dialogs.products import ProductsDialog
from portal_tui.tui.screens.help import HelpScreen
from portal_tui.tui.widgets.tabbar import TabBar
from portal_tui.tui.widgets.ticks import TickList

from .editor_helpers import (
    DATA,
    drawn,
    focused_key,
    make_app,
    marks,
    notices,
    open_row,
    pick,
    problem,
    row,
    watch_notices,
)

SIZE = (80, 24)


async def test_opening_shows_the_first_tab_with_its_rows_and_a_header(config_dir: Path) -> None:
    app = make_app(config_dir, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        header = str(app.screen.query_one("#header").render())
        assert "demo" in header and "test" in header and "1 error" in header and "saved" in header
        assert focused_key(app) == "subscriptions.switch_plan"
        assert drawn(app, "subscriptions.switch_plan")[0].split()[-1] == "off"


async def test_j_k_arrows_and_tab_move_between_rows(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("j")
        assert focused_key(app) == "subscriptions.update_quantities"
        await pilot.press("down", "tab")
        assert focused_key(app) == "subscriptions.downgrades"
        await pilot.press("k", "up", "shift+tab")
        assert focused_key(app) == "subscriptions.switch_plan"


async def test_focus_starts_on_the_first_row_and_stays_on_rows_when_a_tab_is_clicked(config_dir: Path) -> None:
    app = make_app(config_dir)
    focused: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        app.screen.watch(app.screen, "focused", lambda widget: focused.append(widget), init=False)  # noqa: PLW0108 - Textual inspects the callback's signature
        await pilot.pause()
        assert focused_key(app) == "subscriptions.switch_plan"
        bar = app.screen.query_one(TabBar)
        first, _, _ = next(span for span in bar.spans if span[2] is Tab.BUSINESS)
        await pilot.click(TabBar, offset=(first + 2, 0))
        await pilot.pause()
        await pilot.pause()
        assert focused_key(app) == "business.business_name"
        assert all(
            w is None or w.has_class("row") or "row" in {c for a in w.ancestors for c in a.classes} for w in focused
        ), focused


async def test_the_tab_bar_shortens_titles_below_110_columns_and_follows_the_active_tab(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(TabBar)
        assert "3 Customer information" in bar.render().plain
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        line, underline = bar.render().plain.split("\n")
        assert "3 Customer " in line and "information" not in line and len(line) <= 80
        assert set(underline) == {"━"} and len(underline) == 80
        await pilot.press("5")
        await pilot.pause()
        assert bar.active is Tab.INVOICES
        first, past, _ = bar.spans[Tab.INVOICES.value - 1]
        assert line[first:past].strip() == "5 Invoices"


async def test_number_keys_and_left_right_switch_tabs(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert focused_key(app) == "customer.billing_information"
        await pilot.press("right")
        await pilot.pause()
        assert focused_key(app) == "business.business_name"
        await pilot.press("left", "left")
        await pilot.pause()
        assert focused_key(app) == "cancellations.enabled"
        await pilot.press("8")
        await pilot.pause()
        assert focused_key(app) == "profile.description"


async def test_space_toggles_and_the_row_shows_changed_and_non_default_markers(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "j", "j", "j", "j", "j", "j")
        await pilot.pause()
        assert focused_key(app) == "customer.tax_id"
        assert marks(app, "customer.tax_id") == "    "
        await pilot.press("space")
        assert app.session.values["customer.tax_id"] is True
        assert marks(app, "customer.tax_id") == "*+  "
        assert row(app, "customer.tax_id").tail().plain == "[x] on"
        assert "1 unsaved" in str(app.screen.query_one("#header").render())


async def test_enter_opens_a_picker_for_a_choice(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2", "j")
        await pilot.pause()
        assert focused_key(app) == "cancellations.mode"
        await pilot.press("enter")
        await pilot.pause()
        assert row(app, "cancellations.mode").query_one(Select).expanded
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session.values["cancellations.mode"] == "immediately"
        assert focused_key(app) == "cancellations.mode"


async def test_text_fields_check_as_you_type_and_letters_type_inside_them(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4", "j")
        await pilot.pause()
        assert focused_key(app) == "business.headline"
        await pilot.press("enter")
        await pilot.press(*"quick jar")  # q and j type, they do not quit or move
        assert app.session.values["business.headline"] == "quick jar"
        assert app.is_running
        row(app, "business.headline").query_one(Input).value = "x" * 60
        await pilot.press("y")
        assert "61 characters is too long (at most 60)" in problem(app, "business.headline")
        assert "!" in marks(app, "business.headline")
        await pilot.press("escape", "j")
        assert focused_key(app) == "business.terms_of_service_url"


async def test_url_host_and_color_fields_show_their_rule_inline(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, text, says in [
            ("business.terms_of_service_url", "acme.example", "absolute http(s) URL"),
            ("business.custom_domain", "https://x.example", "a host name only"),
            ("branding.button_color", "blue", "not a color"),
        ]:
            await app.editor.jump_to(key)
            await pilot.pause()
            await pilot.press("enter", *text, "escape")
            assert says in problem(app, key)


async def test_undo_and_redo_cover_toggles_typing_resets_and_list_edits(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.session
        await app.editor.jump_to("customer.tax_id")
        await pilot.pause()
        await pilot.press("space")  # 1: toggle
        await app.editor.jump_to("business.headline")
        await pilot.pause()
        await pilot.press("enter", "ctrl+u", *"Hi", "escape")  # 2: typing (ctrl+u clears), one step
        await pilot.press("r")  # 3: reset
        assert s.values["business.headline"] == ""
        await app.editor.jump_to("cancellations.reason_options")
        await pilot.pause()
        await pilot.press("enter")  # 4: a list edit
        await pilot.pause()
        assert isinstance(app.screen, ChoicesDialog)
        await pilot.press("space", "escape")
        await pilot.pause()
        assert "customer_service" not in s.values["cancellations.reason_options"]

        await pilot.press("ctrl+z")
        assert "customer_service" in s.values["cancellations.reason_options"]
        await pilot.press("ctrl+z")
        assert s.values["business.headline"] == "Hi"
        await pilot.press("ctrl+z")
        assert s.values["business.headline"] == "Acme partners with Stripe for simplified billing."
        await pilot.press("ctrl+z")
        assert s.values["customer.tax_id"] is True and not s.dirty
        await pilot.press("ctrl+y", "ctrl+y", "ctrl+y", "ctrl+y")
        assert s.values["customer.tax_id"] is False and s.values["business.headline"] == ""
        assert "customer_service" not in s.values["cancellations.reason_options"]


async def test_slash_jumps_to_a_setting_by_label_across_tabs(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "slash", "Tax ID")
        assert focused_key(app) == "customer.tax_id"


async def test_e_goes_to_the_next_error_and_g_to_the_setting_a_row_depends_on(config_dir: Path) -> None:
    app = make_app(config_dir, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert focused_key(app) == "business.business_name"
        await pilot.press("1", "j", "j")
        await pilot.pause()
        assert focused_key(app) == "subscriptions.proration"
        assert marks(app, "subscriptions.proration").endswith("-")
        assert row(app, "subscriptions.proration").has_class("-na")
        shown = str(app.screen.query_one("#help").render())
        assert "Not applicable: applies only while Switch plan or Update quantities is on" in shown.replace("\n", " ")
        assert "Stripe: features.subscription_update.proration_behavior." in shown.replace("\n", " ")
        await pilot.press("g")
        await pilot.pause()
        assert focused_key(app) == "subscriptions.switch_plan"


async def test_save_shows_the_changes_then_writes_them_keeping_comments(config_dir: Path) -> None:
    app = make_app(config_dir, "hand-edited")
    path = app.target.path
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.editor.jump_to("business.business_name")
        await pilot.pause()
        await pilot.press("enter", "ctrl+u", *"Acme Inc", "escape", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        assert (
            "business.business_name (Business name): Acme (test) -> Acme Inc"
            in app.screen.query_one(".list").query("Static").first().render().plain
        )
        await pilot.press("y")
        await pilot.pause()
        assert not app.session.dirty
    text = path.read_text()
    assert text == (DATA / "hand-edited.toml").read_text().replace("Acme (test)", "Acme Inc")
    assert len(app.store.layout.history("demo").glob("*.toml").__next__().read_text()) > 0


async def test_save_is_refused_when_it_would_add_an_error(config_dir: Path) -> None:
    app = make_app(config_dir)
    before = app.target.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.editor.jump_to("business.headline")
        await pilot.pause()
        await pilot.press("enter")
        row(app, "business.headline").query_one(Input).value = "x" * 61
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ErrorsDialog)
        assert app.session.dirty
    assert app.target.path.read_bytes() == before


async def test_save_is_allowed_while_old_errors_remain(config_dir: Path) -> None:
    app = make_app(config_dir, None)  # a new profile: no business name yet
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.editor.jump_to("customer.tax_id")
        await pilot.pause()
        await pilot.press("space", "ctrl+s", "y")
        await pilot.pause()
        assert not app.session.dirty
    assert tomllib.loads(app.target.path.read_text())["customer"]["tax_id"] is True


async def test_quit_with_unsaved_changes_asks_save_discard_or_cancel(config_dir: Path) -> None:
    app = make_app(config_dir)
    before = app.target.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("c")
        await pilot.pause()
        assert app.is_running and app.session.dirty
        await pilot.press("q", "d")
        await pilot.pause()
        assert not app.is_running
    assert app.target.path.read_bytes() == before


async def test_quit_shows_the_changes_and_save_there_writes_then_exits_without_asking_again(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space", "q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        shown = app.screen.query_one(".list").query("Static").first().render().plain
        assert shown == "customer.billing_information (Billing information): (default) true -> false"
        await pilot.press("s")
        await pilot.pause()
        assert not app.is_running
    assert tomllib.loads(app.target.path.read_text())["customer"]["billing_information"] is False


async def test_read_only_mode_changes_nothing_and_says_so(config_dir: Path) -> None:
    app = make_app(config_dir, read_only="opened with --read-only")
    before = app.target.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "READ-ONLY" in str(app.screen.query_one("#header").render())
        await pilot.press("space", "r", "ctrl+s")
        await pilot.pause()
        assert not app.session.dirty
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.target.path.read_bytes() == before


async def test_hostile_text_is_shown_literally(config_dir: Path) -> None:
    app = make_app(config_dir)
    path = app.target.path
    path.write_text(
        path.read_text() + '[profile]\ndescription = "[bold]x[/] \\u001b[2J"\n'
        '[advanced.metadata]\n"[red]k" = "[link=http://e.vil]v[/link]"\n'
    )
    app = make_app(config_dir, None, name="other")
    from portal_tui.tui.app import PortalApp

    app = PortalApp(app.store, app.store.target("demo"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("8")
        await pilot.pause()
        field = row(app, "profile.description").query_one(Input)
        assert field.value == "[bold]x[/] \\u001b[2J"
        screen = app.export_screenshot()
        assert "[bold]x[/]" in screen.replace("&#160;", " ")
        assert "[red]k=[link=http://e.vil]v[/link]" in drawn(app, "advanced.metadata")[0]


async def test_the_emails_tab_cautions_and_branding_says_whose_brand_shows(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        assert "all emails Stripe sends" in str(app.screen.query_one(".caution").render())
        await pilot.press("7")
        await pilot.pause()
        assert "your own brand" in str(app.screen.query_one("#brand-note").render())
        await app.editor.jump_to("branding.connect_charges")
        await pilot.pause()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert "connected account's brand" in str(app.screen.query_one("#brand-note").render())


async def test_products_can_be_added_with_prices_and_removed(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_row(app, pilot, "subscriptions.products")
        assert isinstance(app.screen, ProductsDialog)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"prod_basic", "tab", "tab", *"price_m, price_y", "tab", "space", "tab", "ctrl+u", "2")
        await pilot.press("escape")  # the tab between: the switch of price IDs and lookup keys
        await pilot.pause()
        assert app.session.values["subscriptions.products"] == [
            {
                "product": "prod_basic",
                "prices": ["price_m", "price_y"],
                "adjustable_quantity": {"enabled": True, "minimum": 2, "maximum": 0},
            }
        ]
        await pilot.press("enter")  # focus starts in the first product, so ctrl+r removes it
        await pilot.pause()
        await pilot.press("ctrl+r", "escape")
        await pilot.pause()
        assert app.session.values["subscriptions.products"] == []
        await pilot.press("ctrl+z")
        assert len(app.session.values["subscriptions.products"]) == 1


async def test_help_and_pending_changes_open_and_close(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Billing information" in text and "ctrl+s" in text and "Undo" in text
        await pilot.press("escape", "d")
        await pilot.pause()
        from portal_tui.tui.screens.compare import CompareScreen

        assert isinstance(app.screen, CompareScreen)  # against the saved file first: the pending changes
        assert "customer.billing_information (Billing information): true -> false" in str(
            app.screen.query_one("#differences").get_option_at_index(0).prompt
        )
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.dirty


async def test_every_action_is_a_palette_command_that_names_its_keys(config_dir: Path) -> None:
    """Each action is declared once, by its binding: the command's title is the binding's words
    (after its group's), its help the tooltip and the keys it has now. The moves are keys only;
    ctrl+q is quit's twin, so Quit is one command, ours (it asks about unsaved changes)."""
    from portal_tui.tui.bindings import MOVES
    from portal_tui.tui.screens.editor import EditorScreen

    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")  # open: ctrl+s and ctrl+z type into it then, and are still named
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        for binding in [*app.BINDINGS, *EditorScreen.BINDINGS]:
            assert isinstance(binding, Binding) and binding.id
            if binding.group == MOVES or binding.id == "quit-anywhere":
                continue
            title = f"{binding.group.description}: {binding.description}" if binding.group else binding.description
            keys = app.keys_of(binding.id)
            assert keys and helps[title] == f"{binding.tooltip} ({keys})", binding.id
        assert app.keys_of("jump") == "/" and app.keys_of("preview-next") == "]" and app.keys_of("save") == "ctrl+s"
    assert len(titles) == len(set(titles)), titles
    assert {"Save", "Find", "Compare", "Preview", "Preview: Next page", "Tab: Branding", "Quit", "Take over"} <= set(
        titles
    )
    assert helps["Quit"] == "Quit; asks when there are unsaved changes (q)"


async def test_a_palette_command_does_what_its_key_does(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "ctrl+p", "Tab: Branding")
        assert app.editor.query_one(TabBar).active is Tab.BRANDING
        await pick(pilot, "ctrl+p", "Find")
        assert type(app.screen).__name__ == "JumpDialog"


def test_every_binding_of_every_module_has_an_id_and_a_tooltip() -> None:
    from .tui_modules import bindings

    found = list(bindings())
    assert len({cls for cls, _ in found}) > 15  # every screen, dialog and row is walked
    for cls, binding in found:
        assert binding.id and binding.tooltip, (cls, binding)


def test_the_keymap_check_names_every_class_with_bindings() -> None:
    """keymap.REMAPPABLE lists the classes one by one (checking a keymap imports those, not
    every module): a screen, dialog or widget with bindings missing from it would have its
    keys left unchecked, and one named there without bindings of its own is a stale entry."""
    from portal_tui.tui.app import PortalApp
    from portal_tui.tui.keymap import REMAPPABLE

    from .tui_modules import bindings

    declaring = {cls for cls, binding in bindings() if binding.id} - {PortalApp}
    assert not declaring - set(REMAPPABLE), "missing from keymap.REMAPPABLE"
    assert not set(REMAPPABLE) - declaring, "in keymap.REMAPPABLE without bindings of its own"


async def test_the_keymap_of_settings_remaps_a_binding_by_id(config_dir: Path) -> None:
    app = make_app(config_dir, prefs=Preferences(keymap={"save": "ctrl+w"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space", "ctrl+w")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)


async def test_a_keymap_with_an_unknown_action_or_a_taken_key_says_so_and_loses_no_binding(config_dir: Path) -> None:
    keymap = {"sav": "ctrl+w", "save": "j", "help": "f1", "jump": "ctrl+f"}
    app = make_app(config_dir, prefs=Preferences(keymap=keymap))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = notices(app)
        assert "[keymap] sav: no such action (did you mean save?); left out" in said
        assert "[keymap] save = 'j': j already does row-next; left out" in said
        assert len([line for line in said if line.startswith("[keymap]")]) == 2  # help and jump moved
        assert app.keys_of("save") == "ctrl+s" and app.keys_of("row-next") == "tab, j, down"
        assert app.keys_of("help") == "f1" and app.keys_of("jump") == "ctrl+f"
        await pilot.press("j")
        await pilot.pause()
        assert focused_key(app) != "subscriptions.switch_plan" and not isinstance(app.screen, SaveDialog)


async def test_a_choice_list_edit_keeps_the_order_of_what_was_ticked_and_adds_new_ones_after(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_row(app, pilot, "cancellations.reason_options")
        before = app.session.values["cancellations.reason_options"]
        ticks = app.screen.query_one(TickList)
        for _ in ticks.entries:  # tick the ones not ticked yet, by key
            if ticks.entries[ticks.highlighted or 0][1] not in ticks.ticked:
                await pilot.press("space")
            await pilot.press("down")
        await pilot.press("escape")
        await pilot.pause()
        after = app.session.values["cancellations.reason_options"]
        assert after[: len(before)] == before and sorted(after) == sorted(set(after))
        assert after[len(before) :] == [
            c
            for c in (
                "customer_service",
                "low_quality",
                "missing_features",
                "other",
                "switched_service",
                "too_complex",
                "too_expensive",
                "unused",
            )
            if c not in before
        ]


async def test_every_number_key_shows_its_tab(config_dir: Path) -> None:
    from portal_tui.model.catalog import by_tab
    from portal_tui.model.meta import Tab

    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for tab in reversed(Tab):
            await pilot.press(str(tab.value))
            await pilot.pause()
            assert focused_key(app) == by_tab(tab)[0].key


async def test_a_row_that_only_differs_from_the_default_is_marked_plus(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert marks(app, "subscriptions.switch_plan") == " +  "
        assert marks(app, "subscriptions.promotion_codes") == " +  "


async def test_a_live_profile_shows_a_live_badge(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert " LIVE " in str(app.screen.query_one("#header").render())


BROKEN = """
[subscriptions]
switch_plan = true
proration = "sometimes"
[[subscriptions.products]]
product = "prod_1"
prices = ["price_1", "price_1"]
[cancellations]
reason_options = []
[customer]
tax_id = "yes"
[business]
business_name = "Acme"
[advanced.metadata]
"a-key-that-is-far-too-long-for-stripe-metadata" = "v"
"""


async def test_each_kind_of_row_shows_its_error_inline(config_dir: Path) -> None:
    app = make_app(config_dir)
    app.target.path.write_text(BROKEN)
    from portal_tui.tui.app import PortalApp

    app = PortalApp(app.store, app.target)
    expected = {
        "customer.tax_id": 'expected true or false, got "yes"',
        "subscriptions.proration": '"sometimes" is not allowed',
        "cancellations.reason_options": "offer at least one reason",
        "subscriptions.products": "price_1 is listed twice",
        "advanced.metadata": "a metadata key must be 1 to 40 characters",
    }
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, says in expected.items():
            await app.editor.jump_to(key)
            await pilot.pause()
            assert says in problem(app, key), key
            assert "!" in marks(app, key)
        assert "5 errors" in str(app.screen.query_one("#header").render())


def test_editing_a_missing_profile_opens_it_new_and_unsaved_leaving_no_file(cli, config_dir: Path, monkeypatch) -> None:
    from portal_tui.tui.app import PortalApp

    seen: dict[str, Any] = {}

    def fake_run(self: PortalApp) -> int:
        seen["notices"], seen["new"] = self.notices, self.editing.is_new
        return 0

    monkeypatch.setattr(PortalApp, "run", fake_run)
    monkeypatch.setattr("portal_tui.cli.editor.has_terminal", lambda: True)
    assert cli("edit", "fresh").code == 0
    assert not (config_dir / "profiles" / "fresh.toml").exists()
    assert "not saved yet" in seen["notices"][0] and seen["new"]
    assert cli().code == 0  # no name: settings.toml's default_profile, "default"
    assert not (config_dir / "profiles" / "default.toml").exists()
    assert cli("fresh", "--read-only").code == 2  # nothing to look at


async def test_a_new_profile_is_written_only_when_saved(config_dir: Path) -> None:
    from portal_tui.store.paths import Layout
    from portal_tui.store.profiles import Store
    from portal_tui.tui.app import PortalApp

    store = Store(Layout(config_dir))
    app = PortalApp(store, store.target("fresh"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "new: not saved yet" in str(app.screen.query_one("#header").render())
        await pilot.press("4", "enter", *"Acme", "escape", "ctrl+s", "y")
        await pilot.pause()
    text = store.target("fresh").path.read_text()
    assert 'business_name = "Acme"' in text and text.startswith("# portal-tui profile")
    assert not app.editing.is_new


async def test_quitting_a_new_profile_without_saving_leaves_no_file(config_dir: Path) -> None:
    from portal_tui.store.paths import Layout
    from portal_tui.store.profiles import Store
    from portal_tui.tui.app import PortalApp

    store = Store(Layout(config_dir))
    app = PortalApp(store, store.target("typo"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not store.target("typo").path.exists()
    assert [p.name for p in (config_dir / "profiles").glob("*.toml")] == []


async def test_a_profile_from_a_newer_version_opens_read_only_and_says_why(config_dir: Path) -> None:
    app = make_app(config_dir)
    app.target.path.write_text('schema_version = 2\n[business]\nbusiness_name = "A"\n')
    from portal_tui.tui.app import PortalApp

    app = watch_notices(PortalApp(app.store, app.target))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one("#header").render())
        assert "READ-ONLY: schema_version 2" in header  # cut at 80 columns; an edit says it whole:
        await pilot.press("space")
        await pilot.pause()
        assert not app.session.dirty
        assert any("newer" in n for n in notices(app))


async def test_promotion_codes_on_customer_information_is_the_same_setting(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        customer_row = app.screen.query_one("#scroll-3 #row-subscriptions--promotion_codes")
        customer_row.focus()
        await pilot.pause()
        await pilot.press("space")
        assert app.session.values["subscriptions.promotion_codes"] is False
        first = app.screen.query_one("#scroll-1 #row-subscriptions--promotion_codes")
        assert first.tail().plain == "[ ] off"  # the row on the hidden tab follows too


async def test_a_long_problem_wraps_under_its_row_which_grows_to_fit(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        app.editing.apply({"business.business_name": ""})
        await pilot.pause()
        name = row(app, "business.business_name")
        lines = drawn(app, "business.business_name")
        assert len(lines) == 3 and name.size.height == 3  # the row, then the message on two lines
        assert lines[1].startswith("      error: a business name is required")
        assert all(len(line) <= 80 for line in lines)
        assert row(app, "business.headline").size.height == 1


async def test_colors_show_a_swatch(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("7")
        await pilot.pause()
        colour = row(app, "branding.button_color")
        assert colour.swatch() == "#635bff" and "#635bff" in str(colour.tail().spans)


async def test_x_shows_the_export_of_the_unsaved_state_and_c_copies_it(config_dir: Path) -> None:
    from portal_tui.tui.screens.export import ExportScreen

    app = make_app(config_dir, "maximal")
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign,assignment]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "space", "x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("c")
        body = __import__("json").loads(copied[0])
        assert body["features"]["customer_update"]["enabled"] is False  # the unsaved edit
        text = " ".join(str(s.render()) for s in app.screen.query(".note"))
        assert "dashboard-only: branding.font" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)


async def test_the_products_editor_checks_as_you_type_and_moves_products_and_prices(config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_row(app, pilot, "subscriptions.products")
        screen = app.screen
        assert isinstance(screen, ProductsDialog)
        first = screen.query(".product-id").first(Input)
        first.value = "item_basic"
        await pilot.pause()
        assert "must be a product ID starting with prod_" in str(screen.query(".problem").first().render())
        first.value = "prod_pro"
        await pilot.pause()
        assert "prod_pro is listed twice" in str(screen.query(".problem")[1].render())
        first.value = "prod_basic"
        await pilot.pause()
        prices = screen.query(".prices").first(Input)
        prices.focus()
        await pilot.pause()
        prices.cursor_position = 0
        await pilot.press("ctrl+l")  # price_basic_month after price_basic_year
        assert prices.value == "price_basic_year, price_basic_month"
        await pilot.press("ctrl+g")  # the basic product after the pro one
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        products = app.session.values["subscriptions.products"]
        assert [p["product"] for p in products] == ["prod_pro", "prod_basic"]
        assert products[1]["prices"] == ["price_basic_year", "price_basic_month"]


async def test_the_finder_filters_as_each_key_arrives_so_enter_picks_what_was_typed(config_dir: Path) -> None:
    from portal_tui.tui.dialogs.find import JumpDialog, matches

    assert matches("Tax ID")[0] == "customer.tax_id"
    assert matches("button")[0] == "branding.button_color"
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        assert isinstance(app.screen, JumpDialog)
        app.screen.query_one(Input).value = "shipping"  # all at once, as a paste would
        await pilot.press("enter")  # no pause: the list is already filtered
        await pilot.pause()
        await pilot.pause()
        assert focused_key(app) == "customer.shipping_address"


async def test_a_change_that_comes_while_a_tab_is_being_built_waits_for_its_rows(config_dir: Path) -> None:
    """The first check (or a save) can land while a tab's rows are being mounted: those rows
    are re-read once their controls exist, never before (the slow monkey found the crash)."""
    import asyncio

    app = make_app(config_dir, "minimal")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        building = asyncio.create_task(app.editor.fill(Tab.BUSINESS))
        await asyncio.sleep(0)  # the rows are created, their mount is under way
        app.editing.changed.publish("checked")
        await building
        await pilot.pause()
        assert app.is_running
        assert row(app, "business.business_name").query_one(Input).value == app.session.values["business.business_name"]


async def test_custom_feedback_ids_typed_as_text_are_kept_as_a_list_of_ids(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_row(app, pilot, "cancellations.feedback_options")
        await pilot.press(*"bfo_1, bfo_2,")
        await pilot.pause()
        assert app.session.values["cancellations.feedback_options"] == ["bfo_1", "bfo_2"]
        assert row(app, "cancellations.feedback_options").query_one(Input).value == "bfo_1, bfo_2,"
