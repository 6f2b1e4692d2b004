"""Cross-field rules shared by the settings models: every broken rule reported at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from .meta import Setting


@dataclass
class Broken:
    """One rule a model instance breaks: where (relative to the model), a rule id and words."""

    loc: tuple[str | int, ...]
    rule: str
    message: str


def fail_if(model: BaseModel, broken: Iterable[Broken]) -> None:
    """Raise one ValidationError listing every broken rule, so none hides another."""
    details = [
        InitErrorDetails(type=PydanticCustomError(b.rule, "{message}", {"message": b.message}), loc=b.loc, input=None)
        for b in broken
    ]
    if details:
        raise ValidationError.from_exception_data(type(model).__name__, details)


def section_values(model: BaseModel, section: str) -> dict[str, Any]:
    """The model's own fields as dotted keys, for the not-applicable conditions."""
    return {f"{section}.{name}": getattr(model, name) for name in type(model).model_fields}


def applies(model: BaseModel, section: str, field: str) -> bool:
    """Whether a field of this section currently has an effect."""
    meta = type(model).model_fields[field].json_schema_extra
    assert isinstance(meta, Setting)
    return meta.why_not(section_values(model, section)) is None


def duplicates(items: Iterable[Any], key: Callable[[Any], Any] = lambda x: x) -> list[int]:
    """Indexes of entries that repeat an earlier one."""
    seen: set[Any] = set()
    repeated = []
    for i, item in enumerate(items):
        k = key(item)
        if k in seen:
            repeated.append(i)
        seen.add(k)
    return repeated
