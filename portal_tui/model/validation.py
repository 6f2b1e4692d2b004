"""Checking a raw profile with the models: every error and warning, with its dotted key and rule.

The one place Pydantic validates a profile. Importing it loads Pydantic and builds the models
(~80 ms), so it is imported by ``problems.check`` on its first call (or ``load_checker``), not before.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .brand import ImageInspector
from .catalog import SECTIONS, SETTINGS, TABLES, closest_key, effective
from .meta import SCHEMA_VERSION, Kind
from .problems import Problem, describe, loc_key
from .profile import Profile
from .subscriptions import AdjustableQuantity, Product
from .visible import visible

_EXPECTED = {
    "bool_type": "true or false",
    "int_type": "a whole number",
    "string_type": "text in quotes",
    "list_type": "a list [...]",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _message(err: ErrorDetails) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    size = len(value) if isinstance(value, (str, list, dict)) else 0
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {describe(value)}"
    if kind == "literal_error":
        return f"{describe(value)} is not allowed; choose one of: {ctx['expected']}"
    if kind == "string_too_long":
        return f"{size} characters is too long (at most {ctx['max_length']})"
    if kind == "too_long":
        return f"{size} entries is too many (at most {ctx['max_length']})"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}, got {describe(value)}"
    if kind == "missing":
        return "is required"
    return visible(err["msg"])


def _field_key(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The setting an error belongs to (its path), or the table when it is not one setting's."""
    for size in range(len(loc), 0, -1):
        if ".".join(map(str, loc[:size])) in SETTINGS:
            return tuple(loc[:size])
    return tuple(loc[:2]) if len(loc) > 1 and ".".join(map(str, loc[:2])) in TABLES else tuple(loc[:1])


def _repair(data: dict[str, Any], loc: tuple[str | int, ...]) -> None:
    """Drop the value at loc's setting, so its default stands in and other rules can run."""
    node: Any = data
    for part in loc[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(loc[-1], None)


def _validation_problems(data: dict[str, Any], context: dict[str, Any]) -> list[Problem]:
    """Pydantic's errors as problems; repeats with broken settings set aside, so that an
    error in one setting never hides a rule broken elsewhere in the same table."""
    work = copy.deepcopy(data)
    for section in SECTIONS:
        work.setdefault(section, {})  # a missing table still gets its rules checked
    found: list[Problem] = []
    reported: set[tuple[str | int, ...]] = set()
    for _ in range(4):
        try:
            Profile.model_validate(work, strict=True, context=context)
            break
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        fresh = [e for e in errors if _field_key(e["loc"]) not in reported]
        for err in fresh:
            found.append(Problem(loc_key(err["loc"]), "error", _message(err), err["type"]))
        for err in errors:
            _repair(work, _field_key(err["loc"]))
            reported.add(_field_key(err["loc"]))
    return found


_SUBKEYS = {
    "subscriptions.products": set(Product.model_fields),
    "adjustable_quantity": set(AdjustableQuantity.model_fields),
}


def _unknown_keys(data: dict[str, Any]) -> list[Problem]:
    found = []

    def unknown(key: str) -> None:
        guess = closest_key(key)
        hint = f'; did you mean "{guess}"?' if guess else ""
        found.append(Problem(key, "warning", f"unknown key, kept as it is{hint}", "unknown_key"))

    def table(node: dict[str, Any], prefix: str) -> None:
        for name, inner in node.items():
            key = f"{prefix}.{name}"
            if key in TABLES and isinstance(inner, dict):
                table(inner, key)  # a group of settings ([subscriptions.pause])
            elif key not in SETTINGS:
                unknown(key)
            elif key == "subscriptions.products" and isinstance(inner, list):
                for i, product in enumerate(inner):
                    if isinstance(product, dict):
                        found.extend(_unknown_subkeys(product, f"{key}[{i}]"))

    for top, value in data.items():
        if top == "schema_version":
            continue
        if top not in SECTIONS:
            unknown(top)
        elif isinstance(value, dict):
            table(value, top)
    return found


def _unknown_subkeys(product: dict[str, Any], where: str) -> list[Problem]:
    found = [
        Problem(f"{where}.{k}", "warning", "unknown key, kept as it is", "unknown_key")
        for k in product
        if k not in _SUBKEYS["subscriptions.products"]
    ]
    quantity = product.get("adjustable_quantity")
    if isinstance(quantity, dict):
        found += [
            Problem(f"{where}.adjustable_quantity.{k}", "warning", "unknown key, kept as it is", "unknown_key")
            for k in quantity
            if k not in _SUBKEYS["adjustable_quantity"]
        ]
    return found


def _advice(data: dict[str, Any], broken: set[str]) -> list[Problem]:
    values = effective(data)
    return [
        Problem(key, "warning", "uses http; https is safer for a link customers follow", "http_url")
        for key, info in SETTINGS.items()
        if info.kind is Kind.URL
        and key not in broken
        and isinstance(values[key], str)
        and values[key].startswith("http://")
    ]


def validate(data: dict[str, Any], images: ImageInspector | None = None) -> list[Problem]:
    """Every problem of a raw profile (as tomllib reads it): errors first, then warnings.

    ``images`` reads logo/icon files for their rules; without it those are not looked at.
    """
    version = data.get("schema_version", SCHEMA_VERSION)
    newer = []
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        # A newer layout is read-only here, never unchecked: every rule this program knows
        # still holds for the settings it knows (readers warn, writers refuse).
        newer = [
            Problem(
                "schema_version",
                "warning",
                f"schema_version {version} is newer than this program knows ({SCHEMA_VERSION}): "
                "read-only; the settings this program knows are checked as usual",
                "newer_schema",
            )
        ]
        data = {k: v for k, v in data.items() if k != "schema_version"}
    errors = _validation_problems(data, {"images": images})
    broken = {p.key for p in errors}
    return sorted(errors, key=_order) + newer + _unknown_keys(data) + _advice(data, broken)


_ORDER = {key: i for i, key in enumerate(["schema_version", *SECTIONS, *SETTINGS])}


def _order(problem: Problem) -> int:
    base = problem.key.split("[", 1)[0]
    while base not in _ORDER and "." in base:
        base = base.rsplit(".", 1)[0]
    return _ORDER.get(base, len(_ORDER))
