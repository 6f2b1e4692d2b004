"""The account's active products and their active recurring prices, to pick one from for the products dialog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets.option_list import Option

from ...model.display import money
from ...model.visible import visible
from ..catalogs import Account
from .account import AccountDialog, entry, matching

if TYPE_CHECKING:
    from ..catalogs import Price, Product


@dataclass(frozen=True)
class Pick:
    """A product picked, with one of its prices (None: the product alone)."""

    product: str
    price: Price | None = None


class CatalogDialog(AccountDialog[Pick, "Product"]):
    """Each product, then under it each price: ID, amount, interval, lookup key. Picked, a price
    fills the product's ID and adds the price to its list (by ID, or by lookup key when the
    product lists lookup keys: a price without one cannot be picked then); a product fills
    its ID alone. What the products already list is marked."""

    instead = "Escape goes back to the products: IDs and lookup keys can be typed there."

    def __init__(
        self, account: Account, keyed: bool, listed: set[str], found: tuple[str, list[Product]] | None = None
    ) -> None:
        what = "a lookup key" if keyed else "a price"
        super().__init__(account, f"Pick {what} or a product from the Stripe account", found)
        self.keyed = keyed
        self.listed = listed
        """The IDs and lookup keys the products dialog holds now."""

    def fetch(self) -> tuple[str, list[Product]] | str:
        return self.account.products()

    def summary(self, where: str, entries: list[Product]) -> str:
        count = len(entries)
        return f"{count} active product{'s' if count != 1 else ''} in {where}, with their active recurring prices."

    def options(self, query: str) -> list[Option]:
        lines: list[Option] = []
        for i, product in enumerate(self.found[1] if self.found else []):
            named = matching(query, product.id, product.name)
            prices = [(j, p) for j, p in enumerate(product.prices) if named or matching(query, *self.words(p))]
            if not named and not prices:
                continue
            mark = "  (listed)" if product.id in self.listed else ""
            lines.append(entry(Content.styled(f"{product.id}  {visible(product.name)}{mark}", "bold"), ident=f"{i}"))
            lines += [self.price_line(p, f"{i}.{j}") for j, p in prices]
            if not product.prices:
                lines.append(entry("  (no active recurring price)", disabled=True))
        if not lines:
            lines.append(entry("Nothing matches." if query.strip() else "No active product.", disabled=True))
        offered = (o.id for o in lines if o.id and "." in o.id and not o.disabled)
        self.preferred = next(offered, None)  # a price is what is picked most: the first shown is highlighted
        return lines

    @staticmethod
    def words(price: Price) -> tuple[str, ...]:
        return price.id, price.lookup_key or "", price.interval or "", money(price.amount, price.currency)

    def price_line(self, price: Price, ident: str) -> Option:
        key = visible(price.lookup_key) if price.lookup_key else "(no lookup key)"
        listed = price.id in self.listed or (price.lookup_key or "") in self.listed
        text = f"  {price.id}  {money(price.amount, price.currency)} / {visible(price.interval or '-')}  {key}"
        return entry(text + ("  (listed)" if listed else ""), ident=ident, disabled=self.keyed and not price.lookup_key)

    def choose(self, ident: str) -> None:
        products = self.found[1] if self.found else []
        i, _, j = ident.partition(".")
        product = products[int(i)]
        self.dismiss(Pick(product.id, product.prices[int(j)] if j else None))
