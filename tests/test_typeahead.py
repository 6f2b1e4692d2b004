"""Keys typed ahead in one burst are handled in order, each where the last one left focus."""

from __future__ import annotations

from pathlib import Path

from textual import events

from portal_tui.tui.dialogs.find import JumpDialog

from .editor_helpers import focused_key, make_app

SIZE = (80, 24)


def burst(app, keys: list[tuple[str, str | None]]) -> None:
    """Every key posted at once, as one read from a slow link delivers them."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


def typed(text: str) -> list[tuple[str, str | None]]:
    return [("space" if c == " " else c, c) for c in text]


async def test_a_burst_finds_a_setting_jumps_to_another_tab_and_toggles_that_row(config_dir: Path) -> None:
    app = make_app(config_dir)
    app.typeahead.ordered = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dict(app.session.values)
        burst(app, [("slash", "/"), *typed("Tax ID"), ("enter", "\r"), ("space", " ")])
        for _ in range(40):
            await pilot.pause(0.05)
            if app.session.dirty:
                break
        await pilot.pause(0.2)
        assert not isinstance(app.screen, JumpDialog)
        assert focused_key(app) == "customer.tax_id"
        assert app.session.changed() == ["customer.tax_id"]
        assert app.session.values["customer.tax_id"] is (not before["customer.tax_id"])
        assert app.session.values["subscriptions.switch_plan"] == before["subscriptions.switch_plan"]


async def test_a_newline_is_enter_as_in_readline(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"Tax ID", "ctrl+j")
        await pilot.pause()
        assert focused_key(app) == "customer.tax_id"


async def test_keys_typed_one_at_a_time_are_never_held(config_dir: Path) -> None:
    app = make_app(config_dir)
    app.typeahead.ordered = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause(0.2)
        assert focused_key(app) == "subscriptions.update_quantities"
        await pilot.press("space")
        await pilot.pause(0.2)
        assert app.session.changed() == ["subscriptions.update_quantities"]


async def test_a_burst_typed_into_a_text_field_keeps_every_character(config_dir: Path) -> None:
    """The session echoes each edit back to the row; a field already ahead of that echo
    (more keys typed since) keeps what it has."""
    for ordered in (True, False):
        app = make_app(config_dir / str(ordered), "maximal")
        app.typeahead.ordered = ordered
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.editor.jump_to("business.headline")
            await pilot.pause()
            await pilot.press("enter")
            field = app.focused
            text = " Quick brown fox jumps over the lazy dog!"
            burst(app, typed(text))
            for _ in range(100):  # until the burst is through (a loaded machine takes longer)
                await pilot.pause(0.05)
                if field.value.endswith(text) and app.session.values["business.headline"] == field.value:
                    break
            assert field.value.endswith(text), (ordered, field.value)
            assert app.session.values["business.headline"] == field.value
            await pilot.press("escape", "ctrl+z")
            await pilot.pause()
            assert field.value == "Acme partners with Stripe for simplified billing."  # undo still reaches the field
