"""Bytes on the wire per keystroke: what an SSH link carries. Run by hand:

    .venv/bin/python tests/benchmarks/wire.py [--rounds N]

The editor and a bare Textual app (a ListView moving its cursor) each run in a tmux session
at 80x24 with 256 colors; tmux's ``pipe-pane`` copies everything the program writes to the
terminal into a file; each key is sent once the output has been quiet for a while, and the
bytes written between two quiet moments are that key's. Prints the median per key, and the
bytes written while idle. Needs tmux.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
BIN = Path(sys.executable).parent
QUIET = 0.35
"""Seconds without output after which a key is taken as fully drawn."""

BARE_APP = """
from textual.app import App
from textual.widgets import Label, ListItem, ListView

class Bare(App):
    def compose(self):
        yield ListView(*(ListItem(Label(f"item {i}")) for i in range(40)))

Bare().run()
"""

TARGETS = {"j": 1500, "space": 1000, "right": 9000}


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def settle(log: Path, quiet: float = QUIET, limit: float = 10) -> int:
    """Wait until ``log`` has not grown for ``quiet`` seconds; its size then."""
    start = time.perf_counter()
    size, since = -1, time.perf_counter()
    while time.perf_counter() - start < limit:
        now = log.stat().st_size if log.exists() else 0
        if now != size:
            size, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            return size
        time.sleep(0.01)
    return size


def measure(command: str, marker: str, keys: list[tuple[str, str]], env: dict[str, str], rounds: int,
            log: Path) -> dict[str, list[int]]:  # fmt: skip
    """Bytes written after each of ``keys`` (label, tmux key), ``rounds`` times; "idle" is
    the bytes written in one second with no key."""
    session = f"wire{os.getpid()}"
    tmux("kill-session", "-t", session)
    prefix = " ".join(f"{k}={v}" for k, v in env.items())
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", f"env {prefix} {command}")
    try:
        start = time.perf_counter()
        while marker not in tmux("capture-pane", "-p", "-t", session):
            if time.perf_counter() - start > 30:
                raise RuntimeError(f"{command!r} never showed {marker!r}")
            time.sleep(0.02)
        log.unlink(missing_ok=True)
        log.touch()
        tmux("pipe-pane", "-o", "-t", session, f"cat >> {log}")
        settle(log, 1.0)
        results: dict[str, list[int]] = {label: [] for label, _ in keys}
        results["idle (1 s)"] = []
        for _ in range(rounds):
            for label, key in keys:
                before = settle(log)
                tmux("send-keys", "-t", session, key)
                results[label].append(settle(log) - before)
            before = settle(log)
            time.sleep(1)
            results["idle (1 s)"].append(log.stat().st_size - before)
    finally:  # a failed run leaves no editor behind
        tmux("kill-session", "-t", session)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="portal-tui-wire-"))
    (root / "config" / "profiles").mkdir(parents=True)
    shutil.copyfile(DATA / "maximal.toml", root / "config" / "profiles" / "demo.toml")
    (root / "bare.py").write_text(BARE_APP)
    env = {"PORTAL_TUI_CONFIG_DIR": str(root / "config"), "TERM": "screen-256color", "COLORTERM": ""}
    log = root / "out.bin"
    editor_keys = [("j", "j"), ("k", "k"), ("space", "Space"), ("space", "Space"), ("right", "Right"), ("left", "Left")]
    # each toggle is undone by the next; right then left comes back to the first tab
    editor = measure(f"{BIN / 'portal-tui'} edit demo", "Switch plan", editor_keys, env, args.rounds, log)
    bare = measure(f"{sys.executable} {root / 'bare.py'}", "item 0", [("j", "Down"), ("k", "Up")], env,
                   args.rounds, log)  # fmt: skip
    print(f"{'keystroke (80x24, 256 colors)':<32} {'portal-tui B':>12} {'bare ListView B':>16} {'target B':>9}")
    for label in ("j", "k", "space", "right", "left", "idle (1 s)"):
        mine = statistics.median(editor[label])
        theirs = f"{statistics.median(bare[label]):>16.0f}" if label in bare else f"{'':>16}"
        target = TARGETS.get(label, 0 if label.startswith("idle") else None)
        print(f"{label:<32} {mine:>12.0f} {theirs} {'' if target is None else target:>9}")
    print(f"medians of {args.rounds} rounds; textual {textual_version()}, tmux {tmux('-V').strip()}")
    shutil.rmtree(root)


def textual_version() -> str:
    from importlib.metadata import version

    return version("textual")


if __name__ == "__main__":
    main()
