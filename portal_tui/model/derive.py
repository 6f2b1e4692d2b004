"""The settings table derived from the models: ``python -m portal_tui.cli.derive`` writes declared.py.

The models are the one declaration of each setting (type, default, label, help, tab, rules).
Reading them needs Pydantic and the models built, ~80 ms of the editor's start-up, so what
every part of the program needs to know about each setting is written out once as plain
Python (declared.py), and a test checks that it is exactly what the models declare now.
"""

from __future__ import annotations

import json
import sys
import typing
from collections.abc import Iterator
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import conditions
from .meta import TEXT_KINDS, Kind, NotApplicable, Setting, SettingInfo, Stripe, Tab
from .profile import Profile
from .subscriptions import PauseInterval, Product


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
    not fit the type, or a type no row can show, is refused here: declared.py cannot be
    written with it, and tests/test_declared.py fails."""
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


def derive() -> list[SettingInfo]:
    """From each field's metadata and default alone: no model instance is built or dumped."""
    found = []
    for section, field in Profile.model_fields.items():
        if section == "schema_version":
            continue
        model = field.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        for path, setting in _fields(model, (section,)):
            meta = setting.json_schema_extra
            key = ".".join(path)
            assert isinstance(meta, Setting), f"{key} has no Setting metadata"
            found.append(
                SettingInfo(
                    key,
                    meta,
                    setting.get_default(call_default_factory=True),
                    kind_of(key, setting.annotation, meta.text),
                    _choices(setting.annotation),
                    _is_text(setting.annotation),
                )
            )
    return found


def product_keys() -> tuple[str, ...]:
    """The keys of a product entry, as its model declares them."""
    return tuple(Product.model_fields)


_CONDITIONS = {id(value): name for name, value in vars(conditions).items() if isinstance(value, NotApplicable)}


def _code(value: Any) -> str:
    """A value of a declaration as Python source (a condition by its name in conditions.py)."""
    if isinstance(value, Tab | Kind):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, NotApplicable):
        return f"conditions.{_CONDITIONS[id(value)]}"
    if isinstance(value, Stripe):
        return f"Stripe({', '.join(_given(value))})"
    if isinstance(value, tuple):
        return "(" + ", ".join(_code(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_code(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_code(k)}: {_code(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a Python literal too, in double quotes
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    raise TypeError(f"no source for {value!r}")


def _given(value: Stripe | Setting) -> list[str]:
    """A declaration's fields as ``name=value``, leaving out those at their defaults."""
    fields = value.__dataclass_fields__.values()
    return [f"{f.name}={_code(getattr(value, f.name))}" for f in fields if getattr(value, f.name) != f.default]


def source() -> str:
    """declared.py as it must read now."""
    lines = [
        '"""Every setting as the models declare it. Written by ``python -m portal_tui.cli.derive``: do not edit.',
        "",
        "The editor draws its first screen from this before Pydantic loads (tests/test_declared.py",
        "checks that it is what the models declare). After changing a declaration, run:",
        "",
        "    python -m portal_tui.cli.derive",
        '"""',
        "",
        "from . import conditions",
        "from .meta import Kind, Setting, SettingInfo, Stripe, Tab",
        "",
        "DECLARED = (",
    ]
    for info in derive():
        lines += [
            "    SettingInfo(",
            f"        {_code(info.key)},",
            "        Setting(",
            *(f"            {given}," for given in _given(info.meta)),
            "        ),",
            f"        default={_code(info.default)},",
            f"        kind={_code(info.kind)},",
            f"        choices={_code(info.choices)},",
            f"        raw_text={info.raw_text!r},",
            "    ),",
        ]
    lines += [")", "", f"PRODUCT_KEYS = {_code(product_keys())}", '"""The keys of a product entry."""', ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(source())
