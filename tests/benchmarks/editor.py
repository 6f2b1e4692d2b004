"""Editor speed: start-up in a real terminal, keystroke latency, peak memory. Run by hand:

    .venv/bin/python tests/benchmarks/editor.py [--runs N]

Start-up: from launch until the first tab is on screen in tmux at 80x24, against a bare
Textual app that shows one Static, in the same run (target: at most 1.5x). The editor draws
that screen before Pydantic loads; "checked" is when the header shows the error count, the
profile validated. Keystrokes: 200 edits through Pilot, from key to repainted, validated row
(target: p95 under 16 ms). Memory: peak RSS of each process once on screen, for the editor
once checked (target: at most 1.5x the bare app's).
Needs tmux and /usr/bin/time.
"""

from __future__ import annotations

import argparse
import asyncio
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

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare app ready")

Bare().run()
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def on_screen(command: str, marker: str, env: dict[str, str], memory_file: Path, then: str = "") -> tuple[float, float]:
    """Seconds from launching ``command`` in a fresh 80x24 tmux session until ``marker``
    shows, and until ``then`` shows too; then it is quit, and its peak RSS is left in
    ``memory_file``."""
    session = f"bench{os.getpid()}"
    tmux("kill-session", "-t", session)
    env_prefix = " ".join(f"{k}={v}" for k, v in env.items())
    wrapped = f"env {env_prefix} /usr/bin/time -f %M -o {memory_file} {command}"
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", wrapped)
    try:
        elapsed = until(marker, session, command, start)
        ready = until(then, session, command, start)
        tmux("send-keys", "-t", session, "C-q")
        for _ in range(500):
            if memory_file.exists() and memory_file.read_text().strip():
                break
            time.sleep(0.01)
    finally:  # a failed run leaves no editor behind
        tmux("kill-session", "-t", session)
    return elapsed, ready


def until(text: str, session: str, command: str, start: float) -> float:
    """Seconds since ``start`` when ``text`` shows in the session's pane."""
    while text not in tmux("capture-pane", "-p", "-t", session):
        if time.perf_counter() - start > 30:
            raise RuntimeError(f"{command!r} never showed {text!r}")
        time.sleep(0.002)
    return time.perf_counter() - start


async def keystrokes(config: Path, edits: int, preview: bool = False) -> tuple[list[float], list[float]]:
    """Per key typed into a text row: seconds until the edit is applied, validated and every
    row, the header and the help have re-read the session; and seconds to render the whole
    screen after it (an upper bound of the repaint, which redraws only what changed). With
    ``preview``, at 140x40 with the preview beside the rows, re-rendering the home page the
    headline is on after every key."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from textual import events
    from textual.widgets import Input

    from portal_tui.model.meta import Tab
    from portal_tui.store.paths import Layout
    from portal_tui.store.profiles import Store
    from portal_tui.tui.app import PortalApp

    store = Store(Layout(config))
    app = PortalApp(store, store.target("demo"))
    applied, rendered = [], []
    async with app.run_test(size=(140, 40) if preview else (80, 24)) as pilot:
        await pilot.pause()
        for tab in Tab:  # every tab built: the most rows an edit has to refresh
            await app.editor.show_tab(tab)
            await pilot.pause()
        await app.editor.jump_to("business.headline")
        await pilot.pause()
        if preview:
            await pilot.press("v")
            await pilot.pause()
        await pilot.press("enter")
        field = app.editor.focused_row().query_one(Input)
        for i in range(edits):
            typing = i % 10 != 9
            expected = field.value + "x" if typing else field.value[:-1]
            start = time.perf_counter()
            app.post_message(events.Key("x", "x") if typing else events.Key("backspace", None))
            while field.value != expected or app.session.values["business.headline"] != expected:
                await asyncio.sleep(0)
            if preview and expected.strip():
                while f" {expected.split()[-1]} " not in shown(app):
                    await asyncio.sleep(0)
            middle = time.perf_counter()
            app.export_screenshot()
            applied.append(middle - start)
            rendered.append(time.perf_counter() - start)
            if len(expected) > 50:
                field.value = ""
                await pilot.pause()
    return applied, rendered


def shown(app: object) -> str:
    """The words the preview pane draws now, one space around each."""
    from portal_tui.tui.widgets.preview import PreviewPane

    text = str(app.screen.query_one(PreviewPane).page.render())
    return " " + " ".join(text.replace("│", " ").split()) + " "


def p95(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="portal-tui-bench-"))
    (root / "config" / "profiles").mkdir(parents=True)
    shutil.copyfile(DATA / "maximal.toml", root / "config" / "profiles" / "demo.toml")
    (root / "bare.py").write_text(BARE_APP)
    base = {"PORTAL_TUI_CONFIG_DIR": str(root / "config"), "TERM": "screen-256color"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(__file__).resolve().parents[2] / "portal_tui")],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )

    cases = {
        "bare Textual app (one Static)": (f"{sys.executable} {root / 'bare.py'}", "bare app ready", ""),
        "portal-tui edit demo": (f"{BIN / 'portal-tui'} edit demo", "Switch plan", " 0 errors"),
    }
    starts: dict[str, list[float]] = {k: [] for k in cases}
    checked: dict[str, list[float]] = {k: [] for k in cases}
    memory: dict[str, list[int]] = {k: [] for k in cases}
    for _ in range(args.runs + 1):  # the first round warms caches and is dropped
        for label, (command, marker, then) in cases.items():
            mem = root / "mem.txt"
            mem.unlink(missing_ok=True)
            first, ready = on_screen(command, marker, base, mem, then)
            starts[label].append(first)
            checked[label].append(ready)
            text = mem.read_text().strip().splitlines() if mem.exists() else []
            memory[label].append(int(text[-1]) if text and text[-1].isdigit() else 0)
    bare_label = next(iter(cases))
    bare_start = statistics.median(starts[bare_label][1:])
    bare_mem = statistics.median(memory[bare_label][1:])
    print(
        f"{'start-up in tmux 80x24':<31} {'on screen ms':>12} {'x bare':>7} {'checked ms':>10}"
        f" {'peak RSS MB':>12} {'x bare':>7}"
    )
    for label in cases:
        s = statistics.median(starts[label][1:])
        c = statistics.median(checked[label][1:])
        m = statistics.median(memory[label][1:])
        print(
            f"{label:<31} {s * 1000:>12.0f} {s / bare_start:>7.2f} {c * 1000:>10.0f}"
            f" {m / 1024:>12.1f} {m / bare_mem:>7.2f}"
        )

    applied, rendered = asyncio.run(keystrokes(root / "config", args.edits))
    beside, beside_rendered = asyncio.run(keystrokes(root / "config", args.edits, preview=True))
    print(f"\n{len(applied)} keystrokes in a text row, all 8 tabs built   median ms  p95 ms  max ms")
    for label, times in (
        ("key -> applied, validated, rows re-read", applied),
        ("  + whole screen rendered (SVG export)", rendered),
        ("with the preview beside, 140x40: + page redrawn", beside),
        ("  + whole screen rendered (SVG export)", beside_rendered),
    ):
        print(
            f"{label:<46} {statistics.median(times) * 1000:>9.1f} {p95(times) * 1000:>7.1f} {max(times) * 1000:>7.1f}"
        )
    print(f"{args.runs} start-up runs each after a warm-up; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
