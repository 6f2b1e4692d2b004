"""Every known setting, derived from the models: keys, labels, defaults, choices, lookups."""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from .meta import TEXT_KINDS, Kind, Setting, Tab, Values
from .profile import SECTIONS, Profile
from .rules import why_not_applicable


@dataclass(frozen=True)
class SettingInfo:
    """One setting as every part of the program sees it."""

    key: str
    section: str
    name: str
    meta: Setting
    default: Any
    kind: Kind
    """The row that shows it, read from the field's type (text flavours as declared)."""
    choices: tuple[str, ...]
    """Allowed values of an enum, or of each entry of a list of enums."""
    textual: bool
    """Whether a CLI value is raw text (string and enum fields) rather than a TOML literal."""

    @property
    def label(self) -> str:
        return self.meta.label

    def not_applicable(self, values: Values) -> str | None:
        """Why this setting currently has no effect, or None when it applies."""
        condition = why_not_applicable(self.meta, values)
        return condition.why if condition else None


def _choices(annotation: Any) -> tuple[str, ...]:
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) is Literal:
        return tuple(get_args(annotation))
    return ()


def kind_of(key: str, annotation: Any, declared: Kind | None) -> Kind:
    """The row kind of a field's type: bool a toggle, an enum a choice, a list of enums a
    list of ticks, a list of models the products, a dict a table, text as declared (plain
    text unless the declaration says link, host, color or image). A declaration that does
    not fit the type, or a type no row can show, is refused when the program loads."""
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    origin, args = get_origin(annotation), get_args(annotation)
    item = args[0] if origin is list else None
    found: Kind | None = None
    if annotation is bool:
        found = Kind.TOGGLE
    elif origin is Literal:
        found = Kind.CHOICE
    elif get_origin(item) is Literal:
        found = Kind.MULTI
    elif isinstance(item, type) and issubclass(item, BaseModel):
        found = Kind.PRODUCTS
    elif origin is dict:
        found = Kind.TABLE
    elif annotation is str:
        found = declared or Kind.TEXT
        if found not in TEXT_KINDS:
            raise TypeError(f"{key}: text cannot be shown as {found}")
        return found
    if found is None:
        raise TypeError(f"{key}: no row shows a {annotation!r}")
    if declared is not None:
        raise TypeError(f"{key}: only text declares its kind; a {annotation!r} is always {found}")
    return found


def _is_text(annotation: Any) -> bool:
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    return annotation is str or get_origin(annotation) is Literal


def _build() -> dict[str, SettingInfo]:
    """From each field's metadata and default alone: no model instance is built or dumped."""
    found = {}
    for section in SECTIONS:
        model = Profile.model_fields[section].annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        for name, field in model.model_fields.items():
            meta = field.json_schema_extra
            assert isinstance(meta, Setting), f"{section}.{name} has no Setting metadata"
            key = f"{section}.{name}"
            found[key] = SettingInfo(
                key,
                section,
                name,
                meta,
                field.get_default(call_default_factory=True),
                kind_of(key, field.annotation, meta.text),
                _choices(field.annotation),
                _is_text(field.annotation),
            )
    return found


SETTINGS: dict[str, SettingInfo] = _build()
"""Every setting by dotted key, in file (and Dashboard) order."""

DEFAULTS: dict[str, Any] = {key: info.default for key, info in SETTINGS.items()}


def by_tab(tab: Tab) -> list[SettingInfo]:
    """The settings a tab shows, in order; settings shown again from another tab come last
    (Promotion codes, after Payment methods on Customer information, as in the Dashboard)."""
    own = [s for s in SETTINGS.values() if s.meta.tab is tab]
    return own + [s for s in SETTINGS.values() if tab in s.meta.also_on]


DASHBOARD_ORDER: list[str] = [s.key for tab in Tab for s in by_tab(tab) if s.meta.tab is tab]
"""Every key in the order the editor's tabs (the Dashboard's sections) show them."""


def closest_key(key: str, extra: tuple[str, ...] = ()) -> str | None:
    """The known key a mistyped one most likely meant, for "did you mean"."""
    candidates = [*SETTINGS, *SECTIONS, *extra]
    match = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    if match:
        return match[0]
    # A bare field name typed without its table ("tax_id") is still worth a suggestion.
    tails = {k.rsplit(".", 1)[1]: k for k in SETTINGS}
    match = difflib.get_close_matches(key.rsplit(".", 1)[-1], list(tails), n=1, cutoff=0.8)
    return tails[match[0]] if match else None


def effective(data: dict[str, Any]) -> dict[str, Any]:
    """The value of every known setting in a raw profile dict, defaults filled in.

    Values are taken as they are (even of the wrong type), so the caller sees what the file
    says; validation is the place that judges them.
    """
    values = dict(DEFAULTS)
    for section in SECTIONS:
        table = data.get(section)
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            key = f"{section}.{name}"
            if key in values:
                values[key] = value
    return values


def nest(values: Values) -> dict[str, dict[str, Any]]:
    """Flat dotted values back into tables, in schema order."""
    tables: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
    for key, info in SETTINGS.items():
        tables[info.section][info.name] = values[key]
    return tables
