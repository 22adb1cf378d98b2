"""Where a pydantic error is in the file, and what to tell the user: loc → data path → line:col.

A pydantic `loc` names union tags and validator wrappers that are no place in the file; the
part of it the data has is located at the deepest key the file actually has (rendercv's
approach). Messages are worded for a person editing YAML, with a "did you mean" for a
misspelt key, the allowed keys read from the models themselves.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from iopctl.errors import Problem, format_path, visible
from iopctl.files.yaml_reader import Loaded


def validation_problems(exc: ValidationError, name: str, located: Loaded, model: type[BaseModel]) -> Iterator[Problem]:
    """The located problems of a validation error, one per place and message."""
    seen: set[tuple[Any, ...]] = set()
    errors = exc.errors(include_url=False, include_input=False)
    messages = [_message(error, tuple(error["loc"]), model) for error in errors]
    # A misspelt key is one problem, not two: its "did you mean 'x'" covers "'x' is missing".
    meant = {
        (tuple(e["loc"][:-1]), suggestion)
        for e in errors
        if e["type"] == "extra_forbidden" and (suggestion := _suggestion(tuple(e["loc"]), model))
    }
    for error, message in zip(errors, messages, strict=True):
        loc = tuple(error["loc"])
        if error["type"] == "missing" and (loc[:-1], loc[-1]) in meant:
            continue
        data_path = _data_path(located.data, loc)
        if located.skipped and any(data_path[: len(s)] == s for s in located.skipped):
            continue  # the value was dropped by the reader, which has reported why
        if _value_at(located.data, data_path) is None and error["type"] in _NEEDS_VALUE:
            message = f"no value (empty, ~ or null); {message}"
        key = (data_path, message)
        if key in seen:
            continue
        seen.add(key)
        line, col = located.locate(data_path)
        yield Problem(name, line, col, format_path(data_path), message)


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """The part of a pydantic loc that exists in the data (tags of unions are skipped)."""
    path: list[str | int] = []
    node = data
    last = len(loc) - 1
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and i == last and part not in _FUNCTION_TAGS:
            path.append(part)  # a missing key: reported at its parent's position
            node = None
        else:
            continue  # a union tag (`fixed`, `function-after`…) names no place in the file
    return tuple(path)


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    """The value at `path` in plain data; None when the path is not there."""
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


_NEEDS_VALUE = frozenset(
    {
        "model_type",
        "dict_type",
        "list_type",
        "string_type",
        "literal_error",
        "model_attributes_type",
        "union_tag_not_found",
        "string_pattern_mismatch",
    }
)


_FUNCTION_TAGS = frozenset({"function-before", "function-after", "function-plain", "function-wrap"})


def _message(error: Any, loc: tuple[Any, ...], model: type[BaseModel]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        close = _suggestion(loc, model)
        hint = f"; did you mean '{close}'?" if close else ""
        return f"unknown key '{visible(str(loc[-1]))}'{hint}"
    if kind == "missing":
        return f"required key '{loc[-1]}' is missing"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx") or {}
        key, tags = ctx.get("discriminator", "kind"), ctx.get("expected_tags", "")
        return f"{key} must be one of {tags}, got {ctx.get('tag')!r}"
    if kind == "union_tag_not_found":
        ctx = error.get("ctx") or {}
        return f"key {ctx.get('discriminator', '')} is missing; it says which kind of entry this is"
    if kind == "literal_error":
        ctx = error.get("ctx") or {}
        return f"must be one of {ctx.get('expected', '')}"
    if kind in ("model_type", "dict_type"):
        return "expected a mapping of keys"
    if kind == "list_type":
        return "expected a list"
    if (
        kind == "string_pattern_mismatch"
        and loc
        and loc[-1] in ("id", "payee", "payer", "giver", "party", "convener", "series")
    ):
        return "expected an id of lower-case ASCII letters, digits and hyphens"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "email":
        return "not an e-mail address (write name@example.se)"
    if kind == "too_short":
        ctx = error.get("ctx") or {}
        return f"needs at least {ctx.get('min_length')} entries, has {ctx.get('actual_length')}"
    msg: str = error["msg"]
    return msg


def _suggestion(loc: tuple[Any, ...], model: type[BaseModel]) -> str | None:
    """The allowed key closest to the unknown key at the end of `loc`, if one is close."""
    close = difflib.get_close_matches(str(loc[-1]), sorted(_allowed_keys(model, loc[:-1])), n=1, cutoff=0.6)
    return close[0] if close else None


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """Field names of the model reached by following `loc` through the model tree."""
    current: Any = model
    for part in loc:
        candidates = _models_in(current)
        if isinstance(part, int):
            continue
        nxt = None
        for cand in candidates:
            if part in cand.model_fields:
                nxt = cand.model_fields[part].annotation
                break
        if nxt is None:
            # A union tag: choose the variant whose discriminator literal matches.
            for cand in candidates:
                for fname in ("basis", "rule", "generated"):
                    field = cand.model_fields.get(fname)
                    if field is not None and part in typing.get_args(field.annotation):
                        nxt = cand
            if nxt is None:
                for cand in candidates:
                    if cand.__name__ == part:
                        nxt = cand
            if nxt is None:
                return set()
        current = nxt
    fields: set[str] = set()
    for cand in _models_in(current):
        fields.update(cand.model_fields)
    return fields


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic model classes inside an annotation (through Annotated, Optional, list, dict)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict, tuple):
        for arg in typing.get_args(annotation):
            out.extend(_models_in(arg))
    return out
