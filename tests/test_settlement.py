"""Planned against paid (`iopctl.funding.settlement`, `iopctl funding --paid`), on a record of
payments on the Kalmar agreement (tests/data/records/, a fixture copy; the shipped `_records/`
holds none)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.funding.basis import Basis
from iopctl.funding.schedule import Payment
from iopctl.funding.settlement import payment_key, settle, settled_totals
from iopctl.model.records import PaymentMade, Records

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
KALMAR = "kalmar-kvinnojouren-2025"
RECORDS = ROOT / "tests" / "data" / "records" / f"{KALMAR}.yaml"
D = Decimal
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Kalmar with its payments recorded."""
    target = tmp_path / "agreements"
    target.mkdir()
    shutil.copy(AGREEMENTS / f"{KALMAR}.yaml", target)
    shutil.copytree(AGREEMENTS / "_series", target / "_series")
    (target / "_records").mkdir()
    shutil.copy(RECORDS, target / "_records")
    return target


def payment(amount: Decimal | None, *, year: int = 2025, payer: str = "a", due: date | None = None) -> Payment:
    return Payment(
        agreement="x",
        commitment="c",
        payer=payer,
        payer_name=payer.upper(),
        payee="p",
        payee_name="P",
        year=year,
        period=str(year),
        instalment=1,
        instalments=1,
        due=due,
        window=(date(year, 1, 1), date(year, 12, 31)),
        amount=amount,
        basis=Basis("fixed", "", {}),
    )


def made(p: Payment, amount: str, day: str = "2025-03-01") -> PaymentMade:
    return PaymentMade(key=payment_key(p), date=date.fromisoformat(day), amount=D(amount))


# --- the module -------------------------------------------------------------------------------


def test_overdue_only_after_the_legal_last_day() -> None:
    # 2025-05-31 is a Saturday: skuldebrevslagen 5 § gives Monday 2 June as the last day.
    p = payment(D("100.00"), due=date(2025, 5, 31))
    on = {today: settle([p], None, today=date.fromisoformat(today))[0] for today in ("2025-06-02", "2025-06-03")}
    assert on["2025-06-02"].last_day == date(2025, 6, 2)
    assert (on["2025-06-02"].overdue, on["2025-06-02"].status) == (False, "unpaid")
    assert (on["2025-06-03"].overdue, on["2025-06-03"].status) == (True, "overdue")


def test_statuses_and_figures() -> None:
    full, part, over, late, unknown = (payment(D("100.00"), payer=n, due=date(2025, 3, 31)) for n in "abcde")
    unknown = payment(None, payer="e", due=date(2025, 3, 31))
    records = Records(
        agreement="x",
        payments=[made(full, "100"), made(part, "40.10"), made(over, "60"), made(over, "50.50"), made(unknown, "7")],
    )
    s = {x.payment.payer: x for x in settle([full, part, over, late, unknown], records, today=date(2025, 3, 1))}
    assert {k: x.status for k, x in s.items()} == {
        "a": "paid",
        "b": "underpaid",
        "c": "overpaid",
        "d": "unpaid",
        "e": "not-stated",
    }
    assert (s["b"].paid, s["b"].outstanding, s["b"].overpaid) == (D("40.10"), D("59.90"), D("0"))
    assert (s["c"].paid, s["c"].outstanding, s["c"].overpaid) == (D("110.50"), D("0"), D("10.50"))
    assert (s["e"].planned, s["e"].outstanding, s["e"].paid) == (None, None, D("7"))
    assert s["e"].as_json()["planned"] is None and s["e"].as_json()["outstanding"] is None
    assert settle([part], records, today=date(2025, 4, 1))[0].status == "overdue"
    # paid in full only after the legal last day (31 March 2025, a Monday): paid, but late
    on_time = Records(agreement="x", payments=[made(late, "60", "2025-03-31"), made(late, "40", "2025-03-31")])
    assert settle([late], on_time, today=date(2025, 5, 1))[0].status == "paid"
    after = Records(agreement="x", payments=[made(late, "60", "2025-03-20"), made(late, "40", "2025-04-01")])
    x = settle([late], after, today=date(2025, 5, 1))[0]
    assert (x.status, x.settled_on, x.late, x.overdue) == ("paid-late", date(2025, 4, 1), True, False)
    # overpaid late is overpaid; the day it was settled is the payment that reached the sum
    more = Records(agreement="x", payments=[made(late, "100", "2025-03-01"), made(late, "5", "2025-04-01")])
    assert settle([late], more, today=date(2025, 5, 1))[0].settled_on == date(2025, 3, 1)


