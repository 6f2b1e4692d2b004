"""The JSON Schema of a profile file, for editors such as taplo (unknown keys allowed)."""

from __future__ import annotations

from typing import Any

from .catalog import DEFAULTS
from .profile import Profile


def json_schema() -> dict[str, Any]:
    """The schema Pydantic derives from the models, labelled and explained per setting."""
    schema = Profile.model_json_schema(mode="validation")
    _factory_defaults(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "portal-tui profile"
    schema["description"] = (
        "Stripe customer portal settings kept by portal-tui. Unknown keys are allowed: portal-tui keeps them and warns."
    )
    return schema


def _factory_defaults(schema: dict[str, Any]) -> None:
    """Every list and table setting's default: Pydantic leaves out defaults made by a factory,
    which is how the models give each profile its own list (reasons offered: five; products:
    none), so an editor using the schema would show them without one."""
    for key, default in DEFAULTS.items():
        if not isinstance(default, list | dict):
            continue
        *tables, name = key.split(".")
        node = schema
        for table in tables:
            node = node["properties"][table]
            if "$ref" in node:
                node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        node["properties"][name].setdefault("default", default)
