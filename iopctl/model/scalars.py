"""Validated scalar types for agreement files: money, dates, counts, org numbers, text.

The YAML reader hands every value over as the text that was written, so these types decide
what the text means, and refuse what pydantic's lax mode would silently coerce ("1e3",
" 7 ", "١٢٣", "07", True as 1). Each type also accepts the native value a plain
`yaml.safe_load` would give (int, date), so the same models serve other loaders.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic_core import PydanticCustomError, core_schema

from iopctl.files.names import is_reserved_name

MAX_AMOUNT = Decimal("10000000000")
"""Sanity bound for one amount (10 billion kronor): larger values are typos, not IOPs."""

_MONEY = re.compile(r"-?(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?")
_RATE = re.compile(r"-?(0|[1-9][0-9]{0,6})(\.[0-9]{1,6})?")
_PERCENT = re.compile(r"-?(0|[1-9][0-9]?)(\.[0-9]{1,3})?")
_INT = re.compile(r"0|[1-9][0-9]{0,8}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH_DAY = re.compile(r"(?:--)?([0-9]{2})-([0-9]{2})")
_YEAR = re.compile(r"(19|20|21)[0-9]{2}")
_FRACTION = re.compile(r"([1-9][0-9]{0,3})/([1-9][0-9]{0,3})|(0|1)(\.[0-9]{1,6})?")

_MONTHS_EN = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def show(value: Any) -> str:
    """A value as quoted in a message: its repr, shortened (a 5 000-digit number is one line)."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:50]}…{text[-1]}"


def _err(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx or None)


def _no_value(what: str) -> PydanticCustomError:
    return _err("no_value", f"no value (empty, ~ or null) where {what} is required")


def _text_of(value: Any, what: str) -> str:
    """The written text of a number-like value; floats and bools are refused outright."""
    if value is None:
        raise _no_value(what)
    if isinstance(value, bool):
        raise _err("wrong_type", f"expected {what}, got a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        raise _err(
            "float_money",
            f"expected {what} written exactly; a binary float is never used for money",
        )
    if not isinstance(value, str):
        raise _err("wrong_type", f"expected {what}, got {type(value).__name__}")
    return value


def _stray_space(text: str, what: str) -> None:
    if text != text.strip():
        raise _err("whitespace", f"{what} {show(text)} has leading or trailing spaces")


def _written(
    value: Any,
    what: str,
    word: str,
    pattern: re.Pattern[str],
    code: str,
    not_a: str,
    hint: Callable[[str], str] | None = None,
) -> re.Match[str]:
    """The written text of a number-like value, matched whole against `pattern`.

    Refused with a message naming `what` was expected: no value, a float or a boolean, outer
    spaces (`word` names the field), or text that does not match (`not_a`, plus `hint(text)`).
    """
    text = _text_of(value, what)
    _stray_space(text, word)
    m = pattern.fullmatch(text)
    if m is None:
        raise _err(code, f"{show(text)} is not {not_a}{hint(text) if hint else ''}")
    return m


def parse_money(value: Any) -> Decimal:
    """Kronor with at most two decimals ("380000", "2.25", "190000.50"), exactly as written."""
    text = _written(value, "an amount in kronor", "amount", _MONEY, "money", "an amount in kronor", _money_hint).group()
    amount = Decimal(text)
    if abs(amount) > MAX_AMOUNT:
        raise _err("money_bound", f"{text} kronor is past the sanity bound of {MAX_AMOUNT:,} kronor")
    return amount


def _money_hint(text: str) -> str:
    """Why a text is not an amount, for the commonest slips."""
    if re.fullmatch(r"-?[0-9]+\.[0-9]{3,}", text):
        return " (more than two decimals: kronor are counted to the öre)"
    if text.lower().lstrip("+-") in (".inf", "inf", ".nan", "nan", "infinity"):
        return " (infinity and NaN are not amounts)"
    if re.fullmatch(r"[-+]?[0-9.]+[eE][-+]?[0-9]+", text):
        return " (no exponent notation: write the digits out)"
    if ":" in text:
        return " (':' is not allowed; YAML 1.1 would read it as a base-60 number)"
    if not text.isascii() and any(ch.isdigit() for ch in text):
        return " (use ASCII digits 0-9)"
    if re.search(r"[^\W\d_]", text):
        return " (the number only: no currency or unit)"
    if re.search(r"[ \u00a0\u202f_,']", text):
        return " (no digit grouping or decimal comma: write 1000000.00)"
    if re.fullmatch(r"-?[0-9]{14,}(\.[0-9]*)?", text):
        return " (far too large)"
    if re.fullmatch(r"-?0[0-9]+(\.[0-9]*)?", text):
        return " (no leading zeros)"
    if text.startswith("+"):
        return " (no plus sign)"
    if text.startswith((".", "-.")) or text.endswith("."):
        return " (write digits on both sides of the point, e.g. 0.50)"
    return ""


