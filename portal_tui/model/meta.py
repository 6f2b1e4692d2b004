"""Per-setting metadata: the one declaration that labels, explains and places each setting."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from pydantic import Field


class Tab(IntEnum):
    """The editor's tabs, numbered and ordered as the Dashboard's sections (keys 1-8)."""

    SUBSCRIPTIONS = 1
    CANCELLATIONS = 2
    CUSTOMER = 3
    BUSINESS = 4
    INVOICES = 5
    EMAILS = 6
    BRANDING = 7
    ADVANCED = 8

    @property
    def title(self) -> str:
        return _TAB_TITLES[self]

    @property
    def short(self) -> str:
        """A title that lets all eight tabs fit in 80 columns."""
        return _SHORT_TITLES.get(self, self.title)


_TAB_TITLES = {
    Tab.SUBSCRIPTIONS: "Subscriptions",
    Tab.CANCELLATIONS: "Cancellations",
    Tab.CUSTOMER: "Customer information",
    Tab.BUSINESS: "Business",
    Tab.INVOICES: "Invoices",
    Tab.EMAILS: "Emails",
    Tab.BRANDING: "Branding",
    Tab.ADVANCED: "Advanced",
}

_SHORT_TITLES = {
    Tab.SUBSCRIPTIONS: "Subs",
    Tab.CANCELLATIONS: "Cancel",
    Tab.CUSTOMER: "Customer",
    Tab.BRANDING: "Brand",
    Tab.ADVANCED: "Adv",
}

# Effective values of a whole profile, by dotted key ("customer.tax_id" -> False).
Values = Mapping[str, Any]


@dataclass(frozen=True)
class NotApplicable:
    """When a setting has no effect, why, and which setting switches it on.

    Such a setting is greyed in the editor (never hidden), keeps its value and every rule
    about what it holds, but not the "at least one" requirements.
    """

    when: Callable[[Values], bool]
    why: str
    depends_on: str


@dataclass(frozen=True)
class Setting:
    """What the program knows about one setting besides its type and default.

    It rides on the Pydantic field as ``json_schema_extra`` (a callable Pydantic calls while
    building the JSON Schema), so the field stays the single declaration of the setting.
    """

    label: str
    help: str
    tab: Tab
    kind: str
    not_applicable: tuple[NotApplicable, ...] = ()
    stripe: str | None = None
    """The Stripe API parameter that carries it, or None when the configuration API has none."""
    elsewhere: str | None = None
    """Where a setting Stripe's configuration API does not hold is set instead."""
    also_on: tuple[Tab, ...] = ()
    """Further tabs that show the same value (Promotion codes appears twice in the Dashboard)."""

    def __call__(self, schema: dict[str, Any]) -> None:
        schema["x-tab"] = self.tab.title
        if self.stripe is None:
            schema["x-dashboard-only"] = True


def setting(
    default: Any,
    label: str,
    help: str,
    tab: Tab,
    kind: str,
    *,
    na: tuple[NotApplicable, ...] = (),
    stripe: str | None = None,
    elsewhere: str | None = None,
    also_on: tuple[Tab, ...] = (),
    **constraints: Any,
) -> Any:
    """Declare a field of a settings model together with its metadata."""
    meta = Setting(label, help, tab, kind, na, stripe, elsewhere, also_on)
    if isinstance(default, (list, dict)):
        factory = (lambda d=default: type(d)(d)) if default else type(default)
        return Field(default_factory=factory, title=label, description=help, json_schema_extra=meta, **constraints)
    return Field(default, title=label, description=help, json_schema_extra=meta, **constraints)
