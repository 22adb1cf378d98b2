"""`iopctl site`: what the register holds, what it leaves out, and how it is rebuilt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
SUBSET = Path(__file__).parent / "data" / "360giving-grant-subset.schema.json"
TODAY = "2025-06-01"
runner = CliRunner()


def build(out: Path, *extra: str, paths: tuple[str, ...] = (str(AGREEMENTS),)) -> object:
    return runner.invoke(app, ["site", *paths, "--out", str(out), "--today", TODAY, *extra], catch_exceptions=False)


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("public")
    result = build(out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def internal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("internal")
    result = build(out, "--internal")
    assert result.exit_code == 0, result.output
    return out


def personal_data() -> set[str]:
    """Every contact's name, e-mail and phone, and every signatory's name, in the shipped files."""
    import yaml

    found: set[str] = set()
    for path in AGREEMENTS.glob("[!_]*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for party in data["parties"]:
            for c in party.get("contacts", []):
                found.update(str(c[k]) for k in ("name", "email", "phone") if c.get(k))
        found.update(s["name"] for s in data.get("signatories", []))
    return found


def site_text(out: Path) -> str:
    """Every file of the build as text (the workbook's XML unpacked)."""
    import zipfile

    parts = []
    for path in sorted(out.rglob("*")):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                parts.extend(z.read(n).decode("utf-8") for n in z.namelist())
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def test_the_layout(public: Path) -> None:
    names = {p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file()}
    ids = sorted(p.stem for p in AGREEMENTS.glob("*.yaml") if not p.name.startswith("_"))
    assert {"index.html", "oversikt.html", "assets/site.css", "assets/site.js", "data/360giving.json"} <= names
    assert {"data/overenskommelser.csv", "data/overenskommelser.xlsx", "data/overenskommelser.json"} <= names
    assert {"data/kalender.ics", *(f"data/kalender/{i}.ics" for i in ids)} <= names
    assert {f"overenskommelser/{i}.html" for i in ids} <= names


def test_public_build_has_no_personal_data(public: Path) -> None:
    text = site_text(public)
    people = personal_data()
    assert people
    leaked = sorted(p for p in people if p in text)
    assert not leaked, f"personal data in the public build: {leaked}"


def test_internal_build_has_it(internal: Path) -> None:
    text = site_text(internal)
    missing = sorted(p for p in personal_data() if p not in text)
    assert not missing
    assert "Intern version" in (internal / "index.html").read_text(encoding="utf-8")


def test_360giving_export_validates(public: Path) -> None:
    schema = json.loads(SUBSET.read_text(encoding="utf-8"))
    data = json.loads((public / "data" / "360giving.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(data)
    grants = {g["id"]: g for g in data["grants"]}
    kalmar = grants["360G-iopctl-kalmar-kvinnojouren-2025"]
    assert kalmar["recipientOrganization"] == [
        {"id": "SE-ON-8324013807", "name": "Kvinnojouren & Ungdomsjouren Kalmar"}
    ]
    assert kalmar["fundingOrganization"][0]["id"] == "SE-ON-2120000746"
    assert kalmar["amountAwarded"] == 3000000
    assert kalmar["currency"] == "SEK"
    assert kalmar["plannedDates"] == [{"startDate": "2025-01-01", "endDate": "2027-12-31"}]
    assert [k["description"] for k in kalmar["iopInKind"]][0] == "personal och ideellt aktiva volontärer"


def test_agreement_page_shows_money_and_deadlines(public: Path) -> None:
    page = (public / "overenskommelser" / "kalmar-kvinnojouren-2025.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in page
    assert "832401-3807" in page and "212000-0746" in page
    # one payment of 1 000 000 kr a year from Kalmar kommun (001, 10: invoiced to the kommun)
    assert 'Kalmar kommun</td><td class="num">1\u00a0000\u00a0000\u00a0kr' in page
    assert '<li><time datetime="2027-12-31">2027-12-31</time>: Avtalstiden löper ut</li>' in page and "<svg" in page
    # no _records/ file: nothing says whether the 2025 payment was made, so it is not called late
    assert (
        "<td>Utbetalning 2025 – 1\u00a0000\u00a0000\u00a0kr</td><td>Kalmar kommun</td><td>passerad, inget registrerat</td>"
        in page
    )
    assert "försenad" not in page


def test_late_is_said_only_where_records_are_kept(tmp_path: Path) -> None:
    """With a `_records/` file an event past its last day and not recorded done is late
    ("försenad", marked); one recorded done (the 2025 payment, paid) is done ("klar")."""
    folder = tmp_path / "agreements"
    folder.mkdir()
    shutil.copy(AGREEMENTS / "kalmar-kvinnojouren-2025.yaml", folder)
    (folder / "_records").mkdir()
    records = Path(__file__).parent / "data" / "records" / "kalmar-kvinnojouren-2025.yaml"
    shutil.copy(records, folder / "_records")
    out = tmp_path / "site"
    result = build(out, paths=(str(folder),))
    assert result.exit_code == 0, result.output
    page = (out / "overenskommelser" / "kalmar-kvinnojouren-2025.html").read_text(encoding="utf-8")
    report = "Verksamhetsberättelse, verksamhetsplan och årsredovisning med fakturan 2025"
    assert f'<tr class="status-overdue"><td>2025-03-31</td><td>{report}</td>' in page
    assert "<td>Utbetalning 2025 – 1\u00a0000\u00a0000\u00a0kr</td><td>Kalmar kommun</td><td>klar</td>" in page
    assert "inget registrerat" not in page


def test_the_timeline_names_each_key_date_once(public: Path) -> None:
    """A key date's text is its event's title, not the kind's word and the title that begins
    with it again ("Sista dag för uppsägning (Sista dag för uppsägning inför …)")."""
    page = (public / "overenskommelser" / "trelleborg-kvinnojouren-soderslatt-2024.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-09-30">2025-09-30</time>: Sista dag för uppsägning inför 2026-01-01</li>' in page
    assert "<title>Sista dag för uppsägning inför 2026-01-01: 2025-09-30</title>" in page
    assert "uppsägning (" not in page


def test_the_total_of_an_agreement_until_further_notice_says_which_years_it_counts(
    public: Path, tmp_path: Path
) -> None:
    """Trelleborg runs until further notice: its total is of the years worked out (to 2027 on
    2025-06-01, one year more a year later), and says so; Kalmar's is of its whole period."""
    page = (public / "overenskommelser" / "trelleborg-kvinnojouren-soderslatt-2024.html").read_text(encoding="utf-8")
    total = "422\u00a0424\u00a0kr"
    assert f"<dd>{total} (t.o.m. 2027; överenskommelsen gäller tills vidare)</dd>" in page
    index = (public / "index.html").read_text(encoding="utf-8")
    assert f'<td class="num">{total}<br><span class="units">t.o.m. 2027</span></td>' in index
    kalmar = (public / "overenskommelser" / "kalmar-kvinnojouren-2025.html").read_text(encoding="utf-8")
    assert "t.o.m." not in kalmar
    later = tmp_path / "later"
    result = runner.invoke(app, ["site", str(AGREEMENTS), "--out", str(later), "--today", "2026-06-01"])
    assert result.exit_code == 0, result.output
    page = (later / "overenskommelser" / "trelleborg-kvinnojouren-soderslatt-2024.html").read_text(encoding="utf-8")
    assert "<dd>528\u00a0030\u00a0kr (t.o.m. 2028; överenskommelsen gäller tills vidare)</dd>" in page


def test_the_csv_and_the_workbook_hold_every_agreement_and_its_payments(public: Path) -> None:
    """The downloads as a spreadsheet reads them: the CSV (Excel's Swedish dialect: BOM,
    semicolons, decimal comma) and the workbook through openpyxl, with the same agreements,
    the totals' last years, and payments that add up to each total to the öre."""
    import csv
    import io
    from datetime import datetime
    from decimal import Decimal

    import openpyxl

    raw = (public / "data" / "overenskommelser.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    head = ["Överenskommelse", "Organisation", "Offentlig part", "Enheter", "Fas", "Från", "Till", "Planerat (kr)"]
    assert rows[0] == [*head, "Planerat t.o.m. år"]
    by_id = {r[0]: r for r in rows[1:]}
    assert sorted(by_id) == sorted(p.stem for p in AGREEMENTS.glob("*.yaml") if not p.name.startswith("_"))
    assert by_id["kalmar-kvinnojouren-2025"][5:] == ["2025-01-01", "2027-12-31", "3000000,00", "2027"]
    assert by_id["trelleborg-kvinnojouren-soderslatt-2024"][5:] == ["2024-01-01", "", "422424,00", "2027"]

    book = openpyxl.load_workbook(public / "data" / "overenskommelser.xlsx")
    assert book.sheetnames == ["Överenskommelser", "Utbetalningar"]
    sheet = list(book["Överenskommelser"].iter_rows(values_only=True))
    assert list(sheet[0]) == rows[0]
    kalmar = next(r for r in sheet if r[0] == "kalmar-kvinnojouren-2025")
    assert kalmar[5:] == (datetime(2025, 1, 1), datetime(2027, 12, 31), 3000000, 2027)
    totals = {r[0]: Decimal(r[7].replace(",", ".")) for r in rows[1:]}
    payments = list(book["Utbetalningar"].iter_rows(values_only=True))
    assert payments[0][5] == "Planerat (kr)"
    summed = dict.fromkeys(totals, Decimal("0.00"))
    for r in payments[1:]:
        summed[r[0]] += Decimal(str(r[5]))
    assert summed == totals


def test_mark_label_keeps_the_kind_where_the_title_does_not_say_it() -> None:
    from iopctl.site.pages import mark_label

    assert mark_label("review", "Översyn av överenskommelsen") == "Översyn av överenskommelsen"
    assert mark_label("review", "översyn efter halva tiden") == "översyn efter halva tiden"
    assert mark_label("review", "Gemensam genomgång") == "Översyn (Gemensam genomgång)"
    assert mark_label("amendment", "Tilläggsavtal nr 1 gäller") == "Ändring (Tilläggsavtal nr 1 gäller)"
    assert mark_label("end", "Avtalstiden löper ut") == "Avtalstiden löper ut"


def test_rebuild_writes_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(out, "--format", "json").exit_code == 0
    again = build(out, "--format", "json")
    assert json.loads(again.output)["written"] == []
    (out / "oversikt.html").write_text("changed", encoding="utf-8")
    third = build(out, "--format", "json")
    assert json.loads(third.output)["written"] == ["oversikt.html"]


def test_rendered_documents_are_linked(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "lund-kvinnojouren-2021.pdf").write_bytes(b"%PDF-1.7")
    assert build(out).exit_code == 0
    page = (out / "overenskommelser" / "lund-kvinnojouren-2021.html").read_text(encoding="utf-8")
    assert 'href="../lund-kvinnojouren-2021.pdf"' in page
    other = (out / "overenskommelser" / "kalmar-kvinnojouren-2025.html").read_text(encoding="utf-8")
    assert ".pdf" not in other


def test_bad_input_is_refused_with_located_errors(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    shutil.copytree(AGREEMENTS, folder)
    bad = folder / "kalmar-kvinnojouren-2025.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("start: 2025-01-01", "start: 2025-13-01"), encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(folder), "--out", str(out), "--today", TODAY])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "kalmar-kvinnojouren-2025.yaml:" in result.output
    assert "no site built" in result.output
    assert not out.exists()


def test_missing_site_templates_are_a_clear_error(tmp_path: Path) -> None:
    """An install without its templates says so through the real entry point, exit 1, no traceback."""
    import subprocess
    import sys

    code = (
        "import sys, pathlib\n"
        "import iopctl.files.discover as d\n"
        f"d.SHIPPED_TEMPLATES = pathlib.Path({str(tmp_path / 'none')!r})\n"
        "from iopctl.cli.app import main\n"
        f"sys.argv = ['iopctl', 'site', {str(AGREEMENTS)!r}, '--out', {str(tmp_path / 'site')!r}, '--today', {TODAY!r}]\n"
        "sys.exit(main())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "is iopctl installed with its templates?" in done.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_deleted_agreement_leaves_the_site_and_nothing_else_does(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    shutil.copytree(AGREEMENTS, folder)
    out = tmp_path / "site"
    assert build(out, paths=(str(folder),)).exit_code == 0
    (out / "lund-kvinnojouren-2021.pdf").write_bytes(b"%PDF-1.7")  # rendered there, not by the site
    (out / "overenskommelser" / "egen.html").write_text("handmade", encoding="utf-8")
    gone = "lund-vanskapens-hus-2021"
    changed = out / "data" / "overenskommelser" / f"{gone}.json"
    changed.write_text("{}\n", encoding="utf-8")  # edited by hand since the build wrote it
    (folder / f"{gone}.yaml").unlink()
    result = build(out, "--format", "json", paths=(str(folder),))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["removed"] == [f"data/kalender/{gone}.ics", f"overenskommelser/{gone}.html"]
    assert summary["kept"] == [f"data/overenskommelser/{gone}.json"]
    assert "warning: kept" in result.stderr
    assert not (out / "overenskommelser" / f"{gone}.html").exists()
    assert changed.read_text(encoding="utf-8") == "{}\n"
    assert (out / "lund-kvinnojouren-2021.pdf").read_bytes() == b"%PDF-1.7"
    assert (out / "overenskommelser" / "egen.html").read_text(encoding="utf-8") == "handmade"
    assert (out / "overenskommelser" / "kalmar-kvinnojouren-2025.html").is_file()
    manifest = json.loads((out / ".iopctl-site.json").read_text(encoding="utf-8"))["files"]
    assert f"overenskommelser/{gone}.html" not in manifest and "index.html" in manifest
    assert "overenskommelser/egen.html" not in manifest and "lund-kvinnojouren-2021.pdf" not in manifest


def test_a_tampered_manifest_deletes_nothing_outside(tmp_path: Path) -> None:
    import hashlib

    out = tmp_path / "site"
    assert build(out).exit_code == 0
    victim = tmp_path / "outside.txt"
    victim.write_text("keep me", encoding="utf-8")
    inside = out / "data" / "own.txt"
    inside.write_text("keep me", encoding="utf-8")
    sha = hashlib.sha256(b"keep me").hexdigest()
    manifest_path = out / ".iopctl-site.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name in ("../outside.txt", str(victim), "data/../../outside.txt", ".iopctl-site.json"):
        manifest["files"][name] = {"sha256": sha, "key": ""}
    manifest["files"]["data/own.txt"] = {"sha256": "0" * 64, "key": ""}  # not the bytes there
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = build(out, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["removed"] == []
    assert victim.read_text(encoding="utf-8") == "keep me" and inside.read_text(encoding="utf-8") == "keep me"


def test_unchanged_pages_are_not_rendered_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import iopctl.site.worker

    out = tmp_path / "site"
    assert build(out).exit_code == 0
    rendered: list[str] = []
    real = iopctl.site.worker.render
    monkeypatch.setattr(iopctl.site.worker, "render", lambda name, ctx: rendered.append(name) or real(name, ctx))
    again = build(out, "--format", "json")
    assert json.loads(again.stdout)["written"] == [] and rendered == []
    (out / "index.html").write_text("changed", encoding="utf-8")  # made again when not as written
    third = build(out, "--format", "json")
    assert rendered == ["index.html.j2"] and json.loads(third.stdout)["written"] == ["index.html"]
    rendered.clear()
    later = runner.invoke(app, ["site", str(AGREEMENTS), "--out", str(out), "--today", "2025-09-01", "-f", "json"])
    assert later.exit_code == 0
    assert rendered.count("agreement.html.j2") == 5  # a new day: every page is made again
    assert "overenskommelser/kalmar-kvinnojouren-2025.html" in json.loads(later.stdout)["written"]


def test_calendars_hold_what_is_ahead_and_the_page_lists_every_event(public: Path) -> None:
    from icalendar import Calendar

    one = Calendar.from_ical((public / "data" / "kalender" / "kalmar-kvinnojouren-2025.ics").read_bytes())
    whole = Calendar.from_ical((public / "data" / "kalender.ics").read_bytes())
    for cal in (one, whole):
        days = [c.decoded("DTSTART") for c in cal.walk("VEVENT")]
        assert days and min(days).isoformat() >= "2025-01-01"
    page = (public / "overenskommelser" / "lund-kvinnojouren-2021.html").read_text(encoding="utf-8")
    assert "<td>2021-" in page  # the page lists the first year's events
    uids = {str(c["UID"]) for c in whole.walk("VEVENT")}
    assert {str(c["UID"]) for c in one.walk("VEVENT")} <= uids


def many_agreements(folder: Path, copies: int = 13) -> None:
    """`copies` of each shipped agreement under new ids (enough for the build to use its
    processes), the Kalmar ones a chain: each replaces the one before, the first one not built."""

    def agreements_and_records(where: str, names: list[str]) -> list[str]:
        top = Path(where) == AGREEMENTS
        return [n for n in names if top and (n == "_records" or (n.endswith(".yaml") and not n.startswith("_")))]

    shutil.copytree(AGREEMENTS, folder, ignore=agreements_and_records)
    for path in AGREEMENTS.glob("[!_]*.yaml"):
        text = path.read_text(encoding="utf-8")
        for n in range(copies):
            new = f"{path.stem}-k{n}"
            body = text.replace(f"id: {path.stem}\n", f"id: {new}\n", 1)
            if path.stem == "kalmar-kvinnojouren-2025":
                body += f"replaces: {path.stem}-k{n - 1}\n" if n else "replaces: not-in-the-build-2020\n"
            (folder / f"{new}.yaml").write_text(body, encoding="utf-8")


def test_the_processes_build_the_same_site_and_the_lineage(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    many_agreements(folder)
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(one, "--jobs", "1", paths=(str(folder),)).exit_code == 0
    result = build(two, "--jobs", "2", "--format", "json", paths=(str(folder),))
    assert result.exit_code == 0, result.output
    names = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file())
    assert len(names) == 65 * 3 + 10 and not any(".iopctl-staging" in n for n in names)
    assert all((one / n).read_bytes() == (two / n).read_bytes() for n in names)
    first = (two / "overenskommelser" / "kalmar-kvinnojouren-2025-k0.html").read_text(encoding="utf-8")
    assert "kalmar-kvinnojouren-2025-k1" in first and "not-in-the-build-2020" in first
    middle = (two / "overenskommelser" / "kalmar-kvinnojouren-2025-k5.html").read_text(encoding="utf-8")
    assert "kalmar-kvinnojouren-2025-k4.html" in middle and "kalmar-kvinnojouren-2025-k6" in middle
    again = build(two, "--jobs", "2", "--format", "json", paths=(str(folder),))
    assert json.loads(again.stdout)["written"] == []


def test_a_file_with_errors_among_many_builds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    many_agreements(folder)
    out = tmp_path / "site"
    assert build(out, "--jobs", "2", paths=(str(folder),)).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    changed = folder / "lund-kvinnojouren-2021-k3.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("title:", "title: [", 1), encoding="utf-8")
    (folder / "lund-vanskapens-hus-2021-k7.yaml").write_text("id: x\n", encoding="utf-8")
    result = runner.invoke(app, ["site", str(folder), "--out", str(out), "--today", "2025-09-01", "--jobs", "2"])
    assert result.exit_code == 1
    assert "lund-kvinnojouren-2021-k3.yaml:" in result.output and "no site built" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (out / ".iopctl-staging").exists()


def test_a_site_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    """A file where the pages' folder goes: one message naming it, exit 1, no traceback, through
    the real entry point, with the processes. Each file is whole (written aside, then renamed),
    none is left half-written or staged, and with the obstacle gone the next build completes."""
    import subprocess
    import sys

    folder = tmp_path / "agreements"
    many_agreements(folder)
    out = tmp_path / "site"
    out.mkdir()
    (out / "overenskommelser").write_text("in the way", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "iopctl", "site", str(folder), "--out", str(out), "--today", TODAY, "--jobs", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"cannot write {out / 'overenskommelser'}" in result.stderr
    left = [p.name for p in out.rglob("*")]
    assert ".iopctl-staging" not in left and not [n for n in left if n.endswith(".tmp")]
    (out / "overenskommelser").unlink()
    assert build(out, "--jobs", "2", paths=(str(folder),)).exit_code == 0
    assert len(list((out / "overenskommelser").iterdir())) == 65


def test_the_json_of_all_is_each_agreements_json_file(public: Path) -> None:
    """`data/overenskommelser.json` holds each agreement as its own file has it, in id order."""
    whole = json.loads((public / "data" / "overenskommelser.json").read_text(encoding="utf-8"))["agreements"]
    ids = sorted(p.stem for p in (public / "data" / "overenskommelser").glob("*.json"))
    assert [a["id"] for a in whole] == ids and len(ids) == 5
    for item in whole:
        own = public / "data" / "overenskommelser" / f"{item['id']}.json"
        assert json.loads(own.read_text(encoding="utf-8")) == item


def test_the_same_id_in_two_folders_builds_nothing(tmp_path: Path) -> None:
    """Two files with one id (the file name) would be one page, calendar and JSON file: refused,
    located at the second file's id, before anything is made."""
    folder = tmp_path / "agreements"
    for sub in ("2025", "arkiv"):
        (folder / sub).mkdir(parents=True)
        shutil.copy(AGREEMENTS / "kalmar-kvinnojouren-2025.yaml", folder / sub)
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(folder), "--out", str(out), "--today", TODAY])
    assert result.exit_code == 1
    first, second = (
        folder / "2025" / "kalmar-kvinnojouren-2025.yaml",
        folder / "arkiv" / "kalmar-kvinnojouren-2025.yaml",
    )
    assert f"{second}:3:1: error: id: the agreement id 'kalmar-kvinnojouren-2025' is also the id in {first}" in (
        " ".join(result.output.split())
    )
    assert "[site-unique-ids]" in result.output and "no site built" in result.output
    assert not out.exists()


def test_the_calendar_of_all_is_each_agreements_events(public: Path) -> None:
    """`data/kalender.ics` holds, in id order, the events of each agreement's calendar as its file has them."""
    from iopctl.report.ics import CALENDAR_END

    def body(data: bytes) -> bytes:
        start = data.find(b"BEGIN:V", len(b"BEGIN:VCALENDAR"))
        return b"" if start < 0 else data[start : -len(CALENDAR_END)]

    whole = (public / "data" / "kalender.ics").read_bytes()
    files = sorted((public / "data" / "kalender").glob("*.ics"))
    each = b"".join(body(p.read_bytes()) for p in files)
    assert each.count(b"BEGIN:VEVENT") > 10
    assert whole == whole[: whole.index(b"BEGIN:V", 20)] + each + CALENDAR_END


def test_a_file_changed_while_the_site_is_built_is_refused(tmp_path: Path) -> None:
    """The downloads of all are made from the files the agreements' work wrote: one changed
    since is an error naming it, never a download with other bytes."""
    from iopctl.errors import UserError
    from iopctl.site.manifest import stage
    from iopctl.site.worker import made_bytes

    (tmp_path / "data").mkdir()
    made = stage(tmp_path, None, "data/a.json", "", lambda: b'{"a": 1}\n', direct=True)
    assert made.written and made.tmp is None and made_bytes(tmp_path, made) == b'{"a": 1}\n'
    (tmp_path / "data" / "a.json").write_bytes(b'{"a": 2}\n')
    with pytest.raises(UserError, match=r"data/a.json: changed or removed while the site was built"):
        made_bytes(tmp_path, made)
    (tmp_path / "data" / "a.json").unlink()
    with pytest.raises(UserError, match="changed or removed"):
        made_bytes(tmp_path, made)


def test_a_file_written_in_a_new_folder_has_the_mode_open_gives(tmp_path: Path) -> None:
    import os
    import stat

    from iopctl.site.manifest import stage

    made = stage(tmp_path, None, "a.html", "", lambda: "å", direct=True)
    info = (tmp_path / "a.html").stat()
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(info.st_mode) == 0o666 & ~mask
    assert made.seen == (info.st_size, info.st_mtime_ns) and (tmp_path / "a.html").read_bytes() == "å".encode()
    again = stage(tmp_path, None, "a.html", "", lambda: "b", direct=True)  # a page made again (lineage)
    assert (tmp_path / "a.html").read_bytes() == b"b" and again.seen is not None and again.seen[0] == 1
