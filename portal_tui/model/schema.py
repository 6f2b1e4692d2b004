"""The JSON Schema of a profile file, for editors such as taplo (unknown keys allowed)."""

from __future__ import annotations

from typing import Any

from .profile import Profile


def json_schema() -> dict[str, Any]:
    """The schema Pydantic derives from the models, labelled and explained per setting."""
    schema = Profile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "portal-tui profile"
    schema["description"] = (
        "Stripe customer portal settings kept by portal-tui. Unknown keys are allowed: portal-tui keeps them and warns."
    )
    return schema
