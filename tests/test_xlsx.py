"""Spreadsheets: the reusable writer (typed cells, exact amounts, frozen header, atomic) and
`iopctl funding --format xlsx` / `--csv-dialect`, read back with openpyxl."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.report.xlsx import KRONOR_FORMAT, Sheet, workbook_bytes, write_workbook

AGREEMENTS = Path(__file__).resolve().parent.parent / "agreements"
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["funding", *args], catch_exceptions=False)


def read(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_cells_are_typed_and_the_header_is_frozen(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    rows = [["Kalmar kommun", 2025, date(2025, 3, 31), Decimal("500000.00"), None, "=SUM(A1)"]]
    write_workbook(path, [Sheet("Budget", ["Betalare", "År", "Datum", "Belopp", "Not", "T"], rows)])
    ws = openpyxl.load_workbook(path)["Budget"]
    assert [c.value for c in ws[1]] == ["Betalare", "År", "Datum", "Belopp", "Not", "T"]
    assert ws[1][0].font.bold
    assert ws.freeze_panes == "A2"
    name, year, due, amount, empty, formula = ws[2]
    assert name.value == "Kalmar kommun" and year.value == 2025
    assert isinstance(due.value, datetime) and due.value.date() == date(2025, 3, 31)
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert isinstance(amount.value, int | float) and amount.number_format == KRONOR_FORMAT
    assert Decimal(str(amount.value)) == Decimal("500000")
    assert empty.value is None
    assert formula.value == "=SUM(A1)" and formula.data_type == "s"  # text, never a formula
    assert ws.column_dimensions["A"].width >= len("Kalmar kommun")
    assert not list(tmp_path.glob(".*"))  # no temporary left behind


@given(
    st.lists(
        st.decimals(
            min_value=Decimal("-10000000000"),
            max_value=Decimal("10000000000"),
            places=2,
            allow_nan=False,
            allow_infinity=False,
        ),
        min_size=1,
        max_size=20,
    )
)
def test_amounts_read_back_exactly(amounts: list[Decimal]) -> None:
    ws = read(workbook_bytes([Sheet("S", ["Belopp"], [[a] for a in amounts])]))["S"]
    back = [Decimal(str(row[0].value)) for row in ws.iter_rows(min_row=2)]
    assert back == amounts


def test_sheet_titles_are_made_valid_and_unique() -> None:
    wb = read(workbook_bytes([Sheet("a/b", ["x"], []), Sheet("A/B", ["x"], []), Sheet("x" * 40, [], [])]))
    assert wb.sheetnames == ["a b", "A B 2", "x" * 31]


def test_a_short_row_is_refused() -> None:
    with pytest.raises(ValueError, match="row 2: 1 values for 2 headings"):
        workbook_bytes([Sheet("S", ["a", "b"], [["x"]])])


def test_funding_xlsx_budget_with_agreement_column_and_payments(tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    result = invoke(str(AGREEMENTS), "--from", "2025", "--to", "2025", "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Budget", "Summa per avtal och år", "Utbetalningar"]
    budget = wb["Budget"]
    assert [c.value for c in budget[1]] == [
        "Betalare", "Avtal", "År", "Belopp", "Antal betalningar", "Anmärkningar",
    ]  # fmt: skip
    payments = json.loads(invoke(str(AGREEMENTS), "--from", "2025", "--to", "2025", "--format", "json").stdout)
    total = Decimal(payments["total"])
    rows = list(budget.iter_rows(min_row=2, values_only=True))
    assert sum(Decimal(str(r[3])) for r in rows) == total
    assert {r[1] for r in rows} == {p["agreement"] for p in payments["payments"]}
    by_payer = json.loads(
        invoke(str(AGREEMENTS), "--from", "2025", "--to", "2025", "--by", "payer", "--format", "json").stdout
    )
    # the budget view: a party's payment split between its units is each unit's part (Kalmar)
    assert {(r[0], r[2], Decimal(str(r[3]))) for r in rows} == {
        (t["payer_name"], t["year"], Decimal(t["amount"])) for t in by_payer["totals"]
    }
    assert ("Kalmar kommun, Kommunledningskontoret", 2025, Decimal("500000")) in {(r[0], r[2], r[3]) for r in rows}
    sheet = wb["Utbetalningar"]
    listed = list(sheet.iter_rows(min_row=2))
    assert len(listed) == len(payments["payments"])
    for cells, p in zip(listed, payments["payments"], strict=True):
        assert Decimal(str(cells[6].value)) == Decimal(p["amount"])
        assert cells[6].number_format == KRONOR_FORMAT
        if p["due"] is None:
            assert cells[5].value is None
        else:
            assert cells[5].is_date and cells[5].value.date().isoformat() == p["due"]
    assert sheet.freeze_panes == "A2"


def test_xlsx_needs_out_and_out_needs_xlsx(tmp_path: Path) -> None:
    result = invoke(str(AGREEMENTS), "--format", "xlsx")
    assert result.exit_code == 2 and "--out" in result.stderr
    result = invoke(str(AGREEMENTS), "--out", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and not (tmp_path / "x.xlsx").exists()


def test_csv_dialects() -> None:
    args = [str(AGREEMENTS), "--from", "2025", "--to", "2025", "--by", "payer", "--format", "csv"]
    swedish = invoke(*args).stdout_bytes
    assert swedish.startswith("\ufeff".encode()) and b";500000,00;" in swedish
    assert invoke(*args, "--csv-dialect", "excel-sv").stdout_bytes == swedish
    neutral = invoke(*args, "--csv-dialect", "neutral").stdout
    assert not neutral.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(neutral)))
    assert rows[0] == ["Betalare", "År", "Belopp", "Antal betalningar", "Anmärkningar"]
    amounts = {r[0]: Decimal(r[2]) for r in rows[1:]}
    assert amounts["Kalmar kommun, Socialförvaltningen"] == Decimal("500000.00")
    assert all("," not in r[2] for r in rows[1:])


def test_the_worksheets_xml_is_what_openpyxl_writes() -> None:
    """The fast worksheets (`workbook_parts`) have openpyxl's bytes: texts to escape, numbers,
    dates, empty cells, and number formats first used in another order on each sheet."""
    import io
    import zipfile

    from iopctl.report.xlsx import openpyxl_workbook

    texts = ["a & b", " kant ", "<tag>", "Örebro\r\nrad två", "", "=SUMMA(A1)", "x" * 70, "😀"]
    first = [[t, n, Decimal(f"{n}.5") if n % 3 else None, date(2025, 1, n % 28 + 1), n % 2 == 0] for n, t in
             enumerate(texts * 3)]  # fmt: skip
    second = [[date(2024, 12, 31), Decimal("12345678.90"), "text", 7], [None, None, None, None]]
    # equal values of other types, and of other exponents, in one column: each its own cell
    # (the cells are remembered by type and value: True == 1 == Decimal(1))
    second += [[date(2024, 12, 31), value, "text", value] for value in (True, 1, Decimal(1), Decimal("1.00"), "1")]
    second += [[date(2024, 12, 31), Decimal("1E+3"), "text", Decimal("1000.0")]]
    sheets = [
        Sheet("Första", ["Text", "Tal", "Belopp", "Dag", "Ja"], first),
        Sheet("Andra", ["D", "B", "T", "I"], second),
    ]

    def members(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}

    fast, slow = members(workbook_bytes(sheets)), members(openpyxl_workbook(sheets))
    assert fast.keys() == slow.keys() and "xl/worksheets/sheet2.xml" in fast
    assert all(fast[n] == slow[n] for n in fast), [n for n in fast if fast[n] != slow[n]]