cents = st.integers(min_value=0, max_value=10**10).map(lambda c: Decimal(c) / 100)


@given(
    st.lists(
        st.tuples(st.one_of(st.none(), cents), st.lists(cents, max_size=4), st.sampled_from(["a", "b"])),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["agreement", "payer", "year"]),
)
def test_paid_and_outstanding_add_up_to_planned_property(
    lines: list[tuple[Decimal | None, list[Decimal], str]], by: str
) -> None:
    payments, recorded = [], []
    for i, (amount, paid, payer) in enumerate(lines):
        p = payment(amount, year=2025 + i % 2, payer=f"{payer}{i}", due=date(2025 + i % 2, 3, 31))
        payments.append(p)
        recorded.extend(made(p, str(a)) for a in paid)
    settled = settle(payments, Records(agreement="x", payments=recorded), today=date(2026, 6, 1))
    for x, (_, paid, _) in zip(settled, lines, strict=True):
        assert x.paid == sum(paid, D(0))
        if x.planned is None:
            assert x.outstanding is None and x.overpaid == 0
        elif x.overpaid == 0:
            assert x.paid + x.outstanding == x.planned  # type: ignore[operator]
        else:
            assert x.outstanding == 0 and x.paid - x.overpaid == x.planned
        assert x.overdue == (x.planned is not None and x.paid < x.planned)  # every last day has passed
    totals = settled_totals(settled, by)
    assert sum((t.paid for t in totals), D(0)) == sum((x.paid for x in settled), D(0))
    assert sum((t.planned for t in totals), D(0)) == sum((x.planned or 0 for x in settled), D(0))
    for t in totals:
        assert t.planned - t.outstanding == t.paid - t.overpaid or not t.complete
    assert sum(t.payments for t in totals) == len(settled)


# --- iopctl funding --paid on Kalmar -----------------------------------------------------------


@given(
    st.integers(min_value=1, max_value=10**9).map(lambda c: Decimal(c) / 100),
    st.lists(st.integers(min_value=1, max_value=9), min_size=2, max_size=4),
    st.lists(cents, max_size=4),
    st.booleans(),
)
def test_the_budget_view_divides_what_was_paid_as_the_cost_property(
    amount: Decimal, weights: list[int], paid: list[Decimal], equal: bool
) -> None:
    """Units' parts of a party's payment: planned and paid add up to the party's to the öre;
    paid in full, each unit has exactly its planned part."""
    from dataclasses import replace

    from iopctl.funding.schedule import UnitPart
    from iopctl.funding.settlement import budget_settled
    from iopctl.money import split, split_equal

    shares = [Decimal(w) / sum(weights) for w in weights]
    parts = split_equal(amount, len(weights)) if equal else split(amount, shares)
    units = tuple(UnitPart(f"u{k}", f"U{k}", None if equal else shares[k], part) for k, part in enumerate(parts))
    p = replace(payment(amount, due=date(2025, 3, 31)), split=units)
    for recorded in (paid, [amount]):
        x = settle([p], Records(agreement="x", payments=[made(p, str(a)) for a in recorded]), today=date(2026, 1, 1))[0]
        budget = budget_settled([x], today=date(2026, 1, 1))
        assert [b.payment.payer for b in budget] == [u.unit for u in units]
        assert sum((b.paid for b in budget), D(0)) == x.paid
        assert sum((b.planned or D(0) for b in budget), D(0)) == amount
        assert sum((b.outstanding or D(0) for b in budget), D(0)) - sum((b.overpaid for b in budget), D(0)) == (
            amount - x.paid
        )
        if x.paid == amount:
            assert [b.paid for b in budget] == list(parts) and all(b.status == "paid" for b in budget)
        for b in budget:
            assert sum(b.amounts, D(0)) == b.paid


