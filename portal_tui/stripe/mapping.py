"""The one mapping between profile keys and Stripe's billing portal configuration parameters.

Which settings decide which parameter is each setting's own declaration (``stripe=`` on its
field); an entry of ``MAPPING`` says only how values are transformed each way. Export,
import and ``diff --stripe`` all read this table; nothing else knows the shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model.catalog import SETTINGS

Values = dict[str, Any]

API_VERSION = "2026-10-28.endive"


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


def _keys_by_param() -> dict[str, tuple[str, ...]]:
    """Which settings decide each parameter, read from their declarations (``stripe=``)."""
    found: dict[str, list[str]] = {}
    for key, info in SETTINGS.items():
        if info.meta.stripe is not None:
            for param in info.meta.stripe.params:
                found.setdefault(param, []).append(key)
    return {param: tuple(keys) for param, keys in found.items()}


KEYS: dict[str, tuple[str, ...]] = _keys_by_param()


@dataclass(frozen=True)
class Param:
    """One parameter: how a profile's values make it (``out``) and how a configuration
    object's value comes back (``back``). Which settings decide it is their own declaration
    (``KEYS``), never written here a second time."""

    path: str
    out: Callable[[Values], Any]
    back: Callable[[Any], Values]
    empty_on_create: str = "send"
    """What to do with an empty value on create: "send" it, "omit" it (the create endpoint
    refuses ""), or "notice" (sent as [], which the official library drops; Stripe's own
    default, which may differ, then applies)."""
    update_only: bool = False
    """The create endpoint does not take it (``active``: a new configuration is active)."""

    @property
    def keys(self) -> tuple[str, ...]:
        return KEYS[self.path]


def _one(path: str) -> str:
    (key,) = KEYS[path]
    return key


def _same(path: str, **options: Any) -> Param:
    """The setting's value is the parameter's."""
    key = _one(path)
    return Param(path, lambda v: v[key], lambda x: {key: x}, **options)


def _text(path: str, **options: Any) -> Param:
    """Optional text: "" in the profile, null in a Stripe object."""
    key = _one(path)
    return Param(path, lambda v: v[key], lambda x: {key: x or ""}, **options)


def entries(path: str) -> dict[str, str]:
    """A list parameter's entries by the setting that puts each there while on."""
    found = {}
    for key in KEYS[path]:
        sent = SETTINGS[key].meta.stripe
        if sent is not None and sent.entry is not None:
            found[key] = sent.entry
    return found


def _entries(path: str, **options: Any) -> Param:
    """A list of entries, each there while its setting is on (allowed updates)."""
    by_key = entries(path)

    def out(values: Values) -> list[str]:
        return [entry for key, entry in by_key.items() if values[key]]

    def back(listed: Any) -> Values:
        return {key: entry in (listed or []) for key, entry in by_key.items()}

    return Param(path, out, back, **options)


def _any_on(path: str) -> Param:
    """On while any of its settings is (subscription updates: switch plan or quantities).
    Coming back it decides nothing: the entries of the list parameter do."""
    keys = KEYS[path]
    return Param(path, lambda v: any(bool(v[k]) for k in keys), lambda x: {})


def _pause_out(values: Values) -> dict[str, Any]:
    """How long a pause lasts: indefinitely, or one of the durations offered."""
    if values["subscriptions.pause.duration"] != "interval_options":
        return {"type": values["subscriptions.pause.duration"]}
    options = [
        {"interval": d["interval"], "interval_count": d["count"]} for d in values["subscriptions.pause.intervals"]
    ]
    return {"type": "interval_options", "interval_options": options}


def _pause_back(duration: Any) -> Values:
    if not isinstance(duration, dict):
        return {}
    back: Values = {"subscriptions.pause.duration": duration.get("type") or "interval_options"}
    options = duration.get("interval_options")
    if isinstance(options, list) and options:
        back["subscriptions.pause.intervals"] = [
            {"interval": o.get("interval"), "count": o.get("interval_count") or 1}
            for o in options
            if isinstance(o, dict)
        ]
    return back


_PAUSE = "features.subscription_pause"
_UPDATE = "features.subscription_update"
_CANCEL = "features.subscription_cancel"
_CONDITIONS = f"{_UPDATE}.schedule_at_period_end.conditions"

_MAPPED: tuple[Param, ...] = (
    _any_on(f"{_UPDATE}.enabled"),
    _entries(f"{_UPDATE}.default_allowed_updates"),
    Param(
        f"{_UPDATE}.products",
        lambda v: [_product_out(p) for p in v["subscriptions.products"]],
        lambda x: {"subscriptions.products": [_product_back(p) for p in x or []]},
    ),
    _same(f"{_UPDATE}.proration_behavior"),
    Param(
        _CONDITIONS,
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
    _same(f"{_UPDATE}.trial_update_behavior"),
    Param(
        f"{_UPDATE}.billing_cycle_anchor",
        lambda v: v["subscriptions.billing_cycle_anchor"],
        lambda x: {"subscriptions.billing_cycle_anchor": x or "unchanged"},
    ),
    _same(f"{_CANCEL}.enabled"),
    _same(f"{_CANCEL}.mode"),
    _same(f"{_CANCEL}.proration_behavior"),
    _same(f"{_CANCEL}.cancellation_reason.enabled"),
    Param(
        f"{_CANCEL}.cancellation_reason.options",
        lambda v: list(v["cancellations.reason_options"]),
        lambda x: {"cancellations.reason_options": list(x or [])},
        empty_on_create="notice",
    ),
    _same("features.customer_update.enabled"),
    _entries("features.customer_update.allowed_updates", empty_on_create="notice"),
    _same("features.payment_method_update.enabled"),
    _text("features.payment_method_update.payment_method_configuration"),
    _same("features.invoice_history.enabled"),
    _text("business_profile.headline"),
    _text("business_profile.privacy_policy_url", empty_on_create="omit"),
    _text("business_profile.terms_of_service_url", empty_on_create="omit"),
    _text("default_return_url"),
    _same("login_page.enabled"),
    Param("metadata", lambda v: dict(v["advanced.metadata"]), lambda x: {"advanced.metadata": dict(x or {})}),
    _text("name"),
    Param(f"{_PAUSE}.duration", _pause_out, _pause_back),
    _same("active", update_only=True),
)

MAPPING: tuple[Param, ...] = _MAPPED + tuple(
    _same(path) for path, keys in KEYS.items() if len(keys) == 1 and path not in {p.path for p in _MAPPED}
)
"""Every parameter: the transforms above, then any parameter a single setting declares that
needs none (its value is the parameter's), so a new setting of that kind is one field."""

SENT_KEYS: frozenset[str] = frozenset(k for keys in KEYS.values() for k in keys)
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
