"""Hostile text in a profile (markup, escapes, controls, bidi overrides, long lines, wide
characters) is shown literally: nothing styles, moves or clears the screen."""

from __future__ import annotations

import re
from pathlib import Path

from portal_tui.tui.app import PortalApp

from .editor_helpers import make_app

HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = (
    '"\\u001b[2Jkey" = "x"\n'
    "[profile]\n"
    'description = "[bold red]loud[/] \\u001b]52;c;ZXZpbA==\\u0007 \\u202eevil\\u202c \\u0085 '
    + "long "
    * 400
    + ' 日本語のテキスト"\n'
    "[business]\n"
    'business_name = "[link=https://e.vil]Acme[/link]\\u001b[1A"\n'
    '"\\u202eheadline" = "x"\n'
    "[advanced.metadata]\n"
    '"\\u001b[31mkey" = "\\u001b[0mvalue"\n'
)


def test_every_cli_output_shows_hostile_text_as_visible_escapes(cli, profiles: Path) -> None:
    (profiles / "evil.toml").write_text(HOSTILE)
    outputs = [
        cli(*args)
        for args in (
            ["validate", "evil"],
            ["show", "evil"],
            ["show", "evil", "--json"],
            ["get", "evil", "profile.description"],
            ["get", "evil", "advanced.metadata"],
            ["get", "evil", "business"],
            ["list"],
            ["export", "evil"],
            ["export", "evil", "--format", "curl"],
            ["set", "evil", "customer.tax_id=true"],
        )
    ]
    for result in outputs:
        assert not HIDDEN.search(result.out + result.err), result
    validated = outputs[0].out
    assert "\\u001b[2Jkey: warning: unknown key" in validated
    assert "\\u202eheadline" in validated
    assert "[bold red]loud[/]" in outputs[3].out and "日本語" in outputs[3].out


async def test_the_editor_shows_hostile_text_without_acting_on_it(config_dir: Path) -> None:
    app = make_app(config_dir)
    app.target.path.write_text(HOSTILE)
    app = PortalApp(app.store, app.target)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for tab in "12345678":
            await pilot.press(tab)
            await pilot.pause()
            rendered = " ".join(str(w.render()) for w in app.screen.query("Static"))
            assert not HIDDEN.search(rendered), tab
        assert "\\u001b]52" in app.export_screenshot()
