"""What every model shares: the strict, frozen base class and the helpers fields are declared with.

No `from __future__ import annotations` in the model modules: with it every field annotation
is a string that pydantic must evaluate when the classes are built, ~7 ms (a fifth of building
them) on every start of `validate`. Annotations therefore name only classes defined or imported
above them.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


# Empty-collection defaults through Python functions, not the `list`/`dict` builtins: pydantic
# inspects a default factory's signature, and for a builtin that means parsing its text
# signature (~0.25 ms each, ~3.5 ms of building the models at every start of `validate`;
# the first one also compiles tokenize's patterns, ~4 ms). Every model uses these.
def new_list() -> list[Any]:
    return []


def new_dict() -> dict[Any, Any]:
    return {}


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are frozen once read.

    Parts are built lazily (`defer_build`): the Agreement builds one validator for the whole
    tree when it is defined, instead of one more for each of its ~40 parts (~10 ms of every
    start). A part validated on its own builds on first use.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, hide_input_in_errors=True, defer_build=True)


def described(text: str) -> Any:
    """A required field with its description (the JSON Schema's hover text)."""
    return Field(description=text)
