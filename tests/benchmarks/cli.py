"""CLI speed against a bare pydantic+tomllib process: run by hand, prints a table.

    .venv/bin/python tests/benchmarks/cli.py [--runs N]

Targets: ``validate`` within 1.1x of the floor of any Pydantic CLI, a script that imports
tomllib, defines one one-field model and validates one value (issue 15), and within 1.5x of
the bare imports (issue 2); ``list`` of 1,000 profiles under 1 s. Each ratio is against a
baseline measured in the same run.
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


FLOOR = """
import tomllib
from pydantic import BaseModel

class One(BaseModel):
    name: str

One.model_validate({"name": "x"})
"""


def wall(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall-clock seconds of each of ``runs`` runs (after one warm-up run)."""
    subprocess.run(cmd, env=env, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="portal-tui-bench-"))
    # Measure as installed code runs: from bytecode. (Some shells set PYTHONDONTWRITEBYTECODE,
    # which would make every run compile portal_tui from source.)
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(__file__).resolve().parents[2] / "portal_tui")],
        check=True,
        env=base,
    )
    env = {**base, "PORTAL_TUI_CONFIG_DIR": str(root / "one")}
    many = {**base, "PORTAL_TUI_CONFIG_DIR": str(root / "many")}
    (root / "one" / "profiles").mkdir(parents=True)
    shutil.copyfile(DATA / "maximal.toml", root / "one" / "profiles" / "demo.toml")
    (root / "many" / "profiles").mkdir(parents=True)
    for i in range(1000):
        example = ("maximal", "minimal", "hand-edited")[i % 3]
        shutil.copyfile(DATA / f"{example}.toml", root / "many" / "profiles" / f"p{i:04d}.toml")

    tool = str(BIN / "portal-tui")
    cases = [
        (
            "bare python: pydantic + tomllib",
            [sys.executable, "-c", "from pydantic import BaseModel; import tomllib"],
            env,
        ),
        (
            "floor: one-field model validated",
            [sys.executable, "-c", FLOOR],
            env,
        ),
        ("portal-tui validate demo", [tool, "validate", "demo"], env),
        ("portal-tui set demo (one key)", [tool, "set", "demo", "profile.description=benchmark"], env),
        ("portal-tui list (1,000 profiles)", [tool, "list"], many),
    ]
    results = {}
    for label, cmd, case_env in cases:
        if "set demo" in label:  # alternate values so that every run really writes
            times = []
            for i in range(args.runs):
                cmd[-1] = f"profile.description=benchmark {i}"
                times += wall(cmd, case_env, 1)
        else:
            times = wall(cmd, case_env, args.runs)
        results[label] = times
    bare = statistics.median(results[cases[0][0]])
    floor = statistics.median(results[cases[1][0]])
    print(f"{'command':<36} {'median ms':>10} {'min ms':>8} {'x bare':>7} {'x floor':>8}")
    for label, times in results.items():
        med = statistics.median(times)
        print(f"{label:<36} {med * 1000:>10.1f} {min(times) * 1000:>8.1f} {med / bare:>7.2f} {med / floor:>8.2f}")
    print(f"\n{args.runs} runs each after a warm-up; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
