"""Stripe's identifiers: a prefix, then letters, digits and underscores (SPEC 7.1)."""

from __future__ import annotations

import re
from typing import Any

PREFIXES = ("bpc", "acct", "price", "prod", "req", "cus", "bps", "pmc")
_ID = {prefix: re.compile(rf"{prefix}_[A-Za-z0-9_]{{1,255}}") for prefix in PREFIXES}


def is_id(prefix: str, value: Any) -> bool:
    """Whether ``value`` is an ID of that kind: safe to store and to print as it is."""
    return isinstance(value, str) and _ID[prefix].fullmatch(value) is not None


def where(configuration: str | None, account: str | None, mode: str) -> str:
    """A link for every message, question, status and log line: ``bpc_1 on acct_2 (test)``."""
    target = configuration or "a new configuration"
    return f"{target}{f' on {account}' if account else ''} ({mode})"
