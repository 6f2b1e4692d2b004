"""A Stripe of our own on 127.0.0.1 for the sync tests: billing portal configurations, prices,
products, customers and portal sessions in Stripe's JSON shapes, per mode (chosen by the key) and
per connected account (Stripe-Account). Lists page (limit, starting_after, has_more), prices are
found by lookup key, idempotency keys are replayed, every POST body is checked against the official
library's TypedDicts, and failures (hostile ones too) can be injected. Nothing leaves the machine.
(stripe-mock, Stripe's own mock, is reached the same way: STRIPE_API_BASE.)"""

from __future__ import annotations

import collections
import copy
import gzip
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from .standin_shapes import (
    Refused,
    check,
    decode_form,
    default_configuration,
    merge,
    refuse_what_stripe_refuses,
    shown,
    typed,
)
from .stripe_types import CREATE, UPDATE

VERSION = "2026-10-28.endive"
TEST_KEY = "sk_test_standin0000000000001234"
LIVE_KEY = "sk_live_standin0000000000005678"
READ_ONLY_KEY = "rk_test_standinreadonly00009999"
World = tuple[str, str | None]
"""A mode and a connected account (None: the platform's own)."""

__all__ = ["LIVE_KEY", "READ_ONLY_KEY", "TEST_KEY", "Refused", "Seen", "StandIn", "serve"]


@dataclass
class Seen:
    """One request as the stand-in received it."""

    method: str
    path: str
    query: dict[str, str]
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass(frozen=True)
class Replay:
    """The first answer to an idempotency key, with the request it answered."""

    path: str
    body: dict[str, Any]
    status: int
    reply: dict[str, Any]


NOT_SAVED = frozenset({400, 401, 403, 429})
"""Answers Stripe does not save for an idempotency key: the request was refused before the
endpoint began (parameters invalid, no access, rate limited), so a retry runs afresh."""


