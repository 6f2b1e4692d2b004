"""The options the Stripe commands share: how to reach Stripe, which mode, many accounts."""

from __future__ import annotations

import argparse


def add_accounts_options(parser: argparse.ArgumentParser) -> None:
    """Many connected accounts at once (SPEC 10)."""
    parser.add_argument("--accounts", metavar="FILE", help="every connected account in FILE (one acct_... a line): "
                        "the profile on each, at Stripe's rate")  # fmt: skip
    parser.add_argument("--jobs", metavar="N", type=int, help="requests under way at once (default 8)")
    parser.add_argument("--rate", metavar="R", type=float, help="requests a second for the whole run (default 20 in "
                        "test mode, 80 in live; a 429 slows it)")  # fmt: skip


def add_mode_option(parser: argparse.ArgumentParser, what: str = "the key's mode") -> None:
    """For commands no profile gives a mode (a new profile, the account's lists)."""
    parser.add_argument("--mode", choices=("test", "live"), help=f"{what} (default: test)")


def add_connection_options(parser: argparse.ArgumentParser, key_file: bool = True) -> None:
    """How the Stripe commands reach Stripe (the key, the address, the account, a timeout)."""
    if key_file:
        parser.add_argument("--api-key-file", metavar="PATH", help="read the key from this file's first line; "
                            "readable by you alone (default: $STRIPE_API_KEY_TEST or _LIVE for the mode, "
                            "else $STRIPE_API_KEY)")  # fmt: skip
    else:
        parser.set_defaults(api_key_file=None)
    parser.add_argument("--api-base", metavar="URL", help="another API address (default: $STRIPE_API_BASE, "
                        "else https://api.stripe.com), such as stripe-mock's")  # fmt: skip
    parser.add_argument("--stripe-account", metavar="acct_ID", help="act on this connected account (Connect)")
    parser.add_argument("--timeout", metavar="S", type=float, help="seconds a request may take, its answer "
                        "included (default 30)")  # fmt: skip
