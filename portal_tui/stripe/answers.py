"""What comes back from Stripe, checked before anything reads it: IDs, shapes, sizes, texts made safe.

An API base can be a proxy, a mock or a hostile host (SPEC 7.1), so an answer is data to be
checked, never trusted: a configuration of the wrong shape would crash the mapping, a 10 MB
metadata map would be pulled into a profile every command then refuses, and an ID holding
an escape sequence would reach the terminal. Pure: no I/O, so import checks files the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..model.ids import is_id, mask_keys
from ..model.visible import visible

MAX_DEPTH = 32
"""Deeper answers are malformed (the profile's own limit; Stripe's objects are 6 deep)."""
MAX_TEXT = 5000
"""Stripe's stored maximum for IDs and URLs."""
MAX_LIST = 100
MAX_MESSAGE = 300
"""Characters of a message from an answer shown on one line; the rest is cut."""

_WHITESPACE = re.compile(r"\s+")
_PARAM = re.compile(r"[a-z0-9_]+(\[[a-z0-9_]*\])*")


class Malformed(ValueError):
    """An answer (or an imported file) that is not what Stripe sends: one line, exit 2."""


def check_id(prefix: str, value: Any, where: str) -> str:
    """``value`` when it is an ID of that kind (``PREFIX_[A-Za-z0-9_]{1,255}``), else Malformed."""
    if not is_id(prefix, value):
        raise Malformed(f"{where}: expected a {prefix}_ ID, got {shown(value)}")
    return str(value)


def mask(text: str, secret: str | None = None) -> str:
    """Every key-like token as ``sk_test_…1234``, and the connection's own key (``secret``)
    however it hides: an answer may echo a key back anywhere (model.ids.mask_keys)."""
    return mask_keys(text, secret)


def clean(text: Any, limit: int = MAX_MESSAGE, secret: str | None = None) -> str:
    """Text from an answer for one line of output: keys masked, runs of white space (newlines
    included) as one space, cut at ``limit``, and hidden characters made visible."""
    one = _WHITESPACE.sub(" ", mask(str(text), secret)).strip()
    if len(one) > limit:
        one = one[:limit].rstrip() + "…"
    return visible(one)


def param_text(param: Any) -> str | None:
    """A parameter Stripe names in an error, when it reads as one (``features[x][0]``)."""
    return param if isinstance(param, str) and _PARAM.fullmatch(param) and len(param) <= 200 else None


def shown(value: Any) -> str:
    """A value from an answer in a message: its type and a safe, short text."""
    if isinstance(value, str):
        return f'"{clean(value, 40)}"'
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    return type(value).__name__


