"""Writing a new agreement file (`new`, `renew`): checked before it is written, never over a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from iopctl.errors import Problem, UserError


def schema_ref(target: Path) -> str:
    """The modeline's path from the file's folder to schemas/agreement.schema.json (found upwards)."""
    folder = target.parent.resolve()
    for up in (folder, *folder.parents):
        candidate = up / "schemas" / "agreement.schema.json"
        if candidate.exists():
            return Path(os.path.relpath(candidate, folder)).as_posix()
    return "../schemas/agreement.schema.json"


def check_and_write(target: Path, data: dict[str, Any], header: str) -> tuple[str, list[Problem]]:
    """Validate the new file's text as `validate` would, refuse errors, write it atomically.

    Returns the text and its warnings/infos. Refuses (UserError) an existing file, a file the
    model refuses (a bug, reported as such) and an error finding of the rules.
    """
    from iopctl.errors import Severity
    from iopctl.files.atomic import write_atomic
    from iopctl.files.yaml_write import dump
    from iopctl.load.read import validate_text
    from iopctl.model.agreement import Agreement
    from iopctl.rules.check import rule_problems

    if target.exists():
        raise UserError(f"{target} exists; iopctl never overwrites an agreement (choose another --id or remove it)")
    text = dump(data, schema=schema_ref(target), header=header)
    result = validate_text(text, str(target), Agreement, expected_id=target.stem)
    problems = list(result.problems)
    if result.agreement is not None:
        problems.extend(rule_problems(result, target))
    errors = [p for p in problems if p.severity == Severity.ERROR]
    if errors:
        raise UserError(f"not written: {target} would not validate:\n" + "\n".join(p.text() for p in errors))
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    return text, problems
