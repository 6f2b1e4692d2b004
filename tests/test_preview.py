"""The customer-portal preview: every rule of SPEC 8 in the renderer, the `preview` command, and the
editor's pane, which shows the same lines as the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from portal_tui.model.catalog import DEFAULTS
from portal_tui.workflows.preview import REASONS, cells, page_for_tab, render

from .editor_helpers import make_app


def framed(page_name: str = "home", width: int = 60, **changes: Any) -> list[str]:
    values = {**DEFAULTS, "business.business_name": "Acme", **{k.replace("__", "."): v for k, v in changes.items()}}
    return render(values, page_name, width).plain()


def page(page_name: str = "home", width: int = 60, **changes: Any) -> str:
    """The page's words as one flowed text, frame and wrapping removed, so a sentence
    can be looked for whichever line it was wrapped onto."""
    return flow(framed(page_name, width, **changes))


def flow(lines: list[str]) -> str:
    inside = (line.strip("│╭╮╰╯─ ") for line in lines[1:-1])
    return " ".join(" ".join(inside).split())


def pane_text(app: Any) -> str:
    from portal_tui.tui.widgets.preview import PreviewPane

    lines = str(app.screen.query_one(PreviewPane).page.render()).splitlines()
    return lines[0] + "\n" + flow(lines)


# --- home ---------------------------------------------------------------------------------------


def test_home_shows_the_business_name_and_stripes_default_headline_or_the_profiles() -> None:
    assert "│ Acme " in framed()[1] and "Acme partners with Stripe for simplified billing." in page()
    assert "Welcome back" in page(business__headline="Welcome back") and "simplified billing" not in page(
        business__headline="Welcome back"
    )
    assert "(no business name)" in page(business__business_name="")


def test_update_plan_needs_switching_and_products_and_cancel_plan_needs_cancellations() -> None:
    products = [{"product": "prod_a", "prices": ["price_a"]}]
    assert "[ Update plan ]" not in page(subscriptions__switch_plan=True)  # no products: not offered
    assert "[ Update plan ]" in page(subscriptions__switch_plan=True, subscriptions__products=products)
    assert "[ Update plan ]" in page(subscriptions__update_quantities=True, subscriptions__products=products)
    assert "[ Update plan ]" not in page(subscriptions__products=products)  # both switches off
    assert "[ Cancel plan ]" in page() and "[ Cancel plan ]" not in page(cancellations__enabled=False)
    assert "Current plan" in page(cancellations__enabled=False)


def test_payment_method_billing_information_and_invoice_history_follow_their_switches() -> None:
    assert "Payment method" in page() and "[ Add payment method ]" in page()
    assert "Payment method" not in page(customer__payment_methods=False)
    assert "Name, Email, Billing address, Phone number" in page()
    shown = page(customer__name=False, customer__tax_id=True, customer__shipping_address=True)
    assert "Email, Billing address, Phone number, Shipping address, Tax ID" in shown and "Name," not in shown
    assert "[ Update information ]" in page()
    assert "Billing information" not in page(customer__billing_information=False)
    assert "Invoice history" in page() and "Invoice history" not in page(invoices__history_visible=False)


def test_the_footer_links_follow_the_links_set() -> None:
    assert "Return to" not in page() and "Terms of service" not in page()
    footer = page(business__default_redirect_url="https://a.example", business__terms_of_service_url="https://a.example/t",
                  business__privacy_policy_url="https://a.example/p")  # fmt: skip
    assert "Return to Acme · Terms of service · Privacy policy" in footer
    assert "Privacy policy" in page(business__privacy_policy_url="https://a.example/p")


def test_branding_icon_logo_font_and_shapes_are_named() -> None:
    assert "[icon] [logo]" in page(branding__icon="file_1", branding__logo="file_2")
    assert "[icon]" not in page()
    assert "Default font, rounded buttons" in page()
    assert "Be Vietnam Pro, pill buttons" in page(branding__font="be_vietnam_pro", branding__shapes="pill")
    assert "M PLUS 1 Code, rectangular buttons" in page(branding__font="m_plus_1_code", branding__shapes="rectangular")
    colored = render({**DEFAULTS, "branding.button_color": "#ABC", "branding.background_color": "#0a2540"}, "home")
    assert colored.button_color == "#aabbcc" and colored.background_color == "#0a2540"


# --- update -------------------------------------------------------------------------------------


def test_update_lists_products_prices_and_quantity_limits_while_quantities_are_on() -> None:
    products = [{"product": "prod_a", "prices": ["price_m", "price_y"],
                 "adjustable_quantity": {"enabled": True, "minimum": 2, "maximum": 9}}]  # fmt: skip
    on = page("update", subscriptions__switch_plan=True, subscriptions__products=products)
    assert "prod_a" in on and "( ) price_m" in on and "( ) price_y" in on
    assert "Quantity" not in on
    both = page("update", subscriptions__update_quantities=True, subscriptions__products=products)
    assert "Quantity: 2 to 9" in both
    assert "not offered" in page("update")


def test_update_says_promotion_codes_and_when_changes_take_effect_and_prorations() -> None:
    products = [{"product": "prod_a", "prices": ["price_m"]}]
    base: dict[str, Any] = {"subscriptions__switch_plan": True, "subscriptions__products": products}
    assert "[ Add promotion code ]" in page("update", subscriptions__promotion_codes=True, **base)
    assert "promotion code" not in page("update", **base)
    later = page("update", subscriptions__downgrades="period_end", **base)
    assert "Changes take effect at the end of your billing period." in later
    assert "Changes take effect immediately." in page("update", **base)
    assert "Prorated and invoiced immediately." in page("update", subscriptions__proration="always_invoice", **base)
    assert "Prorated on the next invoice." in page("update", subscriptions__proration="create_prorations", **base)
    assert "No prorations" in page("update", **base)


# --- cancel -------------------------------------------------------------------------------------


def test_cancel_says_when_the_plan_ends() -> None:
    later = page("cancel")
    assert "Your plan will be canceled, but is still available until the end of your billing period." in later
    assert "Your plan will be canceled immediately." in page("cancel", cancellations__mode="immediately")


def test_cancel_offers_the_reasons_in_profile_order_in_stripes_words() -> None:
    options = ["unused", "too_expensive", "customer_service"]
    lines = [line for line in framed("cancel", cancellations__reason_options=options) if "( )" in line]
    assert [line.strip("│ ").removeprefix("( ) ") for line in lines] == [REASONS[o] for o in options]
    assert REASONS["too_complex"] == "Ease of use was less than expected" and REASONS["other"] == "Other reason"
    assert "Why are you canceling?" not in page("cancel", cancellations__reason=False)


def test_the_retention_offer_needs_coupons_on_and_a_coupon_and_cancellations_off_say_so() -> None:
    assert "Before you go" not in page("cancel", cancellations__retention_coupons=True)  # no coupon set
    offer = page("cancel", cancellations__retention_coupons=True, cancellations__retention_coupon="STAY20")
    assert "Before you go" in offer and "STAY20" in offer
    assert "Before you go" not in page("cancel", cancellations__retention_coupon="STAY20")
    assert "Cancel plan is not offered" in page("cancel", cancellations__enabled=False)


# --- the page as a page -------------------------------------------------------------------------


@pytest.mark.parametrize("width", [24, 40, 60, 80])
def test_every_line_is_framed_to_the_width_and_long_text_folds(width: int) -> None:
    values = {**DEFAULTS, "business.business_name": "Acme " * 30, "business.headline": "x" * 59,
              "cancellations.retention_coupons": True, "cancellations.retention_coupon": "C" * 80}  # fmt: skip
    for name in ("home", "update", "cancel"):
        lines = render(values, name, width).plain()
        assert {cells(line) for line in lines} == {min(width, 60)}, name
        assert lines[0].startswith(f"╭─ {name} ") and lines[-1].startswith("╰")
        assert "preview (approximate)" in (lines[0] if width >= 40 else page(name, width))


def test_hostile_and_wide_text_is_shown_literally_and_keeps_the_frame() -> None:
    values = {**DEFAULTS, "business.business_name": "[bold]x[/]\x1b[2J日本語\u202e"}
    lines = render(values, "home").plain()
    assert "[bold]x[/]\\u001b[2J日本語\\u202e" in lines[1]
    assert {cells(line) for line in lines} == {60}


def test_each_tab_shows_its_page() -> None:
    assert [page_for_tab(t) for t in range(1, 9)] == ["update", "cancel"] + ["home"] * 6


# --- the command --------------------------------------------------------------------------------


def test_preview_prints_the_page_and_says_the_errors_on_stderr(cli, install) -> None:
    install("maximal", "acme")
    shown = cli("preview", "acme", "--page", "cancel", "--width", "44")
    assert shown.code == 0 and shown.err == ""
    lines = shown.out.splitlines()
    assert all(cells(line) == 44 for line in lines) and "Why are you canceling?" in shown.out
    install("minimal", "broken")
    cli("set", "broken", "business.business_name=")  # refused: never worse
    (Path(os.environ["PORTAL_TUI_CONFIG_DIR"]) / "profiles" / "broken.toml").write_text('[customer]\ntax_id = "yes"\n')
    invalid = cli("preview", "broken")
    assert invalid.code == 0 and "customer.tax_id: error" in invalid.err and "(no business name)" in invalid.out
    missing = cli("preview", "ghost")
    assert missing.code == 2 and missing.err.count("\n") == 1
    assert cli("preview", "acme", "--width", "10").code == 2


def test_preview_through_a_pipe_is_plain_and_textual_free(install) -> None:
    install("maximal", "acme")
    probe = (
        "import sys; from portal_tui.cli import main\n"
        "main(['preview', 'acme'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('textual', 'rich')}))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "COLUMNS": "60"})  # fmt: skip
    assert result.returncode == 0 and result.stdout.strip().splitlines()[-1] == "[]", result.stderr
    assert "\x1b[" not in result.stdout


# --- the pane -----------------------------------------------------------------------------------


async def test_the_pane_shows_the_same_lines_as_the_command(cli, config_dir: Path) -> None:
    from portal_tui.tui.widgets.preview import PreviewPane

    app = make_app(config_dir, "maximal")
    drawn: dict[str, list[str]] = {}
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        for tab, name in (("1", "update"), ("2", "cancel"), ("4", "home")):
            await pilot.press(tab, *(["v"] if tab == "1" else []))
            await pilot.pause()
            drawn[name] = str(app.screen.query_one(PreviewPane).page.render()).splitlines()
    for name, lines in drawn.items():  # after the app: while it runs, Textual captures print()
        printed = cli("preview", "demo", "--page", name, "--width", str(cells(lines[0]))).out.splitlines()
        assert lines == printed, name


async def test_v_toggles_the_pane_which_follows_edits_and_undo_and_never_takes_focus(config_dir: Path) -> None:
    from portal_tui.tui.widgets.preview import PreviewPane

    app = make_app(config_dir, "maximal")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "v")
        await pilot.pause()
        pane = app.screen.query_one(PreviewPane)
        focused = app.focused
        assert pane.display and app.screen.has_class("-preview-in-place") and focused is not pane
        assert "Your plan will be canceled immediately." in pane_text(app)
        await app.editor.jump_to("cancellations.mode")
        await pilot.press("enter", "up", "enter")  # at_period_end, from the picker
        await pilot.pause()
        assert "still available until the end" in pane_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "canceled immediately" in pane_text(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "home · preview" in pane_text(app)
        await pilot.press("3")  # another tab: its own page again
        await pilot.pause()
        assert "home · preview" in pane_text(app) and app.editor.focused_row() is not None
        await pilot.press("v")
        await pilot.pause()
        assert not pane.display and not app.screen.has_class("-preview-in-place")


@pytest.mark.parametrize("keys", [["1", "v"], ["2", "v"], ["2", "v", "right_square_bracket"]])
def test_the_pane_at_80x24_on_each_page(snap_compare, config_dir: Path, keys: list[str]) -> None:
    """In place of the rows: update, cancel, then home with ]."""
    app = make_app(config_dir, "maximal")
    assert snap_compare(app, press=keys, terminal_size=(80, 24))


@pytest.mark.parametrize("tab", ["1", "2", "4"])
def test_the_pane_at_140x40(snap_compare, config_dir: Path, tab: str) -> None:
    app = make_app(config_dir, "maximal")
    assert snap_compare(app, press=[tab, "v"], terminal_size=(140, 40))


def test_the_pane_without_color(snap_compare, config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(config_dir, "maximal")
    assert snap_compare(app, press=["4", "v"], terminal_size=(80, 24))


async def test_a_picker_opened_while_the_preview_is_in_the_rows_place_shows_then_the_preview_returns(
    config_dir: Path,
) -> None:
    """Below 120 columns the preview takes the rows' place: a picker opened there had no room
    (invisible, one column). The preview steps aside while it is open, then shows the effect."""
    from textual.widgets import OptionList, Select

    from portal_tui.tui.widgets.preview import shown_preview

    app = make_app(config_dir, "maximal")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "v")
        await app.editor.jump_to("cancellations.mode")
        await pilot.pause()
        assert app.editor.has_class("-preview-in-place")
        await pilot.press("enter")
        await pilot.pause()
        overlay = app.editor.query_one("#row-cancellations--mode").query_one(Select).query_one(OptionList)
        assert shown_preview(app.editor) is None and overlay.has_focus
        assert overlay.scrollable_content_region.width >= 20  # the choices can be read
        await pilot.press("up", "enter")
        await pilot.pause()
        assert shown_preview(app.editor) is not None and app.editor.has_class("-preview-in-place")
        assert "still available until the end" in pane_text(app)


async def test_a_text_field_typed_into_while_the_preview_is_in_the_rows_place_shows_what_is_typed(
    config_dir: Path,
) -> None:
    """Typing went into a field that was not shown (a configuration name is on no page: fully
    blind). The preview steps aside while the field has focus and comes back with the effect."""
    from textual.widgets import Input

    from portal_tui.tui.widgets.preview import shown_preview

    app = make_app(config_dir, "maximal")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4", "v")
        await pilot.pause()
        assert app.editor.has_class("-preview-in-place")
        await pilot.press("enter", "ctrl+u", *"Globex")
        await pilot.pause()
        field = app.editor.focused_row().query_one(Input)
        assert shown_preview(app.editor) is None and field.has_focus and field.region.width >= 20
        assert field.value == "Globex" and app.session.values["business.business_name"] == "Globex"
        await pilot.press("enter")
        await pilot.pause()
        assert shown_preview(app.editor) is not None and app.editor.has_class("-preview-in-place")
        assert "Globex" in pane_text(app)


def test_the_update_page_shows_lookup_keys_as_written(cli, install) -> None:
    install("minimal", "demo")
    keyed = 'subscriptions.products=[{lookup_keys=["pro_monthly", "pro_yearly"]}]'
    assert cli("set", "demo", "subscriptions.switch_plan=true", keyed).code == 0
    shown = cli("preview", "demo", "--page", "update").out
    assert "(the product of its lookup keys)" in shown
    assert "( ) pro_monthly (lookup key)" in shown and "( ) pro_yearly (lookup key)" in shown
