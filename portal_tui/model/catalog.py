"""Every known setting, as the models declare it: keys, labels, defaults, choices, lookups.

Pure and quick to load (no Pydantic): the editor's first screen is drawn from this alone.
"""

from __future__ import annotations

import difflib
from typing import Any

from .declared import DECLARED
from .meta import Raw, SettingInfo, Tab, Values

SETTINGS: dict[str, SettingInfo] = {info.key: info for info in DECLARED}
"""Every setting by dotted key, in file (and Dashboard) order."""

SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(info.section for info in DECLARED))
"""The tables of a profile, in file order."""

DEFAULTS: dict[str, Any] = {key: info.default for key, info in SETTINGS.items()}

TABLES: dict[str, tuple[str, ...]] = {
    table: tuple(k for k, info in SETTINGS.items() if ".".join(info.path[: table.count(".") + 1]) == table)
    for table in dict.fromkeys([*SECTIONS, *(info.table for info in SETTINGS.values())])
}
"""Every table of a profile ("customer", "subscriptions.pause") with the settings in it, at
any depth, in file order."""


def by_tab(tab: Tab) -> list[SettingInfo]:
    """The settings a tab shows, in order; settings shown again from another tab come last
    (Promotion codes, after Payment methods on Customer information, as in the Dashboard)."""
    own = [s for s in SETTINGS.values() if s.meta.tab is tab]
    return own + [s for s in SETTINGS.values() if tab in dict(s.meta.also_on)]


DASHBOARD_ORDER: list[str] = [s.key for tab in Tab for s in by_tab(tab) if s.meta.tab is tab]
"""Every key in the order the editor's tabs (the Dashboard's sections) show them."""


def closest_key(key: str, extra: tuple[str, ...] = ()) -> str | None:
    """The known key a mistyped one most likely meant, for "did you mean"."""
    candidates = [*SETTINGS, *TABLES, *extra]
    match = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    if match:
        return match[0]
    # A bare field name typed without its table ("tax_id") is still worth a suggestion.
    tails = {k.rsplit(".", 1)[1]: k for k in SETTINGS}
    match = difflib.get_close_matches(key.rsplit(".", 1)[-1], list(tails), n=1, cutoff=0.8)
    return tails[match[0]] if match else None


def effective(data: Raw) -> dict[str, Any]:
    """The value of every known setting in a raw profile dict, defaults filled in.

    Values are taken as they are (even of the wrong type), so the caller sees what the file
    says; validation is the place that judges them.
    """
    values = dict(DEFAULTS)
    for key, info in SETTINGS.items():
        node: Any = data
        for part in info.path:
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            values[key] = node
    return values


def nest(values: Values) -> dict[str, dict[str, Any]]:
    """Flat dotted values back into tables (groups as tables within), in schema order."""
    tables: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
    for key, info in SETTINGS.items():
        node = tables[info.section]
        for part in info.path[1:-1]:
            node = node.setdefault(part, {})
        node[info.name] = values[key]
    return tables
