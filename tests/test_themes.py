"""Themes: the shipped TOML files, the user's own, the picker's preview, and remembering the choice."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.color import Color
from textual.command import CommandPalette

from portal_tui.store.paths import Layout
from portal_tui.store.preferences import load_preferences
from portal_tui.tui.theming import load_themes, shipped_dir

from .editor_helpers import make_app

SIZE = (80, 24)


def test_the_shipped_themes_load_and_include_dark_light_and_high_contrast(tmp_path: Path) -> None:
    loaded = load_themes(tmp_path / "none")
    assert loaded.failures == []
    names = {t.name: t for t in loaded.themes}
    assert {"portal-dark", "portal-light", "portal-high-contrast"} <= set(names)
    assert names["portal-light"].dark is False and names["portal-dark"].dark is True
    assert len(list(shipped_dir().glob("*.toml"))) == len(loaded.themes)


def test_a_bad_user_theme_is_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "ok.toml").write_text('name = "mine"\nprimary = "#123456"\n')
    (tmp_path / "bad-color.toml").write_text('name = "x"\nprimary = "not a color"\n')
    (tmp_path / "bad-toml.toml").write_text('name = "x\n')
    (tmp_path / "extra.toml").write_text('name = "y"\nprimary = "#fff"\nsparkle = true\n')
    loaded = load_themes(tmp_path)
    assert "mine" in {t.name for t in loaded.themes}
    assert sorted(f.split(":")[0] for f in loaded.failures) == ["bad-color.toml", "bad-toml.toml", "extra.toml"]


@pytest.mark.parametrize(
    "body, said",
    [
        ('name = "x"\nprimary = 12\n', 'primary: expected a color as text, such as "#635bff", not the number 12'),
        ('name = "x"\nprimary = "#fff"\nbackground = true\n', "background: expected a color as text"),
        ('name = 3\nprimary = "#fff"\n', "name: expected text, not the number 3"),
        ('name = "x"\nprimary = "#fff"\ndark = "yes"\n', 'dark: expected true or false, not the text "yes"'),
        ('name = "x"\nprimary = "#fff"\ntext_alpha = "0.5"\n', "text_alpha: expected a number"),
        ('name = "x"\n', "needs a primary color"),
    ],
)
def test_a_theme_value_of_the_wrong_type_is_named_with_what_it_should_be(tmp_path: Path, body: str, said: str) -> None:
    (tmp_path / "wrong.toml").write_text(body)
    loaded = load_themes(tmp_path)
    assert "x" not in {t.name for t in loaded.themes}
    assert len(loaded.failures) == 1 and loaded.failures[0].startswith(f"wrong.toml: {said}"), loaded.failures


async def test_the_editor_uses_the_theme_from_settings_and_reports_bad_theme_files(config_dir: Path) -> None:
    (config_dir / "themes").mkdir(parents=True)
    (config_dir / "themes" / "broken.toml").write_text("name = 3\n")
    (config_dir / "settings.toml").write_text('theme = "portal-light"\n')
    app = make_app(config_dir, prefs=load_preferences(Layout(config_dir)))
    said: list[str] = []
    notify = app.notify

    def recording(message: str, **kw: Any) -> None:
        said.append(message)
        notify(message, **kw)

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "portal-light"
        assert [m for m in said if "broken.toml" in m and m.startswith("Themes skipped")]


@pytest.mark.parametrize("name", ["portal-dark", "portal-high-contrast", "portal-light"])
async def test_the_theme_from_settings_colours_the_first_frame_as_picking_it_later_would(
    config_dir: Path, name: str
) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "settings.toml").write_text(f'theme = "{name}"\n')
    app = make_app(config_dir, prefs=load_preferences(Layout(config_dir)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        theme = app.get_theme(name)
        assert app.theme == name and app.has_class(f"-theme-{name}")
        assert app.has_class("-dark-mode") is theme.dark and app.has_class("-light-mode") is not theme.dark
        first = (app.screen.styles.background, app.query_one("#header").styles.background)
        assert first[0] == Color.parse(theme.background)
        app.theme = "textual-dark"
        await pilot.pause()
        app.theme = name  # the watcher's way: the same colours
        await pilot.pause()
        assert (app.screen.styles.background, app.query_one("#header").styles.background) == first
        assert [c for c in app.classes if c.startswith("-theme-")] == [f"-theme-{name}"]


async def test_the_theme_picker_previews_reverts_on_escape_and_remembers_a_choice(config_dir: Path) -> None:
    (config_dir / "profiles").mkdir(parents=True)
    (config_dir / "settings.toml").write_text("# mine\nconfirm_save = true\n")
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "portal-dark"
        app.action_change_theme()
        await pilot.pause()
        await pilot.press(*"portal-light")
        await pilot.pause(0.3)
        await pilot.press("down")
        await pilot.pause()
        assert app.theme == "portal-light"  # previewed
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == "portal-dark"  # reverted
        app.action_change_theme()
        await pilot.pause()
        await pilot.press(*"high-contrast")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette) is False
        assert app.theme == "portal-high-contrast"
    text = (config_dir / "settings.toml").read_text()
    assert text.startswith("# mine\nconfirm_save = true\n")
    assert tomllib.loads(text)["theme"] == "portal-high-contrast"
