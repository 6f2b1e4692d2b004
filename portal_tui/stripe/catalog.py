"""What an account holds beyond one configuration: every configuration, products and prices (by lookup
key too), and portal sessions. Every list is read to its last page; every item is checked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from . import answers
from .client import EXPAND, Stripe, SyncError

MAX_ITEMS = 10_000
"""Configurations read of one account at most: more is an answer that never ends (Stripe cannot
delete configurations, but no account makes ten thousand)."""
MAX_CATALOG = 100_000
"""Products or prices read of one list at most: an account selling per customer may well hold
more than ten thousand prices. Each is kept as a small Price (a few hundred bytes), not as the
answer's object, so a hundred thousand stay within tens of megabytes."""
LOOKUP_BATCH = 10
"""Stripe takes at most 10 lookup keys a request."""
T = TypeVar("T")


async def every(
    stripe: Stripe, request: Callable[[Any], Awaitable[Any]], params: dict[str, Any],
    item: Callable[[Any, str], dict[str, Any]], what: str, keep: Callable[[dict[str, Any]], T], cap: int,
) -> list[T]:  # fmt: skip
    """All pages of a list: 100 at a time, each next page after the last item's ID; each item
    checked, then kept as ``keep`` makes it (a page's objects are let go of as it is read).

    A list that does not advance (a page holding an item already read, so the cursor stays
    put: a broken proxy or a hostile host) is a malformed answer at once, not a loop up to the
    cap; a list past ``cap`` items stops with the cap in its message."""
    found: list[T] = []
    seen: set[str] = set()
    after: str | None = None
    while True:
        page = {**params, "limit": 100, **({"starting_after": after} if after else {})}
        data, more = await stripe.call(partial(request, page), lambda obj: answers.listing(obj, item, what))
        for obj in data:
            ident = str(obj["id"])
            if ident in seen:
                raise SyncError(f"Stripe: malformed answer: {what} repeats {ident}: the list does not advance")
            seen.add(ident)
            found.append(keep(obj))
        if len(found) > cap:
            raise SyncError(f"Stripe: {what} has more than {cap:,} items, the most portal-tui reads of one list")
        if not more or not data:
            return found
        after = str(data[-1]["id"])


async def configurations(stripe: Stripe) -> list[dict[str, Any]]:
    """Every portal configuration of the account in the key's mode, active or not."""
    service = stripe.client.v1.billing_portal.configurations

    def item(obj: Any, where: str) -> dict[str, Any]:
        return answers.configuration(obj, stripe.mode, where)

    return await every(stripe, lambda p: service.list_async(params=p), {"expand": [f"data.{e}" for e in EXPAND]}, item,
                       "the list of configurations", dict, MAX_ITEMS)  # fmt: skip


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
    return await every(stripe, lambda p: service.list_async(params=p), params, answers.price, "the list of prices",
                       Price.of, MAX_CATALOG)  # fmt: skip


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
                         "the list of products", _named, MAX_CATALOG)  # fmt: skip
    offered: dict[str, list[Price]] = {}
    for price in await prices(stripe, active=True, type="recurring"):
        offered.setdefault(price.product, []).append(price)
    return [Product(ident, name, tuple(offered.get(ident, []))) for ident, name in listed]


def _named(product: dict[str, Any]) -> tuple[str, str]:
    return str(product["id"]), str(product.get("name") or "")


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
