"""One product of the products dialog: its ID, its prices by ID or by lookup key, and its adjustable quantity."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from ..texts import FieldText, TextFields, as_text
from .ticks import Tick

PLACEHOLDERS = {"prices": "price_..., price_...", "lookup-keys": "lookup_key_1, lookup_key_2"}


def _number(text: str) -> Any:
    """A typed quantity: an int when it is one, else the text (which the rules then flag)."""
    try:
        return int(text.strip())
    except ValueError:
        return text


def entries(text: str, keyed: bool) -> list[str]:
    """A list field's text as its entries, split at commas. Price IDs hold no spaces, so a space
    parts them too; a lookup key may hold one inside it, so only the spaces around it go."""
    if keyed:
        return [x.strip(" ") for x in text.split(",") if x.strip(" ")]
    return [x for x in text.replace(" ", ",").split(",") if x]


def _listed(product: dict[str, Any], key: str) -> str:
    value = product.get(key)
    if isinstance(value, list):
        return ", ".join(as_text(x) for x in value)
    return as_text(value) if key in product else ""


class ListedBy(Widget, can_focus=True):
    """Which list a product holds, as words: ``< Price IDs >`` or ``< Lookup keys >`` (the same
    in test and live mode). Space, enter, left or right switches it; a tab stop of its own, so
    it is reached and read like any field."""

    DEFAULT_CSS = """
    ListedBy { height: 1; width: 22; }
    ListedBy:focus { background: $accent 30%; }
    """
    BINDINGS = [
        Binding("space,enter,left,right", "switch", "Switch", id="listed-by-switch", show=False,
                tooltip="List this product's prices by ID or by lookup key"),
    ]  # fmt: skip

    keyed: reactive[bool] = reactive(False)

    class Changed(Message):
        def __init__(self, listed_by: ListedBy) -> None:
            super().__init__()
            self.listed_by = listed_by

    def __init__(self, keyed: bool) -> None:
        super().__init__(classes="listed-by")
        self.set_reactive(ListedBy.keyed, keyed)
        self.tooltip = "Prices by ID (prod_ and price_), or by lookup key: space switches"

    def render(self) -> Content:
        return Content(f"< {'Lookup keys' if self.keyed else 'Price IDs'} >")

    def action_switch(self) -> None:
        self.keyed = not self.keyed
        self.post_message(self.Changed(self))

    def on_click(self, event: events.Click) -> None:
        self.focus()
        self.action_switch()


class ProductBlock(Vertical, TextFields):
    """One product: its ID, its prices (by ID or by lookup key), and its adjustable quantity.

    Each field remembers the text it was shown with: a field left as it was gives back the
    entry's own value (of whatever type, hidden characters and all), so opening and closing
    the editor changes nothing, and an edit changes only the field that was edited. Switching
    between price IDs and lookup keys keeps both texts; the list not chosen is dropped."""

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

    def __init__(self, product: Any = None, keyed: bool = False) -> None:
        super().__init__(classes="product")
        self.raw = product
        """The entry as the file holds it (None for a product added here)."""
        self.product: dict[str, Any] = product if isinstance(product, dict) else {}
        p = self.product
        quantity = p.get("adjustable_quantity")
        self.quantity: dict[str, Any] = quantity if isinstance(quantity, dict) else {}
        self.follow(
            {
                "product-id": as_text(p["product"]) if "product" in p else "",
                "prices": _listed(p, "prices"),
                "lookup-keys": _listed(p, "lookup_keys"),
                "minimum": as_text(self.quantity.get("minimum", 0)),
                "maximum": as_text(self.quantity.get("maximum", 0)),
            }
        )
        self.shown_on = self.quantity.get("enabled") is True
        self.shown_keyed = keyed if product is None else ("lookup_keys" in p and not p.get("prices"))
        """Lookup keys when the table lists them and no prices (a table with both shows its
        prices, and the model's error says to keep one)."""

    def compose(self) -> ComposeResult:
        keyed = self.shown_keyed
        with Horizontal(classes="line"):
            yield Static("Product", classes="label", markup=False)
            yield Input(self.shown["product-id"], placeholder=self.product_placeholder(keyed), compact=True,
                        classes="product-id")  # fmt: skip
        with Horizontal(classes="line"):
            yield ListedBy(keyed)
            for field in ("prices", "lookup-keys"):
                widget = Input(self.shown[field], placeholder=PLACEHOLDERS[field], compact=True, classes=field)
                widget.display = (field == "lookup-keys") == keyed
                yield widget
        with Horizontal(classes="line"):
            yield Static("Quantity", classes="label", markup=False)
            yield Tick("adjustable", self.shown_on, classes="quantity-on")
            yield Static("min", classes="bound", markup=False)
            yield Input(self.shown["minimum"], compact=True, classes="minimum", tooltip="minimum")
            yield Static("max", classes="bound", markup=False)
            yield Input(self.shown["maximum"], compact=True, classes="maximum", tooltip="maximum (0: no maximum)")
        yield Static("", classes="problem", markup=False)

    @staticmethod
    def product_placeholder(keyed: bool) -> str:
        return "prod_... (optional with lookup keys)" if keyed else "prod_..."

    @property
    def keyed(self) -> bool:
        return self.query_one(ListedBy).keyed

    @property
    def list_field(self) -> str:
        """The field of the list the product holds now."""
        return "lookup-keys" if self.keyed else "prices"

    def on_listed_by_changed(self, event: ListedBy.Changed) -> None:
        keyed = event.listed_by.keyed
        for field in ("prices", "lookup-keys"):
            self.query_one(f".{field}", Input).display = (field == "lookup-keys") == keyed
        self.query_one(".product-id", Input).placeholder = self.product_placeholder(keyed)

    def meant(self, field: str) -> str:
        """What a field stands for now (the value as text, hidden characters and all)."""
        return self.texts[field].read(self.query_one(f".{field}", Input).value)

    def put(self, field: str, meant: str) -> None:
        """Fill a field with a value as text, as if typed, but keeping its hidden characters:
        the field shows them as escapes and stands for the characters."""
        self.texts[field] = FieldText(meant)
        widget = self.query_one(f".{field}", Input)
        with widget.prevent(Input.Changed):
            widget.value = self.texts[field].seen

    def listed(self) -> list[str]:
        """The entries of the list the product holds now."""
        return entries(self.meant(self.list_field), self.keyed)

    def value(self) -> Any:
        keyed = self.keyed
        field, key, other = ("lookup-keys", "lookup_keys", "prices") if keyed else ("prices", "prices", "lookup_keys")
        product_id, listed, minimum, maximum = (self.typed(f) for f in ("product-id", field, "minimum", "maximum"))
        enabled = self.query_one(".quantity-on", Tick).value
        switched = keyed != self.shown_keyed
        untouched = product_id is listed is minimum is maximum is None
        if self.raw is not None and untouched and enabled == self.shown_on and not switched:
            return self.raw
        product: dict[str, Any] = dict(self.product)
        if product_id is not None or ("product" not in product and not keyed):
            ident = (product_id or "").strip(" ")  # only spaces: a control character is kept
            if ident or not keyed:
                product["product"] = ident
            else:
                product.pop("product", None)  # optional with lookup keys: no empty ID is written
        if listed is not None or key not in product:
            product[key] = entries(listed or "", keyed)
        if switched:
            product.pop(other, None)
        if minimum is not None or maximum is not None or enabled != self.shown_on:
            quantity = dict(self.quantity)
            quantity["enabled"] = enabled
            quantity["minimum"] = _number(minimum) if minimum is not None else quantity.get("minimum", 0)
            quantity["maximum"] = _number(maximum) if maximum is not None else quantity.get("maximum", 0)
            product["adjustable_quantity"] = quantity
        return product
