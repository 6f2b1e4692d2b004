"""How the stand-in Stripe stores configurations: form bodies decoded, Stripe's update semantics
(objects merge, lists are replaced, "" clears), what Stripe refuses, bodies checked against the
official library's TypedDicts."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import parse_qsl

from .stripe_types import problems

_INTS = {"interval_count", "minimum", "maximum", "limit"}


def decode_form(body: str) -> dict[str, Any]:
    """A form-encoded body as nested objects and lists, the values as text (as Stripe reads it)."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def lists(node: Any) -> Any:
        if isinstance(node, dict):
            if node and all(k.isdigit() for k in node):
                return [lists(node[k]) for k in sorted(node, key=int)]
            return {k: lists(v) for k, v in node.items()}
        return node

    return lists(root)


def typed(node: Any, key: str = "") -> Any:
    """Text from a form as the values Stripe stores: booleans, numbers, and "" as empty."""
    if isinstance(node, dict):
        return {k: typed(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [typed(v, key) for v in node]
    if node in ("true", "false"):
        return node == "true"
    if key in _INTS and node.lstrip("-").isdigit():
        return int(node)
    return node


def default_configuration(ident: str, livemode: bool) -> dict[str, Any]:
    """What Stripe holds for a configuration nobody has changed (the fixture's shape)."""
    return {
        "id": ident,
        "object": "billing_portal.configuration",
        "active": True,
        "application": None,
        "business_profile": {"headline": None, "privacy_policy_url": None, "terms_of_service_url": None},
        "created": 1761868800,
        "default_return_url": None,
        "features": {
            "customer_update": {"allowed_updates": ["email", "address"], "enabled": True},
            "invoice_history": {"enabled": True},
            "payment_method_update": {"enabled": True, "payment_method_configuration": None},
            "subscription_cancel": {
                "cancellation_reason": {
                    "enabled": True,
                    "options": ["too_expensive", "missing_features", "switched_service", "unused", "other"],
                    "feedback_options": [],
                },
                "enabled": True,
                "mode": "at_period_end",
                "proration_behavior": "none",
            },
            "subscription_pause": {
                "enabled": False,
                "duration": {
                    "type": "interval_options",
                    "interval_options": [{"interval": "month", "interval_count": 1}],
                },
            },
            "subscription_update": {
                "billing_cycle_anchor": None,
                "default_allowed_updates": [],
                "enabled": False,
                "products": [],
                "proration_behavior": "none",
                "schedule_at_period_end": {"conditions": []},
                "trial_update_behavior": "end_trial",
            },
        },
        "is_default": True,
        "livemode": livemode,
        "login_page": {"enabled": False, "url": None},
        "metadata": {},
        "name": None,
        "updated": 1761868800,
    }


class Refused(Exception):
    def __init__(self, status: int, message: str, param: str | None = None, kind: str = "invalid_request_error",
                 code: str | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.status, self.message, self.param, self.kind, self.code = status, message, param, kind, code


def shown(obj: dict[str, Any], expand: list[str], prefix: str = "") -> dict[str, Any]:
    """As Stripe returns it: products only when expanded."""
    out = copy.deepcopy(obj)
    if f"{prefix}features.subscription_update.products" not in expand:
        out["features"]["subscription_update"]["products"] = None
    return out


def check(body: dict[str, Any], annotation: Any) -> None:
    found = problems(body, annotation, form=True)
    if found:
        first = found[0].lstrip(".")
        param = first.split(":")[0].replace(".", "[", 1).replace(".", "][") + (
            "]" if "." in first.split(":")[0] else ""
        )
        if "not a parameter the SDK knows" in first:
            raise Refused(400, f"Received unknown parameter: {param}", param)
        raise Refused(400, f"Invalid value for {param}: {first.split(': ', 1)[1]}", param)


def merge(obj: dict[str, Any], body: dict[str, Any]) -> None:
    """Stripe's update semantics: objects merge, lists are replaced, "" clears."""
    for key, value in body.items():
        if key == "metadata":
            if value == "":
                obj["metadata"] = {}
            else:
                obj.setdefault("metadata", {}).update(value)
                obj["metadata"] = {k: v for k, v in obj["metadata"].items() if v != ""}
        elif key == "products" and isinstance(value, list):
            obj[key] = [{"product": p["product"], "prices": p.get("prices", []),
                         "adjustable_quantity": {"enabled": False, "minimum": 0, "maximum": None,
                                                 **p.get("adjustable_quantity", {})}} for p in value]  # fmt: skip
        elif key == "conditions" and isinstance(value, list):
            obj[key] = value
        elif isinstance(value, dict) and isinstance(obj.get(key), dict):
            merge(obj[key], value)
        elif value == "":
            obj[key] = [] if isinstance(obj.get(key), list) else None
        else:
            obj[key] = value
    if isinstance(obj.get("login_page"), dict):
        obj["login_page"]["url"] = (
            "https://billing.stripe.com/p/login/test_standin" if obj["login_page"]["enabled"] else None
        )


def refuse_what_stripe_refuses(obj: dict[str, Any]) -> None:
    update = obj["features"]["subscription_update"]
    if update["enabled"] and not update.get("products"):
        raise Refused(400, "Missing required param: features[subscription_update][products].",
                      "features[subscription_update][products]")  # fmt: skip
    if obj["features"]["subscription_cancel"]["proration_behavior"] == "always_invoice":
        raise Refused(400, "Invalid proration_behavior for subscription_cancel: always_invoice",
                      "features[subscription_cancel][proration_behavior]")  # fmt: skip
