"""Keys and values as typed on the command line: ``KEY=VALUE`` for set, ``KEY`` for get/reset."""

from __future__ import annotations

import tomllib
from typing import Any

from .catalog import SETTINGS, TABLES, closest_key
from .edits import ABSENT, METADATA, REMOVE, raw_value
from .meta import Kind, Raw
from .problems import describe
from .visible import visible


class UnknownKey(ValueError):
    """A key that names no setting (exit 2); the message suggests the closest one."""


class ValueRefused(ValueError):
    """A value that cannot be read as the setting's type (exit 1)."""


EXPECTED: dict[Kind, str] = {
    Kind.TOGGLE: "true or false",
    Kind.PRODUCTS: 'a list of tables such as [{product="prod_1", prices=["price_1"]}]',
    Kind.MULTI: 'a list such as ["a", "b"]',
    Kind.TABLE: 'a table such as {team = "billing"}',
    Kind.INTERVALS: 'a list of tables such as [{interval = "month", count = 1}]',
    Kind.IDS: 'a list such as ["bfo_1", "bfo_2"]',
}
"""What a value typed for ``set`` must look like, by kind (text and choices are taken as typed)."""


def parse_key(key: str, *, tables: bool, version: bool = False) -> str:
    """The key if it names a setting or metadata entry (or, when allowed, a whole table or
    schema_version); else UnknownKey, suggesting the closest known key."""
    if key in SETTINGS or (key.startswith(METADATA + ".") and len(key) > len(METADATA) + 1):
        return key
    if key == "schema_version":
        if version:
            return key
        raise UnknownKey("schema_version is kept by portal-tui itself")
    if key in TABLES:
        if tables:
            return key
        raise UnknownKey(f'"{key}" is a table: set its keys one at a time, such as {TABLES[key][0]}=...')
    guess = closest_key(key)
    hint = f'; did you mean "{guess}"?' if guess else "; portal-tui schema lists every key"
    raise UnknownKey(f'unknown key "{visible(key)}"{hint}')


def parse_value(key: str, text: str) -> Any:
    """A VALUE as the setting's type: text and choices as typed unless quoted; the rest TOML."""
    info = SETTINGS.get(key)
    raw_text = info is None or info.raw_text  # metadata entries are text
    if raw_text:
        if text[:1] in ('"', "'"):
            try:
                return _toml_literal(text)
            except ValueError:
                pass  # not a complete quoted string: the raw text is the value
        return text
    assert info is not None  # only metadata entries have no info, and they are text
    try:
        return _toml_literal(text)
    except ValueError:
        expected = EXPECTED.get(info.kind, "a TOML value")
        raise ValueRefused(f"{key}: {describe(text)} is not {expected}") from None


def _toml_literal(text: str) -> Any:
    if "\n" in text or "\r" in text:
        raise ValueError("one line only")
    try:
        parsed = tomllib.loads(f"v = {text}")
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from None
    if list(parsed) != ["v"]:
        raise ValueError("one value only")
    return parsed["v"]


def parse_assignment(pair: str) -> tuple[str, Any]:
    """``KEY=VALUE`` as (key, typed value)."""
    key, sep, text = pair.partition("=")
    if not sep:
        raise UnknownKey(f'expected KEY=VALUE, got "{visible(pair)}"')
    key = parse_key(key.strip(), tables=False)
    return key, parse_value(key, text)


def default_change(key: str, data: Raw) -> dict[str, Any]:
    """What ``reset KEY`` changes: the default written in place of each key the file has
    (a whole table's keys for a table; a metadata entry is removed). Absent keys: nothing."""
    keys = list(TABLES.get(key, (key,)))
    changes = {}
    for k in keys:
        if raw_value(data, k) is not ABSENT:
            changes[k] = REMOVE if k.startswith(METADATA + ".") else SETTINGS[k].default
    return changes
