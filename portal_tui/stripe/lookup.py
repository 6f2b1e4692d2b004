"""Lookup keys in a profile's products, and their replacement by price IDs already known (no request)."""

from __future__ import annotations

import copy
from typing import Any

PRODUCTS = "subscriptions.products"


def lookup_keys(values: dict[str, Any]) -> list[str]:
    """Every lookup key the profile's products name, in order, once each."""
    found: list[str] = []
    for table in values.get(PRODUCTS) or []:
        if isinstance(table, dict) and isinstance(table.get("lookup_keys"), list):
            found += [k for k in table["lookup_keys"] if isinstance(k, str) and k not in found]
    return found


def apply(values: dict[str, Any], known: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The values with lookup keys replaced from ``known`` (key -> (price, product)): tables
    with a key not known are left as they are (export then says they need resolving)."""
    tables = values.get(PRODUCTS) or []
    if not lookup_keys(values):
        return values
    out = []
    for table in tables:
        keys = table.get("lookup_keys") if isinstance(table, dict) else None
        if not keys or table.get("prices") or not all(k in known for k in keys):
            out.append(table)
            continue
        resolved = {k: v for k, v in copy.deepcopy(table).items() if k != "lookup_keys"}
        resolved["prices"] = [known[k][0] for k in keys]
        resolved["product"] = table.get("product") or known[keys[0]][1]
        out.append(resolved)
    return {**values, PRODUCTS: out}


def recorded(resolved: dict[str, list[str]]) -> dict[str, tuple[str, str]]:
    """Resolutions as a sync state keeps them (key -> [price, product]) in ``apply``'s form."""
    return {key: (pair[0], pair[1]) for key, pair in resolved.items()}
