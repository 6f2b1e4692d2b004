"""What an account holds beyond one configuration: every configuration, products and prices (by lookup
key too), and portal sessions. Every list is read to its last page; every item is checked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import answers
from .client import EXPAND, Stripe, SyncError

MAX_ITEMS = 10_000
"""More than this many items in one list is taken for an answer that never ends."""
LOOKUP_BATCH = 10
"""Stripe takes at most 10 lookup keys a request."""


async def every(
    stripe: Stripe, request: Callable[[Any], Awaitable[Any]], params: dict[str, Any],
    item: Callable[[Any, str], dict[str, Any]], what: str,
) -> list[dict[str, Any]]:  # fmt: skip
    """All pages of a list: 100 at a time, each next page after the last item's ID."""
    found: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        page = {**params, "limit": 100, **({"starting_after": after} if after else {})}
        data, more = await stripe.call(partial(request, page), lambda obj: answers.listing(obj, item, what))
        found += data
        if not more or not data:
            return found
        if len(found) > MAX_ITEMS:
            raise SyncError(f"Stripe: malformed answer: {what} goes on past {MAX_ITEMS:,} items")
        after = str(data[-1]["id"])


async def configurations(stripe: Stripe) -> list[dict[str, Any]]:
    """Every portal configuration of the account in the key's mode, active or not."""
    service = stripe.client.v1.billing_portal.configurations

    def item(obj: Any, where: str) -> dict[str, Any]:
        return answers.configuration(obj, stripe.mode, where)

    return await every(stripe, lambda p: service.list_async(params=p), {"expand": [f"data.{e}" for e in EXPAND]}, item,
                 "the list of configurations")  # fmt: skip


@dataclass(frozen=True)
class Price:
    """A price as a profile needs it: its product, whether it can be offered, its lookup key,
    and what promote compares across modes (amount, currency, interval)."""

    id: str
    product: str
    active: bool
    recurring: bool
    lookup_key: str | None
    amount: int | None
    currency: str | None
    interval: str | None
    product_name: str | None = None

    @classmethod
    def of(cls, obj: dict[str, Any]) -> Price:
        owner = obj["product"]
        recurring = obj.get("recurring") or {}
        return cls(str(obj["id"]), answers.owner_of(obj), bool(obj.get("active", True)),
                   obj.get("type") == "recurring" or bool(recurring), obj.get("lookup_key"),
                   obj.get("unit_amount"), obj.get("currency"), recurring.get("interval"),
                   owner.get("name") if isinstance(owner, dict) else None)  # fmt: skip

    @property
    def offerable(self) -> bool:
        """What the portal can switch to: an active recurring price."""
        return self.active and self.recurring


async def prices(stripe: Stripe, **filters: Any) -> list[Price]:
    """Prices of the account (``product=``, ``active=``, ``type=`` filters), products expanded."""
    service = stripe.client.v1.prices
    params = {**filters, "expand": ["data.product"]}
    listed = await every(stripe, lambda p: service.list_async(params=p), params, answers.price, "the list of prices")
    return [Price.of(p) for p in listed]


async def by_lookup_key(stripe: Stripe, keys: Iterable[str]) -> dict[str, list[Price]]:
    """Each lookup key's prices in the key's mode and account (10 keys a request); a key no
    price has maps to []."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, list[Price]] = {key: [] for key in wanted}
    for start in range(0, len(wanted), LOOKUP_BATCH):
        batch = wanted[start : start + LOOKUP_BATCH]
        for price in await prices(stripe, lookup_keys=batch):
            if price.lookup_key in found:
                found[price.lookup_key].append(price)
    return found


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    prices: tuple[Price, ...]


async def products(stripe: Stripe) -> list[Product]:
    """The account's active products, each with its active recurring prices."""
    service = stripe.client.v1.products
    listed = await every(stripe, lambda p: service.list_async(params=p), {"active": True}, answers.product,
                         "the list of products")  # fmt: skip
    offered: dict[str, list[Price]] = {}
    for price in await prices(stripe, active=True, type="recurring"):
        offered.setdefault(price.product, []).append(price)
    return [Product(str(p["id"]), str(p.get("name") or ""), tuple(offered.get(str(p["id"]), []))) for p in listed]


async def session(stripe: Stripe, customer: str, configuration: str, return_url: str, idempotency_key: str) -> str:
    """A portal session for the customer on that configuration: its URL (checked to be https)."""
    service = stripe.client.v1.billing_portal.sessions
    params: Any = {"customer": customer, "configuration": configuration, "return_url": return_url}

    def checked(obj: Any) -> dict[str, Any]:
        if not isinstance(obj, dict) or obj.get("object") != "billing_portal.session":
            raise answers.Malformed("the session: not a billing_portal.session")
        answers.check_id("bps", obj.get("id"), "the session.id")
        url = obj.get("url")
        answers.text(url, "the session.url", 2000)
        if not str(url).startswith("https://") or answers.clean(url, 2000) != url:
            raise answers.Malformed(f"the session.url: not an https URL: {answers.shown(url)}")
        return obj

    options: Any = {"idempotency_key": idempotency_key}
    found = await stripe.call(lambda: service.create_async(params=params, options=options), checked)
    return str(found["url"])


async def price(stripe: Stripe, ident: str) -> Price:
    """One price by ID, its product expanded (NotFound when this mode and account have none)."""
    service = stripe.client.v1.prices
    params: Any = {"expand": ["product"]}
    return Price.of(await stripe.call(lambda: service.retrieve_async(ident, params=params), answers.price))
