"""The Cancellations, Customer information, Business, Invoices and Emails tabs."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from .conditions import BILLING_INFO_OFF, CANCEL_AT_PERIOD_END, CANCEL_OFF, COUPONS_OFF, REASON_OFF
from .fields import FeedbackId, Headline, Host, OneLine, Url, setting
from .meta import Kind, Stripe, Tab
from .rules import Broken, applies, duplicates, fail_if

STRICT = ConfigDict(strict=True, extra="ignore", validate_default=False)

Reason = Literal[
    "customer_service",
    "low_quality",
    "missing_features",
    "other",
    "switched_service",
    "too_complex",
    "too_expensive",
    "unused",
]


REASON_WORDS: dict[str, str] = {
    "too_expensive": "It's too expensive",
    "missing_features": "I need more features",
    "switched_service": "I found an alternative",
    "unused": "I no longer need it",
    "customer_service": "Customer service was less than expected",
    "too_complex": "Ease of use was less than expected",
    "low_quality": "Quality was less than expected",
    "other": "Other reason",
}
"""Stripe's words for each cancellation reason, as the portal asks them."""


class Cancellations(BaseModel):
    """Dashboard section "Cancellation management"."""

    model_config = STRICT
    enabled: bool = setting(
        True,
        "Cancel subscription",
        "Let customers cancel their subscription. After canceling, they can still renew until the billing period ends.",
        Tab.CANCELLATIONS,
        stripe="features.subscription_cancel.enabled",
    )
    mode: Literal["at_period_end", "immediately"] = setting(
        "at_period_end",
        "When to cancel",
        "Cancel at the end of the billing period (at_period_end) or at once (immediately).",
        Tab.CANCELLATIONS,
        na=(CANCEL_OFF,),
        stripe="features.subscription_cancel.mode",
        words={"at_period_end": "At the end of the billing period", "immediately": "Immediately"},
    )
    proration: Literal["none", "create_prorations"] = setting(
        "none",
        "Prorate cancellations",
        "Credit the unused time of an immediate cancellation (create_prorations, only with "
        'When to cancel = "immediately") or not (none). Stripe rejects always_invoice here.',
        Tab.CANCELLATIONS,
        na=(CANCEL_OFF, CANCEL_AT_PERIOD_END),
        stripe="features.subscription_cancel.proration_behavior",
        words={"none": "Off: no prorations", "create_prorations": "Credit the unused time"},
    )
    reason: bool = setting(
        True,
        "Cancellation reason",
        "Ask customers why they cancel, from the reasons offered below.",
        Tab.CANCELLATIONS,
        na=(CANCEL_OFF,),
        stripe="features.subscription_cancel.cancellation_reason.enabled",
    )
    reason_options: list[Reason] = setting(
        ["too_expensive", "missing_features", "switched_service", "unused", "other"],
        "Reasons offered",
        "The reasons customers choose from: customer_service, low_quality, missing_features, "
        "other, switched_service, too_complex, too_expensive, unused.",
        Tab.CANCELLATIONS,
        na=(CANCEL_OFF, REASON_OFF),
        stripe="features.subscription_cancel.cancellation_reason.options",
        words=REASON_WORDS,
    )
    feedback_options: list[FeedbackId] = setting(
        [],
        "Custom feedback options",
        "Your own cancellation reasons, by the IDs of their feedback options (created in Stripe "
        "as billing feedback options), offered besides the reasons above.",
        Tab.CANCELLATIONS,
        na=(CANCEL_OFF, REASON_OFF),
        stripe="features.subscription_cancel.cancellation_reason.feedback_options",
    )
    retention_coupons: bool = setting(
        False,
        "Retention coupons",
        "Offer a coupon to customers before they cancel, as part of a churn-reduction "
        "strategy. Not in the configuration API: applied per portal session.",
        Tab.CANCELLATIONS,
        na=(CANCEL_OFF,),
        elsewhere="per portal session: flow_data.subscription_cancel.retention",
    )
    retention_coupon: OneLine = setting(
        "",
        "Retention coupon",
        "The ID of the coupon offered to customers who are about to cancel.",
        Tab.CANCELLATIONS,
        na=(CANCEL_OFF, COUPONS_OFF),
        elsewhere="per portal session: flow_data.subscription_cancel.retention.coupon_offer.coupon",
    )

    @model_validator(mode="after")
    def _rules(self) -> "Cancellations":
        broken = [
            Broken(("reason_options", i), "duplicate_entry", f"{self.reason_options[i]} is listed twice")
            for i in duplicates(self.reason_options)
        ]
        broken += [
            Broken(("feedback_options", i), "duplicate_entry", f"{self.feedback_options[i]} is listed twice")
            for i in duplicates(self.feedback_options)
        ]
        if self.proration == "create_prorations" and self.mode != "immediately":
            broken.append(
                Broken(
                    ("proration",),
                    "proration_needs_immediately",
                    'create_prorations needs When to cancel = "immediately"; canceling at period end never prorates',
                )
            )
        if applies(self, "cancellations", "reason_options") and not self.reason_options:
            broken.append(
                Broken(("reason_options",), "reasons_required", "Cancellation reason is on: offer at least one reason")
            )
        if applies(self, "cancellations", "retention_coupon") and not self.retention_coupon:
            broken.append(
                Broken(("retention_coupon",), "coupon_required", "Retention coupons is on: give the coupon ID")
            )
        fail_if(self, broken)
        return self