def test_json_settles_kalmar_per_payment_and_per_year(folder: Path) -> None:
    result = invoke("funding", str(folder), "--paid", "--today", "2026-05-01", "--format", "json")
    assert result.exit_code == 0, result.output
    s = json.loads(result.stdout)["settlement"]
    rows = {p["key"]: (p["planned"], p["paid"], p["outstanding"], p["overpaid"], p["status"]) for p in s["payments"]}
    assert rows == {
        "payment:ersattning:kalmar-kommun:2025:1": ("1000000.00", "1000000.00", "0.00", "0.00", "paid-late"),
        "payment:ersattning:kalmar-kommun:2026:1": ("1000000.00", "510000.00", "490000.00", "0.00", "overdue"),
        "payment:ersattning:kalmar-kommun:2027:1": ("1000000.00", "1010000.00", "0.00", "10000.00", "overpaid"),
    }
    first = next(p for p in s["payments"] if p["key"] == "payment:ersattning:kalmar-kommun:2025:1")
    assert first["paid_on"] == ["2025-03-28", "2025-04-22"]
    # paid in full on 22 April, after the legal last day (Monday 31 March 2025)
    assert (first["last_day"], first["settled_on"], first["late"]) == ("2025-03-31", "2025-04-22", True)
    assert s["claims"] == [
        {
            "agreement": KALMAR,
            "commitment": "ersattning",
            "payee": "kvinnojouren-kalmar",
            "date": "2026-05-02",
            "amount": "10000.00",
            "reason": "Utbetalt utöver avtalat belopp 2027.",
            "repaid": None,
            "status": "open",
        }
    ]
    assert (s["claimed"], s["repaid"]) == ("10000.00", "0.00")
    years = {t["year"]: (t["planned"], t["paid"], t["outstanding"], t["overpaid"], t["overdue"]) for t in s["totals"]}
    assert years == {
        2025: ("1000000.00", "1000000.00", "0.00", "0.00", 0),
        2026: ("1000000.00", "510000.00", "490000.00", "0.00", 1),
        2027: ("1000000.00", "1010000.00", "0.00", "10000.00", 0),
    }
    assert (s["planned"], s["paid"], s["outstanding"], s["overdue"]) == ("3000000.00", "2520000.00", "490000.00", 1)


def test_without_paid_the_json_has_no_settlement(folder: Path) -> None:
    assert "settlement" not in json.loads(invoke("funding", str(folder), "--format", "json").stdout)


def test_budget_view_table_shows_planned_paid_and_outstanding_first(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = invoke("funding", str(folder), "--settlement", "--by", "payer", "--today", "2026-05-01").stdout
    out = out.replace("\u00a0", " ")  # amounts are grouped with a no-break space
    assert out.index("Budget per betalare och år: planerat och utbetalt") < out.index("Planerat och utbetalt\n")
    # the budget view: each unit its half of what was planned and of what was paid
    budget = out[: out.index("Planerat och utbetalt\n")]
    lines = [[c.strip() for c in x.strip("│").split("│")] for x in budget.splitlines() if x.startswith("│ Kalmar")]
    assert [x for x in lines if x[1] == "2026"] == [
        ["Kalmar kommun, Kommunledningskontoret", "2026", "500 000", "255 000", "245 000", "0", "1", "1"],
        ["Kalmar kommun, Socialförvaltningen", "2026", "500 000", "255 000", "245 000", "0", "1", "1"],
    ]
    assert len(lines) == 6 and ["Kalmar kommun, Socialförvaltningen", "2027", "500 000", "505 000", "0", "5 000",
                                "1", "0"] in lines  # fmt: skip
    # the payments themselves are the party's, as paid and recorded
    line = next(x for x in out.splitlines() if x.startswith("│ kalmar") and "2026" in x)
    assert [c.strip() for c in line.strip("│").split("│")][1:3] == ["Kalmar kommun", "2026"]
    assert "försenad" in out and "överbetald" in out
    assert "Utbetalt 2 520 000 kr, kvar 490 000 kr; 1 försenad; 1 betald för sent" in out
    assert out.index("Återbetalningskrav") > out.index("Planerat och utbetalt\n")
    claim = next(x for x in out.splitlines() if x.startswith("│ kalmar") and "2026-05-02" in x)
    assert [c.strip() for c in claim.strip("│").split("│")][3:6] == ["2026-05-02", "10 000", "ej återbetalt"]
    assert "Återkrävt 10 000 kr, varav återbetalt 0 kr" in out


@pytest.mark.parametrize(("dialect", "amount"), [("excel-sv", "510000,00"), ("neutral", "510000.00")])
def test_csv_per_payment_and_per_payer(folder: Path, dialect: str, amount: str) -> None:
    args = ["funding", str(folder), "--paid", "--today", "2026-05-01", "--format", "csv", "--csv-dialect", dialect]
    text = invoke(*args).stdout.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if dialect == "excel-sv" else ","))

    assert rows[0][6:10] == ["Planerat", "Utbetalt", "Kvar", "Status"]
    late = next(r for r in rows if r[1] == "Kalmar kommun" and r[2] == "2026")
    assert (late[7], late[9]) == (amount, "försenad")
    delimiter = ";" if dialect == "excel-sv" else ","
    by_payer = list(
        csv.reader(io.StringIO(invoke(*args, "--by", "payer").stdout.lstrip("\ufeff")), delimiter=delimiter)
    )
    assert by_payer[0] == ["Betalare", "År", "Planerat", "Utbetalt", "Kvar", "Överbetalt", "Betalningar", "Försenade"]
    assert len(by_payer) == 7  # a header and one row a year per unit: the units share the cost, and what was paid
    assert by_payer[1][:5] == ["Kalmar kommun, Kommunledningskontoret", "2025", *[a.replace("510000", "500000")
                               for a in (amount, amount)], "0" + amount[-3:]]  # fmt: skip


