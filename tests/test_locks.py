"""Locks: an open editor holds its profile; others are told who, and CLI writes refuse unless forced."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from portal_tui.store import locks
from portal_tui.store.locks import Lock, Locked, read_holder
from portal_tui.store.paths import Layout
from portal_tui.tui.app import PortalApp

from .editor_helpers import make_app, notices, watch_notices


def foreign_lock(config_dir: Path, name: str = "demo", pid: int | None = None, host: str | None = None) -> Path:
    """A lock held by another live process (a sleeping child) or by a given pid/host."""
    path = Layout(config_dir).lock(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "user": "ana@desk",
                "host": host or socket.gethostname(),
                "pid": pid or os.getppid(),
                "since": "2026-11-26T09:00:00Z",
            }
        )
    )
    return path


def test_cli_writes_refuse_on_a_locked_profile_naming_the_holder(cli, install, config_dir: Path) -> None:
    path = install("minimal", "demo")
    foreign_lock(config_dir)
    before = path.read_bytes()
    for args in (
        ["set", "demo", "customer.tax_id=true"],
        ["reset", "demo", "business.business_name"],
        ["delete", "demo"],
        ["rename", "demo", "other"],
        ["restore", "demo"],
    ):
        result = cli(*args)
        assert result.code == 2 and "ana@desk" in result.err and "--force" in result.err, (args, result)
        assert result.err.count("\n") == 1
    assert path.read_bytes() == before
    assert cli("set", "demo", "customer.tax_id=true", "--force").code == 0
    assert cli("get", "demo", "customer.tax_id").out == "true\n"  # reading is never blocked


def test_a_stale_lock_on_this_host_is_taken_over_with_a_notice(config_dir: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    foreign_lock(config_dir, pid=int(dead))
    lock, notice = Lock.acquire(Layout(config_dir), "demo")
    assert notice and "no longer runs" in notice
    assert read_holder(lock.path).pid == os.getpid()
    lock.release()
    assert not lock.path.exists()


def test_a_lock_from_another_host_is_respected(config_dir: Path) -> None:
    foreign_lock(config_dir, pid=999999, host="elsewhere")
    with pytest.raises(Locked, match="ana@desk"):
        Lock.acquire(Layout(config_dir), "demo")


def test_release_leaves_a_lock_someone_forced_away(config_dir: Path) -> None:
    lock, _ = Lock.acquire(Layout(config_dir), "demo")
    foreign_lock(config_dir)
    lock.release()
    assert lock.path.exists()


def test_the_editor_holds_the_lock_and_releases_it(cli, install, config_dir: Path, monkeypatch) -> None:
    install("minimal", "demo")
    seen: dict[str, Any] = {}

    def fake_run(self: PortalApp) -> int:
        seen["holder"] = read_holder(Layout(config_dir).lock("demo"))
        seen["read_only"] = self.read_only_reason
        return 0

    monkeypatch.setattr(PortalApp, "run", fake_run)
    monkeypatch.setattr("portal_tui.cli.editor.has_terminal", lambda: True)
    assert cli("edit", "demo").code == 0
    assert seen["holder"].pid == os.getpid() and seen["read_only"] == ""
    assert not Layout(config_dir).lock("demo").exists()

    foreign_lock(config_dir)
    assert cli("edit", "demo").code == 0
    assert "open elsewhere by ana@desk" in seen["read_only"]
    assert cli("edit", "demo", "--force").code == 0
    assert seen["read_only"] == "" and seen["holder"].pid == os.getpid()


async def test_a_read_only_editor_can_take_over_the_lock(config_dir: Path) -> None:
    foreign_lock(config_dir)
    app = make_app(config_dir, read_only="open elsewhere by ana@desk (pid 1, since then)")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        assert not app.session.dirty
        app.action_take_lock()
        await pilot.pause()
        await pilot.press("space")
        assert app.session.dirty
        assert read_holder(Layout(config_dir).lock("demo")).pid == os.getpid()
    app.safeguards.release_lock()


def test_the_lock_message_names_the_holder_as_user_at_host_with_its_pid(cli, install, config_dir: Path) -> None:
    install("minimal", "demo")
    path = foreign_lock(config_dir, pid=4242, host="desk-7")
    path.write_text(path.read_text().replace("ana@desk", "ana"))  # a bare login name, as older locks hold
    result = cli("set", "demo", "customer.tax_id=true")
    assert result.code == 2 and "ana@desk-7 (pid 4242," in result.err


@pytest.mark.parametrize("damage", ["link to /dev/zero", "huge file", "fifo"])
def test_a_damaged_lock_file_is_read_no_further_and_replaced_with_a_notice(config_dir: Path, damage: str) -> None:
    path = Layout(config_dir).lock("demo")
    path.parent.mkdir(parents=True)
    if damage == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif damage == "huge file":
        path.write_text('{"user": "' + "a" * 10_000_000 + '"}')
    else:
        os.mkfifo(path)
    assert read_holder(path) is None  # returns at once: no endless read, no wait for a writer
    lock, notice = Lock.acquire(Layout(config_dir), "demo")
    assert notice and "damaged lock file" in notice and str(path) in notice
    assert not path.is_symlink() and read_holder(path).pid == os.getpid()
    lock.release()
    assert Path("/dev/zero").is_char_device()


def read_only_folder(monkeypatch: pytest.MonkeyPatch, config_dir: Path, code: int = errno.EROFS) -> None:
    """Creating any file under the config dir fails as on a read-only mount (tests may run as
    root, whom permissions do not stop): os.open with O_CREAT, which the lock and every
    temp file go through, is refused there; reading still works."""
    real = os.open

    def refusing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and str(path).startswith(str(config_dir)):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_lock_that_cannot_be_written_is_refused_in_one_line_saying_why(
    config_dir: Path, monkeypatch, code: int
) -> None:
    Layout(config_dir).profiles.mkdir(parents=True)
    read_only_folder(monkeypatch, config_dir, code)
    with pytest.raises(locks.StoreError) as refused:
        Lock.acquire(Layout(config_dir), "demo")
    assert os.strerror(code) in str(refused.value) and "\n" not in str(refused.value)
    assert getattr(refused.value, "reason", None) == (
        "read-only file system" if code == errno.EROFS else "no permission to write the profiles folder"
    )


def test_the_editor_on_a_read_only_config_folder_opens_read_only_and_says_why(
    cli, install, config_dir: Path, monkeypatch
) -> None:
    path = install("minimal", "demo")
    before = path.read_bytes()
    read_only_folder(monkeypatch, config_dir)
    seen: dict[str, Any] = {}
    run = PortalApp.run

    async def look(pilot: Any) -> None:
        app = pilot.app
        await pilot.pause()
        await pilot.press("space")  # an edit: refused, saying why
        await pilot.pause()
        seen["header"] = str(app.screen.query_one("#header").render())
        seen["dirty"] = app.session.dirty
        app.exit(0)

    def headless(self: PortalApp) -> int | None:
        watch_notices(self)
        seen["app"] = self
        return run(self, headless=True, size=(80, 24), auto_pilot=look)

    monkeypatch.setattr(PortalApp, "run", headless)
    monkeypatch.setattr("portal_tui.cli.editor.has_terminal", lambda: True)
    result = cli("edit", "demo")
    assert result.code == 0 and "Traceback" not in result.err
    said = notices(seen["app"])
    assert any("demo opened read-only" in line and "Read-only file system" in line for line in said), said
    assert "Read-only: read-only file system" in said
    assert "READ-ONLY: read-only file system" in seen["header"]
    assert seen["dirty"] is False and path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.toml"]


def test_a_new_profile_in_a_read_only_config_folder_is_refused_in_one_line(cli, config_dir: Path, monkeypatch) -> None:
    Layout(config_dir).profiles.mkdir(parents=True)
    read_only_folder(monkeypatch, config_dir)
    monkeypatch.setattr("portal_tui.cli.editor.has_terminal", lambda: True)
    result = cli("edit", "newone")
    assert result.code == 2 and result.err.count("\n") == 1
    assert 'no profile named "newone", and none can be made' in result.err and "Read-only file system" in result.err
    assert list(Layout(config_dir).profiles.iterdir()) == []
