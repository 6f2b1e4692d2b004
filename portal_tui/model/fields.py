"""Value types of settings (one-line text, URL, color, host name, IDs) with their checks."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

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


_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _color(value: str) -> str:
    if value and not _COLOR.match(value):
        raise PydanticCustomError("color", 'not a color: use "#rgb" or "#rrggbb", such as "#0a2540"')
    return value


def normalize_color(value: str) -> str:
    """A valid color as it is written to a file: lower-case #rrggbb (empty stays empty)."""
    if not _COLOR.match(value):
        return value
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits


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
FeedbackId = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_MAX), AfterValidator(_one_line)]
"""The ID of a custom cancellation feedback option (a billing.feedback_option)."""
PmcId = Annotated[str, StringConstraints(max_length=TEXT_MAX), _prefixed("pmc_", "payment method configuration", True)]
