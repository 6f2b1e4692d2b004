"""Checks a request body against the official stripe package's typed parameters (the judge)."""

from __future__ import annotations

import types
import typing
from typing import Any, ForwardRef, Literal, NotRequired, Required, Union, get_args, get_origin

from stripe.params.billing_portal import ConfigurationCreateParams, ConfigurationModifyParams
from typing_extensions import is_typeddict

CREATE = ConfigurationCreateParams
UPDATE = ConfigurationModifyParams


def _resolve(annotation: Any, ns: dict[str, Any]) -> Any:
    if isinstance(annotation, str):
        annotation = eval(annotation, ns)
    if isinstance(annotation, ForwardRef):
        annotation = eval(annotation.__forward_arg__, ns)
    if get_origin(annotation) in (NotRequired, Required):
        return _resolve(get_args(annotation)[0], ns)
    return annotation


def _namespace(cls: type) -> dict[str, Any]:
    module = __import__(cls.__module__, fromlist=["_"])
    return {**vars(typing), **vars(module), "Literal": Literal}


def problems(
    value: Any, annotation: Any, path: str = "", ns: dict[str, Any] | None = None, form: bool = False
) -> list[str]:
    """Every way ``value`` is not of the SDK's ``annotation`` (empty when it is). ``form``:
    the value was decoded from a form-encoded body, where booleans and numbers are text."""
    ns = ns or _namespace(annotation)
    annotation = _resolve(annotation, ns)
    if is_typeddict(annotation):
        if not isinstance(value, dict):
            return [f"{path}: expected an object, got {value!r}"]
        hints: dict[str, Any] = {}
        for base in reversed(annotation.__mro__):
            hints.update(getattr(base, "__annotations__", {}))
        found = [f"{path}.{k}: not a parameter the SDK knows" for k in value if k not in hints]
        found += [f"{path}.{k}: required and missing" for k in annotation.__required_keys__ if k not in value]
        for key, item in value.items():
            if key in hints:
                found += problems(item, hints[key], f"{path}.{key}", _namespace(annotation), form)
        return found
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        options = get_args(annotation)
        literals = {v for o in options if get_origin(o) is Literal for v in get_args(o)}
        if isinstance(value, str) and str in options and literals - {""}:
            return [] if value in literals else [f"{path}: {value!r} is not one of {sorted(literals)}"]
        for option in options:
            if not problems(value, option, path, ns, form):
                return []
        return [f"{path}: {value!r} matches none of {annotation}"]
    if origin is Literal:
        return [] if value in get_args(annotation) else [f"{path}: {value!r} not in {get_args(annotation)}"]
    if origin in (list, list):
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {value!r}"]
        item_type = get_args(annotation)[0]
        return [p for i, item in enumerate(value) for p in problems(item, item_type, f"{path}[{i}]", ns, form)]
    if origin in (dict, dict):
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return [f"{path}: expected a map of strings, got {value!r}"]
        return []
    if annotation is bool:
        ok = isinstance(value, bool) or (form and value in ("true", "false"))
        return [] if ok else [f"{path}: expected a boolean, got {value!r}"]
    if annotation is int:
        ok = (isinstance(value, int) and not isinstance(value, bool)) or (
            form and isinstance(value, str) and value.lstrip("-").isdigit()
        )
        return [] if ok else [f"{path}: expected an int"]
    if annotation is str:
        return [] if isinstance(value, str) else [f"{path}: expected a string, got {value!r}"]
    return [f"{path}: {value!r} is not a {annotation}"]
