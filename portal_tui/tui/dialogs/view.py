"""A list or table setting shown read-only (read-only editor, review): every entry, nothing editable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model.display import shown
from ...model.meta import Kind, SettingInfo
from ...model.visible import visible
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint

if TYPE_CHECKING:
    from ..catalogs import Account


def entry_lines(info: SettingInfo, value: Any) -> list[str]:
    """One or more lines per entry, in the file's order, as text (hostile text made visible)."""
    if not isinstance(value, list | dict):
        return [shown(value)]
    if isinstance(value, dict):
        return [f"{visible(str(k))} = {shown(v)}" for k, v in value.items()] or ["none"]
    lines: list[str] = []
    for entry in value:
        if info.kind is Kind.PRODUCTS and isinstance(entry, dict):
            lines.append(shown(entry["product"]) if "product" in entry else "(product by lookup key)")
            for key, word in (("prices", "prices"), ("lookup_keys", "lookup keys")):
                listed = entry.get(key)
                if key in entry or (key == "prices" and "lookup_keys" not in entry):
                    shown_list = ", ".join(shown(p) for p in listed) if isinstance(listed, list) else shown(listed)
                    lines.append(f"  {word}: {shown_list}")
            quantity = entry.get("adjustable_quantity")
            if isinstance(quantity, dict):
                adjustable = "adjustable" if quantity.get("enabled") is True else "not adjustable"
                most = quantity.get("maximum", 0)
                lines.append(
                    f"  quantity: {adjustable}, min {shown(quantity.get('minimum', 0))}, "
                    f"max {shown(most) if most else 'none'}"
                )
        elif info.kind is Kind.INTERVALS and isinstance(entry, dict):
            lines.append(f"{shown(entry.get('count', '?'))} {shown(entry.get('interval', '?'))}")
        elif entry in info.choices:
            word = info.word(entry)
            lines.append(word if word == entry else f"{word}  ({entry})")
        else:
            lines.append(shown(entry))
    return lines or ["none"]


class ValueDialog(ModalScreen[None]):
    """What the editor's list dialogs show, as text, for a profile that cannot be edited here."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="view-close", tooltip="Back to the editor")]

    def __init__(self, info: SettingInfo, value: Any, reason: str) -> None:
        super().__init__()
        self.info, self.value, self.reason = info, value, reason

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(f"{self.info.label} (read-only: {self.reason})"), classes="title", markup=False)
            with VerticalScroll(classes="list"):
                yield Static(Content("\n".join(entry_lines(self.info, self.value))), markup=False)
            yield Hint()

    def action_close(self) -> None:
        self.dismiss(None)


def list_dialog(
    info: SettingInfo, value: Any, read_only_reason: str, account: Account | None = None
) -> ModalScreen[Any]:
    """The dialog of a list or table setting: its editor, or read-only its entries as text.
    The products dialog picks from ``account`` (the open profile's Stripe account)."""
    from .lines import IntervalsDialog, MetadataDialog
    from .lists import ChoicesDialog
    from .products import ProductsDialog

    if read_only_reason:
        return ValueDialog(info, value, read_only_reason)
    if info.kind is Kind.PRODUCTS:
        return ProductsDialog(info, value, account)
    editors: dict[Kind, type[ChoicesDialog | MetadataDialog | IntervalsDialog]] = {
        Kind.MULTI: ChoicesDialog,
        Kind.TABLE: MetadataDialog,
        Kind.INTERVALS: IntervalsDialog,
    }
    return editors[info.kind](info, value)
