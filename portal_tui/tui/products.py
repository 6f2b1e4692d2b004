"""The products editor: products with their prices and quantity limits, checked as you type."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static, Switch

from ..model.catalog import SettingInfo
from ..model.subscriptions import MAX_PRODUCTS
from ..model.visible import visible
from .listedit import DONE


def _number(text: str) -> Any:
    """A typed quantity: an int when it is one, else the text (which the rules then flag)."""
    try:
        return int(text.strip())
    except ValueError:
        return text


class ProductBlock(Vertical):
    """One product: its ID, its prices, and its adjustable quantity."""

    def __init__(self, product: dict[str, Any]) -> None:
        super().__init__(classes="product")
        self.product = product

    def compose(self) -> ComposeResult:
        p = self.product
        quantity = p.get("adjustable_quantity") if isinstance(p.get("adjustable_quantity"), dict) else {}
        prices = p.get("prices") if isinstance(p.get("prices"), list) else []
        with Horizontal(classes="line"):
            yield Static("Product", classes="label", markup=False)
            yield Input(visible(str(p.get("product", ""))), placeholder="prod_...", compact=True, classes="product-id")
        with Horizontal(classes="line"):
            yield Static("Prices", classes="label", markup=False)
            yield Input(", ".join(visible(str(x)) for x in prices), placeholder="price_..., price_...",
                        compact=True, classes="prices")
        with Horizontal(classes="line"):
            yield Static("Adjustable quantity", classes="label", markup=False)
            yield Switch(quantity.get("enabled") is True, classes="quantity-on")
            yield Input(str(quantity.get("minimum", 0)), compact=True, classes="minimum", tooltip="minimum")
            yield Input(str(quantity.get("maximum", 0)), compact=True, classes="maximum",
                        tooltip="maximum (0: no maximum)")
        yield Static("", classes="problem", markup=False)

    def value(self) -> dict[str, Any]:
        prices = [x.strip() for x in self.query_one(".prices", Input).value.replace(" ", ",").split(",") if x.strip()]
        product: dict[str, Any] = {**self.product, "product": self.query_one(".product-id", Input).value.strip(),
                                   "prices": prices}
        enabled = self.query_one(".quantity-on", Switch).value
        minimum = _number(self.query_one(".minimum", Input).value)
        maximum = _number(self.query_one(".maximum", Input).value)
        if enabled or minimum != 0 or maximum != 0 or "adjustable_quantity" in self.product:
            product["adjustable_quantity"] = {"enabled": enabled, "minimum": minimum, "maximum": maximum}
        return product


class ProductsScreen(ModalScreen[list[dict[str, Any]]]):
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
        Binding("ctrl+o", "move_price(-1)", "Price earlier", id="price-earlier",
                tooltip="Move the price under the cursor one place earlier"),
        Binding("ctrl+l", "move_price(1)", "Price later", id="price-later",
                tooltip="Move the price under the cursor one place later"),
    ]

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.value = [p for p in value if isinstance(p, dict)] if isinstance(value, list) else []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(f"{self.info.label} (at most {MAX_PRODUCTS})"), classes="title", markup=False)
            with VerticalScroll(classes="list", id="products"):
                for product in self.value:
                    yield ProductBlock(product)
            yield Static("", id="list-problem", classes="problem", markup=False)
            yield Static(Content("tab: next field  ctrl+n: add  ctrl+r: remove  ctrl+t / ctrl+g: product "
                                 "up / down  ctrl+o / ctrl+l: price earlier / later  escape: done"),
                         classes="hint", markup=False)

    def on_mount(self) -> None:
        self.check_products()

    def on_input_changed(self) -> None:
        self.check_products()

    def on_switch_changed(self) -> None:
        self.check_products()

    def check_products(self) -> None:
        """Show each product's problems under it, and the list's own above the hint."""
        from ..model.problems import check

        blocks = list(self.query(ProductBlock))
        data = {"business": {"business_name": "-"},
                "subscriptions": {"products": [b.value() for b in blocks]}}
        found = [p for p in check(data) if p.severity == "error" and p.key.startswith("subscriptions.products")]
        for i, block in enumerate(blocks):
            if not block.query(".problem"):
                continue  # still being built
            prefix = f"subscriptions.products[{i}]"
            lines = [f"{p.key[len(prefix) + 1:] or 'product'}: {p.message}" for p in found
                     if p.key.startswith(prefix + ".") or p.key == prefix]
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
        blocks = list(self.query(ProductBlock))
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
        field = self.focused
        if not isinstance(field, Input) or not field.has_class("prices"):
            return
        prices = [x.strip() for x in field.value.split(",")]
        here = field.value[:field.cursor_position].count(",")
        there = here + step
        if not 0 <= there < len(prices):
            return
        prices[here], prices[there] = prices[there], prices[here]
        field.value = ", ".join(prices)
        field.cursor_position = len(", ".join(prices[:there]))
        self.check_products()

    async def action_add(self) -> None:
        if len(self.query(ProductBlock)) >= MAX_PRODUCTS:
            self.notify(f"Stripe allows at most {MAX_PRODUCTS} products.", severity="warning")
            return
        block = ProductBlock({"product": "", "prices": []})
        await self.query_one("#products").mount(block)
        block.query_one(".product-id", Input).focus()

    def action_remove(self) -> None:
        block = self.focused_block()
        if block is not None:
            block.remove()
            self.call_after_refresh(self.check_products)

    def action_done(self) -> None:
        self.dismiss([block.value() for block in self.query(ProductBlock)])