def test_xlsx_has_typed_settlement_sheets(folder: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    out = tmp_path / "avstamning.xlsx"
    result = invoke("funding", str(folder), "--paid", "--today", "2026-05-01", "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["Avstämning per avtal", "Planerat och utbetalt"]
    rows = list(wb["Planerat och utbetalt"].iter_rows(values_only=True))
    assert rows[0][6:10] == ("Planerat", "Utbetalt", "Kvar", "Status")
    late = next(r for r in rows[1:] if r[1] == "Kalmar kommun" and r[2] == 2026)
    assert late[4].date() == date(2026, 3, 31) and late[6:10] == (1000000, 510000, 490000, "försenad")
    assert "Budget" in wb.sheetnames  # the plain sheets follow
    claims = list(wb["Återbetalningskrav"].iter_rows(values_only=True))
    assert claims[0][3:6] == ("Krav den", "Belopp", "Återbetalt den")
    assert claims[1][3].date() == date(2026, 5, 2) and claims[1][4:6] == (10000, None)


def test_status_and_follow_up_read_what_was_paid_from_the_settlement(folder: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    status = json.loads(invoke("status", str(folder), "--today", "2026-05-01", "--format", "json").stdout)
    row = status["agreements"][0]
    assert (row["planned"], row["paid"], row["outstanding"]) == ("1000000.00", "510000.00", "490000.00")
    out = tmp_path / "uppfoljning.xlsx"
    args = ["follow-up", str(folder), "--year", "2026", "--today", "2026-05-01", "--format", "xlsx", "--out", str(out)]
    assert invoke(*args).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Ekonomi 2026", "Åtaganden", "Anmärkningar", "Återbetalningskrav"]
    money = {r[1]: r[5:10] for r in list(wb["Ekonomi 2026"].iter_rows(values_only=True))[1:]}
    assert money == {
        "Kalmar kommun": (1000000, 510000, 490000, 0, "försenad"),
    }
    claim = list(wb["Återbetalningskrav"].iter_rows(values_only=True))[1]
    assert claim[1].date() == date(2026, 5, 2) and claim[2] == 10000
    assert isinstance(wb["Ekonomi 2026"].cell(row=2, column=6).value, int | float)
    # the pack's payment table says each payment's status, as funding --paid does
    md = tmp_path / "md"
    assert invoke("follow-up", str(folder), "--year", "2025", "--today", "2026-05-01", "--out", str(md)).exit_code == 0
    text = (md / "uppfoljning-2025.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "| Betalare | Period | Förfallodag | Avtalat | Utbetalt | Utbetalningsdag | Status |" in text
    assert "| 28 mars 2025, 22 april 2025 | betald för sent |" in text


# --- status: the table fits, each file is read once --------------------------------------------


@pytest.mark.parametrize("width", [100, 120, 160])
def test_status_table_fits_the_width_and_keeps_ids_whole(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = invoke("status", str(AGREEMENTS), "--today", "2025-06-01").stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert "trelleborg-kvinnojouren-soderslatt-2024" in out and "105 606" in out.replace("\u00a0", " ")
    assert "Utelämnade kolumner: Parter" in out
    wide = invoke("status", str(AGREEMENTS), "--today", "2025-06-01", "--wide").stdout
    assert "Parter" in wide and "Utelämnade" not in wide


def test_status_reads_each_agreement_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from iopctl.followup.status import status_view
    from iopctl.load import read

    calls: list[Path] = []
    real = read.read_agreement

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        calls.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(read, "read_agreement", counting)
    files = sorted(AGREEMENTS.glob("*.yaml"))
    view = status_view(files, today=date(2025, 6, 1))
    assert len(view.rows) == 5 and sorted(calls) == files
    # the same findings validate reports
    kalmar = next(r for r in view.rows if r.agreement == KALMAR)
    validated = json.loads(invoke("validate", str(AGREEMENTS / f"{KALMAR}.yaml"), "--format", "json").stdout)
    assert kalmar.warnings == sum(p["severity"] == "warning" for f in validated["files"] for p in f["problems"])
