"""Lookup keys resolved to price IDs in one mode and account, so one profile serves test and live mode.

A product table names its prices by ID or by lookup key. Stripe's portal takes IDs, and IDs
differ between modes; lookup keys can be the same in both. Each key must name exactly one
active recurring price, and a table's prices one product (the table's own, when it names one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.visible import visible
from ..stripe.catalog import Price, by_lookup_key
from ..stripe.client import Stripe
from ..stripe.lookup import PRODUCTS, apply, lookup_keys


@dataclass(frozen=True)
class Resolution:
    key: str
    price: str
    product: str

    def line(self) -> str:
        return f"{visible(self.key)} -> {self.price} ({self.product})"


@dataclass
class Resolved:
    """The values with every lookup key replaced by its price (and the table's product), what
    each key resolved to, and why any could not be (each naming its setting)."""

    values: dict[str, Any]
    resolutions: list[Resolution] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def table(self) -> dict[str, str]:
        """Each lookup key's price ID: what a plan file and the sync state keep."""
        return {r.key: r.price for r in self.resolutions}


async def resolve(stripe: Stripe, values: dict[str, Any]) -> Resolved:
    """Every lookup key looked up in the key's mode and account (10 a request) and checked."""
    keys = lookup_keys(values)
    if not keys:
        return Resolved(values)
    found = await by_lookup_key(stripe, keys)
    resolutions: dict[str, Resolution] = {}
    problems: list[str] = []
    where = stripe.where()
    for i, table in enumerate(values.get(PRODUCTS) or []):
        names = table.get("lookup_keys") if isinstance(table, dict) else None
        if not names or table.get("prices"):
            continue
        owners: set[str] = set()
        for j, key in enumerate(names):
            place = f"{PRODUCTS}[{i}].lookup_keys[{j}]"
            price = _one(found.get(key, []), key, place, where, problems)
            if price is not None:
                owners.add(price.product)
                resolutions.setdefault(key, Resolution(key, price.id, price.product))
        given = table.get("product") or ""
        if len(owners) > 1:
            problems.append(f"{PRODUCTS}[{i}]: its lookup keys name prices of several products "
                            f"({', '.join(sorted(owners))}); a table holds one product's prices")  # fmt: skip
        elif given and owners and owners != {given}:
            problems.append(f"{PRODUCTS}[{i}].product: {visible(given)}, but its lookup keys name prices of "
                            f"{next(iter(owners))}")  # fmt: skip
    known = {r.key: (r.price, r.product) for r in resolutions.values()}
    return Resolved(apply(values, known) if not problems else values, list(resolutions.values()), problems)


def _one(prices: list[Price], key: str, place: str, where: str, problems: list[str]) -> Price | None:
    shown = visible(key)
    if not prices:
        problems.append(f"{place}: no price has the lookup key {shown} in {where}")
        return None
    if len(prices) > 1:
        problems.append(f"{place}: {len(prices)} prices have the lookup key {shown} in {where}: "
                        f"{', '.join(p.id for p in prices)}")  # fmt: skip
        return None
    price = prices[0]
    if not price.active:
        problems.append(f"{place}: {shown} is {price.id}, which is not active")
        return None
    if not price.recurring:
        problems.append(f"{place}: {shown} is {price.id}, a one-time price; the portal switches recurring prices")
        return None
    return price
