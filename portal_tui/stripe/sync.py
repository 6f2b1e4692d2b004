"""Talking to a Stripe account through the official library: configurations, prices and products.

Imported only by the sync commands and the editor's Stripe screen: it brings the ``stripe``
package (~0.1 s), which nothing else loads.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import stripe

from ..model.catalog import SETTINGS
from ..model.visible import visible
from .mapping import API_VERSION, KEYS

DEFAULT_TIMEOUT = 30.0
RETRIES = 2
"""Retries after the first attempt, for dropped connections, 409, 429 and 5xx."""
EXPAND = ["features.subscription_update.products"]
"""Without it Stripe returns no products (they are "expandable")."""
_KEY = re.compile(r"^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$")
_ACCOUNT = re.compile(r"^acct_[A-Za-z0-9]+$")
_CONFIGURATION = re.compile(r"^bpc_[A-Za-z0-9]+$")
backoff: Callable[[float], None] = time.sleep
"""How a retry after a rate limit waits (the tests make it instant)."""
HOW = "set STRIPE_API_KEY, or give --api-key-file PATH (a file whose first line is the key)"

T = TypeVar("T")


class SyncError(Exception):
    """One line for stderr; ``code`` 1 when Stripe refused the parameters (400, 402), else 2
    (no key, authentication, permission, no such configuration, rate limits, the network)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


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
    def restricted(self) -> bool:
        return self.secret.startswith("rk_")

    @property
    def masked(self) -> str:
        return f"{self.secret[:8]}…{self.secret[-4:]}"

    def __str__(self) -> str:
        return self.masked


def read_key(key_file: str | None) -> Key:
    """The key from ``--api-key-file`` (its first line), else ``STRIPE_API_KEY``."""
    if key_file:
        try:
            lines = Path(key_file).expanduser().read_text("utf-8").splitlines()
        except OSError as exc:
            raise SyncError(f"cannot read the key file {visible(key_file)}: {exc.strerror}") from None
        text = lines[0].strip() if lines else ""
        where = f"the first line of {visible(key_file)}"
    else:
        text = os.environ.get("STRIPE_API_KEY", "").strip()
        where = "STRIPE_API_KEY"
    if not text:
        raise SyncError(f"no Stripe API key: {HOW}")
    if not _KEY.match(text):
        shape = "an empty line" if not text else f"{len(text)} characters starting {visible(text[:3])!r}"
        raise SyncError(f"{where} is not a Stripe secret or restricted key (sk_test_, sk_live_, rk_test_ or rk_live_): "
                        f"it holds {shape}")  # fmt: skip
    return Key(text)


@dataclass(frozen=True)
class Connection:
    """How to reach Stripe: the key, and where (``--api-base``, ``--stripe-account``, ``--timeout``)."""

    key: Key
    api_base: str | None = None
    account: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def make(cls, key: Key, api_base: str | None, account: str | None, timeout: float | None) -> Connection:
        base = api_base or os.environ.get("STRIPE_API_BASE") or None
        if account is not None and not _ACCOUNT.match(account):
            raise SyncError(f"--stripe-account takes an account ID such as acct_123, not {visible(account)!r}")
        if timeout is not None and timeout <= 0:
            raise SyncError("--timeout takes a number of seconds above 0")
        return cls(key, base.rstrip("/") if base else None, account, timeout or DEFAULT_TIMEOUT)

    def client(self) -> stripe.StripeClient:
        return stripe.StripeClient(
            self.key.secret,
            stripe_account=self.account,
            stripe_version=API_VERSION,
            base_addresses={"api": self.api_base} if self.api_base else None,
            max_network_retries=RETRIES,
            http_client=stripe.RequestsClient(timeout=self.timeout),
        )

    def where(self) -> str:
        """The mode (and account) for messages: "test", "live, account acct_1"."""
        return self.key.mode + (f", account {self.account}" if self.account else "")


def check_configuration_id(value: str) -> str:
    if not _CONFIGURATION.match(value):
        raise SyncError(f"--configuration takes a configuration ID such as bpc_123, not {visible(value)!r}")
    return value