def depth(value: Any) -> int:
    """How deep lists and objects nest (iterative: a hostile answer must not recurse)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            stack.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


# --- shapes ------------------------------------------------------------------------------------

Check = Callable[[Any, str], None]


def _fail(where: str, expected: str, value: Any) -> Malformed:
    return Malformed(f"{where}: expected {expected}, got {shown(value)}")


def boolean(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise _fail(where, "true or false", value)


def text(value: Any, where: str, limit: int = MAX_TEXT) -> None:
    if not isinstance(value, str) or len(value) > limit:
        raise _fail(where, f"text of at most {limit} characters", value)


def optional_text(value: Any, where: str) -> None:
    if value is not None:
        text(value, where)


def integer(value: Any, where: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(where, "a whole number", value)


def optional_integer(value: Any, where: str) -> None:
    if value is not None:
        integer(value, where)


def texts(value: Any, where: str) -> None:
    """A list of short texts (enum values)."""
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise _fail(where, f"a list of at most {MAX_LIST} entries", value)
    for i, item in enumerate(value):
        text(item, f"{where}[{i}]", 200)


def optional_texts(value: Any, where: str) -> None:
    if value is not None:
        texts(value, where)


def _table(value: Any, where: str, fields: dict[str, Check], required: tuple[str, ...] = ()) -> None:
    if not isinstance(value, dict):
        raise _fail(where, "an object", value)
    for name in required:
        if name not in value:
            raise Malformed(f"{where}.{name}: missing")
    for name, check in fields.items():
        if name in value:
            check(value[name], f"{where}.{name}")


def _object(fields: dict[str, Check], required: tuple[str, ...] = ()) -> Check:
    return lambda value, where: _table(value, where, fields, required)


def _nullable(check: Check) -> Check:
    def checked(value: Any, where: str) -> None:
        if value is not None:
            check(value, where)

    return checked


def _list_of(check: Check, limit: int = MAX_LIST) -> Check:
    def checked(value: Any, where: str) -> None:
        if not isinstance(value, list) or len(value) > limit:
            raise _fail(where, f"a list of at most {limit} entries", value)
        for i, item in enumerate(value):
            check(item, f"{where}[{i}]")

    return checked


def _ident(prefix: str) -> Check:
    def checked(value: Any, where: str) -> None:
        check_id(prefix, value, where)

    return checked


def metadata(value: Any, where: str) -> None:
    """Stripe's limits: 50 keys, keys of 40 characters, values of 500."""
    if value is None:
        return
    if not isinstance(value, dict) or len(value) > 50:
        raise _fail(where, "an object of at most 50 keys", value)
    for key, item in value.items():
        text(key, f"{where} key", 40)
        text(item, f"{where}.{clean(key, 40)}", 500)


_PRODUCT = _object(
    {
        "product": _ident("prod"),
        "prices": _list_of(_ident("price")),
        "adjustable_quantity": _nullable(
            _object({"enabled": boolean, "minimum": optional_integer, "maximum": optional_integer})
        ),
    },
    required=("product", "prices"),
)

_FEATURES = _object(
    {
        "customer_update": _object({"enabled": boolean, "allowed_updates": optional_texts}),
        "invoice_history": _object({"enabled": boolean}),
        "payment_method_update": _object({"enabled": boolean, "payment_method_configuration": optional_text}),
        "subscription_cancel": _object(
            {
                "enabled": boolean,
                "mode": text,
                "proration_behavior": text,
                "cancellation_reason": _object({"enabled": boolean, "options": optional_texts}),
            }
        ),
        "subscription_pause": _nullable(
            _object(
                {
                    "enabled": boolean,
                    "duration": _nullable(
                        _object(
                            {
                                "type": text,
                                "interval_options": _nullable(
                                    _list_of(_object({"interval": text, "interval_count": optional_integer}))
                                ),
                            }
                        )
                    ),
                }
            )
        ),
        "subscription_update": _object(
            {
                "enabled": boolean,
                "default_allowed_updates": optional_texts,
                "products": _nullable(_list_of(_PRODUCT, 10)),
                "proration_behavior": text,
                "schedule_at_period_end": _nullable(
                    _object({"conditions": _nullable(_list_of(_object({"type": text}, ("type",))))})
                ),
                "trial_update_behavior": optional_text,
                "billing_cycle_anchor": optional_text,
            }
        ),
    }
)

_SETTINGS = {
    "features": _FEATURES,
    "business_profile": _nullable(
        _object({"headline": optional_text, "privacy_policy_url": optional_text, "terms_of_service_url": optional_text})
    ),
    "default_return_url": optional_text,
    "login_page": _nullable(_object({"enabled": boolean, "url": optional_text})),
    "metadata": metadata,
    "name": optional_text,
    "active": boolean,
}

CONFIGURATION = "billing_portal.configuration"


