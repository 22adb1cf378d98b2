"""The register's downloads: the data as CSV, XLSX and JSON, and the deadlines as ICS.

The CSV is for Swedish Excel as `iopctl funding --format csv` writes it (';', decimal comma,
UTF-8 with BOM, CRLF); the workbook comes from `iopctl.report.xlsx` and the calendars from
`iopctl.report.ics`, stamped with `--today`, so the same files and day give the same bytes.
Personal data follows the build: contact persons, signatories' names and `_records/` remarks
are in the JSON only with `internal`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from iopctl.site.data import Entry
from iopctl.site.pages import index_row, years_of

if TYPE_CHECKING:
    from iopctl.deadlines.event import Event
    from iopctl.report.xlsx import Encoded, Sheet

__all__ = [
    "agreement_json",
    "calendar_all",
    "calendar_parts",
    "csv_head",
    "csv_row",
    "data_xlsx",
    "json_document",
    "xlsx_encoded",
    "xlsx_of_encoded",
    "xlsx_rows",
    "xlsx_sheets",
]

_HEADINGS = (
    "Överenskommelse",
    "Organisation",
    "Offentlig part",
    "Enheter",
    "Fas",
    "Från",
    "Till",
    "Planerat (kr)",
    "Planerat t.o.m. år",
)
"""The agreements' columns. "Planerat t.o.m. år": the last year the planned total counts, the
end's year, or for an agreement until further notice ("Till" empty) the last year worked out
(`iopctl.site.pages.planned_through`), which moves with the day of the build."""
_PAYMENT_HEADINGS = ("Överenskommelse", "År", "Betalare", "Mottagare", "Förfaller", "Planerat (kr)", "Betalt (kr)")


def _row(e: Entry) -> list[Any]:
    r = index_row(e)
    a = e.agreement
    return [
        a.id,
        r["organisation"],
        r["public"],
        r["units"],
        r["phase"],
        a.period.start,
        a.period.end,
        e.planned_total,
        years_of(e)[1],
    ]


def _payment_rows(e: Entry) -> list[list[Any]]:
    from iopctl.followup.status import payment_key

    rows = []
    for p in e.payments:
        paid = e.paid.get(payment_key(p)) if e.has_records else None
        rows.append([e.id, p.year, p.payer_name, p.payee_name, p.due, p.amount, paid])
    return rows


def csv_line(values: Any) -> str:
    """One row of the CSV (`;`, CRLF), for Swedish Excel."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(_cell(v) for v in values)
    return buffer.getvalue()


def csv_head() -> str:
    """The CSV's first line: a BOM and the headings (one `csv_row` an agreement follows)."""
    return "\ufeff" + csv_line(_HEADINGS)


def csv_row(e: Entry) -> str:
    """The agreement's line of the CSV."""
    return csv_line(_row(e))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text.replace(".", ",") if text.replace(".", "").isdigit() else text


def xlsx_rows(e: Entry) -> tuple[list[Any], list[list[Any]]]:
    """The agreement's row of the workbook's first sheet and its planned payments' of the second."""
    return _row(e), _payment_rows(e)


def xlsx_sheets(rows: list[list[Any]], payments: list[list[Any]]) -> list[Sheet]:
    """The workbook's sheets: the agreements, and every planned payment with what is recorded paid."""
    from iopctl.report.xlsx import Sheet

    return [Sheet("Överenskommelser", _HEADINGS, rows), Sheet("Utbetalningar", _PAYMENT_HEADINGS, payments)]


def xlsx_encoded(rows: tuple[list[Any], list[list[Any]]]) -> tuple[Encoded, Encoded] | None:
    """An agreement's `xlsx_rows` as the workbook's XML (`iopctl.report.xlsx`), made where
    the agreement is; None when a text is one openpyxl must see (`data_xlsx` then)."""
    from iopctl.report.xlsx import Unusual, encode_rows

    try:
        return encode_rows(_HEADINGS, [rows[0]]), encode_rows(_PAYMENT_HEADINGS, rows[1])
    except Unusual:
        return None


def xlsx_of_encoded(parts: Callable[[], Iterator[Sequence[Encoded]]], counts: Sequence[int]) -> bytes:
    """The workbook of the agreements' `xlsx_encoded`, in order (`parts()` is called three times)."""
    from iopctl.report.xlsx import assemble

    sheets = [("Överenskommelser", _HEADINGS), ("Utbetalningar", _PAYMENT_HEADINGS)]
    return _fixed_zip_times(*assemble(sheets, parts, counts))


