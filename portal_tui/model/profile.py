"""The whole profile: its sections in Dashboard order, plus the Advanced tab's API-only settings."""

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from .branding import Branding
from .fields import ConfigurationName, OneLine, PmcId, setting
from .meta import SCHEMA_VERSION, Tab
from .rules import Broken, fail_if
from .sections import STRICT, Business, Cancellations, Customer, Emails, Invoices
from .subscriptions import Subscriptions
from .visible import has_hidden

METADATA_MAX_KEYS = 50
METADATA_KEY_MAX = 40
METADATA_VALUE_MAX = 500


class ProfileInfo(BaseModel):
    """About the profile itself (the [profile] table, shown on the Advanced tab)."""

    model_config = STRICT
    description: OneLine = setting(
        "", "Description", "A note for people who use this profile: whose it is, what it is for.", Tab.ADVANCED
    )
    mode: Literal["test", "live"] = setting(
        "test",
        "Stripe mode",
        "Which Stripe mode this profile is for. Test and live each keep their own portal "
        "configuration; the editor shows a LIVE badge for live profiles.",
        Tab.ADVANCED,
        elsewhere="the API key you apply it with (sk_test_ or sk_live_)",
        words={"test": "Test mode", "live": "Live mode"},
    )
    active: bool = setting(
        True,
        "Active",
        "Whether the configuration can be used for new portal sessions. Off deactivates it when "
        "pushed (Stripe cannot delete a configuration, and the default one cannot be deactivated); "
        "a new configuration is always created active.",
        Tab.ADVANCED,
        stripe="active",
    )


class Advanced(BaseModel):
    """Settings the configuration API has and the Dashboard page does not show."""

    model_config = STRICT
    configuration_name: ConfigurationName = setting(
        "",
        "Configuration name",
        "A name for the configuration in Stripe, for your own reference (at most 256 characters).",
        Tab.ADVANCED,
        stripe="name",
    )
    login_page: bool = setting(
        False,
        "Login page",
        "Give the no-code portal a login link (Stripe generates the URL); off deactivates it.",
        Tab.ADVANCED,
        stripe="login_page.enabled",
    )
    payment_method_configuration: PmcId = setting(
        "",
        "Payment method configuration",
        "Which payment methods customers may add: a pmc_ ID, or empty for the account's default.",
        Tab.ADVANCED,
        stripe="features.payment_method_update.payment_method_configuration",
    )
    metadata: dict[str, str] = setting(
        {},
        "Metadata",
        f"Your own key-value pairs stored on the configuration: at most {METADATA_MAX_KEYS} keys, "
        f"keys up to {METADATA_KEY_MAX} characters, values up to {METADATA_VALUE_MAX}.",
        Tab.ADVANCED,
        stripe="metadata",
    )

    @model_validator(mode="after")
    def _metadata(self) -> "Advanced":
        broken = []
        if len(self.metadata) > METADATA_MAX_KEYS:
            broken.append(
                Broken(("metadata",), "metadata_too_many", f"{len(self.metadata)} keys; at most {METADATA_MAX_KEYS}")
            )
        for key, value in self.metadata.items():
            if not key or len(key) > METADATA_KEY_MAX or "[" in key or "]" in key or has_hidden(key):
                broken.append(
                    Broken(
                        ("metadata", key),
                        "metadata_key",
                        f"a metadata key must be 1 to {METADATA_KEY_MAX} characters, "
                        "without brackets or control characters",
                    )
                )
            if len(value) > METADATA_VALUE_MAX:
                broken.append(
                    Broken(
                        ("metadata", key),
                        "metadata_value",
                        f"{len(value)} characters; a metadata value holds at most {METADATA_VALUE_MAX}",
                    )
                )
            elif has_hidden(value):
                broken.append(
                    Broken(("metadata", key), "control_character", "control, escape or bidi characters are not allowed")
                )
        fail_if(self, broken)
        return self


class Profile(BaseModel):
    """A profile file's settings. Unknown keys are ignored here and reported as warnings."""

    model_config = STRICT
    schema_version: int = Field(
        SCHEMA_VERSION, ge=1, title="Schema version", description="The version of this file's layout; 1 when absent."
    )
    profile: ProfileInfo = Field(default_factory=ProfileInfo.model_construct)
    subscriptions: Subscriptions = Field(default_factory=Subscriptions.model_construct)
    cancellations: Cancellations = Field(default_factory=Cancellations.model_construct)
    customer: Customer = Field(default_factory=Customer.model_construct)
    business: Business = Field(default_factory=Business.model_construct)
    invoices: Invoices = Field(default_factory=Invoices.model_construct)
    emails: Emails = Field(default_factory=Emails.model_construct)
    branding: Branding = Field(default_factory=Branding.model_construct)
    advanced: Advanced = Field(default_factory=Advanced.model_construct)