@dataclass
class StandIn:
    """The accounts: configurations, prices, products and customers per mode and account."""

    url: str = ""
    configurations: dict[World, dict[str, dict[str, Any]]] = field(default_factory=dict)
    prices: dict[World, dict[str, dict[str, Any]]] = field(default_factory=dict)
    products: dict[World, dict[str, dict[str, Any]]] = field(default_factory=dict)
    customers: dict[World, set[str]] = field(default_factory=dict)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    injected: list[dict[str, Any]] = field(default_factory=list)
    replies: dict[tuple[str, str | None, str], Replay] = field(default_factory=dict)
    """Saved answers by (API key, connected account, idempotency key): Stripe scopes a key to the
    account it was sent for, and replays its first answer for 24 hours."""
    counter: Iterator[int] = field(default_factory=itertools.count)
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: int = 0
    """Requests being answered now (a test waits for a killed client's to end)."""
    forbidden: set[str] = field(default_factory=set)
    """Connected accounts the key cannot reach (403)."""
    rate: float | None = None
    """Requests a second the platform may make (Stripe: 25 in test mode); beyond it, 429."""
    retry_after: bool = False
    """Whether a 429 says Retry-After (Stripe's mostly do not)."""
    recent: collections.deque[float] = field(default_factory=collections.deque)
    accepted: int = 0
    limited: int = 0
    updates: collections.Counter[tuple[str, str | None, str]] = field(default_factory=collections.Counter)
    """Updates applied to each configuration (mode, account, ID); a replay applies nothing."""
    in_progress: set[tuple[str, str | None, str]] = field(default_factory=set)
    """Idempotency keys of POSTs being answered: the same key meanwhile is a 409, as at Stripe."""
    refuse: Callable[[dict[str, Any]], None] = refuse_what_stripe_refuses
    """What Stripe refuses of a configuration (a test may refuse more)."""

    # --- setting the accounts up ------------------------------------------------------------

    def add_configuration(self, mode: str = "test", account: str | None = None, **changes: Any) -> dict[str, Any]:
        ident = f"bpc_{mode}{next(self.counter)}"
        obj = default_configuration(ident, mode == "live")
        for key, value in changes.items():
            node = obj
            *parents, last = key.split("__")
            for part in parents:
                node = node[part]
            node[last] = value
        self.configurations.setdefault((mode, account), {})[ident] = obj
        return obj

    def add_product(
        self, ident: str, mode: str = "test", active: bool = True, account: str | None = None, name: str = ""
    ) -> None:
        self.products.setdefault((mode, account), {})[ident] = {
            "id": ident, "object": "product", "active": active, "livemode": mode == "live",
            "name": name or ident.removeprefix("prod_").replace("_", " ").title(),
        }  # fmt: skip

    def add_price(
        self,
        ident: str,
        product: str,
        mode: str = "test",
        recurring: bool = True,
        active: bool = True,
        account: str | None = None,
        lookup_key: str | None = None,
        amount: int = 1000,
        currency: str = "usd",
        interval: str = "month",
    ) -> None:
        self.prices.setdefault((mode, account), {})[ident] = {
            "id": ident, "object": "price", "active": active, "product": product, "livemode": mode == "live",
            "type": "recurring" if recurring else "one_time", "lookup_key": lookup_key,
            "unit_amount": amount, "currency": currency,
            "recurring": {"interval": interval, "interval_count": 1} if recurring else None,
        }  # fmt: skip

    def add_customer(self, ident: str, mode: str = "test", account: str | None = None) -> None:
        self.customers.setdefault((mode, account), set()).add(ident)

    def inject(self, **failure: Any) -> None:
        """The next request (of ``method``, when given) meets this: status=429/500/401...,
        drop=True, slow=seconds, forget="features.subscription_cancel.mode" (an update that
        does not keep a field). Hostile answers: mutate=f (the JSON answer passed through f),
        body=bytes (the answer's bytes instead), size=N (N bytes of junk, streamed), gzip=True,
        headers={...} (added to the answer's), drip=seconds (a byte at a time), landed=True
        (the request is carried out, then the connection dropped before the answer); path=text
        and when=f(standin) choose which request meets it."""
        self.injected.append(failure)

    def over_the_limit(self) -> bool:
        """Stripe's rate limit, per platform: at most ``rate`` requests in any second."""
        if self.rate is None:
            self.accepted += 1
            return False
        now = time.monotonic()
        while self.recent and now - self.recent[0] >= 1.0:
            self.recent.popleft()
        if len(self.recent) >= self.rate:
            self.limited += 1
            return True
        self.recent.append(now)
        self.accepted += 1
        return False

    def next_failure(self, method: str, path: str) -> dict[str, Any]:
        for i, injected in enumerate(self.injected):
            if "forget" not in injected and injected.get("method", method) == method and \
                    injected.get("path", "") in path and injected.get("when", bool)(self):  # fmt: skip
                return self.injected.pop(i)
        return {}

    def settle(self, timeout: float = 10.0, quiet: float = 0.3) -> None:
        """Wait until no request has been answered for ``quiet`` seconds (a killed client's may
        still be on its way to the server, or being answered)."""
        deadline = time.monotonic() + timeout
        calm_since = time.monotonic()
        seen = len(self.seen)
        while time.monotonic() < deadline:
            if self.active or len(self.seen) != seen:
                calm_since, seen = time.monotonic(), len(self.seen)
            elif time.monotonic() - calm_since >= quiet:
                return
            time.sleep(0.01)

    def posts(self) -> list[Seen]:
        return [s for s in self.seen if s.method == "POST"]

    # --- answering ----------------------------------------------------------------------------

    def answer(self, method: str, path: str, query: dict[str, Any], body: dict[str, Any],
               headers: dict[str, str]) -> tuple[int, dict[str, Any]]:  # fmt: skip
        auth = headers.get("authorization", "")
        key = auth.removeprefix("Bearer ").strip()
        modes = {TEST_KEY: "test", LIVE_KEY: "live", READ_ONLY_KEY: "test"}
        if key not in modes:
            hidden = f"{key[:8]}{'*' * 8}{key[-4:]}" if len(key) > 12 else "(none)"
            raise Refused(401, f"Invalid API Key provided: {hidden}", kind="invalid_request_error")
        if headers.get("stripe-version") != VERSION:
            raise Refused(400, f"Invalid Stripe API version: {headers.get('stripe-version')}")
        world: World = (modes[key], headers.get("stripe-account"))
        if world[1] in self.forbidden:
            raise Refused(403, f"The provided key '{key[:8]}********{key[-4:]}' does not have access to account "
                          f"'{world[1]}' (or that account does not exist). Application access may have been "
                          "revoked.", kind="invalid_request_error")  # fmt: skip
        if method == "POST" and key == READ_ONLY_KEY:
            raise Refused(403, f"The provided key '{key[:8]}********{key[-4:]}' does not have the required "
                          "permissions for this endpoint. Having the 'rak_billing_portal_write' permission would "
                          "allow this request to continue.", kind="invalid_request_error")  # fmt: skip
        if method == "POST" and not headers.get("idempotency-key"):
            raise Refused(400, "every POST of portal-tui carries an idempotency key; this one had none")
        parts = path.strip("/").split("/")
        query = typed(query)
        expand = list(query.pop("expand", []) or []) + list(body.pop("expand", []) or [])
        if parts[:3] == ["v1", "billing_portal", "configurations"]:
            return 200, self.configuration_route(method, parts, query, body, expand, world)
        if parts[:3] == ["v1", "billing_portal", "sessions"] and method == "POST":
            return 200, self.session(body, world)
        if parts[:2] in (["v1", "prices"], ["v1", "products"]) and method == "GET":
            return 200, self.catalog(parts, query, expand, world)
        raise Refused(404, f"Unrecognized request URL ({method}: {path})")

    def configuration_route(self, method: str, parts: list[str], query: dict[str, Any], body: dict[str, Any],
                            expand: list[str], world: World) -> dict[str, Any]:  # fmt: skip
        store = self.configurations.setdefault(world, {})
        if len(parts) == 3 and method == "GET":
            found = [c for c in store.values() if (query.get("is_default") is not True or c["is_default"])
                     and query.get("active", c["active"]) == c["active"]]  # fmt: skip
            return page([shown(c, expand, "data.") for c in found], query, "/v1/billing_portal/configurations")
        if len(parts) == 3 and method == "POST":
            return shown(self.create(store, body, world[0]), expand)
        obj = store.get(parts[3])
        if obj is None:
            raise Refused(404, f"No such billing portal configuration: '{parts[3]}'", "configuration",
                          code="resource_missing")  # fmt: skip
        if method == "POST":
            self.update(obj, body)
            self.updates[(world[0], world[1], obj["id"])] += 1
        return shown(obj, expand)

    def catalog(self, parts: list[str], query: dict[str, Any], expand: list[str], world: World) -> dict[str, Any]:
        """Prices and products: one by ID, or listed (filters, lookup keys, paging)."""
        table, kind = (self.prices, "price") if parts[1] == "prices" else (self.products, "product")
        items = table.get(world, {})
        if len(parts) == 3:
            item = items.get(parts[2])
            if item is None:
                other = ("live" if world[0] == "test" else "test", world[1])
                similar = (f"; a similar object exists in {other[0]} mode, but a {world[0]} mode key was used to "
                           "make this request") if parts[2] in table.get(other, {}) else ""  # fmt: skip
                raise Refused(404, f"No such {kind}: '{parts[2]}'{similar}", "id", code="resource_missing")
            return copy.deepcopy(item)
        found = list(items.values())
        keys = query.get("lookup_keys")
        if keys is not None:
            if len(keys) > 10:
                raise Refused(400, "You may only specify up to 10 lookup keys.", "lookup_keys")
            found = [p for p in found if p.get("lookup_key") in keys]
        for name in ("active", "product", "type"):
            if name in query:
                found = [p for p in found if p.get(name) == query[name]]
        found = [copy.deepcopy(p) for p in found]
        if "data.product" in expand:
            for price in found:
                price["product"] = copy.deepcopy(self.products.get(world, {}).get(price["product"], price["product"]))
        return page(found, query, f"/v1/{parts[1]}")

    def session(self, body: dict[str, Any], world: World) -> dict[str, Any]:
        """A portal session: the customer and the configuration must exist (and be active)."""
        customer, configuration = body.get("customer"), body.get("configuration")
        if customer not in self.customers.get(world, set()):
            raise Refused(400, f"No such customer: '{customer}'", "customer", code="resource_missing")
        obj = self.configurations.get(world, {}).get(configuration) if configuration else None
        if configuration and (obj is None or not obj["active"]):
            raise Refused(400, f"No such active configuration: '{configuration}'", "configuration")
        ident = f"bps_standin{next(self.counter)}"
        found = {"id": ident, "object": "billing_portal.session", "customer": customer,
                 "configuration": configuration, "livemode": world[0] == "live",
                 "return_url": body.get("return_url"),
                 "url": f"https://billing.stripe.com/p/session/{world[0]}_{ident}"}  # fmt: skip
        self.sessions.append(found)
        return found

    def create(self, store: dict[str, dict[str, Any]], body: dict[str, Any], mode: str) -> dict[str, Any]:
        check(body, CREATE)
        for url in ("privacy_policy_url", "terms_of_service_url"):
            if body.get("business_profile", {}).get(url) == "":
                raise Refused(400, "Invalid URL: empty string", f"business_profile[{url}]")
        obj = default_configuration(f"bpc_{mode}{next(self.counter)}", mode == "live")
        obj["is_default"] = False
        merge(obj, typed(body))
        self.refuse(obj)
        store[obj["id"]] = obj
        return obj

    def update(self, obj: dict[str, Any], body: dict[str, Any]) -> None:
        check(body, UPDATE)
        after = copy.deepcopy(obj)
        merge(after, typed(body))
        self.refuse(after)
        forget = self.injected[0].get("forget") if self.injected else None
        if forget:
            self.injected.pop(0)
            *parents, last = forget.split(".")
            node, old = after, obj
            for part in parents:
                node, old = node[part], old[part]
            node[last] = old[last]  # this one field is not kept
        after["updated"] = obj["updated"] + 1
        obj.clear()
        obj.update(after)


