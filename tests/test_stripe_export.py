"""Export: every body is checked by the official stripe package's types, and means the profile."""

from __future__ import annotations

import json
import shlex
import tomllib
from typing import Any
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal_tui.model.catalog import SETTINGS, effective
from portal_tui.model.edits import apply
from portal_tui.model.problems import check, errors_of
from portal_tui.stripe.export import build, pairs

from .conftest import DATA
from .stripe_types import CREATE, UPDATE, problems
from .test_roundtrip import value_for


def export_of(data: dict[str, Any], update: str | None = None):
    return build(effective(data), check(data), update)


def test_the_default_profile_exports_a_valid_create_and_update() -> None:
    result = export_of({})
    assert not result.errors  # the missing business name is Dashboard-only: a warning
    assert problems(result.params, CREATE) == []
    assert problems(export_of({}, "bpc_1").params, UPDATE) == []
    assert any("business.business_name" in n and n.startswith("warning") for n in result.notices)


def test_the_maximal_profile_exports_what_it_says() -> None:
    data = tomllib.loads((DATA / "maximal.toml").read_text())
    params = export_of(data).params
    assert problems(params, CREATE) == []
    update = params["features"]["subscription_update"]
    assert update["enabled"] is True
    assert update["default_allowed_updates"] == ["price", "quantity", "promotion_code"]
    assert update["products"][0] == {
        "product": "prod_basic",
        "prices": ["price_basic_month", "price_basic_year"],
        "adjustable_quantity": {"enabled": True, "minimum": 1, "maximum": 25},
    }
    assert update["schedule_at_period_end"] == {"conditions": [{"type": "shortening_interval"}]}
    assert params["features"]["customer_update"] == {"enabled": True, "allowed_updates": ["shipping", "tax_id"]}
    assert params["features"]["subscription_cancel"]["proration_behavior"] == "create_prorations"
    assert params["business_profile"]["terms_of_service_url"] == "https://acme.example/terms"
    assert params["metadata"] == {"team": "billing", "ticket": "SUP-1234"}
    assert params["name"] == "Acme live portal" and params["login_page"] == {"enabled": True}


def valid(data: dict[str, Any]) -> dict[str, Any]:
    """Complete what a random set of values leaves required (the rules' "at least one" and pairings)."""
    values = effective(data)
    fixes: dict[str, Any] = {}
    if (values["subscriptions.switch_plan"] or values["subscriptions.update_quantities"]) and not values[
        "subscriptions.products"
    ]:
        fixes["subscriptions.products"] = [{"product": "prod_1", "prices": ["price_1"]}]
    if values["cancellations.proration"] == "create_prorations":
        fixes["cancellations.mode"] = "immediately"
    if values["cancellations.retention_coupons"]:
        fixes["cancellations.retention_coupon"] = "STAY"
    return apply(data, fixes)


PROFILE_CHANGES = st.lists(st.sampled_from(list(SETTINGS)), min_size=1, max_size=10, unique=True).flatmap(
    lambda keys: st.fixed_dictionaries({k: value_for(k) for k in keys})
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILE_CHANGES, st.booleans())
def test_every_valid_profile_exports_a_body_the_sdk_types_accept(changes: dict[str, Any], update: bool) -> None:
    data = valid(apply({"business": {"business_name": "Acme"}}, changes))
    assert errors_of(check(data)) == []
    result = export_of(data, "bpc_1" if update else None)
    assert not result.errors
    assert problems(result.params, UPDATE if update else CREATE) == []
    values = effective(data)
    sent = result.params["features"]
    assert sent["subscription_update"]["enabled"] == bool(
        values["subscriptions.switch_plan"] or values["subscriptions.update_quantities"]
    )
    if sent["subscription_update"]["enabled"]:
        assert sent["subscription_update"]["products"], "Stripe rejects updates without products"
    cancel = sent["subscription_cancel"]
    assert cancel["proration_behavior"] in ("none", "create_prorations")
    if cancel["proration_behavior"] == "create_prorations":
        assert cancel["mode"] == "immediately"


def test_empty_links_are_left_out_on_create_and_cleared_on_update() -> None:
    create = export_of({})
    assert "privacy_policy_url" not in create.params["business_profile"]
    update = export_of({}, "bpc_1")
    assert update.params["business_profile"]["privacy_policy_url"] == ""
    assert update.params["metadata"] == ""  # clears every key


def test_empty_downgrade_conditions_are_noticed_on_create() -> None:
    result = export_of({"subscriptions": {"downgrades": "immediately"}})
    assert result.params["features"]["subscription_update"]["schedule_at_period_end"] == {"conditions": []}
    assert any("schedule_at_period_end][conditions] is empty" in n and "--update" in n for n in result.notices)


