"""The JSON every `--format json` writes: the encoder made once is the json module's own, to the byte."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from iopctl.report.console import _default, _encoder, json_line, to_json

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False, places=2)
    | st.dates()
)
_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20
)


@given(_values)
def test_the_encoder_is_the_json_modules(value: Any) -> None:
    plain = json.JSONEncoder(ensure_ascii=False, default=_default)
    assert json_line(value) == plain.encode(value)


def test_the_fast_encoder_is_used_where_the_c_encoder_is() -> None:
    from json import encoder as json_encoder

    fast = _encoder()
    if json_encoder.c_make_encoder is not None:  # CPython: the encoder made once, not JSONEncoder.encode
        assert getattr(fast, "__self__", None) is None
    assert fast({"å": [Decimal("1.50"), date(2025, 1, 1)]}) == '{"å": ["1.50", "2025-01-01"]}'


def test_a_document_is_one_key_a_line_and_one_item_a_line() -> None:
    text = to_json({"a": [1, {"b": Decimal("2.00")}], "c": "x", "d": []})
    assert text == '{\n  "a": [\n    1,\n    {"b": "2.00"}\n  ],\n  "c": "x",\n  "d": []\n}\n'
    assert json.loads(text) == {"a": [1, {"b": "2.00"}], "c": "x", "d": []}


def test_what_json_cannot_write_is_a_type_error() -> None:
    import pytest

    with pytest.raises(TypeError, match="cannot write object as JSON"):
        json_line(object())
