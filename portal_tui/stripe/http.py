"""The stripe library's HTTP client, bounded: the whole request within --timeout, answers within 8 MiB.

The library's own clients read a whole answer however long it takes and however large it
grows once decompressed: a server dripping a byte a second ran a 3 s time-out for 127 s, and
a 1 MB gzip bomb reached 5.2 GB. This client is the library's documented extension point
(``stripe.HTTPClient``) over httpx: one deadline for the request, body included; a cap on
the bytes read and on what decompression may produce; and the answer checked as JSON (an
object, at most 32 levels deep, with a real ``req_`` request id) before the library sees it.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
import weakref
import zlib
from collections.abc import Coroutine, Mapping
from typing import Any, TypeVar

import httpx
import stripe
from aiolimiter import AsyncLimiter

from ..model.ids import holds_key, is_id
from .answers import MAX_DEPTH, Malformed, clean, depth

MAX_ANSWER = 8 * 1024 * 1024
"""Bytes of an answer after decompression; more is refused without reading on."""
_CHUNK = 64 * 1024
T = TypeVar("T")


class TooLong(Malformed):
    """The answer would pass MAX_ANSWER."""


class _Loop:
    """One event loop in a daemon thread for every synchronous request of the process: a sync
    caller (a command, the editor's worker threads, a test inside another loop) waits on it,
    and the deadline is asyncio's, exact to the millisecond."""

    loop: asyncio.AbstractEventLoop | None = None
    guard = threading.Lock()

    @classmethod
    def get(cls) -> asyncio.AbstractEventLoop:
        with cls.guard:
            if cls.loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="portal-tui-stripe", daemon=True).start()
                cls.loop = loop
            return cls.loop


