"""The work of `iopctl record`: find the agreement, check the request, edit its records file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["run"]


def _fail(message: str) -> int:
    from iopctl.report.console import error

    error(f"error: {message}")
    return 1


def _find(agreement: str, folder: Path) -> Path | None:
    candidate = Path(agreement)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate
    from iopctl.load.read import iter_agreement_files

    if not folder.exists():
        return None
    return next((f for f in iter_agreement_files([folder]) if f.stem == agreement), None)


def _event_keys(path: Path, a: Any, records: Any) -> list[str]:
    from iopctl.deadlines.calendar import deadlines, generation_end
    from iopctl.funding.schedule import payment_schedule
    from iopctl.load.data_files import policy_for, series_for

    until = generation_end(a, None, None)
    payments = payment_schedule(a, series_for(path), until=until) if a.funding.commitments else []
    events = deadlines(a, None, None, policy=policy_for(path)[0], payments=payments, records=records)
    return [e.key for e in events]


def run(
    agreement: str,
    key: str,
    folder: Path,
    given: dict[str, date | None],
    *,
    amount: str | None,
    by: str | None,
    note: str | None,
) -> int:
    """Exit code: 0 recorded or nothing to change, 1 refused (message on stderr)."""
    from decimal import Decimal, InvalidOperation

    from iopctl.files.discover import records_dir
    from iopctl.files.yaml_edit import RecordRequest, apply
    from iopctl.load.read import read_agreement
    from iopctl.model.identifiers import find_personal_numbers
    from iopctl.report.console import error, report_problems
    from iopctl.rules.check import file_errors
    from iopctl.rules.records import load_records, read_records_text

    path = _find(agreement, folder)
    if path is None:
        return _fail(f"no agreement '{agreement}' in {folder}/")
    result = read_agreement(path, str(path), positions=False)
    errors = file_errors(result, path)
    if errors or result.agreement is None:
        report_problems(errors or result.problems)
        return _fail(f"{path} has errors; fix them first (iopctl validate)")
    a = result.agreement
    for text, option in ((by, "--by"), (note, "--note")):
        if text and next(find_personal_numbers(text), None) is not None:
            return _fail(f"{option} holds a personal identity number (personnummer); records keep none")
    money = None
    if amount is not None:
        try:
            money = Decimal(amount.strip().replace(" ", "").replace(",", "."))
        except InvalidOperation:
            return _fail(f"--amount {amount!r} is not a sum of kronor")
        if money <= 0 or money != money.quantize(Decimal("0.01")):
            return _fail(f"--amount {amount!r} must be positive with at most two decimals")
        money = money.quantize(Decimal("0.01"))
    records, _ = load_records(path, a)
    if given["remark"] is not None:
        if key != "remark":
            return _fail("with --remark, KEY is 'remark'")
        if by is None or a.party(by) is None:
            return _fail("--remark needs --by PARTY: the party or unit id that gave the remark")
    else:
        from iopctl.deadlines.keys import key_problem

        known = _event_keys(path, a, records)
        problem = key_problem(a, key)
        if problem is None and key not in known:
            problem = f"the agreement has no event '{key}'"
        if problem is not None:
            from difflib import get_close_matches

            close = get_close_matches(key, known, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(repr(k) for k in close)}?" if close else ""
            return _fail(f"{problem}{hint} (iopctl deadlines --keys lists them)")
        if given["paid"] is not None and not key.startswith("payment:"):
            return _fail(f"--paid needs a payment's key, not '{key}'")
    folder_of_records = records_dir(path) or path.parent / "_records"
    target = folder_of_records / f"{a.id}.yaml"
    old = target.read_text(encoding="utf-8") if target.is_file() else None
    req = RecordRequest(key=key, amount=money, by=by, note=note, **given)
    new, changes = apply(old, a.id, req)
    if not changes:
        error(f"{target}: nothing to change")
        return 0
    _, problems = read_records_text(new, str(target), a)
    if problems:
        report_problems(problems)
        return _fail(f"{target} would not be valid; nothing written")
    from iopctl.files.atomic import write_atomic

    folder_of_records.mkdir(parents=True, exist_ok=True)
    write_atomic(target, new)
    for change in changes:
        print(change.text())
    error(f"wrote {target}")
    return 0
