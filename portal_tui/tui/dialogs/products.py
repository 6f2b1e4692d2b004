"""The products editor: products with their prices and quantity limits, checked as you type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...model.meta import MAX_PRODUCTS, SettingInfo
from ...model.visible import visible
from ..catalogs import Account
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint
from ..widgets.product import ListedBy, ProductBlock
from .lists import DONE, unchanged_or

if TYPE_CHECKING:
    from ..catalogs import Product
    from .catalog import Pick


class ProductsDialog(ModalScreen[list[Any] | None]):
    """Add, remove and order products, edit their prices and quantity limits; every rule of
    the products list (prefixes, duplicates, at least one price, the limit) shows as you type.
    Moving uses ctrl keys that a text field leaves alone (printable keys always type)."""

    AUTO_FOCUS = "Input"
    BINDINGS = [
        DONE,
        Binding("ctrl+n", "add", "Add product", id="product-add", tooltip="Add a product"),
        Binding("ctrl+r", "remove", "Remove product", id="product-remove", tooltip="Remove the focused product"),
        Binding("ctrl+t", "move(-1)", "Product up", id="product-up", tooltip="Move the focused product up"),
        Binding("ctrl+g", "move(1)", "Product down", id="product-down", tooltip="Move the focused product down"),
        Binding(
            "ctrl+o",
            "move_price(-1)",
            "Price earlier",
            id="price-earlier",
            tooltip="Move the price under the cursor one place earlier",
        ),
        Binding(
            "ctrl+l",
            "move_price(1)",
            "Price later",
            id="price-later",
            tooltip="Move the price under the cursor one place later",
        ),
        Binding(
            "ctrl+f",
            "pick",
            "Pick from account",
            id="product-pick",
            tooltip="Pick a product or price from the Stripe account (a key is needed; typing works without)",
        ),
    ]

    def __init__(self, info: SettingInfo, value: Any, account: Account | None = None) -> None:
        super().__init__()
        self.info = info
        self.original = value
        self.value: list[Any] = list(value) if isinstance(value, list) else []
        self.account = account
        """The open profile's Stripe account, to pick from (None: typing alone)."""
        self.catalog: tuple[str, list[Product]] | None = None
        """The account's products once read: picking again does not ask Stripe again."""

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(f"{self.info.label} (at most {MAX_PRODUCTS})"), classes="title", markup=False)
            with VerticalScroll(classes="list", id="products"):
                for product in self.value:
                    yield ProductBlock(product)
            yield Static("", id="list-problem", classes="problem", markup=False)
            yield Hint(before="tab: next field    space: price IDs or lookup keys")

    def on_mount(self) -> None:
        self.check_products()

    def on_input_changed(self) -> None:
        self.check_products()

    def on_listed_by_changed(self, event: ListedBy.Changed) -> None:
        self.check_products()

    def blocks(self) -> list[ProductBlock]:
        """The products shown, in order (a block being removed is no longer one of them)."""
        return [b for b in self.query(ProductBlock) if b.is_attached and b.query(".quantity-on")]

    def check_products(self) -> None:
        """Show each product's problems under it, and the list's own above the hint."""
        from ...model.problems import check

        blocks = self.blocks()
        data = {"business": {"business_name": "-"}, "subscriptions": {"products": [b.value() for b in blocks]}}
        found = [p for p in check(data) if p.severity == "error" and p.key.startswith("subscriptions.products")]
        for i, block in enumerate(blocks):
            prefix = f"subscriptions.products[{i}]"
            lines = [
                f"{p.key[len(prefix) + 1 :] or 'product'}: {p.message}"
                for p in found
                if p.key.startswith(prefix + ".") or p.key == prefix
            ]
            line = block.query_one(".problem", Static)
            line.update(Content("\n".join(lines)))
            line.display = bool(lines)
        whole = [p.message for p in found if p.key == "subscriptions.products"]
        self.query_one("#list-problem", Static).update(Content("\n".join(whole)))

    def focused_block(self) -> ProductBlock | None:
        focused = self.focused
        return next((a for a in focused.ancestors_with_self if isinstance(a, ProductBlock)), None) if focused else None

    def action_move(self, step: int) -> None:
        block = self.focused_block()
        blocks = self.blocks()
        if block is None or not 0 <= blocks.index(block) + step < len(blocks):
            return
        other = blocks[blocks.index(block) + step]
        container = self.query_one("#products")
        if step < 0:
            container.move_child(block, before=other)
        else:
            container.move_child(block, after=other)
        self.call_after_refresh(block.scroll_visible)
        self.check_products()

    def action_move_price(self, step: int) -> None:
        """Swap the price under the cursor with its neighbour, in what the field stands for
        (an escape never holds a comma, so the field's commas are the value's)."""
        field = self.focused
        if not isinstance(field, Input) or not (field.has_class("prices") or field.has_class("lookup-keys")):
            return
        block = next(a for a in field.ancestors if isinstance(a, ProductBlock))
        name = block.list_field
        prices = [x.strip(" ") for x in block.meant(name).split(",")]
        here = field.value[: field.cursor_position].count(",")
        there = here + step
        if not 0 <= there < len(prices):
            return
        prices[here], prices[there] = prices[there], prices[here]
        block.put(name, ", ".join(prices))
        field.cursor_position = len(visible(", ".join(prices[:there])))
        self.check_products()

    async def action_add(self) -> None:
        block = await self.added()
        if block is not None:
            block.query_one(".product-id", Input).focus()

    async def added(self, keyed: bool = False) -> ProductBlock | None:
        """A new product at the end of the list (None, and said, when the list is full)."""
        if len(self.blocks()) >= MAX_PRODUCTS:
            self.notify(f"Stripe allows at most {MAX_PRODUCTS} products.", severity="warning")
            return None
        block = ProductBlock(keyed=keyed)
        await self.query_one("#products").mount(block)
        return block

    async def action_remove(self) -> None:
        block = self.focused_block()
        if block is None:
            return
        blocks = self.blocks()
        index = blocks.index(block)
        await block.remove()  # gone whole before the list is checked again
        self.check_products()
        rest = self.blocks()
        if rest:  # the focus goes to the product now in its place (or the one before)
            rest[min(index, len(rest) - 1)].query_one(".product-id", Input).focus()

    def action_done(self) -> None:
        products = [block.value() for block in self.blocks()]
        if not isinstance(self.original, list) and not products:
            self.dismiss(None)  # not a list, and nothing added: left as the file has it
        else:
            self.dismiss(unchanged_or(self.original, products))

    # --- picking from the account -----------------------------------------------------------------

    def action_pick(self) -> None:
        """The account's products and prices, read in the background (once a dialog), to pick
        from; the product focused now is the one filled, when it is of the product picked."""
        from .catalog import CatalogDialog

        if self.account is None:
            self.notify("No Stripe account to read here: type the IDs or lookup keys.", severity="warning")
            return
        origin = self.focused_block()
        keyed = origin.keyed if origin else False
        listed = {x for b in self.blocks() for x in (*b.listed(), b.meant("product-id").strip(" "))}
        picker = CatalogDialog(self.account, keyed, listed, self.catalog)

        def picked(pick: Pick | None) -> None:
            self.catalog = picker.found or self.catalog
            if pick is not None:
                self.call_later(self.fill, pick, origin, keyed)

        self.app.push_screen(picker, picked)

    def owner(self, block: ProductBlock) -> str | None:
        """The product a table is of: its ID, else the product of its prices as the account has
        them ("" for a table still blank; None when they are not the account's or of several)."""
        ident = block.meant("product-id").strip(" ")
        if ident:
            return ident
        listed = block.listed()
        if not listed:
            return ""
        products = self.catalog[1] if self.catalog else []
        owners = {p.id for p in products for x in p.prices if x.id in listed or x.lookup_key in listed}
        return owners.pop() if len(owners) == 1 else None

    def home(self, product: str, origin: ProductBlock | None, keyed: bool) -> ProductBlock | None:
        """Where a pick of ``product`` goes: the table it was picked from when that one is of
        this product or still blank, else the first table of this product listing prices the
        same way (by ID or by lookup key); None: a new one."""
        blocks = self.blocks()
        if origin in blocks and self.owner(origin) in (product, ""):
            return origin
        return next((b for b in blocks if self.owner(b) == product and b.keyed == keyed), None)

    async def fill(self, pick: Pick, origin: ProductBlock | None, keyed: bool) -> None:
        """The pick in its product's table: a table of price IDs gets the product's ID and the
        price's; a table of lookup keys gets the price's lookup key, its product left as it is
        (optional there, and it may differ between test and live mode)."""
        block = self.home(pick.product, origin, keyed) or await self.added(keyed)
        if block is None:
            return
        price = pick.price
        if price is not None and block.keyed and not price.lookup_key:
            self.notify(f"{price.id} has no lookup key, and this product lists lookup keys.", severity="warning")
            return
        if price is None or not block.keyed:
            block.put("product-id", pick.product)
        if price is not None:
            new = (price.lookup_key or "") if block.keyed else price.id
            field = block.list_field
            if new not in block.listed():
                now = block.meant(field).rstrip(", ")
                block.put(field, f"{now}, {new}" if now.strip(" ") else new)
        self.check_products()
        block.query_one(f".{block.list_field}", Input).focus()
        self.call_after_refresh(block.scroll_visible)
