"""Validate the data files that live beside agreements: `_policy.yaml`, `_series/*.yaml` and
`_records/*.yaml`.

`iopctl validate` is what CI runs, so a broken policy, index series or a records file that
names an event the agreement does not have must fail there too, not first in `funding` or
`deadlines`. Each such file is reported once, however many agreements it governs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from iopctl.errors import Problem
from iopctl.files.discover import POLICY_FILE, RECORDS_DIR, SERIES_DIR, display_path, find_beside
from iopctl.load.data_files import load_policy_file
from iopctl.rules.check import FileReport


def companion_folders(agreement_files: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The distinct `_series/` and `_records/` folders governing the agreement files."""
    series: dict[Path, None] = {}
    records: dict[Path, None] = {}
    seen_parents: set[Path] = set()
    for f in agreement_files:
        if f.parent in seen_parents:
            continue
        seen_parents.add(f.parent)
        for name, bucket in ((SERIES_DIR, series), (RECORDS_DIR, records)):
            found = find_beside(f, name)
            if found is not None and found.is_dir():
                bucket[found] = None
    return list(series), list(records)


def policy_files(agreement_files: Iterable[Path]) -> list[Path]:
    """The distinct `_policy.yaml` files governing the agreement files."""
    found: dict[Path, None] = {}
    for parent in dict.fromkeys(f.parent for f in agreement_files):
        policy = find_beside(parent, POLICY_FILE)
        if policy is not None:
            found[policy] = None
    return list(found)


def companion_reports(agreement_files: list[Path]) -> Iterator[FileReport]:
    """A report for every policy, series and records file governing the given agreements."""
    for path in policy_files(agreement_files):
        _policy, policy_problems = load_policy_file(path)
        located = [p for p in policy_problems if isinstance(p, Problem)]
        yield FileReport(display_path(path), None, located, kind="policy")
    series_dirs, records_dirs = companion_folders(agreement_files)
    if not series_dirs and not records_dirs:
        return  # nothing beside the agreements: do not pay for importing the readers
    from iopctl.load.data_files import read_series_file
    from iopctl.load.read import read_agreement, read_text_file
    from iopctl.rules.records import read_records_text

    for folder in series_dirs:
        for path in sorted(folder.glob("*.yaml")):
            model, problems = read_series_file(path, display_path(path))
            yield FileReport(display_path(path), getattr(model, "id", None), list(problems), kind="series")
    by_id = {f.stem: f for f in agreement_files}
    for folder in records_dirs:
        for path in sorted(folder.glob("*.yaml")):
            display = display_path(path)
            text, problems = read_text_file(path, display)
            if text is None:
                yield FileReport(display, None, problems, kind="records")
                continue
            agreement_file = by_id.get(path.stem)
            agreement = read_agreement(agreement_file).agreement if agreement_file else None
            records, problems = read_records_text(text, display, agreement)
            yield FileReport(display, getattr(records, "agreement", None), list(problems), kind="records")
