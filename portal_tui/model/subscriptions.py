"""The Subscriptions tab: plan switching, quantities, prorations, downgrades and products."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .conditions import DOWNGRADES_IMMEDIATE, PAUSE_INDEFINITE, PAUSE_OFF, SUBSCRIPTION_UPDATES_OFF
from .fields import LookupKey, OptionalProductId, PriceId, setting
from .meta import MAX_PRODUCTS, Stripe, Tab
from .rules import Broken, applies, duplicates, fail_if

DowngradeCondition = Literal["decreasing_item_amount", "shortening_interval"]
_STRICT = ConfigDict(strict=True, extra="ignore", validate_default=False)


class AdjustableQuantity(BaseModel):
    """Per-product limits on the quantity a customer may choose."""

    model_config = _STRICT
    enabled: bool = Field(
        False, title="Adjustable quantity", description="Let customers set the quantity of this product."
    )
    minimum: int = Field(
        0, ge=0, title="Minimum quantity", description="The lowest quantity a customer may choose (0 or more)."
    )
    maximum: int = Field(
        0, ge=0, title="Maximum quantity", description="The highest quantity a customer may choose; 0 means no maximum."
    )

    @model_validator(mode="after")
    def _maximum_not_below_minimum(self) -> "AdjustableQuantity":
        if self.maximum and self.maximum < self.minimum:
            fail_if(
                self,
                [
                    Broken(
                        ("maximum",),
                        "maximum_below_minimum",
                        f"maximum {self.maximum} is below the minimum {self.minimum} (0 means no maximum)",
                    )
                ],
            )
        return self


class Product(BaseModel):
    """A product customers may switch to, with the prices they may choose between: by price ID
    (with the product's ID), or by lookup key (the same in test and live mode, resolved per mode
    when a plan is made; the product is then optional, and checked when given)."""

    model_config = _STRICT
    product: OptionalProductId = Field(
        "", title="Product", description="The Stripe product ID (prod_...); optional with lookup keys."
    )
    prices: list[PriceId] = Field(
        default_factory=list, title="Prices", description="Price IDs of this product customers may switch between."
    )
    lookup_keys: list[LookupKey] = Field(
        default_factory=list,
        title="Lookup keys",
        description="Lookup keys of the prices, instead of their IDs: the same in test and live mode.",
    )
    adjustable_quantity: AdjustableQuantity = Field(default_factory=AdjustableQuantity)

    @model_validator(mode="after")
    def _prices(self) -> "Product":
        broken = [
            Broken(("prices", i), "duplicate_price", f"price {self.prices[i]} is listed twice")
            for i in duplicates(self.prices)
        ]
        broken += [
            Broken(("lookup_keys", i), "duplicate_lookup_key", f"lookup key {self.lookup_keys[i]} is listed twice")
            for i in duplicates(self.lookup_keys)
        ]
        if self.prices and self.lookup_keys:
            broken.append(Broken(("lookup_keys",), "prices_and_lookup_keys",
                                 "a product lists prices or lookup_keys, not both"))  # fmt: skip
        elif not self.prices and not self.lookup_keys:
            broken.append(Broken(("prices",), "no_prices", "a product needs at least one price (or lookup key)"))
        if self.prices and not self.product:
            broken.append(Broken(("product",), "no_product", "a product listed by price IDs needs its product ID"))
        fail_if(self, broken)
        return self


PAUSE_LIMITS = {"day": 1095, "week": 156, "month": 36, "year": 3}
"""The most of each interval a pause may last: Stripe allows at most three years."""


class PauseInterval(BaseModel):
    """One pause duration customers may choose: a number of days, weeks, months or years."""

    model_config = _STRICT
    interval: Literal["day", "week", "month", "year"] = Field(
        title="Interval", description="The unit of the pause: day, week, month or year."
    )
    count: int = Field(1, ge=1, title="Count", description="How many of the unit the pause lasts (1 or more).")

    @model_validator(mode="after")
    def _at_most_three_years(self) -> "PauseInterval":
        most = PAUSE_LIMITS[self.interval]
        if self.count > most:
            fail_if(
                self,
                [
                    Broken(
                        ("count",),
                        "pause_too_long",
                        f"{self.count} {self.interval}s is more than three years (at most {most})",
                    )
                ],
            )
        return self


def _interval_identity(entry: PauseInterval | dict[str, object]) -> tuple[object, object]:
    """An entry is a model once validated, a plain table when the default stands in."""
    if isinstance(entry, PauseInterval):
        return entry.interval, entry.count
    return entry.get("interval"), entry.get("count")


_PAUSE = "features.subscription_pause"


class Pause(BaseModel):
    """Pausing subscriptions from the portal (Stripe: features.subscription_pause)."""

    model_config = _STRICT
    enabled: bool = setting(
        False,
        "Pause subscriptions",
        "Let customers pause their subscription for a while. Only the redesigned customer portal shows it.",
        Tab.SUBSCRIPTIONS,
        stripe=f"{_PAUSE}.enabled",
    )
    duration: Literal["indefinite", "interval_options"] = setting(
        "interval_options",
        "Pause for",
        "How long a pause lasts: until the customer resumes (indefinite) or one of the durations "
        "offered below (interval_options).",
        Tab.SUBSCRIPTIONS,
        na=(PAUSE_OFF,),
        stripe=f"{_PAUSE}.duration",
        words={"indefinite": "Until the customer resumes", "interval_options": "For a duration offered below"},
    )
    intervals: list[PauseInterval] = setting(
        [{"interval": "month", "count": 1}],
        "Durations offered",
        "The pause durations customers choose from (day, week, month or year, and how many), each at most three years.",
        Tab.SUBSCRIPTIONS,
        na=(PAUSE_OFF, PAUSE_INDEFINITE),
        stripe=f"{_PAUSE}.duration",
    )

    @model_validator(mode="after")
    def _rules(self) -> "Pause":
        broken = [
            Broken(("intervals", i), "duplicate_entry", "this duration is listed twice")
            for i in duplicates(self.intervals, key=_interval_identity)
        ]
        if applies(self, "subscriptions.pause", "intervals") and not self.intervals:
            broken.append(
                Broken(
                    ("intervals",), "intervals_required", 'Pause for is "interval_options": offer at least one duration'
                )
            )
        fail_if(self, broken)
        return self


_NA = (SUBSCRIPTION_UPDATES_OFF,)
_ALLOWED = "features.subscription_update.default_allowed_updates"
_ENABLED = "features.subscription_update.enabled"


class Subscriptions(BaseModel):
    """Dashboard section "Subscription management"."""

    model_config = _STRICT
    switch_plan: bool = setting(
        False,
        "Switch plan",
        "Let customers switch between subscription plans: best for a good-better-best pricing "
        "model. Needs at least one product with its prices.",
        Tab.SUBSCRIPTIONS,
        stripe=Stripe(_ALLOWED, "price", also=(_ENABLED,)),
    )
    update_quantities: bool = setting(
        False,
        "Update quantities",
        "Let customers increase or decrease the quantity of a subscription: best for seat-based pricing.",
        Tab.SUBSCRIPTIONS,
        stripe=Stripe(_ALLOWED, "quantity", also=(_ENABLED,)),
    )
    proration: Literal["none", "always_invoice", "create_prorations"] = setting(
        "none",
        "Prorate subscription updates",
        "Credit customers for the time left in the billing cycle when they change plan or "
        "quantity: none (off), always_invoice (prorate and invoice immediately) or "
        "create_prorations (prorate on the next invoice, at period end).",
        Tab.SUBSCRIPTIONS,
        na=_NA,
        stripe="features.subscription_update.proration_behavior",
        words={
            "none": "Off: no prorations",
            "always_invoice": "Prorate, invoiced immediately",
            "create_prorations": "Prorate on the next invoice",
        },
    )
    downgrades: Literal["immediately", "period_end"] = setting(
        "immediately",
        "Manage downgrades",
        "Apply downgrades immediately, or schedule them for the end of the billing period "
        "(the portal then attaches a subscription schedule; works between prices of the same "
        "product).",
        Tab.SUBSCRIPTIONS,
        na=_NA,
        stripe="features.subscription_update.schedule_at_period_end.conditions",
        words={"immediately": "Update immediately", "period_end": "Wait until end of billing period"},
    )
    downgrade_conditions: list[DowngradeCondition] = setting(
        ["decreasing_item_amount", "shortening_interval"],
        "Count as a downgrade",
        "Which changes are scheduled for period end: a lower item amount, a shorter billing interval, or both.",
        Tab.SUBSCRIPTIONS,
        na=(SUBSCRIPTION_UPDATES_OFF, DOWNGRADES_IMMEDIATE),
        stripe="features.subscription_update.schedule_at_period_end.conditions",
        words={
            "decreasing_item_amount": "A lower amount (price or quantity)",
            "shortening_interval": "A shorter billing interval",
        },
    )
    promotion_codes: bool = setting(
        False,
        "Use promotion codes",
        "Let customers apply promotion codes when they update a subscription. The same "
        "setting as Promotion codes under Customer information.",
        Tab.SUBSCRIPTIONS,
        na=_NA,
        also_on=((Tab.CUSTOMER, "Promotion codes"),),
        stripe=Stripe(_ALLOWED, "promotion_code"),
    )
    trial_update_behavior: Literal["end_trial", "continue_trial"] = setting(
        "end_trial",
        "Trials on plan change",
        "Whether a trialing subscription's trial ends (end_trial) or continues "
        "(continue_trial) when the customer changes plan.",
        Tab.SUBSCRIPTIONS,
        na=_NA,
        stripe="features.subscription_update.trial_update_behavior",
        words={"end_trial": "End the trial", "continue_trial": "Continue the trial"},
    )
    billing_cycle_anchor: Literal["unchanged", "now"] = setting(
        "unchanged",
        "Billing cycle on plan change",
        "Keep the billing cycle (unchanged) or restart it on the day of the change (now).",
        Tab.SUBSCRIPTIONS,
        na=_NA,
        stripe="features.subscription_update.billing_cycle_anchor",
        words={"unchanged": "Keep the billing cycle", "now": "Restart it on the day of the change"},
    )
    products: list[Product] = setting(
        [],
        "Products",
        f"The products (up to {MAX_PRODUCTS}) customers may switch between, each with its "
        "prices and optional quantity limits (which apply while Update quantities is on).",
        Tab.SUBSCRIPTIONS,
        na=_NA,
        stripe="features.subscription_update.products",
    )
    pause: Pause = Field(default_factory=Pause.model_construct)

    @model_validator(mode="after")
    def _rules(self) -> "Subscriptions":
        broken = [
            Broken(
                ("products", i, "product"), "duplicate_product", f"product {self.products[i].product} is listed twice"
            )
            for i in duplicates(self.products, key=lambda p: p.product or id(p))
        ]
        broken += [
            Broken(("downgrade_conditions", i), "duplicate_entry", f"{self.downgrade_conditions[i]} is listed twice")
            for i in duplicates(self.downgrade_conditions)
        ]
        if len(self.products) > MAX_PRODUCTS:
            broken.append(
                Broken(
                    ("products",),
                    "too_many_products",
                    f"{len(self.products)} products; Stripe allows at most {MAX_PRODUCTS}",
                )
            )
        if applies(self, "subscriptions", "products") and not self.products:
            broken.append(
                Broken(
                    ("products",),
                    "products_required",
                    "Switch plan and Update quantities need at least one product with a price",
                )
            )
        if applies(self, "subscriptions", "downgrade_conditions") and not self.downgrade_conditions:
            broken.append(
                Broken(
                    ("downgrade_conditions",),
                    "conditions_required",
                    'downgrades = "period_end" needs at least one condition',
                )
            )
        fail_if(self, broken)
        return self
