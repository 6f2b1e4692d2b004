"""A profile as the exact request Stripe takes: create or update parameters, JSON, form or curl."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..model.catalog import SETTINGS
from ..model.display import raw
from ..model.edits import same
from ..model.problems import Problem
from ..model.visible import visible
from .mapping import API_VERSION, DASHBOARD_ONLY, MAPPING, SENT_KEYS, put_path

ENDPOINT = "https://api.stripe.com/v1/billing_portal/configurations"
_REQUIRED_INSIDE = {"features.subscription_cancel.cancellation_reason": "options"}
"""Objects the create endpoint refuses without this list: left out whole when it is empty."""


@dataclass
class Export:
    params: dict[str, Any]
    update: str | None
    notices: list[str] = field(default_factory=list)
    """Lines for stderr: omissions, Dashboard-only settings, errors that do not block."""
    errors: list[Problem] = field(default_factory=list)
    """Errors in settings Stripe would receive: the export is refused."""


def base_key(problem_key: str) -> str:
    """The setting a problem belongs to (``subscriptions.products[0].prices`` -> products)."""
    key = re.split(r"[\[]", problem_key, maxsplit=1)[0]
    while key not in SETTINGS and "." in key:
        key = key.rsplit(".", 1)[0]
    return key


def build(values: dict[str, Any], problems: list[Problem], update: str | None = None) -> Export:
    """The parameters for create (``update`` None) or for an update of configuration ``update``."""
    result = Export({}, update)
    for problem in problems:
        if problem.severity != "error":
            continue
        if base_key(problem.key) in SENT_KEYS:
            result.errors.append(problem)
        else:
            result.notices.append(f"warning: {problem.key}: {problem.message} (Dashboard-only: not sent)")
    for i, table in enumerate(values["subscriptions.products"] or []):
        if isinstance(table, dict) and table.get("lookup_keys") and not table.get("prices"):
            keys = ", ".join(visible(str(k)) for k in table["lookup_keys"])
            result.errors.append(Problem(f"subscriptions.products[{i}].lookup_keys", "error",
                                         f"lookup keys ({keys}) name prices only Stripe knows: export --resolve, "
                                         "plan and push resolve them in the key's mode and account",
                                         "unresolved_lookup_keys"))  # fmt: skip
    broken = {base_key(p.key) for p in result.errors}
    for param in MAPPING:
        if (param.update_only and not update) or broken.intersection(param.keys):
            continue  # refused anyway (the errors say why); its value may not even have its type
        value = param.out(values)
        empty = value in ("", [], {})
        if empty and not update:
            if param.empty_on_create == "omit":
                continue
            if param.empty_on_create == "notice":
                result.notices.append(
                    f"note: {_form_key(param.path)} is empty: the official library drops empty lists, so "
                    f"Stripe's own default applies, which may differ; use --update bpc_... to set it"
                )
        if empty and update and param.path == "metadata":
            value = ""  # "" clears every key on update
        put_path(result.params, param.path, value)
    if not update:
        for parent, inner in _REQUIRED_INSIDE.items():
            node = _get(result.params, parent)
            if isinstance(node, dict) and not node.get(inner):
                _drop(result.params, parent)
                result.notices.append(
                    f"note: {_form_key(parent)} left out: it needs 1+ {inner} on create "
                    "(the setting does not apply now); Stripe's default applies"
                )
    for key in DASHBOARD_ONLY:
        info = SETTINGS[key]
        if not same(values[key], info.default):
            shown = raw(values[key]) or '""'
            result.notices.append(
                f"dashboard-only: {key} ({info.label}) = {shown}: "
                f"not in Stripe's configuration API; where instead: {info.meta.elsewhere}"
            )
    return result


def _get(tree: dict[str, Any], path: str) -> Any:
    node: Any = tree
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _drop(tree: dict[str, Any], path: str) -> None:
    *parents, last = path.split(".")
    node = _get(tree, ".".join(parents)) if parents else tree
    if isinstance(node, dict):
        node.pop(last, None)


def _form_key(path: str) -> str:
    first, *rest = path.split(".")
    return first + "".join(f"[{part}]" for part in rest)


def pairs(params: dict[str, Any], update: bool) -> Iterator[tuple[str, str]]:
    """Form pairs: ``key[sub][0]`` and the value as text; an empty list is left out on create
    and sent as ``key=`` on update."""

    def walk(value: Any, key: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, dict):
            if not value and update:
                yield key, ""
            for k, v in value.items():
                yield from walk(v, f"{key}[{k}]" if key else k)
        elif isinstance(value, list):
            if not value and update:
                yield key, ""
            for i, item in enumerate(value):
                yield from walk(item, f"{key}[{i}]")
        elif isinstance(value, bool):
            yield key, "true" if value else "false"
        else:
            yield key, str(value)

    yield from walk(params, "")


def as_form(export: Export) -> str:
    """One ``key=value`` a line: brackets literal, the value percent-encoded."""
    return "".join(f"{k}={quote(v, safe='')}\n" for k, v in pairs(export.params, bool(export.update)))


def as_curl(export: Export) -> str:
    """A runnable curl command; the key comes from $STRIPE_API_KEY, never from a file."""
    url = f"{ENDPOINT}/{export.update}" if export.update else ENDPOINT
    lines = [f"curl {shlex.quote(url)}", '-u "$STRIPE_API_KEY:"', f'-H "Stripe-Version: {API_VERSION}"']
    lines += [f"--data-urlencode {shlex.quote(f'{k}={v}')}" for k, v in pairs(export.params, bool(export.update))]
    return " \\\n  ".join(lines) + "\n"
