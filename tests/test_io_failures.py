"""I/O failures: a save that cannot be written says so in one line, keeps the edits (and the
draft), and leaves the old file whole. Tests may run as root, so failures are also injected."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from portal_tui.store.drafts import draft_path

from .editor_helpers import make_app

FAILURES = {
    "disk full": ("fdopen", errno.ENOSPC),
    "permission denied": ("replace", errno.EACCES),
    "read-only folder": ("mkstemp", errno.EROFS),
}


def inject(monkeypatch: pytest.MonkeyPatch, where: str, code: int) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    if where == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", fail)
    elif where == "replace":
        monkeypatch.setattr(os, "replace", fail)
    else:
        real = os.fdopen

        class Full:
            def __init__(self, fd: int, *a: object) -> None:
                self.handle = real(fd, "wb")

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *a: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> None:
                raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "fdopen", Full)


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_cli_write_that_fails_says_so_in_one_line_and_changes_nothing(
    cli, install, profiles: Path, monkeypatch, failure: str
) -> None:
    path = install("hand-edited", "demo")
    before = path.read_bytes()
    inject(monkeypatch, *FAILURES[failure])
    result = cli("set", "demo", "customer.tax_id=false")
    assert result.code == 2 and result.err.count("\n") == 1
    assert os.strerror(FAILURES[failure][1]) in result.err
    assert path.read_bytes() == before
    assert sorted(p.name for p in profiles.iterdir()) == ["demo.toml"]


def test_a_profile_replaced_by_a_folder_is_reported_in_one_line(cli, install) -> None:
    path = install("minimal", "demo")
    path.unlink()
    path.mkdir()
    result = cli("set", "demo", "customer.tax_id=true")
    assert result.code == 2 and result.err.count("\n") == 1 and "is a folder" in result.err


@pytest.mark.parametrize("failure", list(FAILURES))
async def test_an_editor_save_that_fails_keeps_the_edits_and_the_draft(
    config_dir: Path, monkeypatch, failure: str
) -> None:
    app = make_app(config_dir, "hand-edited")
    before = app.target.path.read_bytes()
    said: list[str] = []
    notify = app.notify

    def recording(message: str, **kw: Any) -> None:
        said.append(message)
        notify(message, **kw)

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3", "space")
        with monkeypatch.context() as patch:
            inject(patch, *FAILURES[failure])
            await pilot.press("ctrl+s", "y")
            await pilot.pause()
        assert app.session.dirty and app.is_running
        assert [m for m in said if m.startswith("Not saved, your edits are kept") and "\n" not in m]
        await pilot.pause(2.2)  # the failing disk refused the draft too: it is tried again
        assert draft_path(app.target).exists()
        await pilot.press("ctrl+s", "y")  # the disk is back: the same edits save
        await pilot.pause()
        assert not app.session.dirty
    assert app.target.path.read_bytes() != before
    shutil.rmtree(config_dir / "history", ignore_errors=True)
