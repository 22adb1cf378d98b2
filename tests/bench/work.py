"""In-process measurements for `make bench`, one kind per process: prints one JSON line.

    python tests/bench/work.py floor FOLDER    # yaml.load(CSafeLoader) + Agreement.model_validate
    python tests/bench/work.py check FOLDER    # iopctl: strict read + validate + rules (check_file)
    python tests/bench/work.py read FOLDER     # iopctl: strict read + validate, no rules
    python tests/bench/work.py weasyprint HTML PDF   # WeasyPrint alone (timed from outside)

Imports and the file listing happen before the clock starts, and one file is checked first
so lazy imports are not counted; the timed loop reads every file from disk, like the CLI.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def files_of(folder: Path) -> list[Path]:
    from iopctl.reading import iter_agreement_files

    return list(iter_agreement_files([folder]))


def floor(files: list[Path]) -> tuple[float, int]:
    """The floor: libyaml's loader and the models, nothing else (no positions, no rules)."""
    import yaml
    from pydantic import ValidationError

    from iopctl.model import Agreement

    loader = yaml.CSafeLoader
    failed = 0

    def one(path: Path) -> None:
        nonlocal failed
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            Agreement.model_validate(yaml.load(text, Loader=loader))
        except ValidationError:
            failed += 1

    one(files[0])
    failed = 0
    start = time.perf_counter()
    for path in files:
        one(path)
    return time.perf_counter() - start, failed


def check(files: list[Path]) -> tuple[float, int]:
    """iopctl's whole validation of each file, as `validate --jobs 1` does it."""
    from iopctl.validation import check_files

    list(check_files(files[:1], 1))
    start = time.perf_counter()
    failed = sum(1 for report in check_files(files, 1) if not report.ok)
    return time.perf_counter() - start, failed


def read(files: list[Path]) -> tuple[float, int]:
    """iopctl's strict reader and the models (no rules): the part comparable to the floor."""
    from iopctl.reading import read_agreement

    read_agreement(files[0])
    start = time.perf_counter()
    failed = sum(1 for path in files if read_agreement(path).agreement is None)
    return time.perf_counter() - start, failed


KINDS = {"floor": floor, "check": check, "read": read}


def weasyprint_alone(html_folder: Path, pdf_folder: Path) -> None:
    """Every HTML file to PDF with WeasyPrint's defaults: the floor of `render --format pdf`."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint

    pdf_folder.mkdir(parents=True, exist_ok=True)
    for html in sorted(html_folder.glob("*.html")):
        weasyprint.HTML(filename=str(html)).write_pdf(str(pdf_folder / (html.stem + ".pdf")))


def main(argv: list[str]) -> None:
    if argv[0] == "weasyprint":
        weasyprint_alone(Path(argv[1]), Path(argv[2]))
        return
    kind, folder = argv[0], Path(argv[1])
    files = files_of(folder)
    seconds, failed = KINDS[kind](files)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "kind": kind,
                "files": len(files),
                "seconds": seconds,
                "failed": failed,
                "peak_kb": peak_kb,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
