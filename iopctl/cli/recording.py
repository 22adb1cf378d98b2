"""The work of `iopctl record`: find the agreement, check the request, edit its records file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
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
    from iopctl.load.workspace import workspace_for

    ws = workspace_for(path)
    until = generation_end(a, None, None)
    payments = payment_schedule(a, ws.series, until=until) if a.funding.commitments else []
    events = deadlines(a, None, None, policy=ws.policy, payments=payments, records=records)
    return [e.key for e in events]


def _money(amount: str) -> Decimal | str:
    """--amount as kronor and öre, or why it is refused."""
    from decimal import InvalidOperation

    try:
        money = Decimal(amount.strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return f"--amount {amount!r} is not a sum of kronor"
    if money <= 0 or money != money.quantize(Decimal("0.01")):
        return f"--amount {amount!r} must be positive with at most two decimals"
    return money.quantize(Decimal("0.01"))


def _refusal(path: Path, a: Any, records: Any, key: str, given: dict[str, date | None], by: str | None) -> str | None:
    """Why the key does not fit the request (a remark, a payment, an event of the agreement), if it does not."""
    if given["remark"] is not None:
        if key != "remark":
            return "with --remark, KEY is 'remark'"
        if by is None or a.party(by) is None:
            return "--remark needs --by PARTY: the party or unit id that gave the remark"
        return None
    from iopctl.deadlines.keys import key_problem

    known = _event_keys(path, a, records)
    problem = key_problem(a, key)
    if problem is None and key not in known:
        problem = f"the agreement has no event '{key}'"
    if problem is not None:
        from difflib import get_close_matches

        close = get_close_matches(key, known, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(k) for k in close)}?" if close else ""
        return f"{problem}{hint} (iopctl deadlines --keys lists them)"
    if given["paid"] is not None and not key.startswith("payment:"):
        return f"--paid needs a payment's key, not '{key}'"
    return None


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
    money = _money(amount) if amount is not None else None
    if isinstance(money, str):
        return _fail(money)
    records, _ = load_records(path, a)
    refusal = _refusal(path, a, records, key, given, by)
    if refusal is not None:
        return _fail(refusal)
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
