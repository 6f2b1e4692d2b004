"""Value types of settings (one-line text, URL, color, host, IDs) with their checks; declaring a setting."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .colors import COLOR
from .meta import Kind, NotApplicable, Setting, Stripe, Tab
from .visible import has_hidden

TEXT_MAX = 5000
"""Stripe's stored maximum for strings, our limit for any one-line text."""


def _one_line(value: str) -> str:
    if has_hidden(value):
        raise PydanticCustomError("control_character", "control, escape or bidi characters are not allowed")
    return value


def _url(value: str) -> str:
    if not value:
        return value
    if any(ch.isspace() for ch in value):
        raise PydanticCustomError("url", "a URL may not contain spaces")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError(
            "url", "must be empty or an absolute http(s) URL with a host, such as https://example.com/terms"
        )
    return value


_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def _host(value: str) -> str:
    if not value:
        return value
    if "://" in value or "/" in value or ":" in value:
        raise PydanticCustomError("host", "a host name only, such as billing.example.com: no scheme, path or port")
    labels = value.split(".")
    if value.endswith(".") or len(value) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise PydanticCustomError(
            "host",
            "not a valid host name (letters, digits and hyphens in dot-separated labels, such as billing.example.com)",
        )
    if labels[-1].isdigit():
        raise PydanticCustomError("host", "an IP address is not a host name; use a domain such as billing.example.com")
    return value


def _color(value: str) -> str:
    if value and not COLOR.match(value):
        raise PydanticCustomError("color", 'not a color: use "#rgb" or "#rrggbb", such as "#0a2540"')
    return value


def _prefixed(prefix: str, what: str, allow_empty: bool) -> AfterValidator:
    pattern = re.compile(rf"^{prefix}[A-Za-z0-9_]+$")

    def check(value: str) -> str:
        if (allow_empty and not value) or pattern.match(value):
            return value
        raise PydanticCustomError("id_prefix", f"must be a {what} ID starting with {prefix}")

    return AfterValidator(check)


OneLine = Annotated[str, StringConstraints(max_length=TEXT_MAX), AfterValidator(_one_line)]
"""One-line text, free of control characters."""
Headline = Annotated[str, StringConstraints(max_length=60), AfterValidator(_one_line)]
"""The portal's headline: one line of at most 60 characters."""
ConfigurationName = Annotated[str, StringConstraints(max_length=256), AfterValidator(_one_line)]
"""A configuration's name: one line of at most 256 characters (Stripe's limit)."""
Url = Annotated[OneLine, AfterValidator(_url)]
Host = Annotated[OneLine, StringConstraints(max_length=253), AfterValidator(_host)]
Color = Annotated[str, StringConstraints(max_length=7), AfterValidator(_color)]
ProductId = Annotated[str, StringConstraints(max_length=TEXT_MAX), _prefixed("prod_", "product", False)]
PriceId = Annotated[str, StringConstraints(max_length=TEXT_MAX), _prefixed("price_", "price", False)]
OptionalProductId = Annotated[str, StringConstraints(max_length=TEXT_MAX), _prefixed("prod_", "product", True)]
LookupKey = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line)]
"""A price's lookup key: the same in test and live mode, resolved to a price ID per mode."""
FeedbackId = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_MAX), AfterValidator(_one_line)]
"""The ID of a custom cancellation feedback option (a billing.feedback_option)."""
PmcId = Annotated[str, StringConstraints(max_length=TEXT_MAX), _prefixed("pmc_", "payment method configuration", True)]


def setting(
    default: Any,
    label: str,
    help: str,
    tab: Tab,
    *,
    text: Kind | None = None,
    na: tuple[NotApplicable, ...] = (),
    stripe: Stripe | str | None = None,
    elsewhere: str | None = None,
    also_on: tuple[tuple[Tab, str], ...] = (),
    words: dict[str, str] | None = None,
    **constraints: Any,
) -> Any:
    """Declare a field of a settings model together with its metadata (``stripe`` may be
    the parameter's path alone)."""
    sent = Stripe(stripe) if isinstance(stripe, str) else stripe
    meta = Setting(label, help, tab, text, na, sent, elsewhere, also_on, words)
    if isinstance(default, (list, dict)):
        factory = (lambda d=default: type(d)(d)) if default else type(default)
        return Field(default_factory=factory, title=label, description=help, json_schema_extra=meta, **constraints)
    return Field(default, title=label, description=help, json_schema_extra=meta, **constraints)
