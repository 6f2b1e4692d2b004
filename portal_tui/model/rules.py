"""Cross-field rules and not-applicable conditions shared by the settings models."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from .meta import NotApplicable, Setting, Values

# --- when settings do not apply ------------------------------------------------------------

SUBSCRIPTION_UPDATES_OFF = NotApplicable(
    lambda v: not (v["subscriptions.switch_plan"] or v["subscriptions.update_quantities"]),
    "applies only while Switch plan or Update quantities is on",
    "subscriptions.switch_plan",
)
QUANTITIES_OFF = NotApplicable(
    lambda v: not v["subscriptions.update_quantities"],
    "applies only while Update quantities is on",
    "subscriptions.update_quantities",
)
DOWNGRADES_IMMEDIATE = NotApplicable(
    lambda v: v["subscriptions.downgrades"] != "period_end",
    'applies only while Manage downgrades is "period_end"',
    "subscriptions.downgrades",
)
PAUSE_OFF = NotApplicable(
    lambda v: not v["subscriptions.pause.enabled"],
    "applies only while Pause subscriptions is on",
    "subscriptions.pause.enabled",
)
PAUSE_INDEFINITE = NotApplicable(
    lambda v: v["subscriptions.pause.duration"] != "interval_options",
    'applies only while Pause for is "interval_options"',
    "subscriptions.pause.duration",
)
CANCEL_OFF = NotApplicable(
    lambda v: not v["cancellations.enabled"],
    "applies only while Cancel subscription is on",
    "cancellations.enabled",
)
REASON_OFF = NotApplicable(
    lambda v: not v["cancellations.reason"],
    "applies only while Cancellation reason is on",
    "cancellations.reason",
)
COUPONS_OFF = NotApplicable(
    lambda v: not v["cancellations.retention_coupons"],
    "applies only while Retention coupons is on",
    "cancellations.retention_coupons",
)
BILLING_INFO_OFF = NotApplicable(
    lambda v: not v["customer.billing_information"],
    "applies only while Billing information is on",
    "customer.billing_information",
)


def why_not_applicable(meta: Setting, values: Values) -> NotApplicable | None:
    """The first condition under which this setting currently has no effect, if any."""
    for condition in meta.not_applicable:
        if condition.when(values):
            return condition
    return None


# --- reporting several rule errors at once ---------------------------------------------------


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
    return why_not_applicable(meta, section_values(model, section)) is None


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