def parse_positive_money(value: Any) -> Decimal:
    """An amount that must be more than zero (a payment, a rate)."""
    amount = parse_money(value)
    if amount <= 0:
        raise _err("money_sign", f"amount must be more than zero, got {amount}")
    return amount


def parse_rate(value: Any) -> Decimal:
    """A per-capita rate such as 2.25 kronor per inhabitant (up to six decimals)."""
    not_a = "a decimal rate (write e.g. 2.25)"
    rate = Decimal(_written(value, "a rate", "rate", _RATE, "rate", not_a).group())
    if rate <= 0:
        raise _err("rate_sign", f"rate must be more than zero, got {rate}")
    return rate


def parse_percent(value: Any) -> Decimal:
    """An index change in percent ("2.7", "-0.4")."""
    not_a = "a percentage (write e.g. 2.7 for 2.7 %)"
    text = _written(value, "a percentage", "percentage", _PERCENT, "percent", not_a).group()
    return Decimal(text)


def parse_count(value: Any) -> int:
    """A whole, non-negative number written in ASCII digits without leading zeros."""
    not_a = "a whole number (ASCII digits, no leading zero, no grouping)"
    return int(_written(value, "a whole number", "number", _INT, "count", not_a).group())


def _count_at_most(limit: int, what: str) -> Callable[[Any], int]:
    """`parse_count` with an upper bound: a count drives loops (instalments, renewals), so a
    typo such as `per_year: 10000000` is refused where it is typed instead of running for
    minutes (README "Limits and bounds")."""

    def parse(value: Any) -> int:
        n = parse_count(value)
        if n > limit:
            raise _err("count_limit", f"{n} is more than {limit}, the most {what} iopctl accepts")
        return n

    return parse


FIRST_DATE, LAST_DATE = date(1953, 1, 1), date(2199, 12, 31)
"""The dates the model admits: the Swedish holiday calendar of today's law starts in 1953
(lag 1952:48; `iopctl.dates.workdays`), and the years end with `Year`'s 2199."""


def parse_year(value: Any) -> int:
    """A calendar year 1900–2199."""
    return int(_written(value, "a year", "year", _YEAR, "year", "a year (write e.g. 2025)").group())


