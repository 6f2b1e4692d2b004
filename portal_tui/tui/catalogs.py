"""The open profile's Stripe account as the editor's dialogs reach it: its products, its configurations, a new link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.ids import mask_keys
from ..model.visible import visible
from ..store.links import Links, linked_profiles, read_state
from ..store.paths import Layout, StoreError

if TYPE_CHECKING:
    from ..store.links import SyncState
    from ..stripe.catalog import Price as Price  # the dialogs' types, named here: they reach Stripe through this module
    from ..stripe.catalog import Product as Product
    from ..stripe.client import Stripe
    from ..workflows.targets import Listed as Listed
    from .editing import Editing


@dataclass(frozen=True)
class Account:
    """Where the open profile's dialogs reach Stripe: the account the profile is linked to
    (its Connect account, from the sync file, read when a request is made), in the profile's
    mode, with the key the Stripe screen takes (``--api-key-file``, else the environment's).

    Each request below blocks: a dialog calls it from a worker thread. What it gives back is
    the answer, or the one line saying why there is none (no key, Stripe's error)."""

    name: str | None
    """The profile's name (None: a file outside the profiles folder, which has no link)."""
    shown: str
    mode: str
    layout: Layout
    key_file: str | None = None

    @classmethod
    def of(cls, editing: Editing) -> Account:
        mode = editing.values["profile.mode"]
        return cls(editing.target.name, editing.profile_name, mode if mode in ("test", "live") else "test",
                   editing.store.layout, editing.key_file)  # fmt: skip

    def state(self) -> SyncState | None:
        return read_state(self.layout, self.name) if self.name else None

    def connect(self, state: SyncState | None) -> Stripe:
        from ..workflows.sync import connect

        return connect(self.mode, self.shown, key_file=self.key_file, account=state.account if state else None)

    def products(self) -> tuple[str, list[Product]] | str:
        """The account's active products with their active recurring prices, and where they are."""
        from ..stripe.catalog import products
        from ..stripe.http import run
        from ..workflows.sync import SyncError

        try:
            stripe = self.connect(self.state())
            return stripe.where(), run(products(stripe))
        except (SyncError, StoreError) as exc:
            return one_line(exc)
        except Exception as exc:  # noqa: BLE001 - a worker's crash report would show its locals: the key
            return unexpected(exc)

    def configurations(self) -> tuple[str, list[Listed]] | str:
        """Every portal configuration of the account, each with the local profile linked to it."""
        from ..stripe.http import run
        from ..workflows.sync import SyncError
        from ..workflows.targets import listed

        try:
            stripe = self.connect(self.state())
            return stripe.where(), run(listed(stripe, links(self.layout)))
        except (SyncError, StoreError) as exc:
            return one_line(exc)
        except Exception as exc:  # noqa: BLE001 - a worker's crash report would show its locals: the key
            return unexpected(exc)

    def link(self, configuration: str) -> SyncState | str:
        """Link the profile to another configuration of its account (written in the sync file)."""
        from ..stripe.http import run
        from ..workflows.sync import SyncError, link

        if self.name is None:
            return "a file outside the profiles folder cannot be linked: sync takes profiles by name"
        try:
            state = self.state()
            return run(link(self.connect(state), self.layout, self.name, state, configuration))
        except (SyncError, StoreError) as exc:
            return one_line(exc)
        except Exception as exc:  # noqa: BLE001 - a worker's crash report would show its locals: the key
            return unexpected(exc)


def one_line(error: Exception) -> str:
    """An error as the dialogs say it: on one line, whatever it holds, a key in it masked."""
    return mask_keys(str(error).replace("\n", " "))


def unexpected(error: Exception) -> str:
    """An error nobody foresaw (a bug, a library's surprise) as the editor says it: one line
    naming its type, a key in it masked, hidden characters shown. Never left to Textual's
    crash report, which prints the worker's locals, the Authorization header among them."""
    text = " ".join(mask_keys(str(error)).split())
    return visible(f"unexpected error: {type(error).__name__}: {text[:300]}".rstrip(": "))


def links(layout: Layout) -> Links:
    """Each configuration's linked profile, from the sync files."""
    return linked_profiles(layout)
