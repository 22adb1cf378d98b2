"""The rounding rule and the splitting primitives: exact, half up, parts that add up, no float."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopctl.money import ORE, is_whole_ore, plain, product, round_ore, split, split_equal, total

D = Decimal


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("0.005", "0.01"),  # a tie goes up (half up), not to the even öre
        ("0.015", "0.02"),
        ("0.025", "0.03"),  # banker's rounding would give 0.02
        ("2.675", "2.68"),  # a float would print 2.67
        ("0.0049999999", "0.00"),
        ("-0.005", "-0.01"),  # half up means away from zero on a tie
        ("105606", "105606.00"),
        ("104346.1234375", "104346.12"),
    ],
)
def test_round_ore_half_up(value: str, rounded: str) -> None:
    result = round_ore(D(value))
    assert result == D(rounded)
    assert str(result) == rounded


def test_round_ore_refuses_float_and_bool() -> None:
    with pytest.raises(TypeError, match="float"):
        round_ore(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        round_ore(True)
    with pytest.raises(ValueError):
        round_ore(D("NaN"))


def test_product_is_exact_beyond_28_digits() -> None:
    # 1.02745**30 has 150 decimals; the default context would round it at 28 digits.
    factor = product(*[D("1.02745")] * 30)
    assert len(format(factor, "f").split(".")[1]) == 150
    with localcontext(prec=500):
        assert factor == D("1.02745") ** 30
    assert product(D("1.024"), D("1.027")) == D("1.051648")
    with pytest.raises(TypeError):
        product(D(1), 1.5)  # type: ignore[arg-type]


def test_split_shares_last_takes_remainder() -> None:
    assert split(D("1000000"), [D("0.5"), D("0.5")]) == [D("500000.00"), D("500000.00")]
    assert split(D("100"), [D(1) / D(3)] * 3) == [D("33.33"), D("33.33"), D("33.34")]
    assert split(D("0.05"), [D("0.5"), D("0.5")]) == [D("0.03"), D("0.02")]  # 0.025 rounds up


def test_split_equal() -> None:
    assert split_equal(D("380000"), 2) == [D("190000.00"), D("190000.00")]
    assert split_equal(D("100.00"), 3) == [D("33.33"), D("33.33"), D("33.34")]
    assert split_equal(D("0.02"), 3) == [D("0.01"), D("0.01"), D("0.00")]
    with pytest.raises(ValueError):
        split_equal(D("1"), 0)


def test_split_refuses_fractions_of_ore() -> None:
    with pytest.raises(ValueError, match="öre"):
        split(D("1.005"), [D(1)])
    with pytest.raises(ValueError):
        split(D("1"), [])


def test_plain_and_total() -> None:
    assert plain(D("500000")) == "500000.00"
    assert total([]) == D("0.00") and str(total([])) == "0.00"
    assert total([D("0.10"), D("0.20")]) == D("0.30")
    assert is_whole_ore(D("1.10")) and not is_whole_ore(D("1.105"))


# --- properties ---------------------------------------------------------------------------

amounts = st.decimals(min_value=D("0.00"), max_value=D("10000000000"), places=2, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=1, max_value=12)
weights = st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=8)


@settings(max_examples=200, derandomize=True)
@given(amounts, counts)
def test_equal_instalments_sum_to_total(amount: Decimal, n: int) -> None:
    parts = split_equal(amount, n)
    assert len(parts) == n
    assert sum(parts, D(0)) == amount
    assert all(type(p) is Decimal and p == p.quantize(ORE) for p in parts)
    # every part but the last is the rounded equal share; the last is within n öre of it
    assert all(p == parts[0] for p in parts[:-1])
    assert abs(parts[-1] - parts[0]) <= ORE * n


@settings(max_examples=200, derandomize=True)
@given(amounts, weights)
def test_split_by_shares_sums_to_total(amount: Decimal, ws: list[int]) -> None:
    whole = sum(ws)
    shares = [D(w) / D(whole) for w in ws]  # like "1/3" read by the model: Decimal, inexact
    parts = split(amount, shares)
    assert sum(parts, D(0)) == amount
    assert all(type(p) is Decimal for p in parts)
    for p, s in zip(parts[:-1], shares[:-1], strict=True):
        assert p == round_ore(amount * s)


@settings(max_examples=200, derandomize=True)
@given(
    st.decimals(
        min_value=D("-1000000"),
        max_value=D("1000000"),
        places=6,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_round_ore_is_nearest_half_up(value: Decimal) -> None:
    r = round_ore(value)
    assert type(r) is Decimal
    assert abs(r - value) <= D("0.005")
    if abs(r - value) == D("0.005"):
        assert abs(r) > abs(value)  # a tie went away from zero
