"""The editor in a real terminal (tmux at 80x24): keys, a hangup, two editors on one profile."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from portal_tui.store.locks import read_holder
from portal_tui.store.paths import Layout

from .ansi import illegible
from .conftest import DATA

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Terminal:
    """One tmux session running portal-tui."""

    def __init__(self, name: str, config: Path, args: str, env: dict[str, str] | None = None) -> None:
        self.name = f"pt-{os.getpid()}-{name}"
        tool = Path(sys.executable).parent / "portal-tui"
        extra = " ".join(f"{k}={v}" for k, v in (env or {}).items())
        command = f"PORTAL_TUI_CONFIG_DIR={config} TEXTUAL_ANIMATIONS=none {extra} {tool} {args}; sleep 30"
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", command], check=True)

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True)

    def screen(self, colors: bool = False) -> str:
        """What the pane shows; with `colors`, the SGR codes too (`capture-pane -e`)."""
        command = ["tmux", "capture-pane", "-p", *(["-e"] if colors else []), "-t", self.name]
        return subprocess.run(command, capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 15) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never showed:\n{self.screen()}")

    def pid(self) -> int:
        pane = subprocess.run(
            ["tmux", "list-panes", "-t", self.name, "-F", "#{pane_pid}"], capture_output=True, text=True
        ).stdout.split()[0]
        children = subprocess.run(["pgrep", "-P", pane], capture_output=True, text=True).stdout.split()
        return int(children[0])

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminals(config_dir: Path):
    opened: list[Terminal] = []
    (config_dir / "profiles").mkdir(parents=True)
    shutil.copyfile(DATA / "hand-edited.toml", config_dir / "profiles" / "demo.toml")

    def open_one(name: str, args: str = "edit demo") -> Terminal:
        terminal = Terminal(name, config_dir, args)
        opened.append(terminal)
        return terminal

    yield open_one
    for terminal in opened:
        terminal.close()


def test_find_toggle_and_save_in_a_real_terminal(terminals, config_dir: Path) -> None:
    t = terminals("save")
    t.wait_for("Switch plan")
    t.keys("/")
    t.wait_for("Jump to a setting")
    t.keys("Shipping address", literal=True)
    time.sleep(0.5)
    t.keys("Enter")
    time.sleep(0.3)
    t.keys("Space")
    t.wait_for("1 unsaved")
    t.keys("C-s")
    t.wait_for("Save 1 change?")
    t.keys("y")
    t.wait_for("Saved 1 change")
    data = tomllib.loads((config_dir / "profiles" / "demo.toml").read_text())
    assert data["customer"]["shipping_address"] is True


def test_the_developers_guide_burst_finds_toggles_and_saves_in_one_go(terminals, config_dir: Path) -> None:
    """`/ Tax ID Enter Space ctrl+s` sent at once, as tmux send-keys or a slow SSH link
    delivers them: each key is handled where the one before it left the screen."""
    t = terminals("burst")
    t.wait_for("Switch plan")
    before = tomllib.loads((config_dir / "profiles" / "demo.toml").read_text())["customer"]["tax_id"]
    t.keys("/")
    t.keys("Tax ID", literal=True)
    t.keys("Enter", "Space", "C-s")
    shown = t.wait_for("Save 1 change?")
    assert f"customer.tax_id (Tax ID): {str(before).lower()} -> {str(not before).lower()}" in shown
    t.keys("y")
    t.wait_for("Saved 1 change")
    assert tomllib.loads((config_dir / "profiles" / "demo.toml").read_text())["customer"]["tax_id"] is (not before)


def test_escape_and_the_keys_after_it_in_one_burst_stay_separate_keys(terminals, config_dir: Path) -> None:
    """`4 Enter Acme Escape j Enter Hello Escape` at once: Acme in Business name, j moves on,
    Hello in Headline; nothing typed as "^j", nothing eaten as a command."""
    t = terminals("escape")
    t.wait_for("Switch plan")
    t.keys("4", "Enter", "Acme", "Escape", "j", "Enter", "Hello", "Escape")
    t.wait_for("2 unsaved")
    t.keys("C-s")
    t.wait_for("Save 2 changes?")
    t.keys("y")
    t.wait_for("Saved 2 changes")
    business = tomllib.loads((config_dir / "profiles" / "demo.toml").read_text())["business"]
    assert business["business_name"].endswith("Acme") and "^" not in business["business_name"]
    assert business["headline"].endswith("Hello")


def test_escape_alone_then_a_key_later_adds_no_keys_of_its_own(terminals) -> None:
    """Escape pressed on its own (Textual's ESCDELAY passes), then keys: they alone act. The
    parser once typed ``[27u`` before them, switching to tabs 2 and 7 by itself."""
    t = terminals("lone-escape")
    t.wait_for("Switch plan")
    for _ in range(2):
        t.keys("/")
        t.wait_for("Jump to a setting")
        t.keys("Escape")
        time.sleep(0.4)
        t.keys("j")
        time.sleep(0.4)
    shown = t.screen()
    assert "Switch plan" in shown and "Update quantities" in shown and "unsaved" not in shown
    assert shown.splitlines()[-5].split()[:2] == ["Prorate", "subscription"], shown


def test_removing_products_in_a_real_terminal_does_not_crash(terminals, config_dir: Path) -> None:
    shutil.copyfile(DATA / "maximal.toml", config_dir / "profiles" / "demo.toml")
    t = terminals("products")
    t.wait_for("Switch plan")
    t.keys("/")
    t.wait_for("Jump to a setting")
    t.keys("Products", literal=True)
    time.sleep(0.3)
    t.keys("Enter")
    time.sleep(0.3)
    t.keys("Enter")
    t.wait_for("Products (at most 10)")
    t.keys("C-r")
    time.sleep(0.5)
    t.keys("C-r")
    time.sleep(0.5)
    shown = t.screen()
    assert (
        "Products (at most 10)" in shown
        and "NoMatches" not in shown
        and "prod_" not in shown.split("Products (at most 10)")[1]
    )
    t.keys("Escape")
    t.wait_for("Products                       none")


def test_a_hangup_keeps_the_edits_in_a_draft_and_releases_the_lock(terminals, config_dir: Path) -> None:
    t = terminals("hup")
    t.wait_for("Switch plan")
    layout = Layout(config_dir)
    assert read_holder(layout.lock("demo")) is not None
    t.keys("3")
    time.sleep(0.3)
    t.keys("Space")
    t.wait_for("1 unsaved")
    os.kill(t.pid(), 1)  # SIGHUP, as a dropped SSH link sends
    time.sleep(1.0)
    draft = config_dir / "profiles" / ".demo.draft.toml"
    assert tomllib.loads(draft.read_text())["customer"]["billing_information"] is False
    assert not layout.lock("demo").exists()


def test_a_second_editor_opens_read_only_and_names_the_first(terminals) -> None:
    first = terminals("one")
    first.wait_for("Switch plan")
    second = terminals("two")
    shown = second.wait_for("READ-ONLY")
    assert "open elsewhere" in shown
    second.keys("Space")
    time.sleep(0.3)
    assert "1 unsaved" not in second.screen()


def test_a_row_move_and_a_toggle_send_only_what_changed(terminals, tmp_path: Path) -> None:
    """What an SSH link carries per key (issue 15's targets; tests/benchmarks/wire.py prints
    the whole table): `j` repaints two rows and the help area, not the screen (it was 7,800
    bytes); space one row, the header's count and a key of the bottom line; nothing while idle."""
    log = tmp_path / "out.bin"
    t = terminals("wire")
    t.wait_for("Switch plan")
    log.touch()
    subprocess.run(["tmux", "pipe-pane", "-o", "-t", t.name, f"cat >> {log}"], check=True)

    def settle() -> int:
        size, since = -1, time.monotonic()
        while time.monotonic() - since < 0.4:
            now = log.stat().st_size
            if now != size:
                size, since = now, time.monotonic()
            time.sleep(0.02)
        return size

    sent = {}
    for key in ("j", "Space", "k"):
        before = settle()
        t.keys(key)
        sent[key] = settle() - before
    before = settle()
    time.sleep(1)
    sent["idle"] = settle() - before
    assert sent["j"] <= 1500 and sent["k"] <= 1500 and sent["Space"] <= 1000 and sent["idle"] == 0, sent


THEMES = sorted(p.stem for p in (Path(__file__).parent.parent / "themes").glob("*.toml"))


def test_each_shipped_theme_reads_at_16_and_256_colors(tmp_path: Path) -> None:
    """COLORTERM rarely crosses SSH: with TERM=screen (16 colors) and screen-256color, every
    text cell of the rows, a not-applicable row, the help, a tick list and the profiles screen
    keeps a contrast of 3 or more with its background in xterm's palette (the dimmed screen
    behind a dialog excepted)."""
    terminals = []
    for theme in THEMES:
        for term in ("screen", "screen-256color"):
            config = tmp_path / f"{theme}-{term}"
            (config / "profiles").mkdir(parents=True)
            shutil.copyfile(DATA / "hand-edited.toml", config / "profiles" / "demo.toml")
            (config / "settings.toml").write_text(f'theme = "{theme}"\n')
            terminals.append(Terminal(f"{theme}-{term}", config, "edit demo", {"TERM": term, "COLORTERM": "''"}))
    steps: list[tuple[str, list[str], str, bool]] = [
        ("the rows", [], "Switch plan", False),
        ("a not-applicable row", ["2"], "- ", False),
        ("the help", ["?"], "Keys", True),
        ("a tick list", ["Escape", "/", "Reasons offered", "Enter", "Enter"], "[x]", True),
        ("the profiles screen", ["Escape", "p"], "Last change", False),
    ]
    found = []
    try:
        for what, keys, shown, dialog in steps:
            for t in terminals:
                for key in keys:
                    t.keys(key, literal=" " in key)
                    time.sleep(0.15)
            for t in terminals:
                t.wait_for(shown)
                time.sleep(0.3)
                found += [f"{t.name} {what}: {line}" for line in illegible(t.screen(colors=True), dialog)]
    finally:
        for t in terminals:
            t.close()
    assert not found, "\n".join(found)
