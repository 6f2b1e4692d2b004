"""An editing session over one profile: current values, undo/redo, and what changed since saved.

Pure (no I/O, no Textual): the editor drives it, and saving hands ``changes()`` to the store,
which writes them through the same path as ``portal-tui set``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .catalog import SETTINGS, effective
from .edits import ABSENT, METADATA, REMOVE, apply, raw_value, same
from .meta import Raw
from .problems import Problem, check, errors_of


@dataclass
class Step:
    """One undoable edit: the raw values of its keys before and after."""

    before: dict[str, Any]
    after: dict[str, Any]
    label: str
    merge_key: str | None = None


class Session:
    """What the editor holds between opening and saving a profile."""

    def __init__(self, data: Raw, checker: Callable[[dict[str, Any]], list[Problem]] = check) -> None:
        self.saved = copy.deepcopy(data)
        self.data = copy.deepcopy(data)
        self._check = checker
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._problems: list[Problem] | None = None
        self._saved_problems: list[Problem] | None = None
        self._values: dict[str, Any] | None = None
        self.opening = False
        """Opened and not checked yet. What shows the session shows no problems meanwhile:
        the editor draws its first screen before the first check, which loads Pydantic
        (~80 ms of its start-up). ``problems`` itself is always checked, whenever it is read."""

    # --- reading ------------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        """Every setting's effective value now (defaults filled in); kept until the next edit."""
        if self._values is None:
            self._values = effective(self.data)
        return self._values

    @property
    def problems(self) -> list[Problem]:
        if self._problems is None:
            self._problems = self._check(self.data)
        return self._problems

    @property
    def saved_problems(self) -> list[Problem]:
        if self._saved_problems is None:
            self._saved_problems = self._check(self.saved)
        return self._saved_problems

    def end_opening(self) -> bool:
        """Check now, if not yet done; whether the session was opening until now (then what
        shows it has problems to show)."""
        self.problems  # noqa: B018 - checked now, before the flag says so
        was, self.opening = self.opening, False
        return was

    def problems_of(self, key: str) -> list[Problem]:
        """The problems of one setting (entries of a list or table included)."""
        return [p for p in self.problems if p.key == key or p.key.startswith((key + "[", key + "."))]

    def changed(self) -> list[str]:
        """Keys whose raw value differs from the saved file, in schema order."""
        keys = [k for k in SETTINGS if not same(raw_value(self.data, k), raw_value(self.saved, k))]
        meta = self._metadata_entries()
        return keys if "advanced.metadata" in keys else keys + meta

    def _metadata_entries(self) -> list[str]:
        a, b = raw_value(self.saved, METADATA), raw_value(self.data, METADATA)
        a = a if isinstance(a, dict) else {}
        b = b if isinstance(b, dict) else {}
        return [f"{METADATA}.{k}" for k in sorted(set(a) | set(b)) if not same(a.get(k, ABSENT), b.get(k, ABSENT))]

    def is_changed(self, key: str) -> bool:
        return not same(raw_value(self.data, key), raw_value(self.saved, key))

    def differs_from_default(self, key: str) -> bool:
        return not same(self.values[key], SETTINGS[key].default)

    def changes(self) -> dict[str, Any]:
        """What a save writes: each changed key's raw value (REMOVE where the key went away)."""
        found = {}
        for key in SETTINGS:
            value = raw_value(self.data, key)
            if not same(value, raw_value(self.saved, key)):
                found[key] = REMOVE if value is ABSENT else copy.deepcopy(value)
        return found

    @property
    def dirty(self) -> bool:
        return bool(self.changes())

    @property
    def error_count(self) -> int:
        return len(errors_of(self.problems))

    # --- editing ------------------------------------------------------------------------

    def set_many(self, values: dict[str, Any], *, label: str = "edit", merge_key: str | None = None) -> bool:
        before = {k: copy.deepcopy(raw_value(self.data, k)) for k in values}
        if all(same(before[k], v) for k, v in values.items()):
            return False
        after = {k: copy.deepcopy(v) for k, v in values.items()}
        last = self._undo[-1] if self._undo else None
        if merge_key and last and last.merge_key == merge_key and not self._redo:
            last.after = after
        else:
            self._undo.append(Step(before, after, label, merge_key))
        self._redo.clear()
        self._put(after)
        return True

    def _put(self, values: dict[str, Any]) -> None:
        self.data = apply(self.data, {k: (REMOVE if v is ABSENT else v) for k, v in values.items()})
        self._problems = None
        self._values = None

    def undo(self) -> str | None:
        """Undo the last edit; returns what it was, or None when there is nothing to undo."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(step)
        self._put(step.before)
        return step.label

    def redo(self) -> str | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        step.merge_key = None  # a redone step never swallows the next edit
        self._undo.append(step)
        self._put(step.after)
        return step.label

    def mark_saved(self, data: Raw) -> None:
        """After a save: ``data`` is what the file now holds (colors normalised, other
        people's changes merged in), so it is both the saved and the current state; the undo
        history stays usable."""
        self.saved = copy.deepcopy(data)
        self.data = copy.deepcopy(data)
        self._saved_problems = None
        self._problems = None
        self._values = None

    def rebase(self, theirs: dict[str, Any], drop: list[str]) -> None:
        """The file changed under us: ``theirs`` becomes the saved state, and our pending edits
        stay pending, except for the keys in ``drop`` (theirs win there). Undo starts afresh."""
        mine = {k: v for k, v in self.changes().items() if k not in drop}
        self.saved = copy.deepcopy(theirs)
        self.data = apply(theirs, mine)
        self._undo.clear()
        self._redo.clear()
        self._problems = self._saved_problems = self._values = None