def configuration(obj: Any, mode: str | None = None, where: str = "the configuration") -> dict[str, Any]:
    """A ``billing_portal.configuration`` as Stripe returns it, checked: the ID, the mode
    (``livemode`` must be the key's, when ``mode`` is given), the update time, and every
    field the mapping reads, of the type and size Stripe documents."""
    if not isinstance(obj, dict):
        raise Malformed(f"{where}: not a {CONFIGURATION} object (a JSON {type(obj).__name__})")
    if depth(obj) > MAX_DEPTH:
        raise Malformed(f"{where}: nested deeper than {MAX_DEPTH} levels")
    if obj.get("object") != CONFIGURATION:
        kind = obj.get("object")
        raise Malformed(f"{where}: not a {CONFIGURATION} object (object: {clean(kind, 40) if kind else shown(kind)})")
    check_id("bpc", obj.get("id"), f"{where}.id")
    boolean(obj.get("livemode"), f"{where}.livemode")
    if mode is not None and obj["livemode"] != (mode == "live"):
        raise Malformed(f"{where}: a {'live' if obj['livemode'] else 'test'} mode configuration answered a "
                        f"{mode} mode key")  # fmt: skip
    integer(obj.get("updated"), f"{where}.updated")
    if "features" not in obj:
        raise Malformed(f"{where}.features: missing")
    _table(obj, where, _SETTINGS)
    if "is_default" in obj:
        boolean(obj["is_default"], f"{where}.is_default")
    return obj


def settings(obj: Any, where: str) -> dict[str, Any]:
    """The settings part of a configuration, or export's own create parameters (no ``id``,
    no ``livemode``): what ``import`` reads. Nothing else may be in it; features are required."""
    if not isinstance(obj, dict):
        raise _fail(where, "an object", obj)
    if depth(obj) > MAX_DEPTH:
        raise Malformed(f"{where}: nested deeper than {MAX_DEPTH} levels")
    if "features" not in obj:
        raise Malformed(f"{where}: no features: not a {CONFIGURATION} nor its create parameters")
    unknown = [k for k in obj if k not in _SETTINGS]
    if unknown:
        raise Malformed(f"{where}: {clean(unknown[0], 40)} is not a configuration parameter")
    _table(obj, where, _SETTINGS)
    return obj


def listing(obj: Any, item: Callable[[Any, str], dict[str, Any]], where: str) -> tuple[list[dict[str, Any]], bool]:
    """A list answer (``{"object": "list", "data": [...], "has_more": bool}``), each item checked."""
    if not isinstance(obj, dict) or obj.get("object") != "list":
        raise _fail(where, "a list object", obj)
    data = obj.get("data")
    if not isinstance(data, list) or len(data) > MAX_LIST:
        raise _fail(f"{where}.data", f"a list of at most {MAX_LIST} entries", data)
    has_more = obj.get("has_more", False)
    boolean(has_more, f"{where}.has_more")
    return [item(entry, f"{where}.data[{i}]") for i, entry in enumerate(data)], bool(has_more)


def price(obj: Any, where: str = "the price") -> dict[str, Any]:
    """A price: its ID, product (an ID or the expanded product), activity, type, recurrence."""
    _table(
        obj,
        where,
        {
            "id": _ident("price"),
            "active": boolean,
            "type": text,
            "lookup_key": optional_text,
            "currency": optional_text,
            "unit_amount": optional_integer,
            "livemode": boolean,
            "recurring": _nullable(_object({"interval": text, "interval_count": optional_integer})),
        },
        required=("id", "product"),
    )
    owner = obj["product"]
    if isinstance(owner, dict):
        product(owner, f"{where}.product")
    else:
        check_id("prod", owner, f"{where}.product")
    return dict(obj)


def product(obj: Any, where: str = "the product") -> dict[str, Any]:
    _table(obj, where, {"id": _ident("prod"), "active": boolean, "name": optional_text, "livemode": boolean},
           required=("id",))  # fmt: skip
    return dict(obj)


def owner_of(price_obj: dict[str, Any]) -> str:
    """The product ID of a checked price, expanded or not."""
    owner = price_obj["product"]
    return str(owner["id"] if isinstance(owner, dict) else owner)
