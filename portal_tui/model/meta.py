"""Per-setting metadata: the one declaration that labels, explains and places each setting (pure: no Pydantic)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


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

SCHEMA_VERSION = 1
"""The layout of profile files this program writes; a newer one is read-only here."""

MAX_PRODUCTS = 10
"""Stripe allows at most this many products in a configuration's plan switching."""

# Effective values of a whole profile, by dotted key ("customer.tax_id" -> False).
Values = Mapping[str, Any]
"""Every setting's value by its key ("customer.tax_id"), as read (defaults filled in)."""
Raw = dict[str, Any]
"""A profile as its file holds it: nested tables, unknown keys and all (what tomllib gives)."""


@dataclass(frozen=True)
class NotApplicable:
    """When a setting has no effect, why, and which setting switches it on.

    Such a setting is greyed in the editor (never hidden), keeps its value and every rule
    about what it holds, but not the "at least one" requirements.
    """

    when: Callable[[Values], bool]
    why: str
    depends_on: str


class Kind(StrEnum):
    """What kind of row shows a setting. Derived from the field's type (model.derive): only
    the flavours of text (a link, a host, a color, an image) are declared."""

    TOGGLE = "toggle"
    CHOICE = "choice"
    MULTI = "multi"
    """A list of choices (reasons offered, downgrade conditions)."""
    PRODUCTS = "products"
    INTERVALS = "intervals"
    """A list of pause durations (interval and count)."""
    IDS = "ids"
    """A list of IDs (custom feedback options), typed as text."""
    TABLE = "table"
    """Key-value pairs (metadata)."""
    TEXT = "text"
    URL = "url"
    HOST = "host"
    COLOR = "color"
    IMAGE = "image"


TEXT_KINDS = frozenset({Kind.TEXT, Kind.URL, Kind.HOST, Kind.COLOR, Kind.IMAGE})


@dataclass(frozen=True)
class Stripe:
    """Where Stripe's configuration API holds a setting: the parameter it decides, and for a
    list parameter the entry it puts there while it is on."""

    param: str
    entry: str | None = None
    also: tuple[str, ...] = ()
    """Further parameters it decides with others (Switch plan: subscription_update.enabled)."""

    @property
    def params(self) -> tuple[str, ...]:
        return (self.param, *self.also)

    def __str__(self) -> str:
        return f"{self.param} ({self.entry})" if self.entry else self.param


@dataclass(frozen=True)
class Setting:
    """What the program knows about one setting besides its type and default.

    It rides on the Pydantic field as ``json_schema_extra`` (a callable Pydantic calls while
    building the JSON Schema), so the field stays the single declaration of the setting.
    """

    label: str
    help: str
    tab: Tab
    text: Kind | None = None
    """For text: which flavour (a link, a host, a color, an image); None for plain text and
    for every other type, whose kind model.derive reads from the field's type."""
    not_applicable: tuple[NotApplicable, ...] = ()
    stripe: Stripe | None = None
    """Where the Stripe API holds it, or None when the configuration API has none."""
    elsewhere: str | None = None
    """Where a setting Stripe's configuration API does not hold is set instead."""
    also_on: tuple[tuple[Tab, str], ...] = ()
    """Further tabs that show the same value, and its label there, as the Dashboard names it
    ("Use promotion codes" under Subscriptions is "Promotion codes" under Customer information)."""
    words: dict[str, str] | None = None
    """For choices: the Dashboard's words for each API value, which the editor shows (the
    API value stays in the file, the CLI and the help)."""

    def __call__(self, schema: dict[str, Any]) -> None:
        schema["x-tab"] = self.tab.title
        if self.words:
            schema["x-words"] = dict(self.words)
        if self.stripe is None:
            schema["x-dashboard-only"] = True
        else:
            schema["x-stripe"] = str(self.stripe)

    def why_not(self, values: Values) -> NotApplicable | None:
        """The first condition under which this setting currently has no effect, if any."""
        for condition in self.not_applicable:
            if condition.when(values):
                return condition
        return None


@dataclass(frozen=True)
class SettingInfo:
    """One setting as every part of the program sees it."""

    key: str
    meta: Setting
    default: Any
    kind: Kind
    """The row that shows it, read from the field's type (text flavours as declared)."""
    choices: tuple[str, ...]
    """Allowed values of an enum, or of each entry of a list of enums."""
    raw_text: bool
    """Whether a CLI value is raw text (string and enum fields) rather than a TOML literal."""
    path: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The tables to it and its own name: ("subscriptions", "pause", "enabled")."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", tuple(self.key.split(".")))

    @property
    def label(self) -> str:
        return self.meta.label

    @property
    def section(self) -> str:
        return self.path[0]

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def table(self) -> str:
        """The table that holds it ("subscriptions.pause" for a setting of that group)."""
        return ".".join(self.path[:-1])

    def label_on(self, tab: Tab) -> str:
        """Its label on ``tab``: its own, or the one it has where the Dashboard shows it again."""
        return dict(self.meta.also_on).get(tab, self.meta.label)

    def word(self, value: Any) -> str:
        """A choice in the Dashboard's words; any other value (or one it has no words for)
        as itself."""
        words = self.meta.words or {}
        return words.get(value, str(value)) if isinstance(value, str) else str(value)

    def not_applicable(self, values: Values) -> str | None:
        """Why this setting currently has no effect, or None when it applies."""
        condition = self.meta.why_not(values)
        return condition.why if condition else None
