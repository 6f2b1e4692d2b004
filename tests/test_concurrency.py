"""Several writers at once: every write that said ok is kept, history stays whole, nobody waits forever."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from portal_tui.store import mutex
from portal_tui.store.paths import Layout
from portal_tui.store.preferences import Preferences
from portal_tui.store.profiles import Store
from portal_tui.tui.app import PortalApp
from portal_tui.tui.dialogs.choice import ConflictDialog

WRITER = textwrap.dedent("""
    import contextlib, io, sys
    from portal_tui.cli import main
    who, count = sys.argv[1], int(sys.argv[2])
    for i in range(count):
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["set", "cc", f"advanced.metadata.{who}{i}=v"])
        if code != 0:
            print(f"{who}{i}: exit {code}", flush=True)
""")


def writers(config_dir: Path, names: str, count: int) -> list[subprocess.Popen[str]]:
    env = {**os.environ, "PORTAL_TUI_CONFIG_DIR": str(config_dir)}
    return [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, who, str(count)],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for who in names
    ]


def history_is_whole(config_dir: Path, name: str) -> list[dict[str, Any]]:
    """Every kept version names its change, IDs are unique, and no two in a row are the same."""
    folder = config_dir / "history" / name
    ids = sorted(int(p.stem) for p in folder.glob("*.toml"))
    assert len(ids) == len(set(ids))
    metas = [json.loads((folder / f"{i}.json").read_text()) for i in ids]
    assert all(m["changed"] and m["user"] for m in metas), metas
    contents = [(folder / f"{i}.toml").read_bytes() for i in ids]
    assert all(a != b for a, b in itertools.pairwise(contents))
    return metas


async def test_four_writers_and_an_editor_saving_in_the_middle_lose_nothing(config_dir: Path, cli) -> None:
    assert cli("new", "cc").code == 0
    running = writers(config_dir, "abcd", 12)
    store = Store(Layout(config_dir))
    app = PortalApp(store, store.target("cc"), prefs=Preferences(confirm_save=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4", "enter", *"Acme", "escape")
        time.sleep(0.3)  # the writers are well under way
        await pilot.press("ctrl+s")
        for _ in range(200):  # each "keep mine" may meet a newer write: both sides are shown again
            await pilot.pause(0.02)
            if not app.session.dirty:
                break
            if isinstance(app.screen, ConflictDialog):
                await pilot.press("m")
        assert not app.session.dirty
    failures = [p.communicate(timeout=60)[0] for p in running]
    assert all(p.returncode == 0 for p in running) and not any(failures), failures
    data = tomllib.loads(store.target("cc").path.read_text())
    assert sorted(data["advanced"]["metadata"]) == sorted(f"{w}{i}" for w in "abcd" for i in range(12))
    assert data["business"]["business_name"] == "Acme"
    metas = history_is_whole(config_dir, "cc")
    assert len(metas) == 49  # the created file and every write before the last
    assert not [p for p in (config_dir / "profiles").iterdir() if ".tmp-" in p.name]


HOLDER = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def test_a_writer_waits_its_turn_then_says_busy_in_one_line_and_writes_nothing(
    cli, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("new", "cc").code == 0
    path = config_dir / "profiles" / "cc.toml"
    before = path.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path.parent), "5"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setattr(mutex, "WAIT", 0.3)
        started = time.monotonic()
        for args in (
            ["set", "cc", "customer.tax_id=true"],
            ["reset", "cc", "customer"],
            ["restore", "cc"],
            ["delete", "cc"],
            ["rename", "cc", "dd"],
            ["new", "ee"],
        ):
            result = cli(*args)
            assert result.code == 2 and "busy" in result.err and result.err.count("\n") == 1, (args, result)
        assert time.monotonic() - started < 5
        assert path.read_bytes() == before and not (config_dir / "profiles" / "ee.toml").exists()
    finally:
        holder.kill()
        holder.wait()
    assert cli("set", "cc", "customer.tax_id=true").code == 0  # the lock died with its holder


def test_a_write_inside_a_write_of_the_same_process_does_not_wait_for_itself(config_dir: Path) -> None:
    folder = config_dir / "profiles"
    with mutex.writing(folder, wait=0.1), mutex.writing(folder, wait=0.1):
        store = Store(Layout(config_dir))
        store.create("inner")
    assert (folder / "inner.toml").exists()
