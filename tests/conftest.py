"""Shared fixtures: every test gets its own config dir, so no real user file is ever touched."""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from portal_tui.cli.parser import main

from .stripe_standin import TEST_KEY, StandIn, serve

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PORTAL_TUI_CONFIG_DIR points into tmp_path for every test (and its subprocesses)."""
    root = tmp_path / "config"
    monkeypatch.setenv("PORTAL_TUI_CONFIG_DIR", str(root))
    monkeypatch.delenv("NO_COLOR", raising=False)
    keys = ("STRIPE_API_KEY", "STRIPE_API_KEY_TEST", "STRIPE_API_KEY_LIVE")
    for name in (*keys, "STRIPE_API_BASE"):  # the suite never reaches the real Stripe
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return root


class Run:
    """The outcome of one CLI invocation."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Run(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``portal-tui ARGS`` in this process and capture its exit code and output."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors and --help
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def profiles(config_dir: Path) -> Path:
    folder = config_dir / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def install(profiles: Path) -> Callable[[str, str], Path]:
    """Copy an example from tests/data into the profiles folder under a name."""

    def put(example: str, name: str) -> Path:
        target = profiles / f"{name}.toml"
        shutil.copyfile(DATA / f"{example}.toml", target)
        return target

    return put


def png(path: Path, width: int, height: int, pad: int = 0) -> Path:
    """Write a real (tiny, valid) PNG of the given size; ``pad`` adds bytes to reach a file size."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + (chunk(b"tEXt", b"c\x00" + b"x" * pad) if pad else b"")
        + chunk(b"IEND", b"")
    )
    path.write_bytes(data)
    return path


def jpeg(path: Path, width: int, height: int) -> Path:
    """Write a JPEG header with a start-of-frame marker of the given size."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    path.write_bytes(b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9 + sof + b"\xff\xd9")
    return path


async def _instantly(seconds: float) -> None:
    """A back-off that does not wait (the suite's stand-in answers at once)."""


@pytest.fixture
def stripe_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    standin = StandIn()
    server = serve(standin)
    monkeypatch.setenv("STRIPE_API_BASE", standin.url)
    monkeypatch.setenv("STRIPE_API_KEY", TEST_KEY)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setattr("portal_tui.stripe.client.backoff", _instantly)  # our own 429 back-off
    # The library's own retries (dropped links, 409, 5xx) wait from half a second, doubling: the
    # stand-in answers at once, so its public delays are made small (retries still happen).
    import stripe

    monkeypatch.setattr(stripe.HTTPClient, "INITIAL_DELAY", 0.01)
    monkeypatch.setattr(stripe.HTTPClient, "MAX_DELAY", 0.05)
    standin.add_product("prod_basic")
    standin.add_price("price_month", "prod_basic")
    standin.add_price("price_year", "prod_basic")
    yield standin
    server.shutdown()


@pytest.fixture
def default(stripe_api: StandIn) -> dict[str, Any]:
    """The account's default configuration in test mode (the one the Dashboard edits)."""
    return stripe_api.add_configuration("test")
