"""Swedish identifiers: organisation numbers checked, personal identity numbers found.

python-stdnum does the Luhn arithmetic; it is imported when a number is checked, not at
start-up. stdnum's `se.orgnr` also accepts a personal identity number, so a legal person's
third digit (>= 2) is checked here as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic_core import PydanticCustomError

_ORGNR = re.compile(r"([0-9]{6})-([0-9]{4})")
_PNR_CANDIDATE = re.compile(r"(?<![0-9])((?:19|20)?[0-9]{6})([-+]?)([0-9]{4})(?![0-9])")
# A cheap first scan: the candidate pattern (led by a look-behind) costs ~30 ns a character,
# this ~6; most strings of an agreement have no run of six digits at all.
_SIX_DIGITS = re.compile(r"[0-9][0-9][0-9][0-9][0-9][0-9]")  # faster than [0-9]{6} in sre


def parse_org_number(value: Any) -> str:
    """NNNNNN-NNNN with a valid check digit and a legal person's third digit."""
    from iopctl.types import show

    if not isinstance(value, str):
        raise PydanticCustomError(
            "org_number", "organisation number must be text written NNNNNN-NNNN"
        )
    m = _ORGNR.fullmatch(value)
    if m is None:
        digits = re.sub(r"[^0-9]", "", value)
        hint = f" (write {digits[:6]}-{digits[6:]})" if len(digits) == 10 else ""
        raise PydanticCustomError("org_number", f"{show(value)} is not written NNNNNN-NNNN{hint}")
    from stdnum import luhn

    digits = m.group(1) + m.group(2)
    if not luhn.is_valid(digits):
        expected = luhn.calc_check_digit(digits[:-1])
        raise PydanticCustomError(
            "org_number_checksum",
            f"organisation number {value} has a wrong check digit (expected {expected} as the last "
            "digit)",
        )
    if int(digits[2]) < 2:
        raise PydanticCustomError(
            "org_number_person",
            f"{value} looks like a personal identity number, not an organisation number (third "
            "digit < 2)",
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
    from stdnum.se import personnummer

    for m in _PNR_CANDIDATE.finditer(text):
        candidate = m.group(0)
        if len(candidate) == 10 and candidate.startswith("07"):
            continue
        if personnummer.is_valid(candidate):
            yield m.start(), candidate


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