class Stripe:
    """The requests a sync makes, each retried as SPEC 7 says and its failure said in one line."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.client = connection.client()
        self.pause: Callable[[float], None] = backoff

    def _call(self, request: Callable[[], T]) -> T:
        for attempt in range(RETRIES + 1):
            try:
                return request()
            except stripe.RateLimitError as exc:  # the library retries 409, 5xx and the network itself
                if attempt == RETRIES:
                    raise self.error(exc) from None
                self.pause(0.5 * 2**attempt)
            except stripe.StripeError as exc:
                raise self.error(exc) from None
        raise AssertionError("unreachable")

    def error(self, exc: stripe.StripeError) -> SyncError:
        """Stripe's message, the parameter as the profile's key and label, the request id."""
        message = visible((exc.user_message or str(exc) or type(exc).__name__).strip())
        message = message.replace(self.connection.key.secret, self.connection.key.masked)
        param = getattr(exc, "param", None)
        where = f" ({translate(param)})" if param else ""
        request = f" [{exc.request_id}]" if exc.request_id else ""
        status = exc.http_status
        code = 1 if status in (400, 402) and not isinstance(exc, stripe.APIConnectionError) else 2
        if isinstance(exc, stripe.APIConnectionError):
            message = f"cannot reach Stripe ({self.connection.api_base or 'api.stripe.com'}): {message}"
        elif status == 401:
            message = f"Stripe refused the key {self.connection.key.masked}: {message}"
        elif status == 403:
            message = f"the key {self.connection.key.masked} may not do this: {message}"
        elif status == 429:
            message = f"Stripe is limiting requests (tried {RETRIES + 1} times): {message}"
        kind = NotFound if status == 404 else SyncError
        return kind(f"Stripe: {message}{where}{request}", code)

    # --- configurations ---------------------------------------------------------------------

    def retrieve(self, configuration: str) -> dict[str, Any]:
        found = self._call(
            lambda: self.client.v1.billing_portal.configurations.retrieve(configuration, params={"expand": EXPAND})
        )
        return found.to_dict()

    def default(self) -> dict[str, Any]:
        """The account's default configuration in the key's mode: the one the Dashboard edits."""
        found = self._call(
            lambda: self.client.v1.billing_portal.configurations.list(
                params={"is_default": True, "limit": 1, "expand": [f"data.{e}" for e in EXPAND]}
            )
        )
        data = found.to_dict().get("data") or []
        if not data:
            raise SyncError(
                f"no default portal configuration in {self.connection.where()} mode: save the customer portal "
                "settings in the Dashboard once, give --configuration bpc_..., or push --create"
            )
        return dict(data[0])

    def update(self, configuration: str, params: dict[str, Any]) -> dict[str, Any]:
        key = str(uuid.uuid4())  # one key for every attempt of this one update
        body: Any = {**params, "expand": EXPAND}  # checked against the library's types by the tests
        found = self._call(
            lambda: self.client.v1.billing_portal.configurations.update(
                configuration, params=body, options={"idempotency_key": key}
            )
        )
        return found.to_dict()

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        key = str(uuid.uuid4())
        body: Any = {**params, "expand": EXPAND}
        found = self._call(
            lambda: self.client.v1.billing_portal.configurations.create(params=body, options={"idempotency_key": key})
        )
        return found.to_dict()

    # --- the products a push sends ------------------------------------------------------------

    def check_products(self, products: list[dict[str, Any]]) -> list[str]:
        """Why Stripe would refuse these products, each with the setting it names: a price
        that does not exist, is not active, not recurring, or of another product; a product
        that does not exist or is not active. Empty when they will do."""
        problems = []
        for i, product in enumerate(products):
            where = f"subscriptions.products[{i}]"
            product_id = product.get("product")
            try:
                found = self._call(partial(self.client.v1.products.retrieve, str(product_id))).to_dict()
                if not found.get("active", True):
                    problems.append(f"{where}.product: {product_id} is not active")
            except NotFound as exc:
                problems.append(f"{where}.product: {_missing(exc, product_id)}")
            for j, price_id in enumerate(product.get("prices") or []):
                place = f"{where}.prices[{j}]"
                try:
                    price = self._call(partial(self.client.v1.prices.retrieve, str(price_id))).to_dict()
                except NotFound as exc:
                    problems.append(f"{place}: {_missing(exc, price_id)}")
                    continue
                owner = price.get("product")
                owner = owner.get("id") if isinstance(owner, dict) else owner
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


_INDEX = re.compile(r"\[(\d*)\]")


def translate(param: str) -> str:
    """A parameter Stripe names (``features[subscription_update][products][0][prices][0]``)
    as the profile's key and label (``subscriptions.products[0].prices[0] (Products)``)."""
    parts = [p for p in re.split(r"[\[\]]+", param) if p]
    for size in range(len(parts), 0, -1):
        path = ".".join(parts[:size])
        if path in KEYS:
            keys = KEYS[path]
            rest = "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in parts[size:])
            if len(keys) == 1:
                return f"{keys[0]}{rest} ({SETTINGS[keys[0]].label})"
            return f"{param}: one of {', '.join(keys)}"
    return param
