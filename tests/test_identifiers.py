"""Organisation and personal identity numbers: our arithmetic agrees with python-stdnum.

iopctl computes Luhn and personnummer dates itself to keep stdnum's imports out of start-up
(iopctl/identifiers.py); stdnum, a test dependency, is the reference here.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError
from stdnum import luhn
from stdnum.se import personnummer

from iopctl.model.identifiers import (
    find_personal_numbers,
    is_personal_number,
    luhn_check_digit,
    luhn_checksum,
    parse_org_number,
)

DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=20)


@given(DIGITS)
def test_luhn_checksum_agrees_with_stdnum(digits: str) -> None:
    assert luhn_checksum(digits) == luhn.checksum(digits)
    assert luhn_check_digit(digits) == luhn.calc_check_digit(digits)


@st.composite
def candidates(draw: st.DrawFn) -> tuple[str, str, str]:
    """Candidate personnummer as the scanner matches them, biased towards real dates."""
    century = draw(st.sampled_from(["", "19", "20"]))
    year = draw(st.integers(0, 99))
    month = draw(st.integers(0, 13))
    day = draw(st.one_of(st.integers(0, 32), st.integers(60, 92)))
    birth = f"{century}{year:02d}{month:02d}{day:02d}"
    separator = draw(st.sampled_from(["", "-", "+"]))
    serial = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    body = birth[-6:] + serial
    # Half the cases get the right check digit, so valid numbers are common.
    check = luhn.calc_check_digit(body) if draw(st.booleans()) else draw(st.sampled_from("0123456789"))
    return birth, separator, serial + check


def _stdnum_verdict(birth: str, separator: str, serial: str) -> bool:
    """stdnum's answer; a coordination number (day + 60) is judged as the date it stands for,
    with the check digit over the digits as written (stdnum does not know them)."""
    day = int(birth[-2:])
    if day <= 60:
        return personnummer.is_valid(birth + separator + serial)
    as_date = birth[:-2] + f"{day - 60:02d}"
    date_ok = personnummer.is_valid(as_date + separator + serial[:3] + luhn.calc_check_digit(as_date[-6:] + serial[:3]))
    return date_ok and luhn.is_valid(birth[-6:] + serial)


@given(candidates())
def test_personal_number_agrees_with_stdnum(parts: tuple[str, str, str]) -> None:
    birth, separator, serial = parts
    today = date.today()
    ours = is_personal_number(birth, separator, serial, today)
    assert ours == _stdnum_verdict(birth, separator, serial)


def test_personal_numbers_found_in_text() -> None:
    text = "Kontakt: 19811218-9876, samordningsnummer 701063-2391, org 212000-0142."
    found = [number for _, number in find_personal_numbers(text)]
    assert found == ["19811218-9876", "701063-2391"]


def test_org_number_check_digit_names_the_expected_digit() -> None:
    assert parse_org_number("212000-0142") == "212000-0142"
    with pytest.raises(PydanticCustomError, match="expected 2 as the last digit"):
        parse_org_number("212000-0143")
    with pytest.raises(PydanticCustomError, match="third digit < 2"):
        parse_org_number("811218-9876")
