"""``show`` against the bare reading of the same file: run by hand, prints a table.

    .venv/bin/python tests/benchmarks/show.py [--runs N] [--keys 100,1000,10000]

A profile with N metadata keys (a hand-edited file may hold any number; the limit of 50 is
an error shown, not a reason to hang). Target (issue 23): ``show`` grows in proportion to
the keys, not their square (10,000 keys took 27.6 s): under 1 s at 10,000 keys, and
writing the TOML (``as_toml``, in process) no slower than tomllib reading the text it
wrote (x <= 1). "x bare": against a bare process that reads the same file with tomllib and
prints it as JSON, measured in the same run (the rest is portal-tui's start-up).
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
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
BIN = Path(sys.executable).parent
BARE = "import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))"


def medians(cmds: list[list[str]], env: dict[str, str], runs: int) -> list[float]:
    """Median wall-clock seconds of each command, the commands taking turns run after run
    (after one warm-up each), so that a machine busier for a moment weighs on all alike."""
    for cmd in cmds:
        subprocess.run(cmd, env=env, capture_output=True, check=True)
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, kept in zip(cmds, times, strict=True):
            start = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, check=True)
            kept.append(time.perf_counter() - start)
    return [statistics.median(kept) for kept in times]


def timed(action: object, runs: int) -> float:
    """Median seconds of an in-process call."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", default="100,1000,10000")
    args = parser.parse_args()
    from portal_tui.model.display import as_toml

    root = Path(tempfile.mkdtemp(prefix="portal-tui-bench-show-"))
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**base, "PORTAL_TUI_CONFIG_DIR": str(root)}
    (root / "profiles").mkdir(parents=True)
    heads = ("metadata keys", "show ms", "bare ms", "x bare", "as_toml ms", "tomllib ms", "x")
    print(" ".join(f"{h:>{w}}" for h, w in zip(heads, (13, 9, 9, 7, 11, 11, 6), strict=True)))
    for count in (int(n) for n in args.keys.split(",")):
        path = root / "profiles" / f"k{count}.toml"
        text = (DATA / "maximal.toml").read_text().split("[advanced.metadata]")[0]
        path.write_text(text + "[advanced.metadata]\n" + "".join(f'key{i} = "value {i}"\n' for i in range(count)))
        show, bare = medians(
            [[str(BIN / "portal-tui"), "show", path.stem], [sys.executable, "-c", BARE, str(path)]], env, args.runs
        )
        document = tomllib.loads(path.read_text())
        written = as_toml(document)
        writing = timed(lambda d=document: as_toml(d), args.runs)
        reading = timed(lambda t=written: tomllib.loads(t), args.runs)
        print(
            f"{count:>13,} {show * 1000:>9.1f} {bare * 1000:>9.1f} {show / bare:>7.2f}"
            f" {writing * 1000:>11.2f} {reading * 1000:>11.2f} {writing / reading:>6.2f}"
        )
    print(f"\n{args.runs} runs each after a warm-up; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
