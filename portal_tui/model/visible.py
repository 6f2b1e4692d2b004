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


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def edited(value: str, before: str, after: str) -> str:
    """The value an edit of its shown form stands for, so the display is never written back.

    ``before`` is what was shown for ``value`` (``visible(value)``) and ``after`` that text
    as edited. A hidden character whose escape (``\\u001b``) the edit left whole stays that
    character; what was typed is taken as typed, so an escape the edit cut into is text from
    then on, as it reads. Where an insertion or deletion could have been made at several
    places that all read the same, the reading that keeps the most hidden characters is
    taken. A ``before`` that is not the shown form of ``value`` gives ``after`` as it is."""
    if after == before:
        return value
    if visible(value) != before:
        return after
    starts = [0]  # where each character of value starts in before, and the end
    for ch in value:
        starts.append(starts[-1] + len(visible(ch)))
    boundaries = set(starts)
    shorter = min(len(before), len(after))
    head = _common_prefix(before, after)
    tail = min(_common_prefix(before[::-1], after[::-1]), shorter - head)
    removed = len(before) - head - tail
    added = len(after) - head - tail
    if removed == 0 or added == 0:  # an insertion or a deletion: slide it onto whole characters
        tail_all = min(_common_prefix(before[::-1], after[::-1]), shorter)
        for start in range(head, len(before) - removed - tail_all - 1, -1):
            if start in boundaries and start + removed in boundaries:
                head, tail = start, len(before) - start - removed
                break
    first = max(i for i, s in enumerate(starts) if s <= head)  # the first character touched
    end = len(before) - tail
    last = min(i for i, s in enumerate(starts) if s >= end)  # the first character left whole after it
    return value[:first] + after[starts[first] : len(after) - (len(before) - starts[last])] + value[last:]
