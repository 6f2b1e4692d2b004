"""A dropped link always ends the editor: its terminal killed at any moment, the process is gone
within a second, every pending edit is in the draft, no lock and no temp file is left, and the
profile itself is never written."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from .conftest import DATA
from .test_tmux import Terminal

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

MOMENTS = ("drawing", "dialog", "confirming", "typing")
"""What the editor is doing when its terminal goes: switching tabs as fast as keys come, a
dialog open, the save confirmation open, or text being typed."""


def editors(config_dir: Path) -> list[str]:
    """The editors still running on this config dir (found by their environment: when tmux
    kills the shell first, an editor is left with init as its parent)."""
    mine = subprocess.run(["pgrep", "-f", "portal-tui edit"], capture_output=True, text=True).stdout.split()
    wanted = f"PORTAL_TUI_CONFIG_DIR={config_dir}".encode()
    found = []
    for pid in mine:
        try:
            if wanted in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
                found.append(pid)
        except OSError:  # gone meanwhile
            continue
    return found


def hang_up_rounds(config_dir: Path, rounds: int, wave: int = 5) -> None:
    profiles = config_dir / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    original = (DATA / "hand-edited.toml").read_bytes()
    for start in range(0, rounds, wave):
        opened = []
        for i in range(start, min(start + wave, rounds)):
            (profiles / f"p{i}.toml").write_bytes(original)
            opened.append((i, Terminal(f"hup{i}", config_dir, f"edit p{i}")))
        try:
            for _, t in opened:
                t.wait_for("Switch plan")
                t.keys("3", "Space")  # Billing information off: one pending edit
            for i, t in opened:
                t.wait_for("1 unsaved")
                moment = MOMENTS[i % len(MOMENTS)]
                if moment == "drawing":
                    t.keys(*"47125681247")
                elif moment == "dialog":
                    t.keys("d")
                elif moment == "confirming":
                    t.keys("C-s")
                else:
                    t.keys("4", "Enter", "typed while the link drops")
            time.sleep(0.2)
        finally:
            for _, t in opened:
                t.close()
        deadline = time.monotonic() + 1.0
        while editors(config_dir) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not editors(config_dir), f"editors still running 1 s after their terminals went: {editors(config_dir)}"
    names = [p.name for p in profiles.iterdir()]
    assert not [n for n in names if n.endswith(".lock")], [
        (n, (profiles / n).read_text()) for n in names if n.endswith(".lock")
    ]
    assert not [n for n in names if ".tmp-" in n], names
    missing = [i for i in range(rounds) if not (profiles / f".p{i}.draft.toml").exists()]
    assert not missing, (missing, sorted(names))
    for i in range(rounds):
        assert (profiles / f"p{i}.toml").read_bytes() == original  # never written by the hang-up
        draft = tomllib.loads((profiles / f".p{i}.draft.toml").read_text())
        assert draft["customer"]["billing_information"] is False, i


def test_ten_dropped_links_leave_no_editor_running_ten_drafts_and_no_lock(config_dir: Path) -> None:
    hang_up_rounds(config_dir, 10)


@pytest.mark.slow
def test_a_hundred_dropped_links(config_dir: Path) -> None:
    hang_up_rounds(config_dir, 100, wave=10)


def test_a_hang_up_during_start_up_ends_the_editor_and_leaves_no_lock(config_dir: Path) -> None:
    profiles = config_dir / "profiles"
    profiles.mkdir(parents=True)
    shutil.copyfile(DATA / "hand-edited.toml", profiles / "early.toml")
    for delay in (0.05, 0.2, 0.4):
        t = Terminal(f"early{int(delay * 100)}", config_dir, "edit early")  # no dot: tmux reads it as a window
        time.sleep(delay)
        t.close()
        time.sleep(1.0)
        assert not editors(config_dir)
        assert not (profiles / ".early.lock").exists()
        assert not (profiles / ".early.draft.toml").exists()  # nothing was edited


SAVING = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from portal_tui.tui.hangup import Ending
    from portal_tui.store import write
    from portal_tui.store.paths import Layout
    from portal_tui.store.profiles import Store

    store = Store(Layout(Path(sys.argv[1])))
    ending = Ending()
    ending.install()
    ending.keep_edits = lambda: Path(sys.argv[1], "kept").write_text("draft")
    real_fsync = os.fsync

    def slow_fsync(fd):  # the hang-up arrives in the middle of writing the profile
        os.kill(os.getpid(), signal.SIGHUP)
        real_fsync(fd)

    write.os.fsync = slow_fsync
    store.save(store.target("demo"), {"customer.tax_id": True})
    print("the save returned: the process should have ended", flush=True)
""")


def test_a_hang_up_during_a_save_lets_the_save_finish_then_ends(config_dir: Path, cli) -> None:
    assert cli("new", "demo").code == 0
    env = {**os.environ, "PORTAL_TUI_CONFIG_DIR": str(config_dir)}
    done = subprocess.run(
        [sys.executable, "-c", SAVING, str(config_dir)], env=env, capture_output=True, text=True, timeout=20
    )
    assert done.returncode == 128 + signal.SIGHUP and "returned" not in done.stdout, done
    profiles = config_dir / "profiles"
    assert tomllib.loads((profiles / "demo.toml").read_text())["customer"]["tax_id"] is True
    assert (config_dir / "kept").read_text() == "draft"
    assert not [p.name for p in profiles.iterdir() if ".tmp-" in p.name]
    versions = sorted((config_dir / "history" / "demo").glob("*.toml"))
    assert len(versions) == 1  # the replaced file, kept once


def test_sigterm_restores_the_terminal_keeps_the_draft_and_exits_143(config_dir: Path) -> None:
    profiles = config_dir / "profiles"
    profiles.mkdir(parents=True)
    shutil.copyfile(DATA / "hand-edited.toml", profiles / "demo.toml")
    t = Terminal("term", config_dir, "edit demo; echo EXIT $?")
    try:
        t.wait_for("Switch plan")
        t.keys("3", "Space")
        t.wait_for("1 unsaved")
        os.kill(t.pid(), signal.SIGTERM)
        shown = t.wait_for("EXIT 143", timeout=5)
        assert "Switch plan" not in shown  # the editor's screen is gone: the terminal was restored
    finally:
        t.close()
    assert tomllib.loads((profiles / ".demo.draft.toml").read_text())["customer"]["billing_information"] is False
    assert not (profiles / ".demo.lock").exists()
