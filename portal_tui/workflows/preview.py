"""What the customer will see: the portal's home, update and cancel pages drawn from a profile.

Pure (no I/O, no Textual, no Rich): a page is lines of spans, each span a role (heading,
button, link...). The ``preview`` command and the editor's pane each give the roles their
look; the words and their places are decided here once, so both show the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..model.catalog import SETTINGS
from ..model.display import cells
from ..model.visible import visible

Role = Literal["text", "heading", "section", "muted", "button", "link", "caption", "frame", "problem"]
PAGES = ("home", "update", "cancel")
WIDTH = 60
"""The page's width when the terminal has room: about a phone's portal, framed."""

REASONS = SETTINGS["cancellations.reason_options"].meta.words or {}
"""Stripe's words for each cancellation reason (the model's, as the editor shows them)."""

_FIELDS = (
    ("customer.name", "Name"),
    ("customer.email", "Email"),
    ("customer.billing_address", "Billing address"),
    ("customer.phone", "Phone number"),
    ("customer.shipping_address", "Shipping address"),
    ("customer.tax_id", "Tax ID"),
)


@dataclass(frozen=True)
class Span:
    text: str
    role: Role = "text"


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Page:
    """One page, framed, every line ``width`` columns; the branding the look may use."""

    name: str
    lines: list[Line]
    width: int
    button_color: str | None
    background_color: str | None

    def plain(self) -> list[str]:
        return ["".join(span.text for span in line) for line in self.lines]

    def styles(self, problem: str) -> dict[Role, str]:
        """The style of each role as a style string both Rich and Textual read ("bold #000000
        on #ff0000"): the branding's background behind the page, its button color on the
        buttons (with black or white text, whichever reads), and every state still readable
        without color, since buttons are bracketed. ``problem`` is the color of a problem."""
        back = f" on {self.background_color}" if self.background_color else ""
        text = f" {contrast(self.background_color)}" if self.background_color else ""
        button = self.button_color
        return {
            "text": f"{text}{back}".strip(),
            "heading": f"bold{text}{back}",
            "section": f"bold{text}{back}",
            "muted": f"dim{text}{back}",
            "button": f"bold {contrast(button)} on {button}" if button else "bold reverse",
            "link": f"underline{text}{back}",
            "caption": f"dim italic{text}{back}",
            "problem": f"bold {problem}{back}",
            "frame": "dim",
        }


def contrast(color: str) -> str:
    """Black or white, whichever reads on ``color`` (#rrggbb)."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#ffffff"


def page_for_tab(tab: int) -> str:
    """The page a tab of the editor is about: Subscriptions the update page, Cancellations
    the cancel page, every other the home page."""
    return {1: "update", 2: "cancel"}.get(tab, "home")


def font_name(font: Any) -> str:
    return SETTINGS["branding.font"].word(font) if isinstance(font, str) else "Default font"


def wrap(text: str, width: int) -> list[str]:
    """Words on lines of at most ``width`` columns; a word longer than a line is split."""
    lines: list[str] = []
    line = ""
    for whole in text.split():
        word = whole
        while cells(word) > width:
            head = ""
            for ch in word:
                if cells(head + ch) > width:
                    break
                head += ch
            if line:
                lines.append(line)
                line = ""
            lines.append(head)
            word = word[len(head) :]
        candidate = f"{line} {word}" if line else word
        if cells(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line or not lines:
        lines.append(line)
    return lines


def _text(value: Any) -> str:
    return visible(value) if isinstance(value, str) else visible(str(value))


def _color(value: Any) -> str | None:
    if isinstance(value, str) and len(value) in (4, 7) and value.startswith("#"):
        digits = value[1:]
        if all(c in "0123456789abcdefABCDEF" for c in digits):
            return "#" + "".join(c * 2 for c in digits).lower() if len(digits) == 3 else value.lower()
    return None


class _Builder:
    """Lines of one page, wrapped to the inner width."""

    def __init__(self, inner: int) -> None:
        self.inner = inner
        self.lines: list[Line] = []

    def blank(self) -> None:
        self.lines.append((Span(""),))

    def words(self, text: str, role: Role = "text", indent: int = 0, hang: int = 0) -> None:
        """Wrapped to the inner width; ``hang`` more columns before every line after the first."""
        first, *rest = wrap(text, max(8, self.inner - indent - hang))
        self.lines.append((Span(" " * indent), Span(first, role)) if indent else (Span(first, role),))
        for part in rest:
            self.lines.append((Span(" " * (indent + hang)), Span(part, role)))

    def buttons(self, *labels: str) -> None:
        """Buttons in a row while they fit, as bracketed labels."""
        row: list[Span] = []
        used = 0
        for label in labels:
            text = f"[ {label} ]"
            if row and used + 1 + cells(text) > self.inner:
                self.lines.append(tuple(row))
                row, used = [], 0
            if row:
                row.append(Span(" "))
                used += 1
            row.append(Span(wrap(text, self.inner)[0], "button"))
            used += cells(text)
        if row:
            self.lines.append(tuple(row))


def render(values: dict[str, Any], page: str = "home", width: int = WIDTH) -> Page:
    """A page of the portal for a profile's effective values (defaults filled in), at most
    ``width`` columns wide (a narrower terminal folds the text, never cuts a line)."""
    width = max(24, min(width, WIDTH))
    out = _Builder(width - 4)
    name = values.get("business.business_name")
    business = _text(name) if isinstance(name, str) and name.strip() else ""
    icons = " ".join(s for s, key in (("[icon]", "branding.icon"), ("[logo]", "branding.logo")) if values.get(key))
    if icons:
        out.words(icons, "muted")
    out.words(business or "(no business name)", "heading" if business else "muted")
    if page == "home":
        _home(out, values, business)
    elif page == "update":
        _update(out, values)
    else:
        _cancel(out, values)
    shapes = values.get("branding.shapes")
    out.blank()
    out.words(f"{font_name(values.get('branding.font'))}, {_text(shapes)} buttons", "caption")
    return _framed(page, out, width, values)


def _home(out: _Builder, v: dict[str, Any], business: str) -> None:
    headline = v.get("business.headline")
    if isinstance(headline, str) and headline.strip():
        out.words(_text(headline), "muted")
    else:
        out.words(f"{business or '(no business name)'} partners with Stripe for simplified billing.", "muted")
    out.blank()
    out.words("Current plan", "section")
    switching = v.get("subscriptions.switch_plan") is True or v.get("subscriptions.update_quantities") is True
    offers = (("Update plan", switching and bool(v.get("subscriptions.products"))),
              ("Cancel plan", v.get("cancellations.enabled") is True))  # fmt: skip
    actions = [label for label, on in offers if on]
    if actions:
        out.buttons(*actions)
    else:
        out.words("No changes offered: customers see their plan only.", "muted")
    if v.get("customer.payment_methods") is True:
        out.blank()
        out.words("Payment method", "section")
        out.buttons("Add payment method")
    if v.get("customer.billing_information") is True:
        out.blank()
        out.words("Billing information", "section")
        fields = [label for key, label in _FIELDS if v.get(key) is True]
        out.words(", ".join(fields) if fields else "Nothing customers may change", "muted", indent=2)
        if fields:
            out.buttons("Update information")
    if v.get("invoices.history_visible") is True:
        out.blank()
        out.words("Invoice history", "section")
    links = []
    if _set(v.get("business.default_redirect_url")):
        links.append(f"Return to {business or '(no business name)'}")
    if _set(v.get("business.terms_of_service_url")):
        links.append("Terms of service")
    if _set(v.get("business.privacy_policy_url")):
        links.append("Privacy policy")
    if links:
        out.blank()
        out.words("  ·  ".join(links), "link")


def _set(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _update(out: _Builder, v: dict[str, Any]) -> None:
    out.words("Update plan", "section")
    if not (v.get("subscriptions.switch_plan") is True or v.get("subscriptions.update_quantities") is True):
        out.words("Update plan is not offered: Switch plan and Update quantities are off.", "muted")
        return
    products = v.get("subscriptions.products")
    if not isinstance(products, list) or not products:
        out.words("No products: Stripe refuses plan updates without them.", "problem")
        return
    quantities = v.get("subscriptions.update_quantities") is True
    for product in products:
        if not isinstance(product, dict):
            continue
        out.blank()
        keys = product.get("lookup_keys")
        keys = keys if isinstance(keys, list) and keys and not product.get("prices") else []
        out.words(_text(product.get("product") or ("(the product of its lookup keys)" if keys else "?")), "text")
        prices = product.get("prices")
        for price in prices if isinstance(prices, list) else []:
            out.words(f"( ) {_text(price)}", "text", indent=2, hang=4)
        for key in keys:  # as written: the price each names depends on the mode
            out.words(f"( ) {_text(key)} (lookup key)", "text", indent=2, hang=4)
        quantity = product.get("adjustable_quantity")
        if quantities and isinstance(quantity, dict) and quantity.get("enabled") is True:
            most = quantity.get("maximum")
            limit = f"{quantity.get('minimum', 0)} to {most}" if most else f"{quantity.get('minimum', 0)} or more"
            out.words(f"Quantity: {limit}", "muted", indent=2)
    if v.get("subscriptions.promotion_codes") is True:
        out.blank()
        out.buttons("Add promotion code")
    out.blank()
    if v.get("subscriptions.downgrades") == "period_end":
        out.words("Downgrades: Changes take effect at the end of your billing period.", "muted")
        out.words("Other changes take effect immediately.", "muted")
    else:
        out.words("Changes take effect immediately.", "muted")
    prorations = {
        "none": "No prorations: the new price applies from the next invoice.",
        "always_invoice": "Prorated and invoiced immediately.",
        "create_prorations": "Prorated on the next invoice.",
    }
    proration = prorations.get(str(v.get("subscriptions.proration")), "")
    if proration:
        out.words(proration, "muted")
    out.buttons("Continue")


def _cancel(out: _Builder, v: dict[str, Any]) -> None:
    out.words("Cancel plan", "section")
    if v.get("cancellations.enabled") is not True:
        out.words("Cancel plan is not offered", "muted")
        return
    if v.get("cancellations.mode") == "immediately":
        out.words("Your plan will be canceled immediately.", "text")
    else:
        out.words("Your plan will be canceled, but is still available until the end of your billing period.", "text")
    options = v.get("cancellations.reason_options")
    if v.get("cancellations.reason") is True and isinstance(options, list) and options:
        out.blank()
        out.words("Why are you canceling?", "section")
        for reason in options:
            out.words(f"( ) {REASONS.get(reason, _text(reason))}", "text", indent=2, hang=4)
    coupon = v.get("cancellations.retention_coupon")
    if v.get("cancellations.retention_coupons") is True and _set(coupon):
        out.blank()
        out.words("Before you go", "section")
        out.words(f"Stay and get coupon {_text(coupon)} on your next invoice.", "muted")
        out.buttons("Accept offer")
    out.blank()
    out.buttons("Cancel plan", "Go back")


def _framed(page: str, out: _Builder, width: int, v: dict[str, Any]) -> Page:
    inner = width - 4
    title = f" {page} · preview (approximate) "
    body = out.lines
    if cells(title) > inner:  # narrow: the caveat moves inside, it is never cut off
        title = f" {page} "
        body = [(Span(part, "muted"),) for part in wrap("preview (approximate)", inner)] + body
    top = "╭─" + title.ljust(inner, "─") + "─╮"
    lines: list[Line] = [(Span(top, "frame"),)]
    for line in body:
        size = sum(cells(span.text) for span in line)
        lines.append((Span("│ ", "frame"), *line, Span(" " * max(0, inner - size)), Span(" │", "frame")))
    lines.append((Span("╰" + "─" * (width - 2) + "╯", "frame"),))
    return Page(page, lines, width, _color(v.get("branding.button_color")), _color(v.get("branding.background_color")))
