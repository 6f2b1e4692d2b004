"""Every known setting, derived from the models: keys, labels, defaults, choices, lookups."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .meta import TEXT_KINDS, Kind, Setting, Tab, Values
from .profile import SECTIONS, Profile
from .rules import why_not_applicable
from .subscriptions import PauseInterval, Product


@dataclass(frozen=True)
class SettingInfo:
    """One setting as every part of the program sees it."""

    key: str
    path: tuple[str, ...]
    """The tables to it and its own name: ("subscriptions", "pause", "enabled")."""
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
    while get_origin(item) is typing.Annotated:
        item = get_args(item)[0]
    found: Kind | None = None
    if annotation is bool:
        found = Kind.TOGGLE
    elif origin is Literal:
        found = Kind.CHOICE
    elif get_origin(item) is Literal:
        found = Kind.MULTI
    elif item is Product:
        found = Kind.PRODUCTS
    elif item is PauseInterval:
        found = Kind.INTERVALS
    elif item is str:
        found = Kind.IDS
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


def _fields(model: type[BaseModel], prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], FieldInfo]]:
    """Every setting of a model by path; a model-typed field without metadata is a group of
    settings, a table of its own ([subscriptions.pause])."""
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if field.json_schema_extra is None and isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _fields(annotation, (*prefix, name))
        else:
            yield (*prefix, name), field


def _build() -> dict[str, SettingInfo]:
    """From each field's metadata and default alone: no model instance is built or dumped."""
    found = {}
    for section in SECTIONS:
        model = Profile.model_fields[section].annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        for path, field in _fields(model, (section,)):
            meta = field.json_schema_extra
            key = ".".join(path)
            assert isinstance(meta, Setting), f"{key} has no Setting metadata"
            found[key] = SettingInfo(
                key,
                path,
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

TABLES: dict[str, tuple[str, ...]] = {
    table: tuple(k for k, info in SETTINGS.items() if ".".join(info.path[: table.count(".") + 1]) == table)
    for table in dict.fromkeys([*SECTIONS, *(info.table for info in SETTINGS.values())])
}
"""Every table of a profile ("customer", "subscriptions.pause") with the settings in it, at
any depth, in file order."""


def by_tab(tab: Tab) -> list[SettingInfo]:
    """The settings a tab shows, in order; settings shown again from another tab come last
    (Promotion codes, after Payment methods on Customer information, as in the Dashboard)."""
    own = [s for s in SETTINGS.values() if s.meta.tab is tab]
    return own + [s for s in SETTINGS.values() if tab in dict(s.meta.also_on)]


DASHBOARD_ORDER: list[str] = [s.key for tab in Tab for s in by_tab(tab) if s.meta.tab is tab]
"""Every key in the order the editor's tabs (the Dashboard's sections) show them."""


def closest_key(key: str, extra: tuple[str, ...] = ()) -> str | None:
    """The known key a mistyped one most likely meant, for "did you mean"."""
    candidates = [*SETTINGS, *TABLES, *extra]
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
    for key, info in SETTINGS.items():
        node: Any = data
        for part in info.path:
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            values[key] = node
    return values


def nest(values: Values) -> dict[str, dict[str, Any]]:
    """Flat dotted values back into tables (groups as tables within), in schema order."""
    tables: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
    for key, info in SETTINGS.items():
        node = tables[info.section]
        for part in info.path[1:-1]:
            node = node.setdefault(part, {})
        node[info.name] = values[key]
    return tables