def page(items: list[dict[str, Any]], query: dict[str, Any], url: str) -> dict[str, Any]:
    """A list as Stripe pages it: ``limit`` (1-100, 10), ``starting_after`` an ID, ``has_more``."""
    limit = query.get("limit", 10)
    if not isinstance(limit, int) or not 1 <= limit <= 100:
        raise Refused(400, "Invalid integer: limit must be between 1 and 100", "limit")
    after = query.get("starting_after")
    if after is not None:
        ids = [i["id"] for i in items]
        if after not in ids:
            raise Refused(400, f"No such object: '{after}'", "starting_after")
        items = items[ids.index(after) + 1 :]
    return {"object": "list", "url": url, "has_more": len(items) > limit, "data": items[:limit]}


def serve(standin: StandIn) -> ThreadingHTTPServer:
    """Start answering on 127.0.0.1 (a free port) in a thread; standin.url says where."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def handle_any(self, method: str) -> None:
            with standin.lock:
                standin.active += 1
            try:
                self.answer_one(method)
            finally:
                with standin.lock:
                    standin.active -= 1

        def answer_one(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = decode_form(parts.query)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if len(raw) < length:  # the client died mid-request: a server acts on no half request
                self.close_connection = True
                return
            text = raw.decode("utf-8")
            body = decode_form(text) if method == "POST" else {}
            headers = {k.lower(): v for k, v in self.headers.items()}
            with standin.lock:
                standin.seen.append(Seen(method, parts.path, query, copy.deepcopy(body), headers))
                failure: dict[str, Any]
                if standin.over_the_limit():  # before idempotency is looked at, as Stripe does
                    failure = {"status": 429, "message": "Too many requests hit the API too quickly.",
                               "headers": {"Retry-After": "1"} if standin.retry_after else {}}  # fmt: skip
                else:
                    failure = standin.next_failure(method, parts.path)
                sent = headers.get("idempotency-key") if method == "POST" else None
                auth = headers.get("authorization", "").removeprefix("Bearer ").strip()
                key = (auth, headers.get("stripe-account"), sent) if sent else None
                replay = standin.replies.get(key) if key else None
                if replay is not None and (replay.path, replay.body) != (parts.path, body):
                    failure = {"status": 400, "kind": "idempotency_error", "message": "Keys for idempotent "
                               "requests can only be used with the same parameters they were first used "
                               f"with. Try using a key other than '{sent}' if you meant to execute a "
                               "different request."}  # fmt: skip
                    key = replay = None
                if key and replay is None and "status" not in failure:
                    if key in standin.in_progress:  # Stripe: the same key while its first request runs
                        failure = {"status": 409, "message": "There is currently another in-progress request using "
                                   "this Idempotent Key (that probably means you submitted twice, and the other "
                                   "request is still going through). Please try again later."}  # fmt: skip
                        key = None
                    else:
                        standin.in_progress.add(key)
            try:
                self.reply_to(method, parts.path, query, body, headers, failure, key, replay)
            finally:
                if key:
                    with standin.lock:
                        standin.in_progress.discard(key)

        def reply_to(self, method: str, path: str, query: dict[str, Any], body: dict[str, Any],
                     headers: dict[str, str], failure: dict[str, Any],
                     key: tuple[str, str | None, str] | None, replay: Replay | None) -> None:  # fmt: skip
            if failure.get("slow"):
                time.sleep(failure["slow"])
            if failure.get("drop"):
                self.close_connection = True
                self.connection.shutdown(2)
                return
            request_id = f"req_standin{next(standin.counter)}"
            if "status" in failure:
                status = failure["status"]
                kind = failure.get("kind") or {429: "rate_limit_error", 409: "idempotency_error"}.get(status)
                message = failure.get("message", f"injected {status}")
                reply = {"error": {"type": kind or "api_error", "message": message}}
            elif replay is not None:
                status, reply = replay.status, replay.reply
            else:
                asked = copy.deepcopy(body)  # as sent: answering may consume it
                try:
                    with standin.lock:
                        status, reply = standin.answer(method, path, query, body, headers)
                except Refused as exc:
                    error = {"type": exc.kind, "message": exc.message}
                    if exc.param:
                        error["param"] = exc.param
                    if exc.code:
                        error["code"] = exc.code
                    status, reply = exc.status, {"error": error}
                if key and status not in NOT_SAVED:
                    standin.replies[key] = Replay(path, asked, status, reply)
            if failure.get("landed"):
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if "mutate" in failure:
                reply = failure["mutate"](copy.deepcopy(reply))
            self.send(status, reply, request_id, failure)

        def send(self, status: int, reply: Any, request_id: str, failure: dict[str, Any]) -> None:
            data = failure["body"] if "body" in failure else json.dumps(reply).encode("utf-8")
            size = failure.get("size")
            extra = dict(failure.get("headers") or {})
            if failure.get("gzip"):
                data = gzip.compress(data)
                extra["Content-Encoding"] = "gzip"
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(size if size is not None else len(data)))
            self.send_header("Request-Id", extra.pop("Request-Id", request_id))
            for name, value in extra.items():
                self.send_header(name, value)
            if status == 429:
                self.send_header("Stripe-Should-Retry", "false")
            self.end_headers()
            try:
                if size is not None:  # junk, streamed: never held whole
                    chunk = b"x" * 65536
                    for start in range(0, size, len(chunk)):
                        self.wfile.write(chunk[: min(len(chunk), size - start)])
                elif failure.get("drip"):
                    for i in range(len(data)):
                        self.wfile.write(data[i : i + 1])
                        self.wfile.flush()
                        time.sleep(failure["drip"])
                else:
                    self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a time-out test)
                pass

        def do_GET(self) -> None:
            self.handle_any("GET")

        def do_POST(self) -> None:
            self.handle_any("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    standin.url = f"http://127.0.0.1:{server.server_address[1]}"
    # shutdown() waits for the loop's next poll: half a second by default, after every test
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server
