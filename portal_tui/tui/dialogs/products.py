"""The products editor: products with their prices and quantity limits, checked as you type."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...model.meta import MAX_PRODUCTS, SettingInfo
from ...model.visible import visible
from ..texts import FieldText, TextFields, as_text
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint
from ..widgets.ticks import Tick
from .lists import DONE, unchanged_or


def _number(text: str) -> Any:
    """A typed quantity: an int when it is one, else the text (which the rules then flag)."""
    try:
        return int(text.strip())
    except ValueError:
        return text


class ProductBlock(Vertical, TextFields):
    """One product: its ID, its prices, and its adjustable quantity.

    Each field remembers the text it was shown with: a field left as it was gives back the
    entry's own value (of whatever type, hidden characters and all), so opening and closing
    the editor changes nothing, and an edit changes only the field that was edited."""

    DEFAULT_CSS = """
    ProductBlock {
        height: auto;
        border-bottom: solid $primary 50%;
        & .line { height: 1; }
        & .label { width: 22; }
        & Input { width: 1fr; }
        & Tick { margin-right: 2; }
        & .bound { width: auto; padding: 0 1 0 0; color: $text-muted; }
    }
    """

    def __init__(self, product: Any = None) -> None:
        super().__init__(classes="product")
        self.raw = product
        """The entry as the file holds it (None for a product added here)."""
        self.product: dict[str, Any] = product if isinstance(product, dict) else {}
        p = self.product
        quantity = p.get("adjustable_quantity")
        self.quantity: dict[str, Any] = quantity if isinstance(quantity, dict) else {}
        prices = p.get("prices")
        self.follow(
            {
                "product-id": as_text(p["product"]) if "product" in p else "",
                "prices": ", ".join(as_text(x) for x in prices)
                if isinstance(prices, list)
                else (as_text(prices) if "prices" in p else ""),
                "minimum": as_text(self.quantity.get("minimum", 0)),
                "maximum": as_text(self.quantity.get("maximum", 0)),
            }
        )
        self.shown_on = self.quantity.get("enabled") is True

    def compose(self) -> ComposeResult:
        with Horizontal(classes="line"):
            yield Static("Product", classes="label", markup=False)
            yield Input(self.shown["product-id"], placeholder="prod_...", compact=True, classes="product-id")
        with Horizontal(classes="line"):
            yield Static("Prices", classes="label", markup=False)
            yield Input(self.shown["prices"], placeholder="price_..., price_...", compact=True, classes="prices")
        with Horizontal(classes="line"):
            yield Static("Quantity", classes="label", markup=False)
            yield Tick("adjustable", self.shown_on, classes="quantity-on")
            yield Static("min", classes="bound", markup=False)
            yield Input(self.shown["minimum"], compact=True, classes="minimum", tooltip="minimum")
            yield Static("max", classes="bound", markup=False)
            yield Input(self.shown["maximum"], compact=True, classes="maximum", tooltip="maximum (0: no maximum)")
        yield Static("", classes="problem", markup=False)

    def value(self) -> Any:
        product_id, prices, minimum, maximum = (self.typed(f) for f in ("product-id", "prices", "minimum", "maximum"))
        enabled = self.query_one(".quantity-on", Tick).value
        if self.raw is not None and product_id is prices is minimum is maximum is None and enabled == self.shown_on:
            return self.raw  # untouched
        product: dict[str, Any] = dict(self.product)
        if product_id is not None or "product" not in product:
            product["product"] = (product_id or "").strip(" ")  # only spaces: a control character is kept
        if prices is not None or "prices" not in product:
            product["prices"] = [x for x in (prices or "").replace(" ", ",").split(",") if x]
        if minimum is not None or maximum is not None or enabled != self.shown_on:
            quantity = dict(self.quantity)
            quantity["enabled"] = enabled
            quantity["minimum"] = _number(minimum) if minimum is not None else quantity.get("minimum", 0)
            quantity["maximum"] = _number(maximum) if maximum is not None else quantity.get("maximum", 0)
            product["adjustable_quantity"] = quantity
        return product


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
    ]

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.original = value
        self.value: list[Any] = list(value) if isinstance(value, list) else []

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(f"{self.info.label} (at most {MAX_PRODUCTS})"), classes="title", markup=False)
            with VerticalScroll(classes="list", id="products"):
                for product in self.value:
                    yield ProductBlock(product)
            yield Static("", id="list-problem", classes="problem", markup=False)
            yield Hint(before="tab: next field")

    def on_mount(self) -> None:
        self.check_products()

    def on_input_changed(self) -> None:
        self.check_products()

    def on_switch_changed(self) -> None:
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
        if not isinstance(field, Input) or not field.has_class("prices"):
            return
        block = next(a for a in field.ancestors if isinstance(a, ProductBlock))
        prices = [x.strip(" ") for x in block.texts["prices"].read(field.value).split(",")]
        here = field.value[: field.cursor_position].count(",")
        there = here + step
        if not 0 <= there < len(prices):
            return
        prices[here], prices[there] = prices[there], prices[here]
        block.texts["prices"] = FieldText(", ".join(prices))
        with field.prevent(Input.Changed):
            field.value = block.texts["prices"].seen
        field.cursor_position = len(visible(", ".join(prices[:there])))
        self.check_products()

    async def action_add(self) -> None:
        if len(self.blocks()) >= MAX_PRODUCTS:
            self.notify(f"Stripe allows at most {MAX_PRODUCTS} products.", severity="warning")
            return
        block = ProductBlock()
        await self.query_one("#products").mount(block)
        block.query_one(".product-id", Input).focus()

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
