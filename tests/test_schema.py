"""``portal-tui schema``: what editors such as taplo learn about each setting."""

from __future__ import annotations

import json
from typing import Any

from portal_tui.model.catalog import DEFAULTS, SETTINGS


def test_every_setting_in_the_json_schema_has_its_default_lists_and_tables_included(cli) -> None:
    schema = json.loads(cli("schema").out)

    def node(key: str) -> dict[str, Any]:
        here: dict[str, Any] = schema
        *tables, name = key.split(".")
        for table in tables:
            here = here["properties"][table]
            if "$ref" in here:
                here = schema["$defs"][here["$ref"].rsplit("/", 1)[-1]]
        found: dict[str, Any] = here["properties"][name]
        return found

    missing = [key for key in SETTINGS if "default" not in node(key)]
    assert missing == []
    assert node("cancellations.reason_options")["default"] == DEFAULTS["cancellations.reason_options"]
    assert node("subscriptions.downgrade_conditions")["default"] == ["decreasing_item_amount", "shortening_interval"]
    assert node("subscriptions.pause.intervals")["default"] == [{"interval": "month", "count": 1}]
    assert node("subscriptions.products")["default"] == []
