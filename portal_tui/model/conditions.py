"""When settings do not apply: the conditions the declarations name, shared by rows, checks and export."""

from __future__ import annotations

from .meta import NotApplicable

SUBSCRIPTION_UPDATES_OFF = NotApplicable(
    lambda v: not (v["subscriptions.switch_plan"] or v["subscriptions.update_quantities"]),
    "applies only while Switch plan or Update quantities is on",
    "subscriptions.switch_plan",
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
CANCEL_AT_PERIOD_END = NotApplicable(
    lambda v: v["cancellations.mode"] != "immediately",
    'applies only while When to cancel is "immediately" (canceling at period end never prorates)',
    "cancellations.mode",
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
