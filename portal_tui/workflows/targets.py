"""One profile, many targets: promote a test profile to live, list configurations, open a session.

Promote never POSTs: it reads prices in both modes and writes a new profile. A test price maps
to the live price with its lookup key; without one, to the live price of the same product ID
(products made with explicit IDs keep them across modes) of the same amount, currency and
interval, when exactly one is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from ..model.ids import where
from ..model.visible import visible
from ..store.links import SyncState
from ..stripe.catalog import Price, by_lookup_key, configurations, price, prices, session
from ..stripe.client import NotFound, Stripe, SyncError
from ..stripe.lookup import PRODUCTS
from .resolve import resolve
from .sync import Refused


@dataclass
class Promotion:
    """What promote found: each mapping as a line, the live product tables, and why any price
    could not be mapped (each naming its setting)."""

    tables: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


async def promote(test: Stripe, live: Stripe, values: dict[str, Any], lookup_keys: bool = False) -> Promotion:
    """The test profile's products as live ones (see the module's docstring)."""
    found = Promotion()
    tables = values.get(PRODUCTS) or []
    if not isinstance(tables, list):
        found.problems.append(f"{PRODUCTS}: not a list of product tables (portal-tui validate says why)")
        return found
    for i, table in enumerate(tables):
        place = f"{PRODUCTS}[{i}]"
        if (why := _unmappable(table)) is not None:
            found.problems.append(f"{place}: {why}")
            continue
        if table.get("lookup_keys"):
            checked = await resolve(live, {PRODUCTS: [table]})
            found.problems += [p.replace(f"{PRODUCTS}[0]", place) for p in checked.problems]
            found.lines += [f"{visible(r.key)} -> {r.price} ({r.product}) in live mode" for r in checked.resolutions]
            found.tables.append(dict(table))
            continue
        mapped: list[tuple[Price, Price]] = []
        for j, ident in enumerate(table.get("prices") or []):
            pair = await _map_price(
                test, live, str(ident), str(table.get("product") or ""), f"{place}.prices[{j}]", found
            )
            if pair is not None:
                mapped.append(pair)
        if len(mapped) != len(table.get("prices") or []):
            found.tables.append(dict(table))
            continue
        products = {new.product for _, new in mapped}
        if len(products) > 1:
            found.problems.append(f"{place}: its live prices are of several products ({', '.join(sorted(products))})")
            found.tables.append(dict(table))
            continue
        rest = {k: v for k, v in table.items() if k not in ("product", "prices", "lookup_keys")}
        keys = [old.lookup_key for old, _ in mapped]
        if lookup_keys and all(keys):
            found.tables.append({"lookup_keys": keys, **rest})
        else:
            found.tables.append({"product": products.pop(), "prices": [new.id for _, new in mapped], **rest})
    return found


def _unmappable(table: Any) -> str | None:
    """Why a product table cannot be promoted as it is, or None: a table with no prices has
    nothing its live product could be found by, and one with both lists would lose one."""
    if not isinstance(table, dict):
        return "not a product table (portal-tui validate says why)"
    lists = {k: table.get(k) for k in ("prices", "lookup_keys")}
    if any(v is not None and not (isinstance(v, list) and all(isinstance(x, str) for x in v)) for v in lists.values()):
        return "its prices or lookup_keys are not a list of text (portal-tui validate says why)"
    if lists["prices"] and lists["lookup_keys"]:
        return "holds both prices and lookup_keys (a product table takes one of them): keep one"
    if not lists["prices"] and not lists["lookup_keys"]:
        product = table.get("product")
        named = visible(product) if isinstance(product, str) and product else "the product"
        return (f"{named} has no prices: nothing to find its live prices by; give it prices or lookup_keys, "
                "or remove it")  # fmt: skip
    return None


async def _map_price(test: Stripe, live: Stripe, ident: str, product: str, place: str,
               found: Promotion) -> tuple[Price, Price] | None:  # fmt: skip
    try:
        old = await price(test, ident)
    except NotFound:
        found.problems.append(f"{place}: {visible(ident)} does not exist in test mode")
        return None
    if old.lookup_key:
        candidates = [p for p in (await by_lookup_key(live, [old.lookup_key]))[old.lookup_key] if p.offerable]
        how = f"with the lookup key {visible(old.lookup_key)}"
    else:
        same_product = await prices(live, product=old.product, active=True, type="recurring") if old.product else []
        candidates = [p for p in same_product if (p.amount, p.currency, p.interval) == (old.amount, old.currency,
                                                                                          old.interval)]  # fmt: skip
        how = f"of {old.product} at {old.amount} {old.currency} a {old.interval} (it has no lookup key)"
    if len(candidates) != 1:
        if candidates:
            why = f"{len(candidates)} live prices {how}: {', '.join(p.id for p in candidates)}"
        else:
            why = f"no active live price {how}"
        found.problems.append(f"{place}: {ident}: {why}")
        return None
    new = candidates[0]
    label = f" ({visible(old.lookup_key)})" if old.lookup_key else ""
    found.lines.append(f"{ident}{label} -> {new.id}")
    return old, new


@dataclass(frozen=True)
class Listed:
    """A configuration of the account, and the local profile linked to it (or None)."""

    id: str
    name: str
    is_default: bool
    active: bool
    updated: int
    profile: str | None

    def as_json(self) -> dict[str, Any]:
        from datetime import UTC, datetime

        when = datetime.fromtimestamp(self.updated, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {"id": self.id, "name": self.name, "is_default": self.is_default, "active": self.active,
                "updated": when, "profile": self.profile}  # fmt: skip


async def listed(stripe: Stripe, links: dict[tuple[str, str | None, str], str]) -> list[Listed]:
    """Every configuration of the account in the key's mode (all pages), with its profile."""
    return [
        Listed(
            str(c["id"]),
            str(c.get("name") or ""),
            bool(c.get("is_default")),
            bool(c.get("active", True)),
            int(c["updated"]),
            links.get((str(c["id"]), stripe.account, stripe.mode)),
        )
        for c in await configurations(stripe)
    ]


async def open_session(stripe: Stripe, state: SyncState, customer: str, return_url: str) -> str:
    """A real portal session on the linked configuration: its URL."""
    if state.configuration is None:
        raise SyncError(f"{where(None, state.account, state.mode)}: not linked yet")
    if not customer.startswith("cus_"):
        raise Refused(f"--customer takes a customer ID such as cus_123, not {visible(customer)!r}")
    return await session(stripe, customer, state.configuration, return_url, str(uuid.uuid4()))


async def with_lookup_keys(stripe: Stripe, values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """pull --lookup-keys: every product table whose prices all have a lookup key names them by
    key (no product ID: the profile then serves test and live mode); the others keep IDs."""
    tables, said = [], []
    for i, table in enumerate(values.get(PRODUCTS) or []):
        ids = [str(p) for p in table.get("prices") or []]
        keys = {p.id: p.lookup_key for p in await prices(stripe, product=str(table.get("product")))} if ids else {}
        missing = [p for p in ids if not keys.get(p)]
        if ids and not missing:
            rest = {k: v for k, v in table.items() if k not in ("product", "prices")}
            tables.append({"lookup_keys": [keys[p] for p in ids], **rest})
            said.append(f"{PRODUCTS}[{i}]: by lookup key: {', '.join(visible(str(keys[p])) for p in ids)}")
        else:
            tables.append(table)
            said.append(f"{PRODUCTS}[{i}]: kept as price IDs: {', '.join(missing)} "
                        f"{'has' if len(missing) == 1 else 'have'} no lookup key")  # fmt: skip
    return {**values, PRODUCTS: tables}, said
