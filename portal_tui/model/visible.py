"""Make text from profiles safe to print: control, escape and bidi characters shown as \\uXXXX."""

from __future__ import annotations

import re

# C0/C1 controls, DEL, and the bidi overrides/isolates/marks that reorder what a terminal shows.
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def has_hidden(text: str) -> bool:
    """Whether the text holds a character that would act on a terminal instead of showing."""
    return _HIDDEN.search(text) is not None


def visible(text: str) -> str:
    """The text with every hidden character written as a visible escape (ESC -> \\u001b)."""
    return _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def visible_lines(text: str) -> str:
    """Like visible(), but the text's own line breaks stay (for whole JSON or TOML documents,
    whose strings already escape theirs)."""
    return "\n".join(visible(line) for line in text.split("\n"))
