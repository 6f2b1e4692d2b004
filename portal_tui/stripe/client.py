"""Talking to a Stripe account through the official library: keys, the connection, and each request.

Imported only when a command or the editor's Stripe screen reaches Stripe: it brings the
``stripe`` library and httpx, which nothing else loads. Every answer is checked (answers.py)
before it is returned, so nothing above this module sees an unchecked answer.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

import stripe

from ..model.catalog import SETTINGS
from ..model.ids import is_id
from ..model.visible import visible
from . import answers
from .answers import Malformed, clean, param_text
from .http import BoundedClient, Pace, base_problem, reason
from .mapping import API_VERSION, KEYS

DEFAULT_TIMEOUT = 30.0
RETRIES = 2
"""Retries after the first attempt, for dropped connections, 409, 429 and 5xx."""
EXPAND = ["features.subscription_update.products"]
"""Without it Stripe returns no products (they are "expandable")."""
backoff: Callable[[float], Awaitable[None]] = asyncio.sleep
"""How a retry after a rate limit waits (the tests make it instant)."""
PATIENCE = 60.0
"""A run over many accounts retries a rate-limited request this long before it counts as failed."""
HOW = (
    "set STRIPE_API_KEY_TEST or STRIPE_API_KEY_LIVE (the mode's key), or STRIPE_API_KEY, or give "
    "--api-key-file PATH (a file whose first line is the key, readable by you alone)"
)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

T = TypeVar("T")


class SyncError(Exception):
    """One line for stderr; ``code`` 1 when Stripe refused the parameters (400, 402), else 2
    (no key, authentication, permission, no such configuration, rate limits, the network,
    a malformed answer)."""

    def __init__(self, message: str, code: int = 2, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        """The HTTP status Stripe answered with; None when no answer came (or it was malformed)."""

    @property
    def refused(self) -> bool:
        """Stripe refused the request's parameters (400 invalid request, 402): nothing of it was
        applied, nor of an earlier attempt with its idempotency key (Stripe would have replayed a
        landed one's answer, or answered 409 while one ran). Any other answer (401, 403, 404,
        409, 429, 5xx, an idempotency error, none) says nothing of an earlier attempt, which may
        have landed. The library's error this one was raised from (its context) tells a refusal
        from a rate limit or an idempotency error, which Stripe may answer with a 400 too."""
        parameters = (stripe.InvalidRequestError, stripe.CardError)
        return self.status in (400, 402) and isinstance(self.__context__, parameters)


class NotFound(SyncError):
    """Stripe has no such thing (404): no such configuration, price or product here."""


@dataclass(frozen=True)
class Key:
    """An API key. Its text never appears in output, files or errors: ``masked`` does."""

    secret: str = field(repr=False)

    @property
    def mode(self) -> str:
        return self.secret.split("_")[1]

    @property
    def masked(self) -> str:
        return f"{self.secret[:8]}…{self.secret[-4:]}"

    def __str__(self) -> str:
        return self.masked


def _key_shape(text: str) -> bool:
    parts = text.split("_", 2)
    return len(parts) == 3 and parts[0] in ("sk", "rk") and parts[1] in ("test", "live") and len(parts[2]) >= 8 and \
        parts[2].isascii() and parts[2].isalnum()  # fmt: skip


def read_key(mode: str | None = None, file_text: tuple[str, str] | None = None) -> Key:
    """The key from ``--api-key-file`` (``file_text``: its path and text, read by the caller;
    the first line counts), else ``STRIPE_API_KEY_TEST`` / ``STRIPE_API_KEY_LIVE`` for
    ``mode``, else ``STRIPE_API_KEY``."""
    if file_text is not None:
        key_file, content = file_text
        lines = content.splitlines()
        text = lines[0].strip() if lines else ""
        where = f"the first line of {visible(key_file)}"
    else:
        names = [f"STRIPE_API_KEY_{mode.upper()}"] if mode in ("test", "live") else []
        where = next((n for n in names if os.environ.get(n, "").strip()), "STRIPE_API_KEY")
        text = os.environ.get(where, "").strip()
    if not text:
        raise SyncError(f"no Stripe API key: {HOW}")
    if not _key_shape(text):
        raise SyncError(f"{where} is not a Stripe secret or restricted key (sk_test_, sk_live_, rk_test_ or rk_live_): "
                        f"it holds {len(text)} characters starting {visible(text[:3])!r}")  # fmt: skip
    return Key(text)


@dataclass(frozen=True)
class Connection:
    """How to reach Stripe: the key, and where (``--api-base``, ``--stripe-account``, ``--timeout``)."""

    key: Key
    api_base: str | None = None
    account: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    pace: Pace | None = field(default=None, compare=False)
    """The rate every request of a run shares (many accounts); None: no limit of ours."""
    http: BoundedClient | None = field(default=None, compare=False)
    """One HTTP client (one connection pool) every account of a run shares."""

    @classmethod
    def make(
        cls, key: Key, api_base: str | None, account: str | None, timeout: float | None, pace: Pace | None = None
    ) -> Connection:
        given = "--api-base" if api_base else "STRIPE_API_BASE"
        base = (api_base or os.environ.get("STRIPE_API_BASE") or "").rstrip("/") or None
        if account is not None and not is_id("acct", account):
            raise SyncError(f"--stripe-account takes an account ID such as acct_123, not {_shown(account)!r}")
        if timeout is not None and timeout <= 0:
            raise SyncError("--timeout takes a number of seconds above 0")
        if base is not None:
            problem = base_problem(base)
            if problem is not None:
                raise SyncError(f"{given} takes an http(s) URL such as https://api.stripe.com, not {_shown(base)!r}: "
                                f"{problem}")  # fmt: skip
            parts = urlsplit(base)
            if parts.scheme == "http" and key.mode == "live" and parts.hostname not in LOCAL_HOSTS:
                raise SyncError(f"a live key is sent only over https: {_shown(base)} is http (only 127.0.0.1 and "
                                "localhost may be http)")  # fmt: skip
        return cls(key, base, account, timeout or DEFAULT_TIMEOUT, pace)

    def client(self) -> stripe.StripeClient:
        return stripe.StripeClient(
            self.key.secret,
            stripe_account=self.account,
            stripe_version=API_VERSION,
            base_addresses={"api": self.api_base} if self.api_base else None,
            max_network_retries=RETRIES,
            http_client=self.http or BoundedClient(self.timeout, pace=self.pace),
        )


def _shown(given: str) -> str:
    """What the user gave, in a message: a key typed into it masked, a password left out."""
    return visible(answers.mask(re.sub(r"//[^/@]*@", "//…@", given)))


def check_configuration_id(value: str) -> str:
    if not is_id("bpc", value):
        raise SyncError(f"--configuration takes a configuration ID such as bpc_123, not {visible(value)!r}")
    return value


class Stripe:
    """The requests a sync makes, each retried as SPEC 7 says, its answer checked, and its
    failure said in one line."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.client = connection.client()

    @property
    def mode(self) -> str:
        return self.connection.key.mode

    @property
    def account(self) -> str | None:
        return self.connection.account

    async def call(self, request: Callable[[], Awaitable[Any]], check: Callable[[Any], T]) -> T:
        """One request (retried after a rate limit), its answer as a plain dict, checked. A run
        over many accounts (a shared pace) keeps retrying a rate limit for PATIENCE seconds,
        the pace slowing every request down meanwhile; a single command retries twice."""
        started = time.monotonic()
        attempt = 0
        while True:
            try:
                found = await request()
                break
            except stripe.RateLimitError as exc:  # the library retries 409, 5xx and the network itself
                attempt += 1
                patient = self.connection.pace is not None and time.monotonic() - started < PATIENCE
                if attempt > RETRIES and not patient:
                    raise self.error(exc, attempt) from None
                if self.connection.pace is None:
                    await backoff(0.5 * 2 ** (attempt - 1))
            except stripe.StripeError as exc:
                raise self.error(exc) from None
            except Malformed as exc:
                raise self.failed(f"Stripe: malformed answer: {exc}") from None
            except Exception as exc:  # noqa: BLE001 - one line, never a traceback whose locals hold the key
                raise self.failed(f"Stripe: the request failed unexpectedly: {reason(exc)}") from None
        try:
            return check(found.to_dict() if hasattr(found, "to_dict") else found)
        except Malformed as exc:
            raise self.failed(f"Stripe: malformed answer: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - as above
            raise self.failed(f"Stripe: the answer could not be read: {reason(exc)}") from None

    def failed(
        self, message: str, code: int = 2, status: int | None = None, kind: type[SyncError] = SyncError
    ) -> SyncError:
        """A failure as said: one line, the connection's own key masked however an answer hid it."""
        return kind(answers.mask(message, self.connection.key.secret), code, status)

    def error(self, exc: stripe.StripeError, attempts: int = RETRIES + 1) -> SyncError:
        """Stripe's message, the parameter as the profile's key and label, the request id:
        all of it from the answer, so each is checked or cleaned before it is shown."""
        message = clean(exc.user_message or str(exc) or type(exc).__name__)
        said = getattr(exc, "param", None)  # masked first: a param that held a key no longer reads as one
        param = param_text(answers.mask(said, self.connection.key.secret)) if isinstance(said, str) else None
        where = f" ({translate(param)})" if param else ""
        request = f" [{exc.request_id}]" if is_id("req", exc.request_id) else ""
        status = exc.http_status
        connection = isinstance(exc, stripe.APIConnectionError)
        code = 1 if status in (400, 402) and not connection else 2
        if connection:
            message = f"cannot reach Stripe ({clean(self.connection.api_base or 'api.stripe.com', 80)}): {message}"
        elif status == 401:
            message = f"Stripe refused the key {self.connection.key.masked}: {message}"
        elif status == 403:
            message = f"the key {self.connection.key.masked} may not do this: {message}"
        elif status == 429:
            message = f"Stripe is limiting requests (tried {attempts} times): {message}"
        kind = NotFound if status == 404 else SyncError
        return self.failed(f"Stripe: {message}{where}{request}", code, None if connection else status, kind)

    # --- configurations ---------------------------------------------------------------------

    def _configuration(self, found: Any) -> dict[str, Any]:
        return answers.configuration(found, self.mode)

    async def retrieve(self, configuration: str) -> dict[str, Any]:
        configurations = self.client.v1.billing_portal.configurations
        return await self.call(lambda: configurations.retrieve_async(configuration, params={"expand": EXPAND}),
                               self._configuration)  # fmt: skip

    async def default(self) -> dict[str, Any]:
        """The account's default configuration in the key's mode: the one the Dashboard edits."""
        params: Any = {"is_default": True, "limit": 1, "expand": [f"data.{e}" for e in EXPAND]}

        def configuration(obj: Any, where: str) -> dict[str, Any]:
            return answers.configuration(obj, self.mode, where)

        data, _ = await self.call(
            lambda: self.client.v1.billing_portal.configurations.list_async(params=params),
            lambda found: answers.listing(found, configuration, "the list"),
        )
        if not data:
            raise SyncError(
                f"no default portal configuration in {self.where()}: save the customer portal "
                "settings in the Dashboard once, give --configuration bpc_..., or push --create"
            )
        return data[0]

    async def update(self, configuration: str, params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        body: Any = {**params, "expand": EXPAND}  # checked against the library's types by the tests
        service = self.client.v1.billing_portal.configurations
        options: Any = {"idempotency_key": idempotency_key}
        return await self.call(lambda: service.update_async(configuration, params=body, options=options),
                               self._configuration)  # fmt: skip

    async def create(self, params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        body: Any = {**params, "expand": EXPAND}
        service = self.client.v1.billing_portal.configurations
        options: Any = {"idempotency_key": idempotency_key}
        return await self.call(lambda: service.create_async(params=body, options=options), self._configuration)

    def where(self) -> str:
        """The mode (and account) for messages: "test mode", "test mode on acct_1"."""
        return f"{self.mode} mode" + (f" on {self.account}" if self.account else "")

    # --- the products a push sends ------------------------------------------------------------

    async def check_products(self, products: list[dict[str, Any]]) -> list[str]:
        """Why Stripe would refuse these products, each with the setting it names: a price
        that does not exist, is not active, not recurring, or of another product; a product
        that does not exist or is not active. Empty when they will do."""
        problems = []
        for i, product in enumerate(products):
            where = f"subscriptions.products[{i}]"
            product_id = str(product.get("product"))
            try:
                found = await self.call(partial(self.client.v1.products.retrieve_async, product_id), answers.product)
                if not found.get("active", True):
                    problems.append(f"{where}.product: {product_id} is not active")
            except NotFound as exc:
                problems.append(f"{where}.product: {_missing(exc, product_id)}")
            for j, price_id in enumerate(product.get("prices") or []):
                place = f"{where}.prices[{j}]"
                try:
                    price = await self.call(partial(self.client.v1.prices.retrieve_async, str(price_id)), answers.price)
                except NotFound as exc:
                    problems.append(f"{place}: {_missing(exc, price_id)}")
                    continue
                owner = answers.owner_of(price)
                if owner != product_id:
                    problems.append(f"{place}: {price_id} is a price of {owner}, not of {product_id}")
                if price.get("type") != "recurring" and not price.get("recurring"):
                    problems.append(f"{place}: {price_id} is a one-time price; the portal switches recurring prices")
                if not price.get("active", True):
                    problems.append(f"{place}: {price_id} is not active")
        return problems


def _missing(exc: SyncError, thing: Any) -> str:
    text = str(exc)
    if "a similar object exists in" in text:
        other = "test" if "exists in test mode" in text else "live"
        return (f"{visible(str(thing))} exists only in {other} mode: product and price IDs differ between "
                "test and live mode, so a profile pulled in one mode needs the other mode's IDs")  # fmt: skip
    return f"{visible(str(thing))} does not exist in this account ({text})"


def translate(param: str) -> str:
    """A parameter Stripe names (``features[subscription_update][products][0][prices][0]``)
    as the profile's key and label (``subscriptions.products[0].prices[0] (Products)``)."""
    parts = [p for p in param.replace("]", "[").split("[") if p]
    for size in range(len(parts), 0, -1):
        path = ".".join(parts[:size])
        if path in KEYS:
            keys = KEYS[path]
            rest = "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in parts[size:])
            if len(keys) == 1:
                return f"{keys[0]}{rest} ({SETTINGS[keys[0]].label})"
            return f"{param}: one of {', '.join(keys)}"
    return param
