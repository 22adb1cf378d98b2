"""The follow-up pack as Markdown (the sandboxed template) or PDF (the drafts' HTML → PDF path)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.followup.pack import FollowUp
    from iopctl.report.xlsx import Sheet

__all__ = ["TEMPLATE", "markdown", "sheets", "write"]

TEMPLATE = "_follow_up.md.j2"
"""The pack's template (a leading '_' keeps it out of the agreement templates)."""


def markdown(pack: FollowUp, templates: Path) -> str:
    """The pack as Markdown, one trailing newline, no runs of blank lines."""
    from iopctl.errors import UserError
    from iopctl.render.templates import TemplateProblem, run_template

    try:
        text = run_template(templates, TEMPLATE, pack.context())
    except TemplateProblem as exc:
        raise UserError(str(exc)) from None
    lines = [line.rstrip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def sheets(pack: FollowUp) -> list[Sheet]:
    """The pack as spreadsheet tables: money per payment, duties, remarks, repayment claims.

    Typed cells (amounts Decimal, dates date; None for an amount not stated or a date not
    given), Swedish headings; one row each, with the agreement in the first column."""
    from iopctl.report.settlement import STATUS_WORDS
    from iopctl.report.xlsx import Sheet

    money, duties, remarks, claims = [], [], [], []
    for a in pack.agreements:
        for p in a["payers"]:
            for x in p["payments"]:
                paid_on = ", ".join(d.isoformat() for d in x["paid_dates"])
                money.append(
                    [a["id"], p["name"], p["payee"], x["period"], x["due_date"], x["planned"], x["paid"],
                     x["outstanding"], x["overpaid"], STATUS_WORDS[x["status"]], paid_on]
                )  # fmt: skip
        for i in a["duties"]:
            duties.append(
                [a["id"], i["kind"], i["title"], i["owner"], i["due_date"], i["received_date"], i["approved_date"],
                 i["status"]]
            )  # fmt: skip
        for r in a["remarks"]:
            remarks.append([a["id"], r["remark_date"], r["by"], r["cure_until"], r["cured"], r["note"]])
        for c in a["claims"]:
            claims.append([a["id"], c["claim_date"], c["amount"], c["reason"], c["repaid_date"]])
    return [
        Sheet(
            f"Ekonomi {pack.year}",
            [
                "Avtal",
                "Betalare",
                "Mottagare",
                "Period",
                "Förfallodag",
                "Avtalat",
                "Utbetalt",
                "Kvar",
                "Överbetalt",
                "Status",
                "Utbetalningsdag",
            ],
            money,
        ),  # fmt: skip
        Sheet(
            "Åtaganden",
            ["Avtal", "Typ", "Åtagande", "Ansvarig", "Senast", "Inkom", "Godkänd", "Status"],
            duties,
        ),
        Sheet("Anmärkningar", ["Avtal", "Anmärkning", "Given av", "Rättelse senast", "Rättat", "Avser"], remarks),
        Sheet("Återbetalningskrav", ["Avtal", "Krav", "Belopp", "Skäl", "Återbetalt"], claims),
    ]


def write(pack: FollowUp, fmt: str, out: Path, first_file: Path | None) -> Path:
    """Write `uppfoljning-YEAR[-PARTY].md|pdf|xlsx` in the folder `out` atomically, or, for xlsx,
    to `out` itself when it names a .xlsx file, or to standard output when `out` is '-'; the
    path written ('-' for standard output)."""
    import hashlib

    from iopctl.files.atomic import is_stdout, make_out_dir, write_output
    from iopctl.files.discover import SHIPPED_TEMPLATES, templates_dir

    name = f"uppfoljning-{pack.year}" + (f"-{pack.party}" if pack.party else "")
    stdout = is_stdout(out)
    if fmt == "xlsx":
        from iopctl.report.xlsx import write_workbook

        target = out if stdout or out.suffix.lower() == ".xlsx" else out / f"{name}.xlsx"
        if not stdout:
            make_out_dir(target.parent)
        write_workbook(target, sheets(pack))
        return target
    templates = templates_dir(first_file) if first_file is not None else SHIPPED_TEMPLATES
    text = markdown(pack, templates)
    if not stdout:
        make_out_dir(out)
    if fmt == "md":
        target = out if stdout else out / f"{name}.md"
        write_output(target, text)
        return target
    from iopctl.render.html import markdown_to_html
    from iopctl.render.meta import DocumentMeta
    from iopctl.render.pdf import html_to_pdf

    meta = DocumentMeta(
        name,
        "follow-up",
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
        f"Uppföljning av idéburna offentliga partnerskap {pack.year}",
        pack.today if pack.today.year == pack.year else date(pack.year, 12, 31),
        templates,
    )
    target = out if stdout else out / f"{name}.pdf"
    write_output(target, html_to_pdf(markdown_to_html(text, meta, for_pdf=True), meta))
    return target
