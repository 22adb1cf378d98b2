"""Money shapes beyond the five agreements (issue 14): one small agreement file per shape in
tests/shapes/, each with the funding a treasurer computes by hand, through the real CLI."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.load.read import validate_text
from iopctl.model.agreement import Agreement

SHAPES = Path(__file__).resolve().parent / "shapes"
runner = CliRunner()
D = Decimal


def run(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


def funding_json(name: str, *more: str) -> dict[str, Any]:
    result = run("funding", str(SHAPES / name), "--format", "json", *more)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


@pytest.mark.parametrize("path", sorted(SHAPES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shape_validates_without_errors(path: Path) -> None:
    result = run("validate", str(path), "--format", "json")
    data = json.loads(result.output)
    errors = [f for f in data["findings"] if f["severity"] == "error"] if "findings" in data else []
    assert not errors, errors


# --- 1. unknown amounts ('fastställs senare') -------------------------------------------------

UNKNOWN = "belopp-faststalls-senare.yaml"
RANGE = ("--from", "2025-01-01", "--to", "2026-12-31")


def test_unknown_amount_is_null_with_its_reason_never_zero() -> None:
    data = funding_json(UNKNOWN, *RANGE)
    rows = [(p["year"], p["due"], p["amount"], p["flags"]) for p in data["payments"]]
    # by hand: 100 000 kr in two equal instalments for 2025; 2026 not stated
    assert rows == [
        (2025, "2025-03-31", "50000.00", []),
        (2025, "2025-09-30", "50000.00", []),
        (2026, "2026-03-31", None, ["amount-unknown"]),
        (2026, "2026-09-30", None, ["amount-unknown"]),
    ]
    assert {p["basis"]["details"].get("amount_note") for p in data["payments"][2:]} == {"fastställs senare"}
    assert "belopp ej fastställt" in data["payments"][2]["basis"]["text"]


def test_totals_with_an_unknown_amount_say_they_are_incomplete() -> None:
    data = funding_json(UNKNOWN, *RANGE, "--by", "year")
    by_year = {t["year"]: (t["amount"], t["complete"]) for t in data["totals"]}
    assert by_year == {2025: ("100000.00", True), 2026: (None, False)}
    assert data["total"] == "100000.00"
    assert data["total_complete"] is False


def test_unknown_amount_in_the_table_and_csv() -> None:
    table = run("funding", str(SHAPES / UNKNOWN), *RANGE, "--by", "year").output.replace("\u00a0", " ")
    assert "belopp ej fastställt" in table
    assert "Totalt 100 000 kr (ofullständigt" in table
    assert "0 kr" not in table.replace("100 000 kr", "")
    text = run("funding", str(SHAPES / UNKNOWN), *RANGE, "--format", "csv").output.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[6] for r in rows[1:]] == ["50000,00", "50000,00", "belopp ej fastställt", "belopp ej fastställt"]


def test_unknown_amount_in_the_calendar() -> None:
    result = run("deadlines", str(SHAPES / UNKNOWN), *RANGE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    events = data["events"] if isinstance(data, dict) else data
    pay = [e for e in events if e["key"].startswith("payment:bidrag:sof:2026")]
    assert len(pay) == 2 and all(e["amount"] is None for e in pay)
    assert all("belopp ej fastställt" in e["title"] for e in pay)


def test_unknown_amount_in_the_draft(tmp_path: Path) -> None:
    result = run("render", str(SHAPES / UNKNOWN), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    draft = (tmp_path / "belopp-faststalls-senare.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "belopp ej fastställt" in draft
    assert "| 2025 | Socialförvaltningen | 100 000 kronor |" in draft
    assert "| 2026 | Socialförvaltningen | belopp ännu inte känt |" in draft
    assert " 0 kronor" not in draft


BASE = UNKNOWN_TEXT = (SHAPES / UNKNOWN).read_text(encoding="utf-8")


def test_null_amount_without_a_reason_is_refused_with_its_line() -> None:
    text = BASE.replace("          amount_note: fastställs senare\n", "")
    problems = validate_text(text, "x.yaml", Agreement).problems
    errors = [p for p in problems if p.severity == "error"]
    assert errors and "amount_note" in errors[0].message
    assert (errors[0].line, errors[0].col) == (32, 11)  # the unknown line's "amount: null"


def test_a_reason_beside_a_stated_amount_is_refused() -> None:
    text = BASE.replace('amount: "100000"', 'amount: "100000"\n          amount_note: fastställs senare')
    problems = validate_text(text, "x.yaml", Agreement).problems
    assert any(p.severity == "error" and "amount_note" in p.message for p in problems)


def test_zero_is_still_refused() -> None:
    text = BASE.replace('amount: "100000"', 'amount: "0"')
    problems = validate_text(text, "x.yaml", Agreement).problems
    assert any(p.severity == "error" for p in problems)


# --- 3. budget year vs payment date ------------------------------------------------------------

QUARTERS = "kvartal-31-december.yaml"


def test_a_31_december_instalment_stays_in_its_budget_year() -> None:
    data = funding_json(QUARTERS, "--from", "2025-01-01", "--to", "2026-12-31", "--by", "year")
    # by hand: 100 000 kr a year in four equal parts of 25 000 kr; the budget year is the year
    # the money is for, whatever day the calendar's date rules move the 31 December one to
    by_year = {t["year"]: (t["amount"], t["payments"]) for t in data["totals"]}
    assert by_year == {2025: ("100000.00", 4), 2026: ("100000.00", 4)}
    dec = [p for p in data["payments"] if p["due"] == "2025-12-31"]
    assert len(dec) == 1 and dec[0]["year"] == 2025 and dec[0]["amount"] == "25000.00"


def test_a_payment_due_after_the_agreement_ends_is_flagged() -> None:
    data = funding_json(QUARTERS, "--from", "2025-01-01", "--to", "2026-12-31")
    flagged = {p["due"] for p in data["payments"] if "outside-period" in p["flags"]}
    # the agreement ends 2026-06-30: the 2026 instalments of 30 September and 31 December
    assert flagged == {"2026-09-30", "2026-12-31"}
    table = run("funding", str(SHAPES / QUARTERS), "--from", "2025", "--to", "2026").output
    assert "utanför avtalstiden" in table


# --- 4. payers that are units of one party: one invoice, one payment (Kalmar) ------------------


def rows_of(name: str, *more: str) -> list[tuple[Any, ...]]:
    data = funding_json(name, "--from", "2025-01-01", "--to", "2027-12-31", *more)
    return [(p["key"], p["payee"], p["year"], p["due"], p["amount"], p["flags"]) for p in data["payments"]]


def budget(name: str) -> dict[tuple[str, int], str | None]:
    data = funding_json(name, "--from", "2025-01-01", "--to", "2027-12-31", "--by", "payer")
    return {(t["payer"], t["year"]): t["amount"] for t in data["totals"]}


def test_units_of_one_party_make_one_payment_and_split_the_budget() -> None:
    name = "enheter-delar-kostnaden.yaml"
    # by hand: 600 000 kr a year in two instalments of 300 000 kr from Exempla kommun; in the
    # budget 60 % = 360 000 kr on Socialförvaltningen, 40 % = 240 000 kr on Kommunledningskontoret
    assert rows_of(name) == [
        ("payment:bidrag:kommun:2025:1", "foreningen", 2025, "2025-03-31", "300000.00", []),
        ("payment:bidrag:kommun:2025:2", "foreningen", 2025, "2025-09-30", "300000.00", []),
        ("payment:bidrag:kommun:2026:1", "foreningen", 2026, "2026-03-31", "300000.00", []),
        ("payment:bidrag:kommun:2026:2", "foreningen", 2026, "2026-09-30", "300000.00", []),
    ]
    assert budget(name) == {
        ("klk", 2025): "240000.00",
        ("klk", 2026): "240000.00",
        ("sof", 2025): "360000.00",
        ("sof", 2026): "360000.00",
    }


def test_units_of_one_party_get_one_invoice_per_instalment() -> None:
    result = run("deadlines", str(SHAPES / "enheter-delar-kostnaden.yaml"), *RANGE, "--format", "json")
    events = json.loads(result.output)["events"]
    invoices = [(e["key"], e["amount"]) for e in events if e["kind"] == "invoice"]
    assert invoices == [
        ("invoice:bidrag:kommun:2025:1", "300000.00"),
        ("invoice:bidrag:kommun:2025:2", "300000.00"),
        ("invoice:bidrag:kommun:2026:1", "300000.00"),
        ("invoice:bidrag:kommun:2026:2", "300000.00"),
    ]
    first = next(e for e in events if e["key"] == "payment:bidrag:kommun:2025:1")
    assert (
        "Socialförvaltningen 180\u00a0000\u00a0kr och Kommunledningskontoret 120\u00a0000\u00a0kr"
        in first["description"]
    )


def test_two_parties_each_pay_their_own_part() -> None:
    # by hand: 200 000 kr shared equally by two municipalities: two payments of 100 000 kr
    assert rows_of("tva-kommuner-delar.yaml") == [
        ("payment:bidrag:grannkommun:2025:1", "foreningen", 2025, "2025-04-30", "100000.00", []),
        ("payment:bidrag:kommun:2025:1", "foreningen", 2025, "2025-04-30", "100000.00", []),
    ]


def test_kalmar_one_invoice_one_payment_a_year_budget_half_per_unit() -> None:
    kalmar = Path(__file__).resolve().parent.parent / "agreements" / "kalmar-kvinnojouren-2025.yaml"
    result = run("deadlines", str(kalmar), "--from", "2025-01-01", "--to", "2027-12-31", "--format", "json")
    events = json.loads(result.output)["events"]
    money = [(e["kind"], e["key"], e["amount"]) for e in events if e["kind"] in ("payment", "invoice")]
    assert sorted(money) == sorted(
        [
            (kind, f"{kind}:ersattning:kalmar-kommun:{y}:1", "1000000.00")
            for kind in ("payment", "invoice")
            for y in (2025, 2026, 2027)
        ]
    )
    data = json.loads(run("funding", str(kalmar), "--by", "payer", "--format", "json").output)
    assert {(t["payer"], t["year"]): t["amount"] for t in data["totals"]} == {
        (unit, y): "500000.00" for unit in ("kalmar-klk", "kalmar-sof") for y in (2025, 2026, 2027)
    }


# --- 5. several payees ------------------------------------------------------------------------------


def test_several_payees_with_given_shares() -> None:
    # by hand: 100 000 kr, 3/4 = 75 000 kr to A and 1/4 = 25 000 kr to B
    assert rows_of("flera-mottagare-andelar.yaml") == [
        ("payment:bidrag~forening-a:sof:2025:1", "forening-a", 2025, "2025-06-30", "75000.00", []),
        ("payment:bidrag~forening-b:sof:2025:1", "forening-b", 2025, "2025-06-30", "25000.00", []),
    ]


def test_several_payees_equal_split_last_takes_the_remaining_ore() -> None:
    # by hand: 100 000 / 3 = 33 333.333… → 33 333.33, 33 333.33 and the rest 33 333.34
    assert [r[4] for r in rows_of("flera-mottagare-lika.yaml")] == ["33333.33", "33333.33", "33333.34"]


def test_unknown_split_is_one_undivided_commitment_flagged() -> None:
    rows = rows_of("ram-fyra-foreningar-okand-fordelning.yaml")
    assert rows == [
        (
            "payment:bidrag:sof:2025:1",
            "forening-a+forening-b+forening-c+forening-d",
            2025,
            "2025-02-28",
            "1000000.00",
            ["split-unknown"],
        )
    ]
    data = funding_json("ram-fyra-foreningar-okand-fordelning.yaml")
    assert data["payments"][0]["payees"] == ["forening-a", "forening-b", "forening-c", "forening-d"]
    selected = run("funding", str(SHAPES / "ram-fyra-foreningar-okand-fordelning.yaml"), "--party", "forening-c")
    assert selected.exit_code == 0 and "1\u00a0000\u00a0000" in selected.output


def test_a_payee_key_is_checked_against_the_payees() -> None:
    from iopctl.deadlines.keys import key_problem
    from iopctl.load.read import read_agreement

    shares = read_agreement(SHAPES / "flera-mottagare-andelar.yaml").agreement
    assert shares is not None
    assert key_problem(shares, "payment:bidrag~forening-a:sof:2025:1") is None
    assert "name one as 'bidrag~PAYEE'" in (key_problem(shares, "payment:bidrag:sof:2025:1") or "")
    assert "name one as" in (key_problem(shares, "payment:bidrag~forening-x:sof:2025:1") or "")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("      payee_split: shares\n", "payees need payee_split"),
        ("          share: 1/4\n", "give a share for every payee"),
    ],
)
def test_several_payees_need_a_stated_split(change: str, message: str) -> None:
    text = (SHAPES / "flera-mottagare-andelar.yaml").read_text(encoding="utf-8").replace(change, "")
    problems = [p for p in validate_text(text, "x.yaml", Agreement).problems if p.severity == "error"]
    assert problems and message in problems[0].message


# --- 6. amounts per month or quarter ------------------------------------------------------------


def test_per_month_counts_the_months_of_the_agreement() -> None:
    # by hand: 25 000 kr × 9 months (April–December) = 225 000 kr in 2025 in three instalments
    # of 75 000 kr; 25 000 × 12 = 300 000 kr in 2026 in four
    rows = rows_of("belopp-per-manad.yaml")
    assert [(r[2], r[3], r[4]) for r in rows] == [
        (2025, "2025-06-30", "75000.00"),
        (2025, "2025-09-30", "75000.00"),
        (2025, "2025-12-31", "75000.00"),
        (2026, "2026-03-31", "75000.00"),
        (2026, "2026-06-30", "75000.00"),
        (2026, "2026-09-30", "75000.00"),
        (2026, "2026-12-31", "75000.00"),
    ]
    by_year = {t["year"]: t["amount"] for t in funding_json("belopp-per-manad.yaml", "--by", "year")["totals"]}
    assert by_year == {2025: "225000.00", 2026: "300000.00"}


def test_per_quarter_counts_whole_quarters() -> None:
    # by hand: 60 000 kr × 2 quarters in each of 2025 (Q3–Q4) and 2026 (Q1–Q2)
    assert [(r[2], r[3], r[4]) for r in rows_of("belopp-per-kvartal.yaml")] == [
        (2025, "2025-09-30", "120000.00"),
        (2026, "2026-03-31", "120000.00"),
    ]


def test_per_month_from_mid_month_without_a_rule_is_not_stated() -> None:
    from iopctl.funding.schedule import payment_schedule
    from iopctl.model.series_store import SeriesStore

    text = (SHAPES / "belopp-per-manad.yaml").read_text(encoding="utf-8").replace("2025-04-01", "2025-04-15")
    a = validate_text(text, "x.yaml", Agreement).agreement
    assert a is not None
    first = payment_schedule(a, SeriesStore())[0]
    # half of April is not a month, and the text says no more: belopp ej fastställt, not a guess
    assert first.amount is None and "amount-unknown" in first.flags
    assert "texten anger inte hur en del av en period beräknas" in first.basis.text


def test_the_draft_says_the_texts_own_unit_never_the_computed_year(tmp_path: Path) -> None:
    result = run("render", str(SHAPES / "belopp-per-manad.yaml"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    draft = (tmp_path / "belopp-per-manad.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "om 25 000 kronor per månad under åren 2025–2026." in draft
    assert "225 000" not in draft and "300 000" not in draft and "75 000" not in draft
    assert "(år 2025 senast den 30 juni, den 30 september och den 31 december)" in draft


# --- 7. caps per year, season or term -----------------------------------------------------------


def test_a_winter_season_cap_invents_no_payment_year_or_date() -> None:
    data = funding_json("tak-vintersasong.yaml", "--from", "2025-01-01", "--to", "2027-12-31")
    rows = [(p["year"], p["window"], p["due"], p["amount"], p["flags"], p["invoice"]) for p in data["payments"]]
    assert rows == [
        (2025, ["2025-11-01", "2026-03-31"], None, "4000000.00", ["needs-date", "cap", "several-years"], False),
        (2026, ["2026-11-01", "2027-03-31"], None, "4000000.00", ["needs-date", "cap", "several-years"], False),
    ]


def test_a_term_cap_and_a_yearly_cap() -> None:
    term = funding_json("tak-avtalstiden.yaml", "--from", "2025-01-01", "--to", "2027-12-31")["payments"]
    assert [(p["window"], p["amount"], p["flags"]) for p in term] == [
        (["2025-01-01", "2027-12-31"], "2000000.00", ["needs-date", "cap", "several-years"])
    ]
    yearly = funding_json("tak-per-ar.yaml", "--from", "2025-01-01", "--to", "2027-12-31")["payments"]
    assert [(p["year"], p["period"], p["amount"], p["flags"]) for p in yearly] == [
        (2025, "2025", "150000.00", ["needs-date", "cap"]),
        (2026, "2026", "150000.00", ["needs-date", "cap"]),
    ]


def test_cap_drafts_say_the_maximum_and_the_span(tmp_path: Path) -> None:
    for name, sentence in (
        (
            "tak-vintersasong",
            "om högst 4 000 000 kronor per säsong (1 november–31 mars) för säsongerna 2025/2026 och 2026/2027.",
        ),
        ("tak-avtalstiden", "om högst 2 000 000 kronor under avtalstiden."),
        ("tak-per-ar", "om högst 150 000 kronor per år under åren 2025–2026."),
    ):
        assert run("render", str(SHAPES / f"{name}.yaml"), "--out", str(tmp_path)).exit_code == 0
        draft = (tmp_path / f"{name}.md").read_text(encoding="utf-8").replace("\u00a0", " ")
        assert sentence in draft
        assert "Belopp per år och betalare" not in draft


def test_a_cap_whose_text_says_nothing_of_timing_drafts_no_count(tmp_path: Path) -> None:
    """No `payments:` at all: the schedule has one undated payment a year, the draft no timing
    sentence ('vid ett tillfälle per år' would be a count nobody agreed), validate says so."""
    text = (SHAPES / "tak-per-ar.yaml").read_text(encoding="utf-8")
    plan = "      payments:\n        wording: mot faktura kvartalsvis i efterskott\n"
    assert plan in text
    path = tmp_path / "tak-per-ar.yaml"
    path.write_text(text.replace(plan, ""), encoding="utf-8")
    assert run("render", str(path), "--out", str(tmp_path)).exit_code == 0
    draft = (tmp_path / "tak-per-ar.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "om högst 150 000 kronor per år under åren 2025–2026." in draft
    assert "betalas ut" not in draft and "tillfälle" not in draft
    result = run("validate", str(path), "--format", "json")
    found = [f for r in json.loads(result.output)["files"] for f in r["problems"] if f["rule"] == "payment-dates"]
    assert [(f["line"], f["message"][:45]) for f in found] == [
        (22, "the text says nothing of when the money is pa")
    ]  # the commitment


# --- 8. part years only as the text says ---------------------------------------------------------


def test_part_years_by_days() -> None:
    # by hand: 150 000 × 184/365 = 75 616.438… → 75 616.44 (1 July–31 December 2025);
    # 150 000 × 181/365 = 74 383.561… → 74 383.56 (1 January–30 June 2026); together 150 000.00
    rows = rows_of("halvar-dagar.yaml")
    assert [(r[2], r[3], r[4]) for r in rows] == [(2025, "2025-12-15", "75616.44"), (2026, "2026-06-15", "74383.56")]
    assert sum(D(r[4]) for r in rows) == D("150000.00")


def test_part_year_by_whole_months() -> None:
    # by hand: 120 000 × 10/12 (March–December) = 100 000
    assert [(r[2], r[4]) for r in rows_of("delar-av-ar-manader.yaml")] == [(2025, "100000.00")]


def test_first_and_last_year_fewer_instalments_sum_by_instalments() -> None:
    # by hand: 200 000 kr a year in four; 2025 and 2027 have two instalments: 200 000 × 2/4
    rows = rows_of("forsta-aret-farre-utbetalningar.yaml")
    assert [(r[2], r[3]) for r in rows] == [
        (2025, "2025-09-30"),
        (2025, "2025-12-31"),
        (2026, "2026-03-31"),
        (2026, "2026-06-30"),
        (2026, "2026-09-30"),
        (2026, "2026-12-31"),
        (2027, "2027-03-31"),
        (2027, "2027-06-30"),
    ]
    assert {r[4] for r in rows} == {"50000.00"} and not any(r[5] for r in rows)
    by_year = {
        t["year"]: t["amount"] for t in funding_json("forsta-aret-farre-utbetalningar.yaml", "--by", "year")["totals"]
    }
    assert by_year == {2025: "100000.00", 2026: "200000.00", 2027: "100000.00"}


def test_a_part_year_without_a_rule_is_the_stated_sum() -> None:
    text = (SHAPES / "halvar-dagar.yaml").read_text(encoding="utf-8").replace("          pro_rata: days\n", "")
    a = validate_text(text, "x.yaml", Agreement).agreement
    assert a is not None
    from iopctl.funding.schedule import payment_schedule
    from iopctl.model.series_store import SeriesStore

    assert [p.amount for p in payment_schedule(a, SeriesStore())] == [D("150000.00"), D("150000.00")]


def test_part_year_drafts_state_the_rule_not_the_sum(tmp_path: Path) -> None:
    assert run("render", str(SHAPES / "halvar-dagar.yaml"), "--out", str(tmp_path)).exit_code == 0
    draft = (tmp_path / "halvar-dagar.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "150 000 kronor per år under åren 2025–2026; för del av år beräknas beloppet efter antalet dagar." in draft
    assert "75 616" not in draft and "74 383" not in draft


# --- properties: splits and pro-rata add up to the whole to the öre -------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ore = st.integers(min_value=1, max_value=10**11).map(lambda c: D(c) / 100)


@settings(max_examples=300, derandomize=True)
@given(amount=ore, weights=st.lists(st.integers(min_value=1, max_value=366), min_size=1, max_size=12))
def test_pro_rata_parts_add_up_to_the_whole(amount: Decimal, weights: list[int]) -> None:
    from iopctl.funding.periods import part_of_whole

    parts = part_of_whole(amount, weights)
    assert sum(parts, D(0)) == amount
    assert all(p == p.quantize(D("0.01")) for p in parts)
    exact = [amount * w / sum(weights) for w in weights]
    assert all(abs(p - e) <= D("0.01") * len(weights) for p, e in zip(parts, exact, strict=True))


@settings(max_examples=200, derandomize=True)
@given(day=st.integers(min_value=1, max_value=364), year=st.integers(min_value=2024, max_value=2030))
def test_days_of_a_year_split_anywhere_add_up(day: int, year: int) -> None:
    from datetime import date, timedelta

    from iopctl.funding.periods import days, year_days

    cut = date(year, 1, 1) + timedelta(days=day)
    assert days(date(year, 1, 1), cut - timedelta(days=1)) + days(cut, date(year, 12, 31)) == year_days(year)


@settings(max_examples=150, derandomize=True)
@given(
    amount=ore,
    payees=st.integers(min_value=2, max_value=4),
    units=st.lists(st.integers(min_value=1, max_value=9), min_size=2, max_size=2),
    per_year=st.integers(min_value=1, max_value=4),
)
def test_payee_and_unit_splits_add_up_to_the_year(
    amount: Decimal, payees: int, units: list[int], per_year: int
) -> None:
    from iopctl.funding.schedule import payment_schedule
    from iopctl.funding.views import budget_parts
    from iopctl.model.series_store import SeriesStore

    whole = sum(units)
    text = (SHAPES / "flera-mottagare-lika.yaml").read_text(encoding="utf-8")
    names = "".join(f"        - payee: forening-{c}\n" for c in "abcd"[:payees])
    text = text.replace(
        "        - payee: forening-a\n        - payee: forening-b\n        - payee: forening-c\n", names
    )
    text = text.replace(
        "        - payer: sof\n",
        f'        - payer: sof\n          share: "{units[0]}/{whole}"\n        - payer: klk\n          share: "{units[1]}/{whole}"\n',
    )
    text = text.replace('amount: "100000"', f'amount: "{amount}"').replace(
        '        per_year: 1\n        due: ["06-30"]\n', f"        per_year: {per_year}\n"
    )
    a = validate_text(text, "x.yaml", Agreement).agreement
    assert a is not None
    payments = payment_schedule(a, SeriesStore())
    assert len(payments) == payees * per_year  # the units pay as their party: one payment each
    assert sum((p.amount for p in payments), D(0)) == amount
    assert sum((b.amount for b in budget_parts(payments)), D(0)) == amount
    for p in payments:
        assert sum((u.amount for u in p.split), D(0)) == p.amount
