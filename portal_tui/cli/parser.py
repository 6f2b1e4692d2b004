"""The portal-tui command line: manage, inspect and change profiles without the editor."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from . import completion
from .options import add_accounts_options, add_connection_options, add_mode_option

if TYPE_CHECKING:
    from .context import Context

COMMANDS = (
    "edit",
    "list",
    "new",
    "copy",
    "rename",
    "delete",
    "show",
    "get",
    "set",
    "reset",
    "validate",
    "history",
    "restore",
    "locate",
    "schema",
    "export",
    "import",
    "diff",
    "review",
    "pull",
    "plan",
    "push",
    "status",
    "promote",
    "configurations",
    "products",
    "session",
    "preview",
    "completion",
)


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit 2) instead of a usage block, and each argument's
    shell completion (profiles, keys, versions) attached as argcomplete reads it."""

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        completer = completion.completer_for(self.prog.rsplit(" ", 1)[-1], action.dest)
        if completer is not None:
            action.completer = completer  # type: ignore[attr-defined]  # argcomplete's documented hook
        return action

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)


class Version(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked for (reading
    package metadata costs every other command a few milliseconds)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("portal-tui")
        except PackageNotFoundError:  # running from a source tree that was never installed
            number = "unknown (not installed)"
        sys.stdout.write(f"portal-tui {number}\n")
        raise SystemExit(0)


def _parser() -> Parser:
    common = Parser(add_help=False)
    common.add_argument(
        "--config-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where profiles live (default: $PORTAL_TUI_CONFIG_DIR, else the user config dir)",
    )
    parser = Parser(
        prog="portal-tui", parents=[common], description="Edit Stripe customer-portal settings, kept as TOML profiles."
    )
    parser.add_argument("--version", action=Version, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, handler: str, help: str, writes: bool = False, checks: bool = True) -> Parser:
        """A subcommand; ``handler`` is "module:function", imported only when the command runs
        (so `validate` never loads the code of `push` or `preview`). A command that ``checks``
        profiles has Pydantic and the models loaded with it (the editor loads them after its
        first screen)."""
        cmd = sub.add_parser(name, parents=[common], help=help, description=help)
        cmd.set_defaults(handler=handler, force=False, checks=checks)
        if writes:
            cmd.add_argument("--force", action="store_true", help="write even while an editor has it open")
        return cmd

    edit = command("edit", "editor:edit", "open the editor on a profile (the default profile when none is "
                   "named)", checks=False)  # fmt: skip
    edit.add_argument("name", nargs="?", metavar="NAME")
    edit.add_argument("--read-only", action="store_true", help="look without changing anything")
    edit.add_argument("--force", action="store_true", help="take a lock another editor holds")
    edit.add_argument("--api-key-file", metavar="PATH", help="the Stripe screen's key: this file's first line, "
                      "readable by you alone (default: the environment's, as the sync commands)")  # fmt: skip

    listing = command("list", "profiles:list_", "every profile: name, mode, validity, last change")
    listing.add_argument("--json", action="store_true", help="an array of {name, mode, valid, modified}")

    new = command("new", "profiles:new", "create a profile from the defaults or as a copy of another")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--from", dest="source", metavar="OTHER", help="copy this profile instead")

    copy = command("copy", "profiles:copy", "copy a profile to a new name")
    copy.add_argument("source", metavar="SRC")
    copy.add_argument("name", metavar="DST")

    rename = command("rename", "profiles:rename", "rename a profile; its history moves with it", writes=True)
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")

    delete = command(
        "delete", "profiles:delete", "delete a profile (its history is kept; restore brings it back)", writes=True
    )
    delete.add_argument("name", metavar="NAME")

    show = command("show", "profiles:show", "the full effective settings (defaults filled in)")
    show.add_argument("name", metavar="NAME|PATH")
    show.add_argument("--json", action="store_true", help="one nested JSON object instead of TOML")
    show.add_argument(
        "--textconv",
        action="store_true",
        help="one setting a line with its label (git's diff.<driver>.textconv: a git diff reads like portal-tui diff)",
    )

    get = command("get", "profiles:get", "one value: a setting, a table, schema_version or a metadata entry")
    get.add_argument("name", metavar="NAME")
    get.add_argument("key", metavar="KEY")
    get.add_argument("--json", action="store_true", help="always print JSON")

    set_ = command("set", "profiles:set_", "change settings, checked together and saved at once", writes=True)
    set_.add_argument("name", metavar="NAME")
    set_.add_argument(
        "pairs",
        nargs="+",
        metavar="KEY=VALUE",
        help='text and choices as typed (or "quoted"); other types as TOML literals',
    )

    reset = command("reset", "profiles:reset", "put settings back to their defaults, in place", writes=True)
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("keys", nargs="+", metavar="KEY")

    validate = command("validate", "profiles:validate", "every problem of profiles or files, one line each")
    validate.add_argument("targets", nargs="*", metavar="NAME|PATH", help="profiles or files (default: every profile)")
    validate.add_argument("--quiet", "-q", action="store_true", help="print nothing unless something is wrong")

    history = command("history", "profiles:history", "the kept earlier versions of a profile, newest first")
    history.add_argument("name", metavar="NAME")
    history.add_argument("--json", action="store_true", help="an array of {id, time, user, changed}")

    restore = command("restore", "profiles:restore", "bring back a kept version (the newest by default)", writes=True)
    restore.add_argument("name", metavar="NAME")
    restore.add_argument("version", nargs="?", type=int, metavar="ID")

    export = command("export", "exchange:export", "the Stripe API request for a profile (create, or --update)")
    export.add_argument("name", metavar="NAME")
    export.add_argument(
        "--format",
        choices=("json", "form", "curl"),
        default="json",
        help="json: the official library's parameters; form: key=value pairs; curl: a command",
    )
    export.add_argument("--update", metavar="bpc_ID", help="the parameters of an update of that configuration")
    export.add_argument("--resolve", action="store_true", help="resolve lookup keys to price IDs with Stripe "
                        "(the profile's mode and account)")  # fmt: skip
    add_connection_options(export)

    imp = command("import", "exchange:import_", "a billing_portal.configuration JSON object into a profile")
    imp.add_argument("file", metavar="FILE", help="the object as Stripe returns it (- reads standard input)")
    imp.add_argument("--name", metavar="NAME", help="the profile to write (default: the lower-cased object id)")
    imp.add_argument("--force", action="store_true", help="replace an existing profile (its history keeps it)")

    diff = command("diff", "review:diff", "what differs between two profiles, files or NAME@ID history versions")
    diff.add_argument("a", metavar="A")
    diff.add_argument("b", metavar="B")
    diff.add_argument("--json", action="store_true", help="an array of {key, label, a, b}")
    diff.add_argument("--stripe", action="store_true", help="how the Stripe parameters each sends differ")

    review = command("review", "review:review", "walk the differences read-only, then print them (exit 1 if any)")
    review.add_argument("name", metavar="NAME")
    review.add_argument(
        "--against", metavar="OTHER|PATH|NAME@ID", help="what to compare with (default: the newest history version)"
    )

    pull = command("pull", "pull:pull", "Stripe's configuration into a profile (a new one, or its "
                   "Stripe-held settings replaced in place)", writes=True)  # fmt: skip
    pull.add_argument("name", metavar="NAME")
    pull.add_argument("--configuration", metavar="bpc_ID", help="this configuration (default: the profile's "
                      "link, else the account's default)")  # fmt: skip
    pull.add_argument("--relink", action="store_true", help="link the profile to another configuration or account")
    pull.add_argument("--lookup-keys", action="store_true", help="write lookup keys instead of price IDs for every "
                      "product whose prices all have one (the profile then serves test and live mode)")  # fmt: skip
    add_mode_option(pull, "the mode of a new profile's key")
    add_connection_options(pull)

    plan = command("plan", "sync:plan", "what a push would change, parameter by parameter (sends nothing)")
    plan.add_argument("name", metavar="NAME")
    plan.add_argument("--configuration", metavar="bpc_ID", help="compare with this configuration")
    plan.add_argument("--json", action="store_true", help="the changes as JSON: param, key, label, stripe, profile")
    plan.add_argument("--out", metavar="FILE", help="also write the plan as a file push --plan sends exactly")
    add_accounts_options(plan)
    add_connection_options(plan)

    push = command("push", "sync:push", "make the Stripe configuration hold what the profile says",
                   writes=True)  # fmt: skip
    push.add_argument("name", metavar="NAME")
    where = push.add_mutually_exclusive_group()
    where.add_argument("--configuration", metavar="bpc_ID", help="update this configuration")
    where.add_argument("--create", action="store_true", help="create a new configuration (Stripe cannot delete it)")
    where.add_argument("--plan", metavar="FILE", help="send exactly this saved plan (plan --out), if it still holds")
    add_accounts_options(push)
    push.add_argument("--resume", metavar="RUN|last", help="go on with a run over --accounts that ended early: "
                      "accounts done are skipped, a push sent is sent again with its key (exactly once)")  # fmt: skip
    push.add_argument("--yes", action="store_true", help="push without asking (needed without a terminal)")
    push.add_argument("--relink", action="store_true", help="link the profile to another configuration or account")
    add_connection_options(push)

    status = command("status", "status:status", "each linked profile: in-sync, local-changes, remote-changes, "
                     "both-changed, not-linked, unreachable or pending (exit 0 in sync, 1 changes, "
                     "2 unknown)")  # fmt: skip
    status.add_argument("names", nargs="*", metavar="NAME",
                        help="a profile, or NAME@acct_... for its copy on one connected account of a run")  # fmt: skip
    status.add_argument(
        "--json",
        action="store_true",
        help="an array of {name, configuration, account, mode, synced_at, state, reason, notes}",
    )
    status.add_argument("--offline", action="store_true", help="compare with the last sync only; send nothing")
    add_accounts_options(status)
    add_connection_options(status)

    promote = command("promote", "targets:promote", "a test profile as a live one: test price IDs mapped to live "
                      "ones (by lookup key, else same product, amount and interval); sends nothing",
                      writes=True)  # fmt: skip
    promote.add_argument("source", metavar="SRC")
    promote.add_argument("destination", metavar="DST")
    promote.add_argument("--lookup-keys", action="store_true", help="write lookup keys instead of live price IDs "
                         "wherever every price of a product has one")  # fmt: skip
    add_connection_options(promote, key_file=False)

    listing_configurations = command("configurations", "targets:configurations", "every portal configuration of "
                                     "the account, and the profile linked to each")  # fmt: skip
    listing_configurations.add_argument("--json", action="store_true", help="an array of {id, name, is_default, "
                                        "active, updated, profile}")  # fmt: skip
    add_mode_option(listing_configurations)
    add_connection_options(listing_configurations)

    listing_products = command("products", "targets:products", "the account's active products and their active "
                               "recurring prices (ID, amount, interval, lookup key)")  # fmt: skip
    listing_products.add_argument("--json", action="store_true", help="an array of products, each with its prices")
    add_mode_option(listing_products)
    add_connection_options(listing_products)

    opened = command("session", "targets:session", "a real portal session for a customer on the profile's linked "
                     "configuration: its URL")  # fmt: skip
    opened.add_argument("name", metavar="NAME")
    opened.add_argument("--customer", metavar="cus_ID", required=True, help="the customer the session is for")
    opened.add_argument("--return-url", metavar="URL", help="where the portal's return link goes (default: the "
                        "profile's default redirect link)")  # fmt: skip
    opened.add_argument("--yes", action="store_true", help="open a live session without typing the profile's name")
    add_connection_options(opened)

    preview = command("preview", "preview:preview", "what the customer will see: the portal's home, "
                      "update or cancel page (approximate)")  # fmt: skip
    preview.add_argument("name", metavar="NAME")
    preview.add_argument("--page", choices=("home", "update", "cancel"), default="home", help="which page (home)")
    preview.add_argument("--width", type=int, metavar="N", help="columns (default: the terminal's, at most 60)")

    shell = command("completion", "completion:print_script", "the shell code that completes portal-tui's commands, "
                    "profiles and keys: eval it in bash or zsh, source it in fish", checks=False)  # fmt: skip
    shell.add_argument("shell", choices=completion.SHELLS, metavar="SHELL", help="bash, zsh or fish")
    command("locate", "profiles:locate", "every path portal-tui reads and writes", checks=False)
    command("schema", "profiles:schema", "the JSON Schema of a profile file (for editors such as taplo)")
    return parser


def handler_of(spec: str) -> Callable[..., int]:
    """The function a "module:function" handler names, imported now."""
    module, function = spec.split(":")
    handler: Callable[..., int] = getattr(importlib.import_module(f"{__package__}.{module}"), function)
    return handler


def _with_command(argv: list[str]) -> list[str]:
    """``portal-tui [NAME]`` means ``portal-tui edit [NAME]``; subcommand names win."""
    first = next((i for i, a in enumerate(argv) if not a.startswith("-")), None)
    if first is not None and first > 0 and argv[first - 1] == "--config-dir":
        skipped = first
        first = next((i for i, a in enumerate(argv) if i > skipped and not a.startswith("-")), None)
    if any(a in ("-h", "--help", "--version") for a in argv) and first is None:
        return argv
    if first is None:
        return ["edit", *argv]  # options such as --read-only belong to edit
    if argv[first] not in COMMANDS:
        return [*argv[:first], "edit", *argv[first:]]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code follows the spec (0 ok, 1 refused/invalid, 2 unusable)."""
    parser = _parser()
    if completion.requested():  # the shell asking for completions: answer and exit
        completion.complete(parser)
    args = parser.parse_args(_with_command(list(sys.argv[1:] if argv is None else argv)))
    from .loading import modules_loading

    with modules_loading():  # what the command needs loads with the cycle collector paused
        from ..model.problems import load_checker
        from .context import Context, stdout_gone

        handler = handler_of(args.handler)
        if args.checks:
            load_checker()
    ctx = Context(getattr(args, "config_dir", None))
    code = _run(handler, ctx, args)
    try:
        sys.stdout.flush()  # now, not at exit: a reader gone by then changes no exit code
    except BrokenPipeError:
        stdout_gone()
    except OSError as exc:  # a full disk behind `> file`: said, not a traceback at exit
        stdout_gone()
        sys.stderr.write(f"portal-tui: error: cannot write the output: {exc.strerror}\n")
        return 2
    return code


def _run(handler: Callable[[Context, argparse.Namespace], int], ctx: Context, args: argparse.Namespace) -> int:
    """The command's exit code; its errors as one line each on stderr, never a traceback."""
    from ..model.assign import UnknownKey
    from ..model.visible import visible
    from ..store.paths import StoreError
    from .context import Fail, stdout_gone

    try:
        return handler(ctx, args)
    except Fail as exc:
        for line in exc.lines:
            sys.stderr.write(line + "\n")
        return exc.code
    except (StoreError, UnknownKey) as exc:  # missing, malformed, bad names, I/O: exit 2
        message = str(exc)
        sys.stderr.write((message if ": -: error:" in message else f"portal-tui: error: {message}") + "\n")
        return getattr(exc, "code", 2)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # written past the reader by a command printing without say()
        stdout_gone()
        return 0
    except OSError as exc:  # the output could not be written (`> /dev/full`): one line, exit 2
        if exc.filename is None:
            stdout_gone()
        where = visible(str(exc.filename)) if exc.filename else "cannot write the output"
        sys.stderr.write(f"portal-tui: error: {where}: {exc.strerror or exc}\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