def parse_date(value: Any) -> date:
    """An ISO date YYYY-MM-DD that exists in the calendar; times and offsets are refused."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if value is None:
        raise _no_value("a date")
    if not isinstance(value, str):
        raise _err("date_type", "expected a date written YYYY-MM-DD")
    _stray_space(value, "date")
    m = _DATE.fullmatch(value)
    if m is None:
        hint = " (a date only: no time or time zone)" if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]", value) else ""
        raise _err("date_format", f"{show(value)} is not a date written YYYY-MM-DD{hint}")
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise _err("date_month", f"{value} has no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _err("date_day", f"{value} does not exist ({_MONTHS_EN[month]} {year} has {last} days)")
    if not FIRST_DATE.year <= year <= LAST_DATE.year:
        raise _err(
            "date_range",
            f"{value} is outside the years iopctl works with ({FIRST_DATE.year}–{LAST_DATE.year}: "
            "the Swedish holiday calendar of today's law starts in 1953)",
        )
    return date(year, month, day)


def parse_month_day(value: Any) -> tuple[int, int]:
    """A day of the year without the year, "MM-DD" (e.g. "03-31"); 29 February is refused."""
    if value is None:
        raise _no_value("a day of the year")
    if not isinstance(value, str):
        raise _err("month_day_type", "expected a day of the year written MM-DD, e.g. 03-31")
    _stray_space(value, "day of the year")
    m = _MONTH_DAY.fullmatch(value)
    if m is None:
        raise _err("month_day", f"{show(value)} is not a day of the year written MM-DD")
    month, day = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise _err("month_day", f"{value} has no month {month}")
    if month == 2 and day == 29:
        raise _err("month_day", "29 February does not exist every year; use 02-28 or 03-01")
    if not 1 <= day <= calendar.monthrange(2001, month)[1]:
        raise _err("month_day", f"{value} does not exist")
    return (month, day)


def parse_fraction(value: Any) -> Decimal:
    """A share written "1/2" or "0.5"; a fraction is kept exact as far as Decimal allows."""
    m = _written(value, "a share", "share", _FRACTION, "share", "a share (write 1/2 or 0.5)")
    text = m.group()
    if m.group(1):
        num, den = int(m.group(1)), int(m.group(2))
        if num > den:
            raise _err("share", f"share {text} is more than the whole")
        return Decimal(num) / Decimal(den)
    share = Decimal(text)
    if not 0 < share <= 1:
        raise _err("share", f"share {text} must be more than 0 and at most 1")
    return share


def parse_bool(value: Any) -> bool:
    """Only `true` or `false`: YAML 1.1's yes/no/on/off are refused, not guessed."""
    if isinstance(value, bool):
        return value
    if value is None:
        raise _no_value("true or false")
    if isinstance(value, str) and value.lower() in _YAML11_BOOLS:
        raise _err(
            "bool",
            f"expected true or false, got {show(value)} (YAML 1.1 would read it as a boolean; iopctl does not guess)",
        )
    raise _err("bool", f"expected true or false, got {show(value)}")


_YAML11_BOOLS = frozenset({"yes", "no", "y", "n", "on", "off"})


def parse_text(value: Any) -> str:
    """A one-line text value, trimmed of nothing: stray outer spaces are an error."""
    if value is None:
        raise _no_value("text")
    if not isinstance(value, str):
        if isinstance(value, bool):
            raise _err("text_type", f"expected text, got {show(value)} (quote it if it is meant as text)")
        raise _err("text_type", f"expected text, got {type(value).__name__}")
    if value != value.strip():
        raise _err("whitespace", f"{show(value)} has leading or trailing spaces")
    if not value:
        raise _err("empty", "text is empty")
    return value


def parse_markdown(value: Any) -> str:
    """Multi-line Swedish Markdown prose; line ends are normalised and trailing space stripped."""
    if value is None:
        raise _no_value("text")
    if not isinstance(value, str):
        raise _err("text_type", f"expected Markdown text, got {type(value).__name__}")
    text = "\n".join(line.rstrip() for line in value.strip().split("\n"))
    if not text:
        raise _err("empty", "text is empty")
    return text


class Scalar:
    """Annotated metadata: `parse` validates the written value, `json_schema` describes it.

    pydantic is given the finished core schema (one plain function), so it never builds a
    schema for the Python type beneath (Decimal, date, str), nor checks the parsed value
    against it again: a quarter of building the agreement's validator at every start.
    """

    __slots__ = ("json_schema", "parse")

    def __init__(self, parse: Callable[[Any], Any], json_schema: dict[str, Any]) -> None:
        self.parse = parse
        self.json_schema = json_schema

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return core_schema.no_info_plain_validator_function(self.parse)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return dict(self.json_schema)


# The JSON Schema accepts what iopctl accepts where JSON Schema can say it. An editor reads
# YAML 1.2: `amount: 2.25` is a number there, `share: "0.6"` a string, `phone: 0701234567` an
# integer, `start: 2025-01-01` a string. iopctl's reader hands every scalar over as the text
# written, so a number-like value may be written plain (a JSON number) or quoted (a string of
# the same pattern as the parser's); only what a number cannot carry (two decimals at most, no
# leading zero) is left to iopctl. tests/test_jsonschema.py checks every accepted file.
def _pattern(regex: re.Pattern[str]) -> str:
    return f"^(?:{regex.pattern})$"


def _number_or_text(regex: re.Pattern[str], **number: Any) -> dict[str, Any]:
    return {"anyOf": [{"type": "number", **number}, {"type": "string", "pattern": _pattern(regex)}]}


def _whole_or_text(regex: re.Pattern[str], **number: Any) -> dict[str, Any]:
    return {"anyOf": [{"type": "integer", **number}, {"type": "string", "pattern": _pattern(regex)}]}


