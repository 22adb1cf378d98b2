"""A records file (`_records/<id>.yaml`) read and checked against its agreement.

An entry must name an event, payment or claim the agreement has (`iopctl.deadlines.calendar.key_problem`),
so a misspelt key is an error with its line, not a silently ignored record.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from iopctl.errors import Problem, under_rule
from iopctl.files.discover import display_path, records_path
from iopctl.model.records import RULE, Records

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement


def load_records(
    agreement_file: Path, agreement: Agreement, folder: Path | None | bool = True
) -> tuple[Records | None, list[Problem]]:
    """The agreement's records (None when there are none or they cannot be read) and their problems.

    A file that does not validate gives no records; entries that do not match the agreement
    are reported but the rest of the file is used. `folder`: a `records_dir` already looked up.
    """
    path = records_path(agreement_file, agreement.id, folder)
    if path is None:
        return None, []
    from iopctl.load.read import read_text_file

    display = display_path(path)
    text, problems = read_text_file(path, display)
    if text is None:
        return None, under_rule(problems, RULE)
    return read_records_text(text, display, agreement)


def read_records_text(text: str, name: str, agreement: Agreement | None = None) -> tuple[Records | None, list[Problem]]:
    """Validate records text (and, given the agreement, check it against it)."""
    from iopctl.load.read import validate_text

    result = validate_text(text, name, Records)
    if result.agreement is None:
        return None, under_rule(result.problems, RULE)
    records: Records = result.agreement
    if agreement is None:
        return records, []
    findings = list(check_records(records, agreement))
    if not findings:
        return records, []
    located = result.positions()
    problems = []
    for path, message in findings:
        line, col = located.locate(path)
        from iopctl.errors import format_path

        problems.append(Problem(name, line, col, format_path(path), message, rule=RULE))
    return records, problems


def check_records(records: Records, agreement: Agreement) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, message) for each entry that cannot belong to this agreement."""
    from iopctl.deadlines.keys import key_problem

    out: list[tuple[tuple[str | int, ...], str]] = []
    if records.agreement != agreement.id:
        out.append(
            (
                ("agreement",),
                f"agreement '{records.agreement}' must equal '{agreement.id}', the file name",
            )
        )
    seen: dict[str, int] = {}
    for i, entry in enumerate(records.events):
        key = entry.event_key
        where: tuple[str | int, ...] = ("events", i, "key") if entry.key is not None else ("events", i)
        problem = key_problem(agreement, key)
        if problem is not None:
            out.append((where, problem))
        elif key in seen:
            out.append((where, f"'{key}' is already recorded in events[{seen[key]}]"))
        seen.setdefault(key, i)
    for i, made in enumerate(records.payments):
        if not made.key.startswith("payment:"):
            out.append((("payments", i, "key"), f"'{made.key}' is not a payment's key"))
            continue
        problem = key_problem(agreement, made.key)
        if problem is not None:
            out.append((("payments", i, "key"), problem))
    commitments = {c.id for c in agreement.funding.commitments}
    for i, claim in enumerate(records.claims):
        if claim.commitment not in commitments:
            out.append(
                (
                    ("claims", i, "commitment"),
                    f"'{claim.commitment}' is not a funding commitment of the agreement",
                )
            )
        if claim.repaid is not None and claim.repaid < claim.date:
            out.append((("claims", i, "repaid"), "repaid cannot be before the claim's date"))
    for i, remark in enumerate(records.remarks):
        for field in ("by", "against"):
            ref = getattr(remark, field)
            if ref is not None and agreement.party(ref) is None:
                out.append((("remarks", i, field), f"'{ref}' is not a party or unit of the agreement"))
    return out
