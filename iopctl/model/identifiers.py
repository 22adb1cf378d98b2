"""Swedish identifiers: organisation numbers checked, personal identity numbers found.

The arithmetic (Luhn, the birth date of a personnummer) is a dozen lines here rather than
python-stdnum's: importing stdnum pulls in ssl, socket and pydoc (~7 ms on every
`iopctl validate`), and every agreement has org numbers to check. tests/test_identifiers.py
checks these functions against stdnum on every input hypothesis generates. Beyond stdnum, a
legal person's third digit (>= 2) is checked, and coordination numbers (samordningsnummer,
day + 60) count as personal numbers too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic_core import PydanticCustomError

_ORGNR = re.compile(r"([0-9]{6})-([0-9]{4})")
_PNR_CANDIDATE = re.compile(r"(?<![0-9])((?:19|20)?[0-9]{6})([-+]?)([0-9]{4})(?![0-9])")
# A cheap first scan: the candidate pattern (led by a look-behind) costs ~30 ns a character,
# this ~6; most strings of an agreement have no run of six digits at all.
_SIX_DIGITS = re.compile(r"[0-9][0-9][0-9][0-9][0-9][0-9]")  # faster than [0-9]{6} in sre


def parse_org_number(value: Any) -> str:
    """NNNNNN-NNNN with a valid check digit and a legal person's third digit."""
    from iopctl.model.scalars import show

    if not isinstance(value, str):
        raise PydanticCustomError("org_number", "organisation number must be text written NNNNNN-NNNN")
    m = _ORGNR.fullmatch(value)
    if m is None:
        digits = re.sub(r"[^0-9]", "", value)
        hint = f" (write {digits[:6]}-{digits[6:]})" if len(digits) == 10 else ""
        raise PydanticCustomError("org_number", f"{show(value)} is not written NNNNNN-NNNN{hint}")
    digits = m.group(1) + m.group(2)
    if luhn_checksum(digits) != 0:
        expected = luhn_check_digit(digits[:-1])
        raise PydanticCustomError(
            "org_number_checksum",
            f"organisation number {value} has a wrong check digit (expected {expected} as the last digit)",
        )
    if int(digits[2]) < 2:
        raise PydanticCustomError(
            "org_number_person",
            f"{value} looks like a personal identity number, not an organisation number (third digit < 2)",
        )
    return value


def find_personal_numbers(text: str) -> Iterator[tuple[int, str]]:
    """Offsets and matches of valid personal identity numbers (personnummer) in free text.

    Ten bare digits starting with 07 are a Swedish mobile number (0701234502), not a person
    born in 2007: one in ten such numbers passes the date and Luhn checks, and an error on a
    contact's phone would block CI. With a hyphen or a century (070123-4502) they are found.
    """
    if _SIX_DIGITS.search(text) is None:
        return
    today = None
    for m in _PNR_CANDIDATE.finditer(text):
        candidate = m.group(0)
        if len(candidate) == 10 and candidate.startswith("07"):
            continue
        today = today or date.today()
        if is_personal_number(m.group(1), m.group(2), m.group(3), today):
            yield m.start(), candidate


def luhn_checksum(digits: str) -> int:
    """The Luhn sum of a string of digits mod 10; 0 when its last digit checks the rest."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10


def luhn_check_digit(digits: str) -> str:
    """The digit that, appended to `digits`, makes the Luhn sum 0."""
    return str(-luhn_checksum(digits + "0") % 10)


def is_personal_number(birth: str, separator: str, serial: str, today: date) -> bool:
    """Whether YYMMDD or YYYYMMDD, '-', '+' or '', and four digits form a personnummer.

    The birth date must exist (the day may be a coordination number's day + 60). With two
    year digits the century is the latest one not in the future, one earlier with '+' (a
    person of 100 or more): the rule of Folkbokföringslagen 18 § that stdnum follows.
    """
    if len(birth) == 8:
        year = int(birth[:4])
    else:
        century = today.year // 100 - (int(birth[:2]) > today.year % 100) - (separator == "+")
        year = century * 100 + int(birth[:2])
    month, day = int(birth[-4:-2]), int(birth[-2:])
    if day > 60:
        day -= 60
    try:
        date(year, month, day)
    except ValueError:
        return False
    return luhn_checksum(birth[-6:] + serial) == 0


def comment_personal_numbers(text: str) -> Iterator[tuple[int, str]]:
    """Offsets and matches of personal identity numbers in the YAML comments of a file's text.

    Comments never reach the data, but the file is as public as its values. A `#` counts as
    a comment when it starts a line or follows a space or tab (a `#` inside a quoted value
    may be taken for one; the caller drops numbers it also finds in the data).
    """
    start = text.find("#")
    while start != -1:
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if start == 0 or text[start - 1] in " \t\n":
            for offset, found in find_personal_numbers(text[start:end]):
                yield start + offset, found
            start = text.find("#", end)
        else:
            start = text.find("#", start + 1)