_BOUND = int(MAX_AMOUNT)
_POSITIVE_MONEY = re.compile(r"(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?")
_TEXT = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}
"""Text: a plain `123` is a number to an editor and text to iopctl."""

Money = Annotated[
    Decimal,
    Scalar(
        parse_money,
        {
            **_number_or_text(_MONEY, minimum=-_BOUND, maximum=_BOUND),
            "description": 'Kronor, at most two decimals, e.g. 380000 or "2.25".',
        },
    ),
]
PositiveMoney = Annotated[
    Decimal,
    Scalar(parse_positive_money, _number_or_text(_POSITIVE_MONEY, exclusiveMinimum=0, maximum=_BOUND)),
]
Rate = Annotated[Decimal, Scalar(parse_rate, _number_or_text(_RATE, exclusiveMinimum=0))]
Percent = Annotated[
    Decimal, Scalar(parse_percent, _number_or_text(_PERCENT, exclusiveMinimum=-100, exclusiveMaximum=100))
]


def _bounded(limit: int, what: str) -> Scalar:
    return Scalar(_count_at_most(limit, what), _whole_or_text(_INT, minimum=0, maximum=limit))


PerYear = Annotated[int, _bounded(52, "times a year (weekly)")]
"""Instalments, meetings or reports a year: at most weekly."""
Months = Annotated[int, _bounded(120, "months (ten years)")]
"""Renewal terms, notice and due-rule months."""
Days = Annotated[int, _bounded(3660, "days (ten years)")]
Weeks = Annotated[int, _bounded(522, "weeks (ten years)")]
Years = Annotated[int, _bounded(10, "years")]
"""A due rule's year offset or an index lag."""
Copies = Annotated[int, _bounded(100, "copies")]
Count = Annotated[int, Scalar(parse_count, _whole_or_text(_INT, minimum=0, maximum=999_999_999))]
Year = Annotated[int, Scalar(parse_year, _whole_or_text(_YEAR, minimum=1900, maximum=2199))]
IsoDate = Annotated[date, Scalar(parse_date, {"type": "string", "format": "date", "pattern": _pattern(_DATE)})]
MonthDay = Annotated[
    tuple[int, int],
    Scalar(parse_month_day, {"type": "string", "pattern": _pattern(_MONTH_DAY), "description": "MM-DD"}),
]
Share = Annotated[
    Decimal,
    Scalar(parse_fraction, _number_or_text(_FRACTION, exclusiveMinimum=0, maximum=1)),
]
Flag = Annotated[bool, Scalar(parse_bool, {"type": "boolean"})]
Text = Annotated[str, Scalar(parse_text, _TEXT)]
Markdown = Annotated[
    str,
    Scalar(parse_markdown, {"anyOf": [{"type": "string"}, {"type": "number"}], "description": "Swedish Markdown"}),
]
_IDENT = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


def parse_ident(value: Any) -> str:
    """An id: lower-case ASCII letters, digits and hyphens; it names files, so it is path-safe."""
    if value is None:
        raise _no_value("an id")
    if not isinstance(value, str):
        raise _err(
            "ident",
            f"expected an id of lower-case ASCII letters, digits and hyphens, got {type(value).__name__}",
        )
    if _IDENT.fullmatch(value) is None:
        if not value:
            hint = " (it is empty)"
        elif "/" in value or "\\" in value or value.startswith("."):
            hint = " (no path: ids become file names)"
        elif len(value) > 80:
            hint = " (at most 80 characters)"
        elif value.lower() != value:
            hint = " (lower case only)"
        elif value.startswith("-"):
            hint = " (it may not start with '-')"
        else:
            hint = ""
        raise _err(
            "ident",
            f"{show(value)} is not an id: use lower-case ASCII letters, digits and hyphens{hint}",
        )
    if is_reserved_name(value):  # a file called `con.md` cannot be created, so no id may be one
        raise _err(
            "ident_reserved",
            f"'{value}' is a reserved device name on Windows and cannot name a file; choose another id",
        )
    return value


Ident = Annotated[
    str,
    Scalar(
        parse_ident,
        {
            "anyOf": [{"type": "string", "pattern": _pattern(_IDENT)}, {"type": "integer", "minimum": 0}],
            "description": "Lower-case ASCII letters, digits and hyphens.",
        },
    ),
]