def test_a_cancellation_reason_without_options_is_left_out_on_create() -> None:
    data = {"cancellations": {"enabled": False, "reason_options": []}}
    result = export_of(data)
    assert "cancellation_reason" not in result.params["features"]["subscription_cancel"]
    assert problems(result.params, CREATE) == []
    updated = export_of(data, "bpc_1")
    assert updated.params["features"]["subscription_cancel"]["cancellation_reason"]["options"] == []


def test_errors_in_sent_settings_refuse_and_dashboard_only_errors_do_not() -> None:
    assert [p.key for p in export_of({"subscriptions": {"switch_plan": True}}).errors] == ["subscriptions.products"]
    assert not export_of({"business": {"custom_domain": "not a host"}}).errors


def test_form_pairs_keep_brackets_literal_and_empty_lists_follow_create_or_update() -> None:
    data = {"business": {"headline": "Billing & plans: 100%"}, "subscriptions": {"downgrades": "immediately"}}
    create = dict(pairs(export_of(data).params, update=False))
    assert create["business_profile[headline]"] == "Billing & plans: 100%"
    assert "features[subscription_update][schedule_at_period_end][conditions]" not in create
    assert create["features[customer_update][allowed_updates][0]"] == "name"
    update = dict(pairs(export_of(data, "bpc_1").params, update=True))
    assert update["features[subscription_update][schedule_at_period_end][conditions]"] == ""


def test_the_cli_prints_json_form_and_a_runnable_curl(cli, install) -> None:
    install("maximal", "demo")
    as_json = cli("export", "demo")
    assert as_json.code == 0 and problems(json.loads(as_json.out), CREATE) == []
    assert "dashboard-only: branding.font (Font) = inter" in as_json.err
    form = cli("export", "demo", "--format", "form").out.splitlines()
    assert "business_profile[headline]=Acme%20partners%20with%20Stripe%20for%20simplified%20billing." in form
    curl = cli("export", "demo", "--format", "curl", "--update", "bpc_123").out
    words = shlex.split(curl.replace("\\\n", " "))
    assert words[:2] == ["curl", "https://api.stripe.com/v1/billing_portal/configurations/bpc_123"]
    assert words[2:6] == ["-u", "$STRIPE_API_KEY:", "-H", "Stripe-Version: 2026-10-28.endive"]
    data = [words[i + 1] for i, w in enumerate(words) if w == "--data-urlencode"]
    assert "metadata[team]=billing" in data
    assert [unquote(line.split("=", 1)[1]) for line in form if line.startswith("name=")] == ["Acme live portal"]


def test_export_refuses_with_exit_1_and_nothing_on_stdout(cli, profiles) -> None:
    (profiles / "demo.toml").write_text("[subscriptions]\nswitch_plan = true\n")
    result = cli("export", "demo")
    assert result.code == 1 and result.out == ""
    assert "subscriptions.products: error" in result.err


def test_export_takes_only_a_configuration_id_for_update(cli, install) -> None:
    install("minimal", "demo")
    assert cli("export", "demo", "--update", "cus_123; rm -rf /").code == 2


def test_every_parameter_a_setting_declares_has_a_mapping_and_every_mapping_a_setting() -> None:
    from portal_tui.model.catalog import SETTINGS
    from portal_tui.stripe.mapping import KEYS, MAPPING

    declared = {param for info in SETTINGS.values() if info.meta.stripe for param in info.meta.stripe.params}
    mapped = [p.path for p in MAPPING]
    assert len(mapped) == len(set(mapped)), "a parameter is mapped twice"
    assert declared == set(mapped), declared ^ set(mapped)
    assert set(KEYS) == declared


def test_list_entries_come_from_the_settings_declarations() -> None:
    from portal_tui.stripe.mapping import entries

    assert entries("features.customer_update.allowed_updates") == {
        "customer.name": "name", "customer.email": "email", "customer.billing_address": "address",
        "customer.phone": "phone", "customer.shipping_address": "shipping", "customer.tax_id": "tax_id",
    }  # fmt: skip
    assert list(entries("features.subscription_update.default_allowed_updates").values()) == [
        "price", "quantity", "promotion_code",
    ]  # fmt: skip


def test_pause_is_sent_as_stripe_shapes_it_and_active_only_on_update() -> None:
    from portal_tui.model.catalog import DEFAULTS
    from portal_tui.stripe.export import build

    values = dict(DEFAULTS)
    values.update({"business.business_name": "A", "subscriptions.pause.enabled": True, "profile.active": False,
                   "subscriptions.pause.intervals": [{"interval": "week", "count": 2}]})  # fmt: skip
    created = build(values, []).params
    assert created["features"]["subscription_pause"] == {
        "enabled": True,
        "duration": {"type": "interval_options", "interval_options": [{"interval": "week", "interval_count": 2}]},
    }
    assert "active" not in created
    updated = build(values, [], update="bpc_1").params
    assert updated["active"] is False
    values["subscriptions.pause.duration"] = "indefinite"
    assert build(values, []).params["features"]["subscription_pause"]["duration"] == {"type": "indefinite"}
