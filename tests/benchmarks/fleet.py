"""A rollout to many connected accounts at the stand-in's rate limit: run by hand, prints a table.

    .venv/bin/python tests/benchmarks/fleet.py [--rate 100] [--accounts 100,1000]

The stand-in Stripe (tests/stripe_standin.py, in this process) allows R requests a second for
the platform and answers 429 beyond. `portal-tui push std --accounts FILE --rate R --yes` runs
in a child process; a push is 3 requests an account (the default configuration, the update, the
read-back). Targets (issue 25): requests accepted a second at 80% of R or better, 429s handled
by slowing down (never a failed account), and the peak memory of 1,000 accounts at most 1.3x
that of 100. "bare" is what the stand-in serves to a bare client (8 concurrent GETs, no limit)
in the same run: R is only reachable where bare is above it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.stripe_standin import TEST_KEY, StandIn, serve  # noqa: E402

MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def bare_rate(url: str, seconds: float = 3.0) -> float:
    """Requests a second the stand-in answers to 8 concurrent GETs with no limit of its own."""

    async def hammer() -> int:
        done = 0
        deadline = time.monotonic() + seconds
        headers = {"Authorization": f"Bearer {TEST_KEY}", "Stripe-Version": "2026-10-28.endive"}
        async with httpx.AsyncClient(base_url=url, headers=headers) as client:

            async def one() -> None:
                nonlocal done
                while time.monotonic() < deadline:
                    await client.get("/v1/prices/price_month")
                    done += 1

            await asyncio.gather(*(one() for _ in range(8)))
        return done

    return asyncio.run(hammer()) / seconds


def rollout(count: int, rate: float, jobs: int) -> dict[str, float]:
    standin = StandIn()
    accounts = [f"acct_bench{i:05d}" for i in range(count)]
    for account in accounts:
        standin.add_configuration("test", account=account)
    server = serve(standin)
    try:
        with tempfile.TemporaryDirectory() as folder:
            config = Path(folder) / "config"
            env = {**os.environ, "PORTAL_TUI_CONFIG_DIR": str(config), "STRIPE_API_KEY": TEST_KEY,
                   "STRIPE_API_BASE": standin.url, "NO_PROXY": "127.0.0.1"}  # fmt: skip
            portal = [sys.executable, "-m", "portal_tui"]
            subprocess.run([*portal, "new", "std"], env=env, check=True, capture_output=True)
            subprocess.run([*portal, "set", "std", "customer.tax_id=true"], env=env, check=True, capture_output=True)
            listed = Path(folder) / "accounts.txt"
            listed.write_text("\n".join(accounts) + "\n")
            standin.rate = rate
            started = time.monotonic()
            measured = subprocess.run([sys.executable, "-c", MEASURE, *portal, "push", "std", "--accounts",
                                       str(listed), "--rate", str(rate), "--jobs", str(jobs), "--yes"],
                                      env=env, capture_output=True, text=True, check=True)  # fmt: skip
            wall = time.monotonic() - started
            code, peak = measured.stdout.split()
            pushed = sum(1 for (_, a, _), n in standin.updates.items() if n == 1 and a in set(accounts))
            return {"accounts": count, "exit": int(code), "pushed": pushed, "wall": wall,
                    "accepted": standin.accepted, "limited": standin.limited,
                    "rate": standin.accepted / wall, "peak_mb": int(peak) / 1024}  # fmt: skip
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=100.0, help="the stand-in's limit R, asked for too")
    parser.add_argument("--accounts", default="100,1000")
    parser.add_argument("--jobs", type=int, default=8)
    args = parser.parse_args()
    probe = StandIn()
    probe.add_product("prod_basic")
    probe.add_price("price_month", "prod_basic")
    server = serve(probe)
    bare = bare_rate(probe.url)
    server.shutdown()
    rows = [rollout(int(n), args.rate, args.jobs) for n in args.accounts.split(",")]
    print(f"stand-in limit R = {args.rate:g}/s; bare (no limit, 8 concurrent GETs) = {bare:.0f}/s; jobs {args.jobs}")
    print("| accounts | exit | pushed once | wall | accepted/s | x R | 429s | peak MB | x 100's |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    first = rows[0]["peak_mb"]
    for r in rows:
        print(f"| {r['accounts']:,.0f} | {r['exit']:.0f} | {r['pushed']:,.0f} | {r['wall']:.1f} s | "
              f"{r['rate']:.1f} | {r['rate'] / args.rate:.2f} | {r['limited']:,.0f} | {r['peak_mb']:.1f} | "
              f"{r['peak_mb'] / first:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
