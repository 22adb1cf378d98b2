"""Fact check of every draft (issue 16): each amount, date, organisation number and party name
a rendered draft states is one the agreement file or its funding schedule holds, and no figure
the schedule computes (population × rate, an index not yet published) or takes from a series
appears in the text both parties sign.

Run over the five shipped agreements (seeds/000–004 in /work/shared/seeds) and every shape
example in tests/shapes/, on the Markdown and, where WeasyPrint renders, on the PDF's text.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from iopctl.files.discover import templates_dir
from iopctl.funding.schedule import Payment, payment_schedule
from iopctl.load.read import iter_agreement_files, read_agreement
from iopctl.load.workspace import workspace_for
from iopctl.model.agreement import Agreement
from iopctl.render.document import render
from iopctl.swedish import format as sv

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(iter_agreement_files([ROOT / "agreements"])) + sorted((ROOT / "tests" / "shapes").glob("*.yaml"))
IDS = [p.stem for p in FILES]

MONTHS = "januari februari mars april maj juni juli augusti september oktober november december".split()
SPACE = "[ \u00a0\u202f]"
AMOUNT = re.compile(rf"(?<![\d,])(\d{{1,3}}(?:{SPACE}\d{{3}})+|\d+)(?:,(\d{{1,2}}))?{SPACE}(?:kronor|kr)\b")
LONG_DATE = re.compile(rf"\b(\d{{1,2}}){SPACE}({'|'.join(MONTHS)})(?:{SPACE}(\d{{4}}))?\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
ORG_NUMBER = re.compile(r"\b\d{6}-\d{4}\b")
#: Flags of a payment whose sum the schedule computes rather than the agreement states.
COMPUTED = frozenset({"index-forecast", "index-unverified", "population-pending", "population-unverified"})


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@cache
def agreement(path: Path) -> Agreement:
    result = read_agreement(path)
    assert result.agreement is not None, result.problems
    return result.agreement


@cache
def draft(path: Path, fmt: str) -> str:
    """The body of the draft (the provenance line, with its hash, is no fact of the agreement)."""
    data = render(agreement(path), fmt, templates_dir(path), workspace_for(path).series)
    if fmt == "pdf":
        from pypdf import PdfReader

        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        return flat(text).split("Avtals-id:")[0]
    return flat(data.decode("utf-8")).split("Avtals-id:")[0]


def _walk(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list | tuple):
        if len(value) == 2 and all(isinstance(x, int) for x in value):
            yield tuple(value)  # a day of the year, (month, day)
        for v in value:
            yield from _walk(v)
    else:
        yield value


def _amount(whole: str, ore: str | None) -> Decimal:
    return Decimal(re.sub(SPACE, "", whole) + (f".{ore}" if ore else ""))


def _payments(path: Path) -> list[Payment]:
    return payment_schedule(agreement(path), workspace_for(path).series)


def _computed(p: Payment) -> bool:
    return p.basis == "per_capita" or bool(COMPUTED.intersection(p.flags))


def held(path: Path) -> dict[str, set[Any]]:
    """What the file and its schedule hold: amounts, dates, days of the year, org numbers."""
    a = agreement(path)
    source = flat(path.read_text(encoding="utf-8"))
    values = list(_walk(a.model_dump()))
    amounts = {v for v in values if isinstance(v, Decimal)}
    amounts |= {_amount(m[1], m[2]) for m in AMOUNT.finditer(source)}
    dates = {v for v in values if isinstance(v, date)}
    dates |= {date(int(m[1]), int(m[2]), int(m[3])) for m in ISO_DATE.finditer(source)}
    days = {v for v in values if isinstance(v, tuple)}
    for m in LONG_DATE.finditer(source):
        days.add((MONTHS.index(m[2]) + 1, int(m[1])))
        if m[3]:
            dates.add(date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1])))
    stated = [p for p in _payments(path) if not _computed(p)]
    amounts |= {p.amount for p in stated if p.amount is not None}
    amounts |= {u.amount for p in stated for u in p.split if u.amount is not None}  # the units' cost split
    per_unit_year: dict[tuple[str, int], Decimal] = {}
    for p in stated:
        for u in p.split:
            if u.amount is not None:
                per_unit_year[(u.unit, p.year)] = per_unit_year.get((u.unit, p.year), Decimal(0)) + u.amount
    amounts |= set(per_unit_year.values())  # and a unit's part of a year, as the economy table shows it
    dates |= {d for p in stated if p.due for d in (p.due,)} | {d for p in stated for d in p.window}
    days |= {(d.month, d.day) for d in dates}
    orgs = {sv.org_number(p.org_number) for p in a.parties if p.org_number}
    orgs |= set(ORG_NUMBER.findall(source))
    return {"amounts": amounts, "dates": dates, "days": days, "orgs": orgs}


def _formats() -> list[str]:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return ["md"]
    return ["md", "pdf"]


CASES = [pytest.param(p, f, id=f"{p.stem}-{f}") for p in FILES for f in _formats()]


@pytest.mark.parametrize(("path", "fmt"), CASES)
def test_every_amount_is_held(path: Path, fmt: str) -> None:
    allowed = held(path)["amounts"]
    stray = [m[0] for m in AMOUNT.finditer(draft(path, fmt)) if _amount(m[1], m[2]) not in allowed]
    assert not stray, f"{path.stem}.{fmt} states amounts neither the data nor the schedule holds: {stray}"


@pytest.mark.parametrize(("path", "fmt"), CASES)
def test_every_date_is_held(path: Path, fmt: str) -> None:
    h = held(path)
    text = draft(path, fmt)
    stray = []
    for m in LONG_DATE.finditer(text):
        month, day = MONTHS.index(m[2]) + 1, int(m[1])
        if m[3] and date(int(m[3]), month, day) not in h["dates"] or (month, day) not in h["days"]:
            stray.append(m[0])
    assert not stray, f"{path.stem}.{fmt} states dates the data does not hold: {stray}"
    assert not ISO_DATE.search(text), "dates in prose are written in words (31 mars 2025)"


@pytest.mark.parametrize(("path", "fmt"), CASES)
def test_every_org_number_and_party_is_the_datas(path: Path, fmt: str) -> None:
    text = draft(path, fmt)
    stray = [n for n in ORG_NUMBER.findall(text) if n not in held(path)["orgs"]]
    assert not stray, f"{path.stem}.{fmt} states organisation numbers of no party: {stray}"
    a = agreement(path)
    for p in a.parties:
        assert flat(p.name) in text, f"{path.stem}.{fmt} does not name the party {p.name}"
    for s in a.signatories:
        assert flat(s.name) in text


@pytest.mark.parametrize(("path", "fmt"), CASES)
def test_nothing_computed_or_from_a_series_appears(path: Path, fmt: str) -> None:
    text = draft(path, fmt)
    allowed = held(path)["amounts"]
    computed = {p.amount for p in _payments(path) if _computed(p) and p.amount is not None} - allowed
    said = {_amount(m[1], m[2]) for m in AMOUNT.finditer(text)}
    assert not computed & said, f"{path.stem}.{fmt} states computed sums {sorted(computed & said)}"
    series = workspace_for(path).series
    for s in series.population.values():
        for v in s.values:
            figure = sv.amount(Decimal(v.population))
            assert flat(figure) not in text, f"{path.stem}.{fmt} states the population {figure}"
    assert "preliminärt" not in text


def test_the_check_sees_a_computed_sum() -> None:
    """The checks above can fail: Trelleborg's schedule computes sums the draft must not state."""
    path = ROOT / "agreements" / "trelleborg-kvinnojouren-soderslatt-2024.yaml"
    computed = [p for p in _payments(path) if _computed(p) and p.amount is not None]
    assert computed, "Trelleborg's per-capita sums are computed by the schedule"
    sentence = f"Kommunen betalar {sv.amount(computed[0].amount)} kronor den 31 december 2099."
    assert AMOUNT.search(sentence) and _amount(*AMOUNT.search(sentence).groups()) not in held(path)["amounts"]  # type: ignore[union-attr]
    m = LONG_DATE.search(sentence)
    assert m is not None and date(2099, 12, 31) not in held(path)["dates"]
    assert held(path)["orgs"], "Trelleborg's parties carry org numbers"
    assert "999999-9999" not in held(path)["orgs"]


def test_every_shape_and_agreement_is_checked() -> None:
    assert len([p for p in FILES if p.parent.name == "agreements"]) == 5
    assert len([p for p in FILES if p.parent.name == "shapes"]) >= 2
