"""Opening and closing any row's editor, picker or field, or any dialog, without an edit leaves
the profile exactly as it was: order, duplicates, hidden characters, numbers, odd types."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, Phase, given, settings

from portal_tui.model.catalog import SETTINGS
from portal_tui.model.edits import same
from portal_tui.store.paths import Layout
from portal_tui.store.profiles import Store
from portal_tui.tui.app import PortalApp

from .hostile import profiles

OPENED = tuple(k for k, info in SETTINGS.items() if info.kind != "toggle")  # space/enter on a toggle is an edit
DIALOGS = ("d", "h", "x", "question_mark", "slash", "p")
"""Compare, history, export, help, find, profiles: each opened and closed with escape."""


async def open_and_close_everything(config_dir: Path, data: dict[str, Any]) -> tuple[dict[str, Any], PortalApp]:
    """Open and close the editor of every setting the profile holds, then every dialog."""
    store = Store(Layout(config_dir))
    target = store.target("hostile")
    target.path.parent.mkdir(parents=True, exist_ok=True)
    target.path.write_text(tomlkit.dumps(data))
    app = PortalApp(store, target)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in [k for k in OPENED if k.split(".", 1)[1] in data.get(k.split(".", 1)[0], {})]:
            await app.editor.jump_to(key)
            await pilot.press("enter", "escape")
        for key in DIALOGS:
            await pilot.press(key, "escape")
        await pilot.pause()
        assert app.screen is app.editor, app.screen
        return app.session.data, app


def check_untouched(config_dir: Path, data: dict[str, Any]) -> None:
    original = tomllib.loads(tomlkit.dumps(data))
    after, app = asyncio.run(open_and_close_everything(config_dir, data))
    assert same(after, original), (after, original)
    assert not app.session.dirty and app.session.undo() is None


QUICK = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
    print_blob=True,
)
"""In the normal suite: the same six profiles every run, no shrinking (each example runs the
editor for ~2 s); -m slow runs 150 random ones and shrinks what fails."""


@QUICK
@given(profiles(OPENED, most=6))
def test_opening_and_closing_every_editor_and_dialog_changes_nothing(config_dir: Path, data: dict[str, Any]) -> None:
    check_untouched(config_dir, data)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(profiles(OPENED))
def test_opening_and_closing_every_editor_and_dialog_changes_nothing_at_length(
    config_dir: Path, data: dict[str, Any]
) -> None:
    check_untouched(config_dir, data)


REGRESSIONS = [
    # Reasons offered was re-sorted into the schema's order on escape.
    {"cancellations": {"reason_options": ["unused", "other", "too_expensive", "other", "bogus", 3]}},
    # Metadata: text with an escape written back in its visible form, numbers made strings.
    {"advanced": {"metadata": {"team": "a\x1bb", "count": 3, "\u202ex": True}}},
    # Products: entries of the wrong type dropped, prices given as text emptied, extras lost.
    {
        "subscriptions": {
            "products": [
                "prod_x",
                {"product": 7, "prices": "price_a", "extra": "[bold]x[/]"},
                {
                    "product": "prod_b",
                    "prices": ["price_b", "price_b"],
                    "adjustable_quantity": {"enabled": "yes", "minimum": "1", "note": 2},
                },
            ]
        }
    },
    {"subscriptions": {"products": "none", "downgrade_conditions": "x"}, "advanced": {"metadata": "x"}},
    # Text, choices and colors of the wrong type or with hidden characters.
    {
        "profile": {"mode": 442, "description": "[bold]x\x1b[2J\u202e"},
        "branding": {"background_color": "#ABC", "button_color": 7, "font": "bogus", "logo": "\x00"},
        "business": {"business_name": True, "headline": "\u0085" * 70, "custom_domain": "[b]"},
    },
]


@pytest.mark.parametrize("data", REGRESSIONS)
def test_values_that_used_to_change_when_an_editor_was_closed_stay_as_they_were(
    config_dir: Path, data: dict[str, Any]
) -> None:
    check_untouched(config_dir, data)
