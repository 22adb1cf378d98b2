"""`iopctl status`, `iopctl record` and `--party` through the app, on copies of the shipped agreements."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
PAY = "payment:ersattning:kalmar-kommun:2025:1"
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "agreements"
    shutil.copytree(AGREEMENTS, target)
    return target


def rows(folder: Path, *extra: str) -> dict[str, Any]:
    result = invoke("status", str(folder), "--today", "2025-06-01", "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return {r["agreement"]: r for r in json.loads(result.stdout)["agreements"]}


def test_status_shows_the_five_agreements_with_phase_money_and_next_deadline(folder: Path) -> None:
    found = rows(folder)
    assert len(found) == 5
    kalmar = found["kalmar-kvinnojouren-2025"]
    assert kalmar["phase"] == "pågående"
    assert kalmar["planned"] == "1000000.00" and kalmar["paid"] == "0.00"
    assert found["lund-kvinnojouren-2021"]["phase"] == "avslutad"
    trelleborg = found["trelleborg-kvinnojouren-soderslatt-2024"]
    assert trelleborg["next"] == {
        "title": "Sista dag för uppsägning inför 2026-01-01",
        "key": "notice:2026-01-01",
        "date": "2025-09-30",
    }
    assert trelleborg["amount_pending"] is True
    table = invoke("status", str(folder), "--today", "2025-06-01")
    assert "pågående" in table.stdout and "5 avtal; i dag 2025-06-01" in table.stdout


def test_record_payment_then_status_and_deadlines_show_it_paid_and_done(folder: Path) -> None:
    records = folder / "_records" / "kalmar-kvinnojouren-2025.yaml"
    records.write_text("# kept comment\nagreement: kalmar-kvinnojouren-2025\n", encoding="utf-8")
    args = (
        "record",
        "kalmar-kvinnojouren-2025",
        PAY,
        "--paid",
        "2025-03-27",
        "--amount",
        "500000",
        "--in",
        str(folder),
    )
    first = invoke(*args)
    assert first.exit_code == 0
    assert "payments[0]: amount = 500000.00" in first.stdout
    text = records.read_text(encoding="utf-8")
    assert text.startswith("# kept comment\n") and "amount: 500000\n" in text
    second = invoke(*args)
    assert second.exit_code == 0 and second.stdout == ""
    assert records.read_text(encoding="utf-8") == text
    assert rows(folder)["kalmar-kvinnojouren-2025"]["paid"] == "500000.00"
    listed = invoke(
        "deadlines",
        str(folder),
        "--from",
        "2025-03-01",
        "--to",
        "2025-04-30",
        "--today",
        "2025-06-01",
        "--format",
        "json",
        "--agreement",
        "kalmar-kvinnojouren-2025",
    )
    status = {e["key"]: e["status"] for e in json.loads(listed.stdout)["events"]}
    assert status[PAY] == "done"
    assert "payment:ersattning:kalmar-sof:2025:1" not in status  # the units pay as one party
    assert [k for k in status if k.startswith("payment:")] == [PAY]


def test_record_refuses_a_wrong_key_with_a_suggestion(folder: Path) -> None:
    result = runner.invoke(
        app,
        [
            "record",
            "kalmar-kvinnojouren-2025",
            "payment:ersattning:kalmar-kk:2025:1",
            "--paid",
            "2025-03-27",
            "--amount",
            "500000",
            "--in",
            str(folder),
        ],
    )
    assert result.exit_code == 1
    assert f"did you mean '{PAY}'" in result.stderr
    assert not (folder / "_records" / "kalmar-kvinnojouren-2025.yaml").exists()


def test_record_refuses_a_personal_identity_number(folder: Path) -> None:
    result = runner.invoke(
        app,
        [
            "record",
            "kalmar-kvinnojouren-2025",
            "report:verksamhetsberattelse:2025",
            "--done",
            "2026-02-20",
            "--by",
            "Anna 19811218-9876",
            "--in",
            str(folder),
        ],
    )
    assert result.exit_code == 1 and "personnummer" in result.stderr


def test_record_done_and_approved_keeps_order_and_updates(folder: Path) -> None:
    key = "report:verksamhetsberattelse:2025"
    base = ("record", "kalmar-kvinnojouren-2025", key, "--in", str(folder))
    assert invoke(*base, "--done", "2026-02-20").exit_code == 0
    changed = invoke(*base, "--approved", "2026-03-10", "--by", "Anna Flink")
    assert "approved = 2026-03-10" in changed.stdout
    text = (folder / "_records" / "kalmar-kvinnojouren-2025.yaml").read_text(encoding="utf-8")
    assert text.index("done: 2026-02-20") < text.index("approved: 2026-03-10") < text.index("by: Anna Flink")


def test_party_selects_a_unit_in_funding_deadlines_and_status(folder: Path) -> None:
    funding = invoke(
        "funding", str(folder), "--from", "2025", "--to", "2025", "--format", "json", "--party", "kalmar-klk"
    )
    # a unit sees its own part of its party's payment (the budget's split) in funding ...
    payments = json.loads(funding.stdout)["payments"]
    assert [(p["payer"], p["amount"]) for p in payments if p["agreement"] == "kalmar-kvinnojouren-2025"] == [
        ("kalmar-klk", "500000.00")
    ]
    # ... and the payment itself, the one its party makes and records, in status
    assert rows(folder, "--party", "kalmar-klk")["kalmar-kvinnojouren-2025"]["planned"] == "1000000.00"
    assert set(rows(folder, "--party", "kvinnojouren-kalmar")) == {"kalmar-kvinnojouren-2025"}
    listed = invoke(
        "deadlines",
        str(folder),
        "--from",
        "2025-03-01",
        "--to",
        "2025-04-30",
        "--today",
        "2025-03-01",
        "--format",
        "json",
        "--party",
        "kalmar-sof",
        "--kind",
        "payment",
    )
    assert [e["key"] for e in json.loads(listed.stdout)["events"]] == ["payment:ersattning:kalmar-kommun:2025:1"]
    wrong = runner.invoke(app, ["funding", str(folder), "--party", "kalmar-kl"])
    assert wrong.exit_code == 2 and "did you mean 'kalmar-klk'" in wrong.output


def test_deadlines_keys_column(folder: Path) -> None:
    result = runner.invoke(
        app,
        [
            "deadlines",
            str(folder),
            "--from",
            "2025-03-01",
            "--to",
            "2025-04-30",
            "--keys",
            "--agreement",
            "kalmar-kvinnojouren-2025",
        ],
        catch_exceptions=False,
        env={"COLUMNS": "160"},  # the key column shows whole keys on a wide terminal
    )
    assert "Nyckel" in result.stdout and PAY in result.stdout


def test_phase_rules() -> None:
    from iopctl.followup.status import phase
    from iopctl.load.read import read_agreement

    a = read_agreement(AGREEMENTS / "kalmar-kvinnojouren-2025.yaml").agreement
    assert phase(a, date(2025, 6, 1)) == "pågående"
    assert phase(a, date(2027, 11, 1)) == "upphör snart"
    assert phase(a, date(2028, 1, 1)) == "avslutad"
    assert phase(a, date(2024, 6, 1)) == "utkast"
    signed = a.model_copy(
        update={"signatories": [s.model_copy(update={"date": date(2024, 12, 1)}) for s in a.signatories]}
    )
    assert signed.signed_on == date(2024, 12, 1)
    assert phase(signed, date(2024, 12, 15)) == "undertecknad"
    from iopctl.model.document import Decision

    half = a.model_copy(
        update={
            "signatories": [a.signatories[0].model_copy(update={"date": date(2024, 12, 1)}), *a.signatories[1:]],
            "decisions": [Decision(body="Kommunstyrelsen", date=date(2024, 11, 1), paragraph="§ 1")],
        }
    )
    assert phase(half, date(2024, 12, 15)) == "beslutad"
    assert phase(half, date(2025, 6, 1)) == "beslutad"


def test_paid_by_key_sums_exactly() -> None:
    from iopctl.followup.status import paid_by_key
    from iopctl.model.records import PaymentMade, Records

    r = Records(
        agreement="x",
        payments=[
            PaymentMade(key=PAY, date=date(2025, 3, 1), amount=Decimal("0.10")),
            PaymentMade(key=PAY, date=date(2025, 4, 1), amount=Decimal("0.20")),
        ],
    )
    assert paid_by_key(r) == {PAY: Decimal("0.30")}


def test_follow_up_pack_in_markdown_and_pdf(folder: Path, tmp_path: Path) -> None:
    records = folder / "_records" / "kalmar-kvinnojouren-2025.yaml"
    records.write_text(
        "agreement: kalmar-kvinnojouren-2025\n"
        "payments:\n  - { key: " + PAY + ", date: 2025-03-27, amount: 500000 }\n"
        "events:\n  - { key: 'report:verksamhetsberattelse:2024', done: 2025-02-20, approved: 2025-03-10 }\n"
        "remarks:\n  - { date: 2025-05-12, by: kalmar-kommun, note: Statistik saknas. }\n"
        "claims:\n  - { date: 2025-05-20, commitment: ersattning, amount: 25000, reason: Ej använt. }\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = invoke("follow-up", str(folder), "--year", "2025", "--today", "2025-06-01", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = (out / "uppfoljning-2025.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "| Avtalat 2025 | 1 105 606 kronor |" in text
    assert "| Utbetalt | 500 000 kronor |" in text
    # one payment of 1 000 000 kr from Kalmar kommun (001, 10), of which 500 000 kr recorded paid
    assert "| Kalmar kommun | 2025 | 31 mars 2025 | 1 000 000 kronor | 500 000 kronor | 27 mars 2025 |" in text
    assert "| 27 mars 2025 |" in text
    assert "| 12 maj 2025 | Kalmar kommun | 11 juni 2025 | – | Statistik saknas. |" in text
    assert "| 20 maj 2025 | 25 000 kronor | Ej använt. | – |" in text
    assert "Skriftlig redogörelse 2024 | Kvinnojouren Söderslätt | 31 mars 2025 | – | – | försenad |" in text
    assert "lund-kvinnojouren-2021" not in text  # ended before 2025
    mine = invoke(
        "follow-up", str(folder), "--year", "2025", "--today", "2025-06-01", "--out", str(out), "--party", "kalmar-sof"
    )
    assert mine.exit_code == 0
    own = (out / "uppfoljning-2025-kalmar-sof.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Kommunledningskontoret | Kvinnojouren" not in own and "trelleborg" not in own
    pdf = invoke(
        "follow-up", str(folder), "--year", "2025", "--today", "2025-06-01", "--out", str(out), "--format", "pdf"
    )
    assert pdf.exit_code == 0
    from pypdf import PdfReader

    pages = " ".join(p.extract_text() for p in PdfReader(out / "uppfoljning-2025.pdf").pages).replace("\u00a0", " ")
    assert "Uppföljning av idéburna offentliga" in pages and "605 606 kronor" in pages


def test_title_page_shows_lifecycle_facts(tmp_path: Path) -> None:
    from iopctl.files.discover import SHIPPED_TEMPLATES
    from iopctl.load.read import read_agreement
    from iopctl.load.workspace import workspace_for
    from iopctl.render.document import render_markdown

    path = AGREEMENTS / "kalmar-kvinnojouren-2025.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "\nparties:",
        "\ndiarienummer: KS 2024/0815\ndecisions:\n  - { body: Kommunstyrelsen, date: 2024-12-04, paragraph: § 210 }\n"
        "registration: { party: kvinnojouren-kalmar, date: 2024-06-01 }\nparties:",
        1,
    )
    copy = tmp_path / path.name
    copy.write_text(text, encoding="utf-8")
    a = read_agreement(copy).agreement
    assert a is not None and a.registration is not None
    md = render_markdown(a, SHIPPED_TEMPLATES, workspace_for(path).series)
    assert "Diarienummer: KS 2024/0815\\\nBeslut: Kommunstyrelsen den 4 december 2024, § 210\\\n" in md
    assert "registrerades som idéburen organisation av Kammarkollegiet den 1 juni 2024." in md
    plain = render_markdown(read_agreement(path).agreement, SHIPPED_TEMPLATES, workspace_for(path).series)
    assert "Diarienummer" not in plain and "Beslut:" not in plain


def test_registration_party_must_be_a_party(tmp_path: Path) -> None:
    path = AGREEMENTS / "kalmar-kvinnojouren-2025.yaml"
    copy = tmp_path / path.name
    copy.write_text(
        path.read_text(encoding="utf-8").replace(
            "\nparties:", "\nregistration: { party: nobody, date: 2024-06-01 }\nparties:", 1
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(copy)])
    assert result.exit_code == 1 and "party 'nobody' is not a party of this agreement" in result.output


def test_record_remark_needs_a_party(folder: Path) -> None:
    base = ("record", "kalmar-kvinnojouren-2025", "remark", "--remark", "2025-05-12", "--in", str(folder))
    refused = runner.invoke(app, list(base))
    assert refused.exit_code == 1 and "--by PARTY" in refused.stderr
    done = invoke(*base, "--by", "kalmar-kommun", "--note", "Statistik saknas.")
    assert done.exit_code == 0 and "remarks[0]: date = 2025-05-12" in done.stdout
    listed = invoke(
        "deadlines",
        str(folder),
        "--from",
        "2025-05-01",
        "--to",
        "2025-07-01",
        "--today",
        "2025-05-13",
        "--format",
        "json",
        "--kind",
        "cure",
    )
    assert [e["key"] for e in json.loads(listed.stdout)["events"]] == ["cure:2025-05-12"]


def test_paid_by_key_parts_add_up_to_the_whole_property() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from iopctl.followup.status import paid_by_key
    from iopctl.model.records import PaymentMade, Records

    keys = st.sampled_from([PAY, "payment:ersattning:kalmar-sof:2025:1", "payment:ersattning:kalmar-kommun:2026:1"])
    cents = st.integers(min_value=1, max_value=10**11)

    @given(st.lists(st.tuples(keys, cents), max_size=20))
    def check(made: list[tuple[str, int]]) -> None:
        r = Records(
            agreement="x",
            payments=[PaymentMade(key=k, date=date(2025, 1, 1), amount=Decimal(c) / 100) for k, c in made],
        )
        sums = paid_by_key(r)
        assert sum(sums.values(), Decimal(0)) == sum((Decimal(c) / 100 for _, c in made), Decimal(0))
        for k, total in sums.items():
            assert total == sum((Decimal(c) / 100 for key, c in made if key == k), Decimal(0))
            assert total.as_tuple().exponent >= -2

    check()


def test_record_edit_keeps_comments_and_key_order() -> None:
    from iopctl.files.yaml_edit import RecordRequest, apply

    before = (
        "# Kalmar: fulfilment\n"
        "agreement: kalmar-kvinnojouren-2025\n"
        "events:\n"
        "  # the annual report\n"
        "  - key: report:verksamhetsberattelse:2025\n"
        "    done: 2026-02-20   # received by mail\n"
    )
    after, changes = apply(
        before,
        "kalmar-kvinnojouren-2025",
        RecordRequest(key="report:verksamhetsberattelse:2025", approved=date(2026, 3, 10)),
    )
    assert after.startswith(
        "# Kalmar: fulfilment\nagreement: kalmar-kvinnojouren-2025\nevents:\n  # the annual report\n"
    )
    assert "done: 2026-02-20   # received by mail\n    approved: 2026-03-10\n" in after
    assert [c.text() for c in changes] == ["events[0] (report:verksamhetsberattelse:2025): approved = 2026-03-10"]
    again, none = apply(
        after,
        "kalmar-kvinnojouren-2025",
        RecordRequest(key="report:verksamhetsberattelse:2025", approved=date(2026, 3, 10)),
    )
    assert none == [] and again == after
    moved, changed = apply(
        after,
        "kalmar-kvinnojouren-2025",
        RecordRequest(key="report:verksamhetsberattelse:2025", approved=date(2026, 3, 11)),
    )
    assert [c.text() for c in changed] == [
        "events[0] (report:verksamhetsberattelse:2025): approved 2026-03-10 -> 2026-03-11"
    ]
    assert "approved: 2026-03-11" in moved


def test_status_xlsx_has_typed_cells(tmp_path: Path) -> None:
    import openpyxl
    from typer.testing import CliRunner as _Runner

    from iopctl.cli.app import app as _app

    out = tmp_path / "status.xlsx"
    result = _Runner().invoke(
        _app,
        ["status", "agreements", "--today", "2025-06-01", "--format", "xlsx", "--out", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Avtal", "Parter", "Fas", "Från")
    kalmar = next(r for r in rows if r[0] == "kalmar-kvinnojouren-2025")
    assert kalmar[2] == "pågående" and kalmar[6] == 1000000 and isinstance(kalmar[6], (int, float))
    assert kalmar[3].year == 2025 and kalmar[3].month == 1
    usage = _Runner().invoke(_app, ["status", "agreements", "--format", "xlsx"], catch_exceptions=False)
    assert usage.exit_code == 2
