"""Errors at the Stripe boundary: whatever a request meets (a broken body, a bad API base, an
unexpected exception) is one line, never a traceback, and the key never shows; key-like text an
answer echoes is masked wherever it hides; escapes in the catalogue are shown escaped; a list
that does not advance is caught."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from portal_tui.store.paths import Layout
from portal_tui.tui.catalogs import Account
from portal_tui.tui.dialogs.catalog import CatalogDialog

from .stripe_standin import TEST_KEY, StandIn
from .sync_helpers import files_text, snapshot
from .test_pick import hand_edited, lines, picker, products_dialog, said
from .test_sync_editor import app_on, opened_stripe, said_once_fetched

ESC = "\x1b"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;aGVsbG8=\x07"
SECRET = TEST_KEY.removeprefix("sk_test_")[:-4]
"""The key's secret part: the last 4 characters may show (as ``sk_test_…1234``)."""


def plain(text: str) -> str:
    """The text as a reader could rebuild it: percent-escapes decoded, invisible characters and
    their shown escapes (``\\u200e``) gone."""
    decoded = re.sub(r"%([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), re.sub(r"\\u[0-9a-f]{4}", "", text))
    return "".join(c for c in decoded if unicodedata.category(c) != "Cf")


def leaks(text: str) -> bool:
    return SECRET in plain(text) or SECRET[:10] in plain(text)


def one_line_refusal(result: Any, *codes: int) -> None:
    assert result.code in (codes or (2,)), result
    assert "Traceback" not in result.err and result.err.count("\n") == 1, result
    assert not leaks(result.out + result.err), result


def error_body(message: str, param: str | None = None) -> bytes:
    error = {"type": "invalid_request_error", "message": message, **({"param": param} if param else {})}
    return json.dumps({"error": error}).encode()


# --- 1: what a request meets is one line ---------------------------------------------------------------

BODIES: dict[str, dict[str, Any]] = {
    "a gzip body that is not gzip": {"body": b"this is not gzip at all", "headers": {"Content-Encoding": "gzip"}},
    "a deflate body that is not deflate": {"body": b"\x00\x01\x02garbage", "headers": {"Content-Encoding": "deflate"}},
    "JSON in UTF-16": {"body": json.dumps({"object": "list"}).encode("utf-16")},
    "JSON that is not UTF-8": {"body": b'{"object": "\xff"}'},
    "JSON holding a lone surrogate": {"mutate": lambda reply: {**reply, "name": "a\ud800b"}},
}


@pytest.mark.parametrize("how", list(BODIES))
def test_a_body_the_client_cannot_read_is_a_malformed_answer_in_one_line_not_a_traceback(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, how: str
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    before = snapshot(config_dir)
    stripe_api.inject(method="GET", **BODIES[how])
    result = cli("push", "shop", "--yes")
    one_line_refusal(result)
    assert "Stripe: malformed answer: Stripe's answer" in result.err, result
    assert snapshot(config_dir) == before and not stripe_api.posts()


BASES = {
    "http://127.0.0.1:abc": "port",
    "http://127.0.0.1:99999": "port",
    "http://127.0.0.1:-1": "port",
    "http://[::1": "",
    "http://user:secret@127.0.0.1:12111": "user name or password",
    "http://127.0.0.1:12111/v1?x=1": "query",
}


@pytest.mark.parametrize("base", list(BASES))
def test_a_bad_api_base_is_refused_in_one_line_before_any_request(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, monkeypatch: pytest.MonkeyPatch, base: str
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    before, seen = snapshot(config_dir), len(stripe_api.seen)
    monkeypatch.setenv("STRIPE_API_BASE", base)
    for args in (("plan", "shop"), ("push", "shop", "--yes"), ("products",)):
        result = cli(*args)
        one_line_refusal(result)
        assert result.err.startswith("portal-tui: error: STRIPE_API_BASE takes an http(s) URL"), result
        assert BASES[base] in result.err and "secret@" not in result.err, result
    given = cli("plan", "shop", "--api-base", base)
    one_line_refusal(given)
    assert "--api-base takes an http(s) URL" in given.err, given
    assert snapshot(config_dir) == before and len(stripe_api.seen) == seen


def test_an_unexpected_exception_under_a_request_is_one_line_with_the_key_masked(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    before = snapshot(config_dir)

    async def broken(*args: Any, **kwargs: Any) -> Any:
        headers = args[3]  # self, method, url, headers
        raise RuntimeError(f"boom\nwhile sending {headers['Authorization']}")  # Bearer and the key

    monkeypatch.setattr("portal_tui.stripe.http.BoundedClient.request_async", broken)
    for args in (("plan", "shop"), ("push", "shop", "--yes")):
        result = cli(*args)
        one_line_refusal(result)
        assert "Stripe: the request failed unexpectedly: RuntimeError: boom while sending" in result.err, result
        assert TEST_KEY not in result.err and "sk_test_…1234" in result.err
    assert snapshot(config_dir) == before and not stripe_api.posts()


async def test_the_editor_says_a_body_it_cannot_read_in_one_line_keeps_running_and_never_shows_the_key(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "demo").code == 0
    app = app_on(config_dir, "demo")
    stripe_api.inject(method="GET", **BODIES["a gzip body that is not gzip"])
    stripe_api.inject(method="GET", **BODIES["JSON in UTF-16"])
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(2):
            text = await opened_stripe(app, pilot)
            assert text.startswith("Stripe: malformed answer: Stripe's answer") and "\n" not in text, text
            assert not leaks(app.export_screenshot()), text
            await pilot.press("escape")
        assert app.is_running
    assert not stripe_api.posts()


async def test_the_editor_says_an_unexpected_error_of_its_workers_in_one_line_with_the_key_masked(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("pull", "demo").code == 0

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError(f"no {TEST_KEY}\nhere")

    monkeypatch.setattr("portal_tui.workflows.sync.plan", broken)
    app = app_on(config_dir, "demo")
    async with app.run_test(size=(100, 30)) as pilot:
        text = await opened_stripe(app, pilot)
        assert text.startswith("unexpected error: KeyError:") and "\n" not in text, text
        assert "sk_test_…1234" in text and not leaks(app.export_screenshot())
        await pilot.press("escape")
        assert app.is_running
    assert not stripe_api.posts()


async def test_a_push_the_editor_cannot_finish_is_one_line_that_says_it_may_have_landed_with_the_key_masked(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("pull", "demo").code == 0
    assert cli("set", "demo", "customer.tax_id=true").code == 0

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError(f"gone\n{TEST_KEY}")

    monkeypatch.setattr("portal_tui.workflows.push.push", broken)
    app = app_on(config_dir, "demo")
    async with app.run_test(size=(100, 30)) as pilot:
        assert (await opened_stripe(app, pilot)).startswith("1 change to push")
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("y")
        text = await said_once_fetched(app, pilot)
        assert text.splitlines() == ["The push stopped on an unexpected error: OSError: gone sk_test_…1234; it may "
                                     "have landed: the plan below checks it.",
                                     "1 change to push to bpc_test0 (test)."], text  # fmt: skip
        assert not leaks(app.export_screenshot()) and app.is_running
    assert not stripe_api.posts()


def test_the_catalogue_dialogs_say_a_failed_read_or_an_unexpected_error_in_one_line(
    stripe_api: StandIn, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = Account("demo", "demo", "test", Layout(config_dir))
    stripe_api.inject(method="GET", **BODIES["a deflate body that is not deflate"])
    found = account.products()
    assert isinstance(found, str) and found.startswith("Stripe: malformed answer: Stripe's answer"), found

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"bad\n{TEST_KEY}")

    monkeypatch.setattr("portal_tui.stripe.catalog.products", broken)
    monkeypatch.setattr("portal_tui.workflows.targets.listed", broken)
    for failed in (account.products(), account.configurations()):
        assert failed == "unexpected error: ValueError: bad sk_test_…1234", failed


# --- 4: the key is masked wherever an answer hides it ---------------------------------------------------

K = TEST_KEY


def changed(**fields: str) -> Any:
    """A mutation of the configuration answered, alone or the first of a list."""

    def mutate(reply: dict[str, Any]) -> dict[str, Any]:
        if "data" in reply:
            return {**reply, "data": [{**reply["data"][0], **fields}, *reply["data"][1:]]}
        return {**reply, **fields}

    return mutate


ECHOES: dict[str, dict[str, Any]] = {
    "in the param": {"status": 400, "body": error_body("bad", K)},
    "inside a param that reads as one": {"status": 400, "body": error_body("bad", f"features[{K}]")},
    "in the request id": {"status": 400, "message": "bad", "headers": {"Request-Id": f"req_{K}"}},
    "after a letter": {"status": 400, "message": f"echo: x{K}"},
    "after an underscore": {"status": 400, "message": f"echo: token_{K}"},
    "split by a zero-width space": {"status": 400, "message": f"echo: {K[:12]}\u200b{K[12:]}"},
    "split by a joiner and a bidi mark": {"status": 400, "message": f"echo: {K[:10]}\u2060{K[10:16]}\u200e{K[16:]}"},
    "percent-encoded": {"status": 400, "message": f"echo: sk%5Ftest%5F{K[8:]}"},
    "without its prefix": {"status": 400, "message": f"echo: {K[8:]}"},
    "in the object of a malformed answer": {"mutate": changed(object=f"x{K}")},
    "as the configuration's id": {"mutate": changed(id=f"bpc_{K}")},
    "in the configuration's name": {"mutate": changed(name=f"shop {K[:12]}\u200b{K[12:]}")},
}


@pytest.mark.parametrize("how", list(ECHOES))
def test_a_key_an_answer_echoes_is_never_shown_nor_written(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, how: str
) -> None:
    stripe_api.inject(method="GET", **ECHOES[how])
    pulled = cli("pull", "shop")
    one_line_refusal(pulled, 1, 2)
    assert not (config_dir / "profiles" / "shop.toml").exists()
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    stripe_api.inject(method="GET", **ECHOES[how])
    planned = cli("plan", "shop")
    one_line_refusal(planned, 1, 2)
    assert not leaks(files_text(config_dir)) and not stripe_api.posts()


def test_a_list_whose_ids_hold_a_key_is_malformed_and_no_sync_file_is_written(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    other = "sk_live_" + "Other" * 6  # not the key sent: found by its shape
    for ident in (f"bpc_{K}", f"bpc_x{other}"):
        stripe_api.inject(method="GET", mutate=lambda r, i=ident: {**r, "data": [{**d, "id": i} for d in r["data"]]})
        result = cli("pull", "shop")
        one_line_refusal(result)
        assert "Other" * 3 not in result.err and "Other" * 3 not in files_text(config_dir), result
        assert not leaks(files_text(config_dir)) and not (config_dir / "sync" / "shop.json").exists()
    assert "expected a bpc_ ID" in result.err, result


def test_a_refused_push_whose_error_echoes_the_key_sends_once_and_shows_no_key(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    stripe_api.inject(method="POST", status=400, body=error_body(f"no\u200b{K}", f"features[{K}]"))
    result = cli("push", "shop", "--yes")
    one_line_refusal(result, 1)
    assert len(stripe_api.posts()) == 1 and not leaks(files_text(config_dir))


# --- 9: the catalogue's texts are shown escaped ------------------------------------------------------------


@pytest.fixture
def hostile_catalog(stripe_api: StandIn) -> StandIn:
    stripe_api.add_product("prod_evil", name=f"Evil {CLEAR}{CLIPBOARD}")
    stripe_api.add_price("price_evil", "prod_evil", lookup_key=f"k{CLEAR}", interval=f"month{CLEAR}{CLIPBOARD}",
                         currency=f"u{ESC}[31m")  # fmt: skip
    return stripe_api


def test_products_prints_the_catalogues_escapes_escaped(cli, hostile_catalog: StandIn) -> None:
    for args in (("products",), ("products", "--json")):
        result = cli(*args)
        assert result.code == 0, result
        assert ESC not in result.out + result.err and "\x07" not in result.out + result.err, result
        assert "month\\u001b[2J\\u001b]52;c;aGVsbG8=\\u0007" in result.out, result
        assert "Evil \\u001b[2J" in result.out, result


async def test_the_products_picker_shows_the_catalogues_escapes_escaped(
    config_dir: Path, hostile_catalog: StandIn
) -> None:
    app = hand_edited(config_dir, "")
    async with products_dialog(app) as (pilot, _):
        shown = await picker(app, pilot)
        assert isinstance(shown, CatalogDialog)
        text = "\n".join(lines(shown)) + said(shown)
        assert ESC not in text and "\x07" not in text, text
        assert "/ month\\u001b[2J\\u001b]52;c;aGVsbG8=\\u0007" in text and "Evil \\u001b[2J" in text, text
        assert ESC not in app.export_screenshot()


# --- 14: a list that does not advance ---------------------------------------------------------------------


def test_a_list_that_says_there_is_more_but_repeats_its_page_is_malformed_at_once(
    cli, stripe_api: StandIn, config_dir: Path
) -> None:
    stripe_api.add_configuration("test")
    stripe_api.add_configuration("test")
    first: dict[str, Any] = {}

    def again(reply: dict[str, Any]) -> dict[str, Any]:
        first.setdefault("page", {**reply, "has_more": True})
        return first["page"]

    for _ in range(50):
        stripe_api.inject(method="GET", path="/v1/billing_portal/configurations", mutate=again)
    result = cli("configurations")
    one_line_refusal(result)
    assert "the list of configurations repeats bpc_test0" in result.err, result
    assert len(stripe_api.seen) == 2


def test_a_list_past_the_cap_says_the_cap(
    cli, stripe_api: StandIn, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(130):
        stripe_api.add_configuration("test")
    monkeypatch.setattr("portal_tui.stripe.catalog.MAX_ITEMS", 100)
    result = cli("configurations")
    one_line_refusal(result)
    assert "the list of configurations has more than 100 items, the most portal-tui reads of one list" in result.err
    monkeypatch.setattr("portal_tui.stripe.catalog.MAX_ITEMS", 200)
    listed = cli("configurations")
    assert listed.code == 0 and "130 configurations in test mode" in listed.err, listed


def test_products_and_prices_are_read_past_the_cap_on_configurations(
    cli, stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(130):
        stripe_api.add_price(f"price_{i:03d}", "prod_basic")
    monkeypatch.setattr("portal_tui.stripe.catalog.MAX_ITEMS", 100)
    monkeypatch.setattr("portal_tui.stripe.catalog.MAX_CATALOG", 1000)
    result = cli("products", "--json")
    assert result.code == 0, result
    assert len(json.loads(result.out)[0]["prices"]) == 132
    monkeypatch.setattr("portal_tui.stripe.catalog.MAX_CATALOG", 100)
    capped = cli("products")
    one_line_refusal(capped)
    assert "the list of prices has more than 100 items, the most portal-tui reads of one list" in capped.err


def test_the_caps_let_an_account_hold_many_prices() -> None:
    from portal_tui.stripe import catalog

    assert catalog.MAX_CATALOG == 100_000 and catalog.MAX_ITEMS == 10_000
