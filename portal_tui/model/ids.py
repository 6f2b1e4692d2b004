"""Stripe's identifiers (a prefix, letters, digits, underscores), and API keys in text however hidden (SPEC 7.1)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

PREFIXES = ("bpc", "acct", "price", "prod", "req", "cus", "bps", "pmc")
_ID = {prefix: re.compile(rf"{prefix}_[A-Za-z0-9_]{{1,255}}") for prefix in PREFIXES}
_KEY_IN_ID = re.compile(r"[sr]k_(?:test|live)_[A-Za-z0-9]{8}")
"""A secret or restricted key inside an ID (no word boundary: ``bpc_sk_test_...`` holds one)."""

# How a key hides in text from an answer: characters that show as nothing (format characters
# such as zero-width spaces, joiners, bidi marks, soft hyphens, variation selectors), or those
# written as the escapes visible() shows them as (\u200e), between its characters; and each
# character percent-encoded (sk%5Ftest%5F...). A key is looked for through all of them.
_HIDDEN = (r"[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
           r"\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]|\\u[0-9a-fA-F]{4}")  # fmt: skip
_IGNORED = f"(?:{_HIDDEN})*"
_ALNUM = r"(?:[A-Za-z0-9]|%(?:3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]))"
_PERCENT = re.compile(r"%([0-9a-fA-F]{2})")
_HIDING = re.compile(_HIDDEN)


def _char(c: str) -> str:
    return f"(?:{re.escape(c)}|%(?i:{ord(c):02x}))"


def _spelled(text: str) -> str:
    """A pattern for ``text`` however it hides (see above)."""
    return _IGNORED.join(_char(c) for c in text)


_KEYLIKE = re.compile(
    f"(?:{_spelled('sk')}|{_spelled('rk')}|{_spelled('pk')}){_IGNORED}{_char('_')}{_IGNORED}"
    f"(?:{_spelled('test')}|{_spelled('live')}){_IGNORED}{_char('_')}(?:{_IGNORED}{_ALNUM}){{8,}}"
)


def is_id(prefix: str, value: Any) -> bool:
    """Whether ``value`` is an ID of that kind: safe to store and to print as it is. One that
    holds a key is not: an answer echoing the key would have it written to a sync file."""
    return isinstance(value, str) and _ID[prefix].fullmatch(value) is not None and not _KEY_IN_ID.search(value)


def where(configuration: str | None, account: str | None, mode: str) -> str:
    """A link for every message, question, status and log line: ``bpc_1 on acct_2 (test)``."""
    target = configuration or "a new configuration"
    return f"{target}{f' on {account}' if account else ''} ({mode})"


def _plain(found: str) -> str:
    """What a hidden key reads as once its hiding is taken away."""
    return _PERCENT.sub(lambda m: chr(int(m.group(1), 16)), _HIDING.sub("", found))


@lru_cache(maxsize=8)
def _secret(secret: str) -> re.Pattern[str]:
    """The key's own secret part (after ``sk_test_``), however it hides."""
    return re.compile(_spelled(secret.split("_", 2)[-1]))


def holds_key(text: str, secret: str) -> bool:
    """Whether the text holds that key's secret part, however it hides."""
    return _secret(secret).search(text) is not None


def mask_keys(text: str, secret: str | None = None) -> str:
    """The text with ``secret``'s own secret part (with or without its prefix) and every
    key-like token (``sk_``, ``rk_``, ``pk_``, ``test_`` or ``live_``, 8 letters or digits or more) masked, however
    they hide: an answer may echo a key back anywhere, inside a word too. What is left shows
    a key as Key.masked does (``sk_test_…1234``)."""
    if secret:
        text = _secret(secret).sub(f"…{secret[-4:]}", text)
    return _KEYLIKE.sub(lambda m: f"{(key := _plain(m.group()))[:8]}…{key[-4:]}", text)
