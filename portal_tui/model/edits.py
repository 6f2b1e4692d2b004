"""Changes to a profile's raw data by dotted key: the one edit path of the CLI and the editor."""

from __future__ import annotations

import copy
from typing import Any

from .catalog import SETTINGS, effective
from .colors import normalize_color
from .declared import PRODUCT_KEYS
from .meta import Kind, Raw

METADATA = "advanced.metadata"


class _Marker:
    """A named marker value; copies of data must keep the very same object."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __deepcopy__(self, memo: dict[int, Any]) -> _Marker:
        return self

    def __repr__(self) -> str:
        return self.name


REMOVE: Any = _Marker("REMOVE")
"""A change that takes a key out of the file (resetting a metadata entry)."""

ABSENT: Any = _Marker("ABSENT")
"""A key the file does not hold (its default applies)."""


def split_key(key: str) -> tuple[str, ...]:
    """A change's key as the path of tables to it: a metadata entry may itself hold dots."""
    if key.startswith(METADATA + "."):
        return ("advanced", "metadata", key[len(METADATA) + 1 :])
    return tuple(key.split("."))


def raw_value(data: Raw, key: str) -> Any:
    """The value the file holds for a key, or ABSENT."""
    node: Any = data
    for part in split_key(key):
        if not isinstance(node, dict) or part not in node:
            return ABSENT
        node = node[part]
    return node


def as_written(key: str, value: Any) -> Any:
    """The value as a file stores it: colors lower-case #rrggbb, everything else as typed."""
    info = SETTINGS.get(key)
    if info and info.kind is Kind.COLOR and isinstance(value, str):
        return normalize_color(value)
    return value


def _with_unknown_subkeys(old: Any, new: Any) -> Any:
    """Product entries keep the unknown keys of the entry they replace (hand-edited extras)."""
    if not (isinstance(old, list) and isinstance(new, list)):
        return new
    known = set(PRODUCT_KEYS)
    merged = []
    for i, entry in enumerate(new):
        if i < len(old) and isinstance(old[i], dict) and isinstance(entry, dict):
            extras = {k: v for k, v in old[i].items() if k not in known and k not in entry}
            merged.append({**entry, **extras})
        else:
            merged.append(entry)
    return merged


def apply(data: Raw, changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with each change made (REMOVE deletes the key if present)."""
    result = copy.deepcopy(data)
    for key, value in changes.items():
        *tables, name = split_key(key)
        node = result
        for table in tables:
            if not isinstance(node.get(table), dict):
                if value is REMOVE:
                    break
                node[table] = {}
            node = node[table]
        else:
            if value is REMOVE:
                node.pop(name, None)
            else:
                if key == "subscriptions.products":
                    node[name] = copy.deepcopy(_with_unknown_subkeys(node.get(name), value))
                else:
                    node[name] = copy.deepcopy(as_written(key, value))
    return result


def same(a: Any, b: Any) -> bool:
    """Equal in value and in TOML type (``1``, ``1.0`` and ``true`` all differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def changed_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The known settings whose effective value differs between two raw profiles, in order."""
    a, b = effective(old), effective(new)
    return [key for key in SETTINGS if not same(a[key], b[key])]
