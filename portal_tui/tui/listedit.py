"""Editors for list and table settings: choices to tick, products with prices, metadata pairs.

Each opens over the editor and hands back the whole new value when closed (escape), which
becomes one undoable edit; ctrl+z undoes it like any other.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static, Switch

from ..model.catalog import SettingInfo
from ..model.subscriptions import MAX_PRODUCTS
from ..model.visible import visible

DONE = Binding("escape", "done", "Done", id="list-done", tooltip="Close and apply (ctrl+z undoes it)")


class ChoicesScreen(ModalScreen[list[str]]):
    """Tick the values of a list of choices (reasons offered, downgrade conditions)."""

    AUTO_FOCUS = "SelectionList"
    BINDINGS = [DONE]

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.value = value if isinstance(value, list) else []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.info.label), classes="title", markup=False)
            yield SelectionList[str](*[(Content(c), c, c in self.value) for c in self.info.choices])
            yield Static(Content("space: tick or untick    escape: done"), classes="hint", markup=False)

    def action_done(self) -> None:
        chosen = self.query_one(SelectionList).selected
        self.dismiss([c for c in self.info.choices if c in chosen])  # in the schema's order


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
    """Add and remove products, edit their prices and quantity limits."""

    AUTO_FOCUS = "Input"
    BINDINGS = [
        DONE,
        Binding("ctrl+n", "add", "Add product", id="product-add", tooltip="Add a product"),
        Binding("ctrl+r", "remove", "Remove product", id="product-remove", tooltip="Remove the focused product"),
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
            yield Static(Content("tab: next field   ctrl+n: add   ctrl+r: remove   escape: done"),
                         classes="hint", markup=False)

    async def action_add(self) -> None:
        if len(self.query(ProductBlock)) >= MAX_PRODUCTS:
            self.notify(f"Stripe allows at most {MAX_PRODUCTS} products.", severity="warning")
            return
        block = ProductBlock({"product": "", "prices": []})
        await self.query_one("#products").mount(block)
        block.query_one(".product-id", Input).focus()

    def action_remove(self) -> None:
        focused = self.focused
        block = next((a for a in focused.ancestors_with_self if isinstance(a, ProductBlock)), None) if focused else None
        if block is not None:
            block.remove()

    def action_done(self) -> None:
        self.dismiss([block.value() for block in self.query(ProductBlock)])


class PairLine(Horizontal):
    """One metadata entry: key and value."""

    def __init__(self, key: str, value: Any) -> None:
        super().__init__(classes="line pair")
        self.pair = (key, value)

    def compose(self) -> ComposeResult:
        yield Input(visible(self.pair[0]), placeholder="key", compact=True, classes="key")
        yield Input(visible(str(self.pair[1])), placeholder="value", compact=True, classes="value")


class MetadataScreen(ModalScreen[dict[str, str]]):
    """Key-value pairs stored on the configuration."""

    AUTO_FOCUS = "Input"
    BINDINGS = [
        DONE,
        Binding("ctrl+n", "add", "Add entry", id="metadata-add", tooltip="Add a key-value pair"),
        Binding("ctrl+r", "remove", "Remove entry", id="metadata-remove", tooltip="Remove the focused pair"),
    ]

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.value = value if isinstance(value, dict) else {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.info.label), classes="title", markup=False)
            with VerticalScroll(classes="list", id="pairs"):
                for key, value in self.value.items():
                    yield PairLine(key, value)
            yield Static(Content("ctrl+n: add   ctrl+r: remove   escape: done"), classes="hint", markup=False)

    async def action_add(self) -> None:
        line = PairLine("", "")
        await self.query_one("#pairs").mount(line)
        line.query_one(".key", Input).focus()

    def action_remove(self) -> None:
        focused = self.focused
        line = next((a for a in focused.ancestors_with_self if isinstance(a, PairLine)), None) if focused else None
        if line is not None:
            line.remove()

    def action_done(self) -> None:
        pairs = {}
        for line in self.query(PairLine):
            key = line.query_one(".key", Input).value.strip()
            if key:
                pairs[key] = line.query_one(".value", Input).value
        self.dismiss(pairs)
