"""What differs between two versions of a profile: known keys in Dashboard order, unknown keys
apart, and (optionally) the Stripe parameters each would send."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.catalog import DASHBOARD_ORDER, SECTIONS, SETTINGS, TABLES, effective
from ..model.display import shown
from ..model.edits import same
from ..model.problems import check

ABSENT_TEXT = "(absent)"


@dataclass(frozen=True)
class Difference:
    key: str
    label: str
    a: Any
    b: Any

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "a": self.a, "b": self.b}


def known(a: dict[str, Any], b: dict[str, Any]) -> list[Difference]:
    """Effective values of every known setting (defaults filled in), in Dashboard order.
    Comments and layout are not values, so a comment-only change is equal."""
    va, vb = effective(a), effective(b)
    return [Difference(k, SETTINGS[k].label, va[k], vb[k]) for k in DASHBOARD_ORDER if not same(va[k], vb[k])]


def _unknown_leaves(data: dict[str, Any]) -> dict[str, Any]:
    """Every key the schema does not know, at any depth of the tables it does know (a group
    such as ``subscriptions.pause`` is a known table, not an unknown value)."""
    found: dict[str, Any] = {}

    def walk(table: str, values: dict[str, Any]) -> None:
        for name, inner in values.items():
            key = f"{table}.{name}"
            if key in SETTINGS:
                continue
            if key in TABLES and isinstance(inner, dict):
                walk(key, inner)
            else:
                found[key] = inner

    for top, value in data.items():
        if top == "schema_version":
            continue
        if top not in SECTIONS or not isinstance(value, dict):
            found[top] = value
        else:
            walk(top, value)
    return found


def unknown(a: dict[str, Any], b: dict[str, Any]) -> list[Difference]:
    """Keys the schema does not know, where the two differ (reported apart, never counted)."""
    ua, ub = _unknown_leaves(a), _unknown_leaves(b)
    keys = list(ua) + [k for k in ub if k not in ua]
    missing = object()
    return [
        Difference(k, "", ua.get(k, ABSENT_TEXT), ub.get(k, ABSENT_TEXT))
        for k in keys
        if not same(ua.get(k, missing), ub.get(k, missing))
    ]


def stripe(a: dict[str, Any], b: dict[str, Any]) -> list[Difference]:
    """How the update parameters each version would send differ, pair by pair."""
    from ..stripe.export import build, pairs

    def flat(data: dict[str, Any]) -> dict[str, str]:
        return dict(pairs(build(effective(data), check(data), update="bpc_").params, update=True))

    fa, fb = flat(a), flat(b)
    keys = list(fa) + [k for k in fb if k not in fa]
    return [Difference(k, "", fa.get(k, ABSENT_TEXT), fb.get(k, ABSENT_TEXT)) for k in keys if fa.get(k) != fb.get(k)]


def line(d: Difference, color: bool = False) -> str:
    """``KEY (Label): A -> B``, values shown literally (colored only when asked)."""
    a, b = shown(d.a), shown(d.b)
    if color:
        a, b = f"\x1b[31m{a}\x1b[0m", f"\x1b[32m{b}\x1b[0m"
    label = f" ({d.label})" if d.label else ""
    return f"{shown(d.key)}{label}: {a} -> {b}"


def settings_lines(data: dict[str, Any]) -> list[str]:
    """A profile as ``KEY (Label): VALUE`` lines, every setting's effective value in Dashboard
    order, then the keys the schema does not know: what git's textconv shows, so a ``git
    diff`` of a profile reads like ``portal-tui diff`` (a changed setting is one -/+ pair)."""
    values = effective(data)
    lines = [f"schema_version: {shown(data.get('schema_version', 1))}"]
    lines += [f"{k} ({SETTINGS[k].label}): {shown(values[k])}" for k in DASHBOARD_ORDER]
    lines += [f"{shown(k)} (unknown, kept): {shown(v)}" for k, v in _unknown_leaves(data).items()]
    return lines