def data_xlsx(sheets: list[Sheet]) -> bytes:
    """The workbook of `xlsx_sheets`."""
    from iopctl.report.xlsx import workbook_parts

    return _fixed_zip_times(*workbook_parts(sheets))


def _fixed_zip_times(data: bytes, bodies: dict[str, Callable[[], Iterable[bytes]]]) -> bytes:
    """The workbook with every zip member and its `modified` property dated 2000-01-01:
    openpyxl stamps both with the clock, and a rebuild must give the same bytes for the same data.
    The members named in `bodies` are replaced by what they give (`iopctl.report.xlsx`)."""
    import io
    import re
    import zipfile

    from iopctl.report.xlsx import write_member

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            if info.filename in bodies:
                write_member(dst, fixed, bodies[info.filename])
                continue
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def agreement_json(e: Entry, *, internal: bool) -> dict[str, Any]:
    """One agreement's data: parties, period, decisions, money per payment, in kind."""
    a = e.agreement
    parties = []
    for p in a.parties:
        party: dict[str, Any] = {
            "id": p.id,
            "kind": p.kind,
            "name": p.name,
            "org_number": p.org_number,
            "units": [{"id": u.id, "name": u.name} for u in p.units],
        }
        if internal:
            party["contacts"] = [{"name": c.name, "email": c.email, "phone": c.phone} for c in p.contacts]
        parties.append(party)
    out: dict[str, Any] = {
        "id": a.id,
        "phase": e.phase,
        "diarienummer": a.diarienummer,
        "replaces": a.replaces,
        "period": {"start": a.period.start.isoformat(), "end": a.period.end.isoformat() if a.period.end else None},
        "parties": parties,
        "decisions": [
            {
                "body": d.body,
                "date": d.date.isoformat() if d.date else None,
                "paragraph": d.paragraph,
                "diarienummer": d.diarienummer,
            }
            for d in a.decisions
        ],  # fmt: skip
        "payments": [p.as_json() for p in e.payments],
        "paid": {k: format(v, "f") for k, v in sorted(e.paid.items())},
        "in_kind": [k.as_json() for k in e.in_kind],
    }
    if internal:
        out["signatories"] = [{"party": s.party, "name": s.name, "title": s.title} for s in a.signatories]
        out["remarks"] = [
            {"date": r.date.isoformat(), "by": r.by, "note": r.note} for r in (e.records.remarks if e.records else [])
        ]
    return out


def json_document(key: str, lines: Iterable[bytes]) -> Iterator[bytes]:
    """`{key: [items]}` as `iopctl.report.console.to_json` writes it (UTF-8), from the items'
    `json_line`s (UTF-8): a document of 10 000 agreements in pieces."""
    yield f'{{\n  "{key}": '.encode()
    first = True
    for line in lines:
        yield (b"[\n    " if first else b",\n    ") + line
        first = False
    yield b"[]\n}\n\n" if first else b"\n  ]\n}\n\n"  # the files have always ended in a blank line


def calendar_parts(e: Entry, today: date) -> tuple[bytes, int]:
    """The agreement's calendar, and the length of its head: what follows it, but for the
    calendar's end, are its events as they go into the calendar of all (`calendar_all`).

    The calendars hold what is ahead: the events from 1 January of today's year on (dated ones
    by their last day, undated ones whose window reaches that year); an agreement's page lists
    them all. See the `iopctl.site.build` docstring for why.
    """
    from iopctl.report.ics import CALENDAR_END, calendar_head, component, stamp_value

    since = date(today.year, 1, 1)
    stamp = stamp_value(today)
    head = calendar_head(f"IOP {e.non_profit}")
    ahead = (component(ev, stamp, ()) for ev in e.events if _ahead(ev, since))
    return b"".join((head, *ahead, CALENDAR_END)), len(head)


def calendar_all(name: str, parts: Iterable[bytes]) -> Iterator[bytes]:
    """The calendar of all: a head, every agreement's events (`calendar_parts`), the end."""
    from iopctl.report.ics import CALENDAR_END, calendar_head

    yield calendar_head(name)
    yield from parts
    yield CALENDAR_END


def _ahead(ev: Event, since: date) -> bool:
    if ev.last_day is not None:
        return ev.last_day >= since
    last = ev.window[1] if ev.window is not None else None
    return last is None or last >= since
