"""The one mapping between profile keys and Stripe's billing portal configuration parameters.

Each entry of ``MAPPING`` names a parameter path, the profile keys it is made from, how it is
made (``out``) and how a configuration object's value comes back (``back``). Export, import
and ``diff --stripe`` all read this table; nothing else knows the shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model.catalog import SETTINGS

Values = dict[str, Any]

API_VERSION = "2026-10-28.endive"

_BILLING_FIELDS = {
    "name": "name",
    "email": "email",
    "billing_address": "address",
    "phone": "phone",
    "shipping_address": "shipping",
    "tax_id": "tax_id",
}
_UPDATES = {"switch_plan": "price", "update_quantities": "quantity", "promotion_codes": "promotion_code"}
BILLING_VALUES = tuple(_BILLING_FIELDS.values())
"""The values of customer_update.allowed_updates a profile can hold."""
UPDATE_VALUES = tuple(_UPDATES.values())
"""The values of subscription_update.default_allowed_updates a profile can hold."""


def _product_out(product: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"product": product["product"], "prices": list(product["prices"])}
    quantity = product.get("adjustable_quantity")
    if isinstance(quantity, dict):
        q: dict[str, Any] = {"enabled": quantity.get("enabled", False), "minimum": quantity.get("minimum", 0)}
        if quantity.get("maximum"):
            q["maximum"] = quantity["maximum"]  # 0 means no maximum: Stripe's is unset
        out["adjustable_quantity"] = q
    return out


def _product_back(product: dict[str, Any]) -> dict[str, Any]:
    back: dict[str, Any] = {"product": product.get("product"), "prices": list(product.get("prices") or [])}
    quantity = product.get("adjustable_quantity")
    if isinstance(quantity, dict) and (quantity.get("enabled") or quantity.get("minimum") or quantity.get("maximum")):
        back["adjustable_quantity"] = {
            "enabled": bool(quantity.get("enabled")),
            "minimum": quantity.get("minimum") or 0,
            "maximum": quantity.get("maximum") or 0,
        }
    return back


@dataclass(frozen=True)
class Param:
    """One parameter: where it goes, which settings decide it, and both directions."""

    path: str
    keys: tuple[str, ...]
    out: Callable[[Values], Any]
    back: Callable[[Any], Values]
    empty_on_create: str = "send"
    """What to do with an empty value on create: "send" it, "omit" it (the create endpoint
    refuses ""), or "notice" (sent as [], which the official library drops; Stripe's own
    default, which may differ, then applies)."""


def _same(key: str) -> tuple[Callable[[Values], Any], Callable[[Any], Values]]:
    return (lambda v: v[key]), (lambda x: {key: x})


def _text(key: str) -> tuple[Callable[[Values], Any], Callable[[Any], Values]]:
    """Optional text: "" in the profile, null in a Stripe object."""
    return (lambda v: v[key]), (lambda x: {key: x or ""})


MAPPING: tuple[Param, ...] = (
    Param(
        "features.subscription_update.enabled",
        ("subscriptions.switch_plan", "subscriptions.update_quantities"),
        lambda v: bool(v["subscriptions.switch_plan"] or v["subscriptions.update_quantities"]),
        lambda x: {},
    ),  # decided by the allowed updates below (a mismatch is reported)
    Param(
        "features.subscription_update.default_allowed_updates",
        tuple(f"subscriptions.{k}" for k in _UPDATES),
        lambda v: [p for k, p in _UPDATES.items() if v[f"subscriptions.{k}"]],
        lambda x: {f"subscriptions.{k}": p in (x or []) for k, p in _UPDATES.items()},
    ),
    Param(
        "features.subscription_update.products",
        ("subscriptions.products",),
        lambda v: [_product_out(p) for p in v["subscriptions.products"]],
        lambda x: {"subscriptions.products": [_product_back(p) for p in x or []]},
    ),
    Param(
        "features.subscription_update.proration_behavior",
        ("subscriptions.proration",),
        *_same("subscriptions.proration"),
    ),
    Param(
        "features.subscription_update.schedule_at_period_end.conditions",
        ("subscriptions.downgrades", "subscriptions.downgrade_conditions"),
        lambda v: (
            [{"type": c} for c in v["subscriptions.downgrade_conditions"]]
            if v["subscriptions.downgrades"] == "period_end"
            else []
        ),
        lambda x: {
            "subscriptions.downgrades": "period_end" if x else "immediately",
            **({"subscriptions.downgrade_conditions": [c.get("type") for c in x]} if x else {}),
        },
        empty_on_create="notice",
    ),
    Param(
        "features.subscription_update.trial_update_behavior",
        ("subscriptions.trial_update_behavior",),
        *_same("subscriptions.trial_update_behavior"),
    ),
    Param(
        "features.subscription_update.billing_cycle_anchor",
        ("subscriptions.billing_cycle_anchor",),
        lambda v: v["subscriptions.billing_cycle_anchor"],
        lambda x: {"subscriptions.billing_cycle_anchor": x or "unchanged"},
    ),
    Param("features.subscription_cancel.enabled", ("cancellations.enabled",), *_same("cancellations.enabled")),
    Param("features.subscription_cancel.mode", ("cancellations.mode",), *_same("cancellations.mode")),
    Param(
        "features.subscription_cancel.proration_behavior",
        ("cancellations.proration",),
        *_same("cancellations.proration"),
    ),
    Param(
        "features.subscription_cancel.cancellation_reason.enabled",
        ("cancellations.reason",),
        *_same("cancellations.reason"),
    ),
    Param(
        "features.subscription_cancel.cancellation_reason.options",
        ("cancellations.reason_options",),
        lambda v: list(v["cancellations.reason_options"]),
        lambda x: {"cancellations.reason_options": list(x or [])},
        empty_on_create="notice",
    ),
    Param(
        "features.customer_update.enabled", ("customer.billing_information",), *_same("customer.billing_information")
    ),
    Param(
        "features.customer_update.allowed_updates",
        tuple(f"customer.{k}" for k in _BILLING_FIELDS),
        lambda v: [p for k, p in _BILLING_FIELDS.items() if v[f"customer.{k}"]],
        lambda x: {f"customer.{k}": p in (x or []) for k, p in _BILLING_FIELDS.items()},
        empty_on_create="notice",
    ),
    Param("features.payment_method_update.enabled", ("customer.payment_methods",), *_same("customer.payment_methods")),
    Param(
        "features.payment_method_update.payment_method_configuration",
        ("advanced.payment_method_configuration",),
        *_text("advanced.payment_method_configuration"),
    ),
    Param("features.invoice_history.enabled", ("invoices.history_visible",), *_same("invoices.history_visible")),
    Param("business_profile.headline", ("business.headline",), *_text("business.headline")),
    Param(
        "business_profile.privacy_policy_url",
        ("business.privacy_policy_url",),
        *_text("business.privacy_policy_url"),
        empty_on_create="omit",
    ),
    Param(
        "business_profile.terms_of_service_url",
        ("business.terms_of_service_url",),
        *_text("business.terms_of_service_url"),
        empty_on_create="omit",
    ),
    Param("default_return_url", ("business.default_redirect_url",), *_text("business.default_redirect_url")),
    Param("login_page.enabled", ("advanced.login_page",), *_same("advanced.login_page")),
    Param(
        "metadata",
        ("advanced.metadata",),
        lambda v: dict(v["advanced.metadata"]),
        lambda x: {"advanced.metadata": dict(x or {})},
    ),
    Param("name", ("advanced.configuration_name",), *_text("advanced.configuration_name")),
)

SENT_KEYS: frozenset[str] = frozenset(k for p in MAPPING for k in p.keys)
"""Profile keys whose values Stripe receives; every other setting is Dashboard-only."""

DASHBOARD_ONLY: tuple[str, ...] = tuple(
    k for k in SETTINGS if k not in SENT_KEYS and k not in ("profile.description", "profile.mode")
)
"""Settings the configuration API does not hold (business name, domains, emails, branding, ...)."""


def get_path(tree: dict[str, Any], path: str) -> Any:
    node: Any = tree
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def put_path(tree: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = tree
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
