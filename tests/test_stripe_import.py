"""Import: realistic configuration objects into profiles, what is reported, and round trips."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from portal_tui.model.catalog import effective
from portal_tui.model.problems import check
from portal_tui.stripe.export import build
from portal_tui.stripe.importer import NotAConfiguration, from_object

from .conftest import DATA


def load(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"configuration-{name}.json").read_text())


def features(body: dict[str, Any]) -> dict[str, Any]:
    """What a configuration (object or request) means, with Stripe's nulls and omissions evened out."""
    f = body.get("features", {})
    update, cancel = f.get("subscription_update", {}), f.get("subscription_cancel", {})
    reason = cancel.get("cancellation_reason", {})

    def product(p: dict[str, Any]) -> tuple[Any, ...]:
        q = p.get("adjustable_quantity") or {}
        return (p["product"], tuple(p["prices"]), bool(q.get("enabled")), q.get("minimum") or 0, q.get("maximum") or 0)

    profile = body.get("business_profile") or {}
    return {
        "update": (
            update.get("enabled"),
            sorted(update.get("default_allowed_updates") or []),
            [product(p) for p in update.get("products") or []],
            update.get("proration_behavior"),
            [c["type"] for c in (update.get("schedule_at_period_end") or {}).get("conditions") or []],
            update.get("trial_update_behavior"),
            update.get("billing_cycle_anchor") or "unchanged",
        ),
        "cancel": (
            cancel.get("enabled"),
            cancel.get("mode"),
            cancel.get("proration_behavior"),
            reason.get("enabled"),
            reason.get("options"),
        ),
        "customer": (f["customer_update"]["enabled"], sorted(f["customer_update"].get("allowed_updates") or [])),
        "payment": (
            f["payment_method_update"]["enabled"],
            f["payment_method_update"].get("payment_method_configuration") or "",
        ),
        "invoices": f["invoice_history"]["enabled"],
        "profile": {k: profile.get(k) or "" for k in ("headline", "privacy_policy_url", "terms_of_service_url")},
        "return": body.get("default_return_url") or "",
        "login": (body.get("login_page") or {}).get("enabled"),
        "metadata": body.get("metadata") or {},
        "name": body.get("name") or "",
    }


@pytest.mark.parametrize("name", ["full", "default"])
def test_import_then_export_gives_back_the_same_features(name: str) -> None:
    obj = load(name)
    values, _ = from_object(obj)
    data: dict[str, Any] = {}
    from portal_tui.model.edits import apply

    data = apply(data, values)
    exported = build(effective(data), check(data), update="bpc_1")
    assert not exported.errors
    assert features(exported.params) == features(obj)


def test_what_is_not_kept_and_the_livemode_are_reported(cli, config_dir: Path) -> None:
    result = cli("import", str(DATA / "configuration-full.json"))
    assert result.code == 0
    assert (
        "not kept (Stripe keeps these itself): id, object, created, is_default, login_page.url, updated" in result.err
    )
    path = config_dir / "profiles" / "bpc_1qxportalfull0001.toml"
    data = tomllib.loads(path.read_text())
    assert data["profile"]["mode"] == "test" and data["subscriptions"]["proration"] == "always_invoice"
    assert "business.business_name" in result.err  # Dashboard-only, so still to be filled in
    assert "# Business name" in path.read_text()  # written from the commented template


def test_values_the_schema_cannot_hold_are_reported_with_the_choice_made() -> None:
    obj = load("full")
    obj["features"]["subscription_cancel"]["proration_behavior"] = "always_invoice"
    obj["features"]["subscription_update"]["products"] = None
    obj["features"]["customer_update"]["enabled"] = False
    values, report = from_object(obj)
    assert values["cancellations.proration"] == "none"
    text = "\n".join(report)
    assert 'imported as "none"' in text
    assert "expand[]=features.subscription_update.products" in text
    assert "apply once Billing information is on" in text
    obj = load("default")
    obj["features"]["subscription_update"]["default_allowed_updates"] = ["price"]
    values, report = from_object(obj)
    assert values["subscriptions.switch_plan"] is False and "imported off" in report[-1]


@pytest.mark.parametrize(
    "junk, says",
    [
        ("[1, 2]", "not a billing_portal.configuration"),
        ('{"object": "customer", "id": "cus_1"}', "(object: customer)"),
        ("{not json", ":1:2: not JSON"),
        ("", ":1:1: not JSON"),
    ],
)
def test_junk_and_other_objects_are_refused_and_write_nothing(
    cli, tmp_path: Path, config_dir: Path, junk: str, says: str
) -> None:
    path = tmp_path / "in.json"
    path.write_text(junk)
    result = cli("import", str(path))
    assert result.code == 2 and says in result.err and result.err.count("\n") == 1
    assert not (config_dir / "profiles").exists() or not list((config_dir / "profiles").iterdir())


def test_an_existing_profile_is_replaced_only_with_force_and_kept_in_history(cli, install, config_dir: Path) -> None:
    path = install("maximal", "acme")
    before = path.read_bytes()
    refused = cli("import", str(DATA / "configuration-default.json"), "--name", "acme")
    assert refused.code == 2 and "--force" in refused.err and path.read_bytes() == before
    assert cli("import", str(DATA / "configuration-default.json"), "--name", "acme", "--force").code == 0
    assert tomllib.loads(path.read_text())["profile"]["mode"] == "live"
    assert cli("restore", "acme").code == 0 and path.read_bytes() == before


def test_a_non_configuration_raises_a_clear_error() -> None:
    with pytest.raises(NotAConfiguration):
        from_object({"object": "billing_portal.session"})


def test_pause_custom_feedback_options_and_active_are_imported() -> None:
    obj = load("full")
    obj["active"] = False
    obj["features"]["subscription_pause"] = {
        "enabled": True,
        "duration": {"type": "interval_options", "interval_options": [{"interval": "week", "interval_count": 2}]},
    }
    obj["features"]["subscription_cancel"]["cancellation_reason"]["feedback_options"] = ["bfo_123"]
    values, report = from_object(obj)
    assert values["subscriptions.pause.enabled"] is True
    assert values["subscriptions.pause.duration"] == "interval_options"
    assert values["subscriptions.pause.intervals"] == [{"interval": "week", "count": 2}]
    assert values["cancellations.feedback_options"] == ["bfo_123"]
    assert values["profile.active"] is False
    assert not any("pause" in line or "feedback" in line or "active" in line for line in report)


def test_values_of_allowed_updates_a_profile_cannot_hold_are_reported_not_dropped_silently() -> None:
    obj = load("full")
    obj["features"]["customer_update"]["allowed_updates"] = ["email", "nickname"]
    obj["features"]["subscription_update"]["default_allowed_updates"] = ["price", "coupon"]
    values, report = from_object(obj)
    text = "\n".join(report)
    assert "customer_update.allowed_updates lists 'nickname'" in text
    assert "subscription_update.default_allowed_updates lists 'coupon'" in text
    assert values["customer.email"] is True and values["subscriptions.switch_plan"] is True


def test_import_says_each_thing_once(cli, tmp_path: Path) -> None:
    obj = load("full")
    obj["features"]["customer_update"]["allowed_updates"] = ["email", "nickname"]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(obj))
    result = cli("import", str(path), "--name", "once")
    assert result.code == 0
    lines = result.err.splitlines()
    assert len(lines) == len(set(lines)) and sum("business_name" in line for line in lines) == 1
