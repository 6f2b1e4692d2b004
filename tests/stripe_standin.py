"""A Stripe of our own on 127.0.0.1 for the sync tests: billing portal configurations, prices
and products in Stripe's JSON shapes. Every POST body is checked against the official library's
TypedDicts; what Stripe refuses is refused here; failures can be injected. Nothing leaves the
machine. (stripe-mock, Stripe's own mock, is reached the same way: STRIPE_API_BASE.)"""

from __future__ import annotations

import copy
import gzip
import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .stripe_types import CREATE, UPDATE, problems

VERSION = "2026-10-28.endive"
TEST_KEY = "sk_test_standin0000000000001234"
LIVE_KEY = "sk_live_standin0000000000005678"
READ_ONLY_KEY = "rk_test_standinreadonly00009999"
_INTS = {"interval_count", "minimum", "maximum"}


def decode_form(body: str) -> dict[str, Any]:
    """A form-encoded body as nested objects and lists, the values as text (as Stripe reads it)."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def lists(node: Any) -> Any:
        if isinstance(node, dict):
            if node and all(k.isdigit() for k in node):
                return [lists(node[k]) for k in sorted(node, key=int)]
            return {k: lists(v) for k, v in node.items()}
        return node

    return lists(root)


def typed(node: Any, key: str = "") -> Any:
    """Text from a form as the values Stripe stores: booleans, numbers, and "" as empty."""
    if isinstance(node, dict):
        return {k: typed(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [typed(v, key) for v in node]
    if node in ("true", "false"):
        return node == "true"
    if key in _INTS and node.lstrip("-").isdigit():
        return int(node)
    return node


def default_configuration(ident: str, livemode: bool) -> dict[str, Any]:
    """What Stripe holds for a configuration nobody has changed (the fixture's shape)."""
    return {
        "id": ident,
        "object": "billing_portal.configuration",
        "active": True,
        "application": None,
        "business_profile": {"headline": None, "privacy_policy_url": None, "terms_of_service_url": None},
        "created": 1761868800,
        "default_return_url": None,
        "features": {
            "customer_update": {"allowed_updates": ["email", "address"], "enabled": True},
            "invoice_history": {"enabled": True},
            "payment_method_update": {"enabled": True, "payment_method_configuration": None},
            "subscription_cancel": {
                "cancellation_reason": {
                    "enabled": True,
                    "options": ["too_expensive", "missing_features", "switched_service", "unused", "other"],
                    "feedback_options": [],
                },
                "enabled": True,
                "mode": "at_period_end",
                "proration_behavior": "none",
            },
            "subscription_pause": {
                "enabled": False,
                "duration": {
                    "type": "interval_options",
                    "interval_options": [{"interval": "month", "interval_count": 1}],
                },
            },
            "subscription_update": {
                "billing_cycle_anchor": None,
                "default_allowed_updates": [],
                "enabled": False,
                "products": [],
                "proration_behavior": "none",
                "schedule_at_period_end": {"conditions": []},
                "trial_update_behavior": "end_trial",
            },
        },
        "is_default": True,
        "livemode": livemode,
        "login_page": {"enabled": False, "url": None},
        "metadata": {},
        "name": None,
        "updated": 1761868800,
    }


class Refused(Exception):
    def __init__(self, status: int, message: str, param: str | None = None, kind: str = "invalid_request_error",
                 code: str | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.status, self.message, self.param, self.kind, self.code = status, message, param, kind, code


@dataclass
class Seen:
    """One request as the stand-in received it."""

    method: str
    path: str
    query: dict[str, str]
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class StandIn:
    """The account: configurations, prices and products per mode (and connected account)."""

    url: str = ""
    configurations: dict[tuple[str, str | None], dict[str, dict[str, Any]]] = field(default_factory=dict)
    prices: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    products: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    injected: list[dict[str, Any]] = field(default_factory=list)
    replies: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    counter: Iterator[int] = field(default_factory=itertools.count)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- setting the account up -------------------------------------------------------------

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

    def add_product(self, ident: str, mode: str = "test", active: bool = True) -> None:
        self.products[(mode, ident)] = {"id": ident, "object": "product", "active": active, "livemode": mode == "live"}

    def add_price(
        self, ident: str, product: str, mode: str = "test", recurring: bool = True, active: bool = True
    ) -> None:
        self.prices[(mode, ident)] = {
            "id": ident, "object": "price", "active": active, "product": product, "livemode": mode == "live",
            "type": "recurring" if recurring else "one_time",
            "recurring": {"interval": "month", "interval_count": 1} if recurring else None,
        }  # fmt: skip

    def inject(self, **failure: Any) -> None:
        """The next request (of ``method``, when given) meets this: status=429/500/401...,
        drop=True, slow=seconds, forget="features.subscription_cancel.mode" (an update that
        does not keep a field). Hostile answers: mutate=f (the JSON answer passed through f),
        body=bytes (the answer's bytes instead), size=N (N bytes of junk, streamed), gzip=True,
        headers={...} (added to the answer's), drip=seconds (a byte at a time), landed=True
        (the request is carried out, then the connection dropped before the answer); path=text
        and when=f(standin) choose which request meets it."""
        self.injected.append(failure)

    def posts(self) -> list[Seen]:
        return [s for s in self.seen if s.method == "POST"]

    # --- answering ----------------------------------------------------------------------------

    def answer(self, method: str, path: str, query: dict[str, str], body: dict[str, Any],
               headers: dict[str, str]) -> tuple[int, dict[str, Any]]:  # fmt: skip
        auth = headers.get("authorization", "")
        key = auth.removeprefix("Bearer ").strip()
        modes = {TEST_KEY: "test", LIVE_KEY: "live", READ_ONLY_KEY: "test"}
        if key not in modes:
            shown = f"{key[:8]}{'*' * 8}{key[-4:]}" if len(key) > 12 else "(none)"
            raise Refused(401, f"Invalid API Key provided: {shown}", kind="invalid_request_error")
        if headers.get("stripe-version") != VERSION:
            raise Refused(400, f"Invalid Stripe API version: {headers.get('stripe-version')}")
        mode, account = modes[key], headers.get("stripe-account")
        if method == "POST" and key == READ_ONLY_KEY:
            raise Refused(403, f"The provided key '{key[:8]}********{key[-4:]}' does not have the required "
                          "permissions for this endpoint. Having the 'rak_billing_portal_write' permission would "
                          "allow this request to continue.", kind="invalid_request_error")  # fmt: skip
        if method == "POST" and not headers.get("idempotency-key"):
            raise Refused(400, "every POST of portal-tui carries an idempotency key; this one had none")
        parts = path.strip("/").split("/")
        expand = [v for k, v in query.items() if k.startswith("expand")] + body.pop("expand", [])
        if parts[:3] == ["v1", "billing_portal", "configurations"]:
            store = self.configurations.setdefault((mode, account), {})
            if len(parts) == 3 and method == "GET":
                found = [c for c in store.values() if query.get("is_default") != "true" or c["is_default"]]
                return 200, {"object": "list", "url": "/v1/billing_portal/configurations", "has_more": False,
                             "data": [self.shown(c, expand, "data.") for c in found]}  # fmt: skip
            if len(parts) == 3 and method == "POST":
                return 200, self.shown(self.create(store, body, mode), expand)
            if len(parts) == 4:
                obj = store.get(parts[3])
                if obj is None:
                    raise Refused(404, f"No such billing portal configuration: '{parts[3]}'", "configuration",
                                  code="resource_missing")  # fmt: skip
                if method == "POST":
                    self.update(obj, body)
                return 200, self.shown(obj, expand)
        if parts[:2] in (["v1", "prices"], ["v1", "products"]) and len(parts) == 3 and method == "GET":
            table, kind = (self.prices, "price") if parts[1] == "prices" else (self.products, "product")
            item = table.get((mode, parts[2]))
            if item is None:
                other = "live" if mode == "test" else "test"
                similar = (f"; a similar object exists in {other} mode, but a {mode} mode key was used to make "
                           "this request") if (other, parts[2]) in table else ""  # fmt: skip
                raise Refused(404, f"No such {kind}: '{parts[2]}'{similar}", "id", code="resource_missing")
            return 200, item
        raise Refused(404, f"Unrecognized request URL ({method}: {path})")

    def shown(self, obj: dict[str, Any], expand: list[str], prefix: str = "") -> dict[str, Any]:
        """As Stripe returns it: products only when expanded."""
        out = copy.deepcopy(obj)
        if f"{prefix}features.subscription_update.products" not in expand:
            out["features"]["subscription_update"]["products"] = None
        return out

    def check(self, body: dict[str, Any], annotation: Any) -> None:
        found = problems(body, annotation, form=True)
        if found:
            first = found[0].lstrip(".")
            param = first.split(":")[0].replace(".", "[", 1).replace(".", "][") + (
                "]" if "." in first.split(":")[0] else ""
            )
            if "not a parameter the SDK knows" in first:
                raise Refused(400, f"Received unknown parameter: {param}", param)
            raise Refused(400, f"Invalid value for {param}: {first.split(': ', 1)[1]}", param)

    def create(self, store: dict[str, dict[str, Any]], body: dict[str, Any], mode: str) -> dict[str, Any]:
        self.check(body, CREATE)
        for url in ("privacy_policy_url", "terms_of_service_url"):
            if body.get("business_profile", {}).get(url) == "":
                raise Refused(400, "Invalid URL: empty string", f"business_profile[{url}]")
        obj = default_configuration(f"bpc_{mode}{next(self.counter)}", mode == "live")
        obj["is_default"] = False
        self.merge(obj, typed(body))
        self.refuse_what_stripe_refuses(obj)
        store[obj["id"]] = obj
        return obj

    def update(self, obj: dict[str, Any], body: dict[str, Any]) -> None:
        self.check(body, UPDATE)
        after = copy.deepcopy(obj)
        self.merge(after, typed(body))
        self.refuse_what_stripe_refuses(after)
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

    def merge(self, obj: dict[str, Any], body: dict[str, Any]) -> None:
        """Stripe's update semantics: objects merge, lists are replaced, "" clears."""
        for key, value in body.items():
            if key == "metadata":
                if value == "":
                    obj["metadata"] = {}
                else:
                    obj.setdefault("metadata", {}).update(value)
                    obj["metadata"] = {k: v for k, v in obj["metadata"].items() if v != ""}
            elif key == "products" and isinstance(value, list):
                obj[key] = [{"product": p["product"], "prices": p.get("prices", []),
                             "adjustable_quantity": {"enabled": False, "minimum": 0, "maximum": None,
                                                     **p.get("adjustable_quantity", {})}} for p in value]  # fmt: skip
            elif key == "conditions" and isinstance(value, list):
                obj[key] = value
            elif isinstance(value, dict) and isinstance(obj.get(key), dict):
                self.merge(obj[key], value)
            elif value == "":
                obj[key] = [] if isinstance(obj.get(key), list) else None
            else:
                obj[key] = value
        if isinstance(obj.get("login_page"), dict):
            obj["login_page"]["url"] = (
                "https://billing.stripe.com/p/login/test_standin" if obj["login_page"]["enabled"] else None
            )

    def refuse_what_stripe_refuses(self, obj: dict[str, Any]) -> None:
        update = obj["features"]["subscription_update"]
        if update["enabled"] and not update.get("products"):
            raise Refused(400, "Missing required param: features[subscription_update][products].",
                          "features[subscription_update][products]")  # fmt: skip
        if obj["features"]["subscription_cancel"]["proration_behavior"] == "always_invoice":
            raise Refused(400, "Invalid proration_behavior for subscription_cancel: always_invoice",
                          "features[subscription_cancel][proration_behavior]")  # fmt: skip


def serve(standin: StandIn) -> ThreadingHTTPServer:
    """Start answering on 127.0.0.1 (a free port) in a thread; standin.url says where."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def handle_any(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            length = int(self.headers.get("Content-Length") or 0)
            text = self.rfile.read(length).decode("utf-8") if length else ""
            body = decode_form(text) if method == "POST" else {}
            headers = {k.lower(): v for k, v in self.headers.items()}
            with standin.lock:
                standin.seen.append(Seen(method, parts.path, query, copy.deepcopy(body), headers))
                failure = {}
                for i, injected in enumerate(standin.injected):
                    if "forget" not in injected and injected.get("method", method) == method and \
                            injected.get("path", "") in parts.path and injected.get("when", bool)(standin):  # fmt: skip
                        failure = standin.injected.pop(i)
                        break
                key = headers.get("idempotency-key")
                replay = standin.replies.get(key) if key and method == "POST" else None
            if failure.get("slow"):
                time.sleep(failure["slow"])
            if failure.get("drop"):
                self.close_connection = True
                self.connection.shutdown(2)
                return
            request_id = f"req_standin{next(standin.counter)}"
            if "status" in failure:
                status = failure["status"]
                reply = {"error": {"type": "rate_limit_error" if status == 429 else "api_error",
                                   "message": failure.get("message", f"injected {status}")}}  # fmt: skip
            elif replay is not None:
                status, reply = replay
            else:
                try:
                    with standin.lock:
                        status, reply = standin.answer(method, parts.path, query, body, headers)
                except Refused as exc:
                    error = {"type": exc.kind, "message": exc.message}
                    if exc.param:
                        error["param"] = exc.param
                    if exc.code:
                        error["code"] = exc.code
                    status, reply = exc.status, {"error": error}
                if key and method == "POST":
                    standin.replies[key] = (status, reply)
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
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