def run(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine of requests from synchronous code (a command, an editor's worker
    thread, a test inside another loop) on the process's request loop, and wait for it."""
    return asyncio.run_coroutine_threadsafe(work, _Loop.get()).result()


class Pace:
    """One rate for every request of a run over many accounts (Stripe limits a platform, not
    an account): aiolimiter's leaky bucket, small bursts. A 429 slows the whole run: every
    request waits out Retry-After (or a back-off from 0.25 s, doubling while 429s go on) and the
    rate eases by a tenth; answers that go through bring it back to what was asked, 5% at a time."""

    BURST = 0.05
    """Seconds of requests let through at once."""
    EASE = 0.9
    """What a 429 leaves of the rate (Stripe counts a rolling second: a little less will do)."""

    def __init__(self, rate: float) -> None:
        self.asked = rate
        self.rate = rate
        self.limiter = self._limiter(rate)
        self.resume_at = 0.0
        self.sent = 0
        self.limited = 0
        self._fine = 0
        self._backoff = 0.25

    @classmethod
    def _limiter(cls, rate: float) -> AsyncLimiter:
        burst = max(1.0, rate * cls.BURST)
        return AsyncLimiter(burst, burst / rate)

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        while (left := self.resume_at - loop.time()) > 0:  # noqa: ASYNC110 - a 429 meanwhile moves it later
            await asyncio.sleep(left)
        await self.limiter.acquire()
        self.sent += 1

    def answered(self, status: int, retry_after: str | None) -> None:
        now = asyncio.get_running_loop().time()
        if status != 429:
            self._fine += 1
            if now >= self.resume_at:
                self._backoff = 0.25
            if self.rate < self.asked and self._fine >= max(5, int(self.rate / 10)):
                self._fine = 0
                self._set(min(self.asked, self.rate * 1.05))
            return
        self.limited += 1
        self._fine = 0
        if now < self.resume_at:
            return  # sent before this pause began: the run is slowing down already
        try:
            pause = min(60.0, max(0.0, float(retry_after))) if retry_after else self._backoff
        except ValueError:
            pause = self._backoff
        self._backoff = min(5.0, self._backoff * 2)
        self.resume_at = now + pause
        self._set(max(1.0, self.rate * self.EASE))

    def _set(self, rate: float) -> None:
        self.rate = rate
        self.limiter = self._limiter(rate)


class BoundedClient(stripe.HTTPClient):
    """Requests for the stripe library, sync (run on the process's request loop) and async (the
    same code, on the caller's loop, for many accounts at once)."""

    name = "portal-tui"

    def __init__(self, timeout: float, limit: int = MAX_ANSWER, pace: Pace | None = None) -> None:
        super().__init__()
        self.timeout = timeout
        self.limit = limit
        self.pace = pace
        self._clients: dict[asyncio.AbstractEventLoop, httpx.AsyncClient] = {}
        weakref.finalize(self, _close_all, self._clients)

    # --- the library's interface ---------------------------------------------------------------

    def request(  # type: ignore[override]  # bytes, as the library's own clients return
        self, method: str, url: str, headers: Mapping[str, str] | None, post_data: Any = None, **extra: Any
    ) -> tuple[bytes, int, Mapping[str, str]]:
        future = asyncio.run_coroutine_threadsafe(self.request_async(method, url, headers, post_data), _Loop.get())
        return future.result()

    async def request_async(
        self, method: str, url: str, headers: Mapping[str, str] | None, post_data: Any = None, **extra: Any
    ) -> tuple[bytes, int, Mapping[str, str]]:
        client = self._client()
        sent = {**(headers or {}), "Accept-Encoding": "identity"}
        if self.pace is not None:
            await self.pace.wait()
        try:
            async with asyncio.timeout(self.timeout):
                request = client.build_request(method, url, headers=sent, content=post_data or None)
                response = await client.send(request, stream=True)
                try:
                    body = await self._read(response)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise stripe.APIConnectionError(  # type: ignore[no-untyped-call]
                f"no whole answer within {self.timeout:g} s (--timeout)", should_retry=False
            ) from None
        except httpx.HTTPError as exc:
            raise stripe.APIConnectionError(reason(exc), should_retry=True) from None  # type: ignore[no-untyped-call]
        except Malformed:
            raise
        except (httpx.InvalidURL, ValueError, OverflowError, OSError, ExceptionGroup) as exc:
            # A URL httpx or the socket layer cannot use (a port of 99999, "[::1"): no retry mends it.
            # Said in one line here, never left to a traceback whose locals hold the Authorization header.
            raise stripe.APIConnectionError(reason(exc), should_retry=False) from None  # type: ignore[no-untyped-call]
        if self.pace is not None:
            self.pace.answered(response.status_code, response.headers.get("retry-after"))
        check(body, response.headers, response.status_code, _secret(headers))
        return body, response.status_code, response.headers

    def request_stream(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("portal-tui reads whole answers")

    async def request_stream_async(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("portal-tui reads whole answers")

    def sleep_async(self, secs: float) -> Any:
        return asyncio.sleep(secs)

    def close(self) -> None:
        _close_all(self._clients)

    async def close_async(self) -> None:
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()

    # --- bounds --------------------------------------------------------------------------------

    def _client(self) -> httpx.AsyncClient:
        """One connection pool per event loop (a pool cannot move between loops)."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            verify = ssl.create_default_context(cafile=stripe.ca_bundle_path)
            client = httpx.AsyncClient(verify=verify, timeout=httpx.Timeout(self.timeout))
            self._clients[loop] = client
        return client

    async def _read(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            raise TooLong(f"Stripe's answer is {int(declared):,} bytes, over the {self.limit:,} a portal-tui reads")
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "", "gzip", "deflate"):
            raise Malformed(f"Stripe's answer is encoded as {clean(encoding, 20)}, which was not asked for")
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding in ("gzip", "deflate") else None
        parts: list[bytes] = []
        size = 0
        async for chunk in response.aiter_raw(_CHUNK):
            data = chunk if inflate is None else _inflate(inflate, chunk, self.limit + 1 - size, encoding)
            while True:
                size += len(data)
                if size > self.limit:
                    raise TooLong(f"Stripe's answer passed {self.limit:,} bytes; the rest was not read")
                parts.append(data)
                if inflate is None or not inflate.unconsumed_tail:
                    break
                data = _inflate(inflate, inflate.unconsumed_tail, self.limit + 1 - size, encoding)
        return b"".join(parts)


def _inflate(inflate: Any, data: bytes, most: int, encoding: str) -> bytes:
    try:
        return bytes(inflate.decompress(data, most))
    except zlib.error as exc:
        raise Malformed(f"Stripe's answer is not valid {encoding} ({clean(exc, 80)})") from None


def reason(exc: BaseException) -> str:
    """Why a request failed, in one line: the first of a group (anyio's connection attempts)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return f"{type(exc).__name__}: {clean(exc)}" if str(exc) else type(exc).__name__


def _secret(headers: Mapping[str, str] | None) -> str | None:
    """The key this request sent (its Authorization header), to look for in the answer."""
    sent = next((v for k, v in (headers or {}).items() if k.lower() == "authorization"), "")
    return sent.removeprefix("Bearer ").strip() or None


def base_problem(base: str) -> str | None:
    """Why an API base is no URL to send a key to, before any request: the reason, or None."""
    try:
        url = httpx.URL(base)
        port = url.port
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        return reason(exc)
    if url.scheme not in ("http", "https") or not url.host:
        return "it is not an http or https URL with a host"
    if port is not None and not 0 < port < 65536:
        return f"the port {port} is not between 1 and 65535"
    if url.userinfo:
        return "it holds a user name or password (the key is what Stripe is given)"
    if url.query or url.fragment:
        return "it has a query or a fragment (a ? or #)"
    return None


def _close_all(clients: dict[asyncio.AbstractEventLoop, httpx.AsyncClient]) -> None:
    """Close the connection pools still open on running loops (the client is done with)."""
    for loop, client in list(clients.items()):
        clients.pop(loop, None)
        if loop.is_running() and not loop.is_closed():
            asyncio.run_coroutine_threadsafe(client.aclose(), loop)


def check(body: bytes, headers: Mapping[str, str], status: int = 200, secret: str | None = None) -> None:
    """Before the library parses it: a request id that is an ID, a JSON object in UTF-8 (the
    library decodes it as that, and fails on anything else), not too deep; and an answer that
    went through (2xx) holding the key sent (``secret``) anywhere, however hidden, is refused
    whole: nothing of it may be shown or written. An error's texts are masked where shown."""
    request_id = headers.get("request-id")
    if request_id is not None and not is_id("req", request_id):
        raise Malformed(f"Stripe's answer has a Request-Id that is not a req_ ID: {clean(request_id, 40, secret)}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed(f"Stripe's answer is not UTF-8 text ({len(body):,} bytes)") from None
    try:
        found = json.loads(text)
    except (ValueError, RecursionError):
        raise Malformed(
            f"Stripe's answer is not JSON ({len(body):,} bytes): {clean(text[:80], secret=secret)}"
        ) from None
    if not isinstance(found, dict):
        raise Malformed("Stripe's answer is not a JSON object")
    if depth(found) > MAX_DEPTH:
        raise Malformed(f"Stripe's answer is nested deeper than {MAX_DEPTH} levels")
    decoded = json.dumps(found, ensure_ascii=False)  # its texts as read, JSON's \u escapes undone
    try:
        decoded.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (\ud800): no file or terminal takes it
        raise Malformed("Stripe's answer holds a \\u escape that is no character (a lone surrogate)") from None
    if secret and 200 <= status < 300 and holds_key(decoded, secret):
        raise Malformed("Stripe's answer holds the API key the request sent: none of it is used")