def _billing_field(label: str, default: bool, help: str, value: str) -> Any:
    return setting(
        default,
        label,
        help,
        Tab.CUSTOMER,
        na=(BILLING_INFO_OFF,),
        stripe=Stripe("features.customer_update.allowed_updates", value),
    )


class Customer(BaseModel):
    """Dashboard section "Customer billing configurations"."""

    model_config = STRICT
    billing_information: bool = setting(
        True,
        "Billing information",
        "Let customers manage the customer, shipping and tax information shown on invoices: "
        "the master switch of the six settings below.",
        Tab.CUSTOMER,
        stripe="features.customer_update.enabled",
    )
    name: bool = _billing_field("Name", True, "Let the customer change their name.", "name")
    email: bool = _billing_field(
        "Email address",
        True,
        "Let the customer change their email address. Not available in the no-code customer portal.",
        "email",
    )
    billing_address: bool = _billing_field(
        "Billing address", True, "Let the customer update their billing address.", "address"
    )
    phone: bool = _billing_field("Phone number", True, "Let the customer update their phone number.", "phone")
    shipping_address: bool = _billing_field(
        "Shipping address", False, "Let the customer update their shipping address.", "shipping"
    )
    tax_id: bool = _billing_field("Tax ID", False, "Let the customer update their tax ID.", "tax_id")
    payment_methods: bool = setting(
        True,
        "Payment methods",
        "Let customers update their payment method information.",
        Tab.CUSTOMER,
        stripe="features.payment_method_update.enabled",
    )


class Business(BaseModel):
    """Dashboard section "Customize the portal"."""

    model_config = STRICT
    business_name: OneLine = setting(
        "",
        "Business name",
        "The name the portal shows your customers. Required. Set in the Dashboard's public "
        "business information, not in the configuration API.",
        Tab.BUSINESS,
        elsewhere="Dashboard: Settings > Public details (business name)",
    )
    headline: Headline = setting(
        "",
        "Headline",
        "An introduction shown at the top of the portal, at most 60 characters. Empty shows "
        '"<business name> partners with Stripe for simplified billing."',
        Tab.BUSINESS,
        stripe="business_profile.headline",
    )
    terms_of_service_url: Url = setting(
        "",
        "Terms of service link",
        "Shown whenever customers change a subscription or add a payment method. Empty: the "
        "terms of service from your public account details apply.",
        Tab.BUSINESS,
        text=Kind.URL,
        stripe="business_profile.terms_of_service_url",
    )
    privacy_policy_url: Url = setting(
        "",
        "Privacy policy link",
        "A link to your privacy policy, shown in the portal.",
        Tab.BUSINESS,
        text=Kind.URL,
        stripe="business_profile.privacy_policy_url",
    )
    default_redirect_url: Url = setting(
        "",
        "Default redirect link",
        'Where customers go when they leave the portal. Empty: no "Return to <business name>" '
        "link is shown. A session's return_url overrides it.",
        Tab.BUSINESS,
        text=Kind.URL,
        stripe="default_return_url",
    )
    custom_domain: Host = setting(
        "",
        "Custom domain",
        "A host name such as billing.example.com to serve the portal from. One per account, shared with Checkout.",
        Tab.BUSINESS,
        text=Kind.HOST,
        elsewhere="Dashboard: Settings > Custom domains",
    )

    @model_validator(mode="after")
    def _rules(self) -> "Business":
        if not self.business_name.strip():
            fail_if(
                self,
                [
                    Broken(
                        ("business_name",),
                        "business_name_required",
                        "a business name is required: the portal shows it to your customers",
                    )
                ],
            )
        return self


class Invoices(BaseModel):
    """Dashboard section "Invoice history"."""

    model_config = STRICT
    history_visible: bool = setting(
        True,
        "Invoice history visible",
        "Whether customers see their invoice history in the portal.",
        Tab.INVOICES,
        stripe="features.invoice_history.enabled",
    )


def _email(label: str, help: str) -> Any:
    return setting(
        False,
        label,
        help + " Account-wide: applies to every email Stripe sends your customers.",
        Tab.EMAILS,
        elsewhere="Dashboard: Settings > Emails",
    )


class Emails(BaseModel):
    """Dashboard "Email settings": account-wide, for every email Stripe sends customers."""

    model_config = STRICT
    custom_domain: Host = setting(
        "",
        "Sending domain",
        "A domain such as example.com that Stripe sends your customers' emails from. Account-wide.",
        Tab.EMAILS,
        text=Kind.HOST,
        elsewhere="Dashboard: Settings > Emails",
    )
    successful_payments: bool = _email("Successful payments", "Email customers a receipt for each successful payment.")
    refunds: bool = _email("Refunds", "Email customers when a payment is refunded.")
    upcoming_renewals: bool = _email("Upcoming renewals", "Remind customers before a subscription renews.")
    expiring_cards: bool = _email("Expiring cards", "Tell customers when their card is about to expire.")
    failed_payments: bool = _email("Failed payments", "Tell customers when a payment fails.")
    trial_ending: bool = _email("Trial ending", "Remind customers before their trial ends.")
