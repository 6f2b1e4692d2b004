"""A billing_portal.configuration object, as Stripe returns it, read back into profile values."""

from __future__ import annotations

from typing import Any

from ..model.catalog import SETTINGS
from .mapping import MAPPING, entries, get_path

OBJECT = "billing_portal.configuration"

_MAPPED = {p.path for p in MAPPING}


class NotAConfiguration(ValueError):
    """The input is not a configuration object (exit 2, no profile written)."""


def _leaves(node: Any, prefix: str = "") -> list[str]:
    """Dotted paths of an object's leaves (lists count as leaves)."""
    if isinstance(node, dict) and node and not prefix.endswith("metadata"):
        return [leaf for k, v in node.items() for leaf in _leaves(v, f"{prefix}.{k}" if prefix else k)]
    return [prefix] if prefix else []


def from_object(obj: Any) -> tuple[dict[str, Any], list[str]]:
    """Profile values by key (nulls left to the defaults), and lines saying what was not kept
    or could not be represented and what was chosen instead."""
    if not isinstance(obj, dict) or obj.get("object") != OBJECT:
        kind = obj.get("object") if isinstance(obj, dict) else type(obj).__name__
        raise NotAConfiguration(f"not a {OBJECT} object (object: {kind})")
    values: dict[str, Any] = {}
    for param in MAPPING:
        found = get_path(obj, param.path)
        if found is not None:
            values.update(param.back(found))
    if isinstance(obj.get("livemode"), bool):
        values["profile.mode"] = "live" if obj["livemode"] else "test"
    report = _not_kept(obj)
    report += _choices(obj, values)
    unknown = [k for k in values if k not in SETTINGS]
    assert not unknown, unknown
    return values, report


def _not_kept(obj: dict[str, Any]) -> list[str]:
    leaves = _leaves(obj)
    dropped = [
        p
        for p in leaves
        if p not in _MAPPED
        and not any(p == m or p.startswith(m + ".") for m in _MAPPED)
        and p != "livemode"
        and get_path(obj, p) is not None
    ]
    # schedule_at_period_end is mapped through its conditions list
    dropped = [p for p in dropped if not p.startswith("features.subscription_update.schedule_at_period_end")]
    return [f"not kept (Stripe keeps these itself): {', '.join(dropped)}"] if dropped else []


def _choices(obj: dict[str, Any], values: dict[str, Any]) -> list[str]:
    """Values the schema cannot hold as Stripe has them, with what was chosen."""
    lines = []
    update = get_path(obj, "features.subscription_update") or {}
    allowed = update.get("default_allowed_updates") or []
    moves = {"price", "quantity"} & set(allowed)
    if update.get("enabled") and not moves:
        lines.append(
            "subscription_update.enabled is true but default_allowed_updates has neither price nor "
            "quantity: imported with Switch plan and Update quantities off"
        )
    if update.get("enabled") is False and moves:
        lines.append(
            f"subscription_update.enabled is false but default_allowed_updates lists "
            f"{', '.join(sorted(moves))}: imported off, as Stripe applies it"
        )
        values["subscriptions.switch_plan"] = False
        values["subscriptions.update_quantities"] = False
    if update.get("enabled") and update.get("products") is None:
        lines.append(
            "subscription updates are on but products is null: the object was fetched without "
            "expand[]=features.subscription_update.products, so the products are missing"
        )
    cancel = get_path(obj, "features.subscription_cancel") or {}
    if cancel.get("proration_behavior") == "always_invoice":
        lines.append(
            'subscription_cancel.proration_behavior "always_invoice" is not valid for cancellations: imported as "none"'
        )
        values["cancellations.proration"] = "none"
    customer = get_path(obj, "features.customer_update") or {}
    if customer.get("enabled") is False and customer.get("allowed_updates"):
        lines.append(
            "customer_update.enabled is false with allowed_updates listed: the fields are kept "
            "and apply once Billing information is on"
        )
    for path in ("features.subscription_update.default_allowed_updates", "features.customer_update.allowed_updates"):
        known = list(entries(path).values())
        listed = get_path(obj, path)
        strange = [v for v in listed if v not in known] if isinstance(listed, list) else []
        if strange:
            lines.append(
                f"{path.removeprefix('features.')} lists {', '.join(map(repr, strange))}, which a profile "
                f"cannot hold (known: {', '.join(known)}): not kept"
            )
    return lines
