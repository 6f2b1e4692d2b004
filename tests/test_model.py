"""The settings model: defaults, strict types, every rule of SPEC 1.2, and not-applicable relief."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portal_tui.model.catalog import DEFAULTS, SETTINGS, by_tab, closest_key
from portal_tui.model.meta import Tab
from portal_tui.model.problems import check, errors_of
from portal_tui.store.images import inspector

from .conftest import jpeg, png

NAMED = {"business": {"business_name": "Acme"}}


def problems_for(data: dict[str, Any], images: Path | None = None) -> dict[str, str]:
    """{key: rule} of the errors of a profile that also has a business name."""
    merged = {**NAMED, **data}
    if "business" in data:
        merged["business"] = {**NAMED["business"], **data["business"]}
    found = check(merged, images=inspector(images) if images else None)
    return {p.key: p.rule for p in errors_of(found)}


def test_the_schema_has_every_key_of_the_spec_in_order() -> None:
    expected = [
        "profile.description",
        "profile.mode",
        "profile.active",
        "subscriptions.switch_plan",
        "subscriptions.update_quantities",
        "subscriptions.proration",
        "subscriptions.downgrades",
        "subscriptions.downgrade_conditions",
        "subscriptions.promotion_codes",
        "subscriptions.trial_update_behavior",
        "subscriptions.billing_cycle_anchor",
        "subscriptions.products",
        "subscriptions.pause.enabled",
        "subscriptions.pause.duration",
        "subscriptions.pause.intervals",
        "cancellations.enabled",
        "cancellations.mode",
        "cancellations.proration",
        "cancellations.reason",
        "cancellations.reason_options",
        "cancellations.feedback_options",
        "cancellations.retention_coupons",
        "cancellations.retention_coupon",
        "customer.billing_information",
        "customer.name",
        "customer.email",
        "customer.billing_address",
        "customer.phone",
        "customer.shipping_address",
        "customer.tax_id",
        "customer.payment_methods",
        "business.business_name",
        "business.headline",
        "business.terms_of_service_url",
        "business.privacy_policy_url",
        "business.default_redirect_url",
        "business.custom_domain",
        "invoices.history_visible",
        "emails.custom_domain",
        "emails.successful_payments",
        "emails.refunds",
        "emails.upcoming_renewals",
        "emails.expiring_cards",
        "emails.failed_payments",
        "emails.trial_ending",
        "branding.logo",
        "branding.icon",
        "branding.background_color",
        "branding.button_color",
        "branding.font",
        "branding.shapes",
        "branding.connect_charges",
        "advanced.configuration_name",
        "advanced.login_page",
        "advanced.payment_method_configuration",
        "advanced.metadata",
    ]
    assert list(SETTINGS) == expected


def test_defaults_are_the_dashboards_defaults() -> None:
    assert DEFAULTS["cancellations.enabled"] is True
    assert DEFAULTS["cancellations.reason_options"] == [
        "too_expensive",
        "missing_features",
        "switched_service",
        "unused",
        "other",
    ]
    assert DEFAULTS["subscriptions.downgrade_conditions"] == ["decreasing_item_amount", "shortening_interval"]
    assert [
        DEFAULTS[f"customer.{k}"] for k in ("name", "email", "billing_address", "phone", "shipping_address", "tax_id")
    ] == [True, True, True, True, False, False]
    assert DEFAULTS["branding.font"] == "default" and DEFAULTS["branding.shapes"] == "rounded"
    assert DEFAULTS["profile.mode"] == "test" and DEFAULTS["advanced.metadata"] == {}


def test_every_setting_has_a_label_help_text_and_a_tab() -> None:
    for info in SETTINGS.values():
        assert info.label and len(info.meta.help) > 20, info.key
        assert isinstance(info.meta.tab, Tab)


def test_promotion_codes_appear_on_two_tabs_as_one_setting() -> None:
    assert SETTINGS["subscriptions.promotion_codes"] in by_tab(Tab.SUBSCRIPTIONS)
    assert SETTINGS["subscriptions.promotion_codes"] in by_tab(Tab.CUSTOMER)


def test_a_new_profile_has_exactly_one_error_the_missing_business_name() -> None:
    errors = errors_of(check({}))
    assert [(p.key, p.rule) for p in errors] == [("business.business_name", "business_name_required")]


@pytest.mark.parametrize(
    "key, value, rule",
    [
        ("subscriptions.switch_plan", "yes", "bool_type"),
        ("subscriptions.switch_plan", 1, "bool_type"),
        ("business.headline", True, "string_type"),
        ("subscriptions.proration", "sometimes", "literal_error"),
        ("cancellations.proration", "always_invoice", "literal_error"),
        ("branding.font", "comic_sans", "literal_error"),
        ("cancellations.reason_options", "other", "list_type"),
        ("advanced.metadata", ["a"], "dict_type"),
    ],
)
def test_wrong_types_and_unknown_enum_values_are_errors(key: str, value: Any, rule: str) -> None:
    section, name = key.split(".")
    found = problems_for({section: {name: value}})
    assert any(k.startswith(key) and r == rule for k, r in found.items()), found


def test_an_unknown_enum_value_names_the_allowed_ones() -> None:
    [problem] = [p for p in check({"subscriptions": {"proration": "later"}}) if p.rule == "literal_error"]
    assert "'none', 'always_invoice' or 'create_prorations'" in problem.message


def test_a_table_of_the_wrong_kind_is_an_error_on_that_table() -> None:
    assert problems_for({"customer": 3}) == {"customer": "model_type"}


@pytest.mark.parametrize(
    "key, length, ok",
    [
        ("business.headline", 60, True),
        ("business.headline", 61, False),
        ("advanced.configuration_name", 256, True),
        ("advanced.configuration_name", 257, False),
        ("profile.description", 5000, True),
        ("profile.description", 5001, False),
    ],
)
def test_text_lengths_are_limited(key: str, length: int, ok: bool) -> None:
    section, name = key.split(".")
    assert (key not in problems_for({section: {name: "x" * length}})) is ok


@pytest.mark.parametrize("text", ["a\x1b[2Jb", "tab\there", "new\nline", "bidi\u202eevil", "del\x7f"])
def test_control_escape_and_bidi_characters_are_refused_in_one_line_text(text: str) -> None:
    assert problems_for({"profile": {"description": text}}) == {"profile.description": "control_character"}


def test_markup_like_text_is_plain_text_and_allowed() -> None:
    assert problems_for({"profile": {"description": "[bold]x[/] [link=http://e.vil]y[/]"}}) == {}


@pytest.mark.parametrize(
    "url, rule",
    [
        ("", None),
        ("https://acme.example/terms", None),
        ("http://acme.example", "http_url"),
        ("acme.example/terms", "url"),
        ("ftp://acme.example", "url"),
        ("https://", "url"),
        ("https://acme example", "url"),
        ("mailto:x@acme.example", "url"),
    ],
)
def test_url_fields_take_absolute_http_urls_and_warn_about_http(url: str, rule: str | None) -> None:
    found = check({**NAMED, "business": {"business_name": "A", "default_redirect_url": url}})
    rules = {p.rule for p in found if p.key == "business.default_redirect_url"}
    assert rules == ({rule} if rule else set())
    if rule == "http_url":
        assert not errors_of(found)


@pytest.mark.parametrize(
    "host, ok",
    [
        ("billing.example.com", True),
        ("example.com", True),
        ("a-b.example.co.uk", True),
        ("", True),
        ("https://billing.example.com", False),
        ("billing.example.com/portal", False),
        ("billing.example.com:443", False),
        ("192.168.1.10", False),
        ("billing.example.com.", False),
        ("localhost", False),
        ("-bad.example.com", False),
        ("bad_.example.com", False),
        ("a..b.com", False),
    ],
)
def test_custom_domains_must_be_host_names(host: str, ok: bool) -> None:
    for key in ("business.custom_domain", "emails.custom_domain"):
        section, name = key.split(".")
        assert (key not in problems_for({section: {name: host}})) is ok, key


@pytest.mark.parametrize(
    "color, ok",
    [
        ("#fff", True),
        ("#FFFFFF", True),
        ("#0a2540", True),
        ("", True),
        ("fff", False),
        ("#ffff", False),
        ("#ggg", False),
        ("red", False),
        ("#0a25401", False),
    ],
)
def test_colors_are_hash_rgb_or_hash_rrggbb(color: str, ok: bool) -> None:
    assert ("branding.button_color" not in problems_for({"branding": {"button_color": color}})) is ok


def _subs(**values: Any) -> dict[str, Any]:
    return {"subscriptions": values}


PRODUCT = {"product": "prod_1", "prices": ["price_1"]}


def test_switch_plan_needs_a_product_with_a_price() -> None:
    assert problems_for(_subs(switch_plan=True)) == {"subscriptions.products": "products_required"}
    assert problems_for(_subs(update_quantities=True)) == {"subscriptions.products": "products_required"}
    assert problems_for(_subs(switch_plan=True, products=[PRODUCT])) == {}


def test_products_check_prefixes_duplicates_prices_and_the_limit_even_while_not_applicable() -> None:
    bad = [
        {"product": "item_1", "prices": ["price_1"]},
        {"product": "prod_2", "prices": ["cost_2"]},
        {"product": "prod_3", "prices": []},
        {"product": "prod_4", "prices": ["price_4", "price_4"]},
    ]
    found = problems_for(_subs(products=bad))
    assert found == {
        "subscriptions.products[0].product": "id_prefix",
        "subscriptions.products[1].prices[0]": "id_prefix",
        "subscriptions.products[2].prices": "no_prices",
        "subscriptions.products[3].prices[1]": "duplicate_price",
    }
    twice = problems_for(_subs(products=[PRODUCT, PRODUCT]))
    assert twice == {"subscriptions.products[1].product": "duplicate_product"}
    eleven = [{"product": f"prod_{i}", "prices": [f"price_{i}"]} for i in range(11)]
    assert problems_for(_subs(switch_plan=True, products=eleven)) == {"subscriptions.products": "too_many_products"}


@pytest.mark.parametrize(
    "quantity, ok",
    [
        ({"enabled": True, "minimum": 0, "maximum": 0}, True),
        ({"enabled": True, "minimum": 2, "maximum": 2}, True),
        ({"enabled": True, "minimum": 5, "maximum": 2}, False),
        ({"enabled": True, "minimum": -1, "maximum": 0}, False),
        ({"enabled": "yes"}, False),
        ({"minimum": 1.5}, False),
    ],
)
def test_adjustable_quantity_limits(quantity: dict[str, Any], ok: bool) -> None:
    found = problems_for(_subs(update_quantities=True, products=[{**PRODUCT, "adjustable_quantity": quantity}]))
    assert (found == {}) is ok, found


def test_period_end_downgrades_need_a_condition_unless_not_applicable() -> None:
    on = _subs(switch_plan=True, products=[PRODUCT], downgrades="period_end", downgrade_conditions=[])
    assert problems_for(on) == {"subscriptions.downgrade_conditions": "conditions_required"}
    off = _subs(downgrades="period_end", downgrade_conditions=[])
    assert problems_for(off) == {}


def test_cancellation_rules() -> None:
    assert problems_for({"cancellations": {"proration": "create_prorations"}}) == {
        "cancellations.proration": "proration_needs_immediately"
    }
    assert problems_for({"cancellations": {"proration": "create_prorations", "mode": "immediately"}}) == {}
    assert problems_for({"cancellations": {"reason_options": []}}) == {
        "cancellations.reason_options": "reasons_required"
    }
    assert problems_for({"cancellations": {"retention_coupons": True}}) == {
        "cancellations.retention_coupon": "coupon_required"
    }


def test_not_applicable_settings_lose_only_their_at_least_one_requirements() -> None:
    relaxed = {"cancellations": {"enabled": False, "reason_options": [], "retention_coupons": True}}
    assert problems_for(relaxed) == {}
    assert problems_for({"cancellations": {"reason": False, "reason_options": []}}) == {}
    still = {"cancellations": {"enabled": False, "proration": "create_prorations", "reason_options": ["bogus"]}}
    assert set(problems_for(still)) == {"cancellations.proration", "cancellations.reason_options[0]"}


def test_why_a_setting_does_not_apply_is_said_with_the_setting_it_depends_on() -> None:
    values = dict(DEFAULTS)
    info = SETTINGS["customer.tax_id"]
    assert info.not_applicable(values) is None
    values["customer.billing_information"] = False
    assert "Billing information" in (info.not_applicable(values) or "")
    assert info.meta.not_applicable[0].depends_on == "customer.billing_information"
    assert SETTINGS["subscriptions.products"].not_applicable(DEFAULTS)


def test_metadata_limits() -> None:
    assert problems_for({"advanced": {"metadata": {"team": "billing"}}}) == {}
    assert problems_for({"advanced": {"metadata": {"k" * 41: "v"}}}) == {
        f"advanced.metadata.{'k' * 41}": "metadata_key"
    }
    assert problems_for({"advanced": {"metadata": {"k": "v" * 501}}}) == {"advanced.metadata.k": "metadata_value"}
    many = {f"k{i}": "v" for i in range(51)}
    assert problems_for({"advanced": {"metadata": many}}) == {"advanced.metadata": "metadata_too_many"}
    assert problems_for({"advanced": {"metadata": {"n": 3}}}) == {"advanced.metadata.n": "string_type"}


def test_payment_method_configuration_is_a_pmc_id_or_empty() -> None:
    assert problems_for({"advanced": {"payment_method_configuration": "pmc_123"}}) == {}
    assert problems_for({"advanced": {"payment_method_configuration": "pm_123"}}) == {
        "advanced.payment_method_configuration": "id_prefix"
    }


def test_one_broken_setting_does_not_hide_rules_broken_elsewhere_in_its_table() -> None:
    found = problems_for({"cancellations": {"reason": "yes", "proration": "create_prorations"}})
    assert found == {"cancellations.reason": "bool_type", "cancellations.proration": "proration_needs_immediately"}


def test_unknown_keys_are_warnings_with_a_suggestion() -> None:
    found = check({**NAMED, "customer": {"tax_idd": True}, "brandng": {}, "x-ours": {"a": 1}})
    warnings = {p.key: p.message for p in found if p.severity == "warning"}
    assert 'did you mean "customer.tax_id"' in warnings["customer.tax_idd"]
    assert 'did you mean "branding"' in warnings["brandng"]
    assert "did you mean" not in warnings["x-ours"]
    assert not errors_of(found)


def test_closest_key_suggests_a_bare_field_name_with_its_table() -> None:
    assert closest_key("tax_id") == "customer.tax_id"
    assert closest_key("customer.taxid") == "customer.tax_id"


def test_a_newer_schema_version_is_a_warning_and_every_rule_still_holds() -> None:
    found = check(
        {
            "schema_version": 2,
            "customer": {"tax_id": "yes"},
            "subscriptions": {"switch_plan": True},
            "business": {"business_name": "A"},
        }
    )
    assert ("schema_version", "warning") in [(p.key, p.severity) for p in found]
    errors = {p.key for p in found if p.severity == "error"}
    assert errors == {"customer.tax_id", "subscriptions.products"}


def test_logo_and_icon_files_are_checked(tmp_path: Path) -> None:
    png(tmp_path / "logo.png", 300, 128)
    png(tmp_path / "square.png", 128, 128)
    jpeg(tmp_path / "photo.jpg", 200, 200)
    png(tmp_path / "tiny.png", 64, 64)
    png(tmp_path / "big.png", 128, 128, pad=600 * 1024)
    (tmp_path / "notes.txt").write_text("hello")

    def branding(**values: str) -> dict[str, str]:
        return problems_for({"branding": values}, images=tmp_path)

    assert branding(logo="logo.png", icon="square.png") == {}
    assert branding(logo=str(tmp_path / "photo.jpg"), icon="photo.jpg") == {}
    assert branding(logo="file_123", icon="file_456") == {}
    assert branding(icon="logo.png") == {"branding.icon": "image_rule"}
    assert branding(logo="tiny.png") == {"branding.logo": "image_rule"}
    assert branding(logo="big.png") == {"branding.logo": "image_rule"}
    assert branding(logo="notes.txt") == {"branding.logo": "image_unreadable"}
    [missing] = [
        p for p in check({**NAMED, "branding": {"logo": "gone.png"}}, inspector(tmp_path)) if p.key == "branding.logo"
    ]
    assert str(tmp_path / "gone.png") in missing.message


def test_a_home_relative_logo_path_expands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    png(tmp_path / "logo.png", 200, 200)
    assert problems_for({"branding": {"logo": "~/logo.png"}}, images=tmp_path / "elsewhere") == {}


def test_every_settings_row_kind_is_read_from_its_type_and_a_wrong_declaration_is_refused() -> None:
    from typing import Literal

    from portal_tui.model.catalog import SETTINGS
    from portal_tui.model.derive import kind_of
    from portal_tui.model.meta import TEXT_KINDS, Kind

    kinds = {info.key: info.kind for info in SETTINGS.values()}
    assert kinds["customer.tax_id"] is Kind.TOGGLE and kinds["subscriptions.proration"] is Kind.CHOICE
    assert kinds["cancellations.reason_options"] is Kind.MULTI and kinds["subscriptions.products"] is Kind.PRODUCTS
    assert kinds["advanced.metadata"] is Kind.TABLE and kinds["business.terms_of_service_url"] is Kind.URL
    assert kinds["branding.button_color"] is Kind.COLOR and kinds["business.business_name"] is Kind.TEXT
    assert {k for k, v in kinds.items() if v in TEXT_KINDS} >= {"branding.logo", "emails.custom_domain"}
    with pytest.raises(TypeError, match="only text declares its kind"):
        kind_of("x.y", bool, Kind.URL)
    with pytest.raises(TypeError, match="text cannot be shown as toggle"):
        kind_of("x.y", str, Kind.TOGGLE)
    with pytest.raises(TypeError, match="no row shows"):
        kind_of("x.y", float, None)
    assert kind_of("x.y", Literal["a", "b"], None) is Kind.CHOICE


def test_pause_durations_are_checked_while_pausing_is_on() -> None:
    base = {"business": {"business_name": "A"}}

    def errors(pause: dict[str, Any]) -> set[tuple[str, str]]:
        found = check({**base, "subscriptions": {"pause": pause}})
        return {(p.key, p.rule) for p in found if p.severity == "error"}

    assert errors({"enabled": True}) == set()  # the default: one month
    assert errors({"enabled": True, "intervals": []}) == {("subscriptions.pause.intervals", "intervals_required")}
    assert errors({"enabled": True, "duration": "indefinite", "intervals": []}) == set()
    assert errors({"enabled": False, "intervals": []}) == set()  # not applicable: "at least one" is not asked
    too_long = {"enabled": True, "intervals": [{"interval": "month", "count": 37}, {"interval": "day", "count": 1095}]}
    assert errors(too_long) == {("subscriptions.pause.intervals[0].count", "pause_too_long")}
    twice = {"enabled": True, "intervals": [{"interval": "week", "count": 2}, {"interval": "week", "count": 2}]}
    assert errors(twice) == {("subscriptions.pause.intervals[1]", "duplicate_entry")}
    assert errors({"enabled": True, "intervals": [{"interval": "fortnight"}]}) == {
        ("subscriptions.pause.intervals[0].interval", "literal_error")
    }
    assert errors({"enabled": "yes"}) == {("subscriptions.pause.enabled", "bool_type")}


def test_custom_feedback_options_are_ids_listed_once() -> None:
    found = check({"business": {"business_name": "A"}, "cancellations": {"feedback_options": ["bfo_1", "bfo_1", ""]}})
    assert {(p.key, p.rule) for p in found if p.severity == "error"} == {
        ("cancellations.feedback_options[2]", "string_too_short"),
    }
    found = check({"business": {"business_name": "A"}, "cancellations": {"feedback_options": ["bfo_1", "bfo_1"]}})
    assert {(p.key, p.rule) for p in found if p.severity == "error"} == {
        ("cancellations.feedback_options[1]", "duplicate_entry")
    }


def test_an_unknown_key_inside_a_group_is_a_warning_with_a_suggestion() -> None:
    found = check({"business": {"business_name": "A"}, "subscriptions": {"pause": {"enable": True}}})
    assert [(p.key, p.severity) for p in found] == [("subscriptions.pause.enable", "warning")]
    assert 'did you mean "subscriptions.pause.enabled"' in found[0].message
