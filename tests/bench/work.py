"""In-process measurements for `make bench`, one kind per process: prints one JSON line.

    python tests/bench/work.py floor FOLDER    # yaml.load(CSafeLoader) + Agreement.model_validate
    python tests/bench/work.py check FOLDER    # iopctl: strict read + validate + rules (check_file)
    python tests/bench/work.py read FOLDER     # iopctl: strict read + validate, no rules
    python tests/bench/work.py pdf FOLDER N    # render_one(pdf) vs WeasyPrint alone on its input

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
    from iopctl.load.read import iter_agreement_files

    return list(iter_agreement_files([folder]))


def floor(files: list[Path]) -> tuple[float, int]:
    """The floor: libyaml's loader and the models, nothing else (no positions, no rules)."""
    import yaml
    from pydantic import ValidationError

    from iopctl.model.agreement import Agreement

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
    from iopctl.batch.validate import check_files

    list(check_files(files[:1], 1))
    start = time.perf_counter()
    failed = sum(1 for report in check_files(files, 1) if not report.ok)
    return time.perf_counter() - start, failed


def read(files: list[Path]) -> tuple[float, int]:
    """iopctl's strict reader and the models (no rules): the part comparable to the floor."""
    from iopctl.load.read import read_agreement

    read_agreement(files[0])
    start = time.perf_counter()
    failed = sum(1 for path in files if read_agreement(path).agreement is None)
    return time.perf_counter() - start, failed


KINDS = {"floor": floor, "check": check, "read": read}


def pdf(folder: Path, count: int) -> dict[str, float]:
    """iopctl's whole PDF path per file against WeasyPrint alone on the very same input.

    Ours: `render_one` as `render --format pdf --jobs 1` runs it (read, validate, template,
    Markdown, HTML, the asset-only fetcher, fixed dates, WeasyPrint). The floor: WeasyPrint
    with its defaults on the HTML and print stylesheet iopctl hands it, built beforehand and
    not timed. The two alternate file by file; one file of each is done first, untimed.
    """
    import warnings

    from iopctl.batch.render import Job, render_one
    from iopctl.files.discover import templates_dir
    from iopctl.load.read import read_agreement
    from iopctl.load.workspace import workspace_for
    from iopctl.render.document import render_markdown
    from iopctl.render.html import markdown_to_html, page_css
    from iopctl.render.meta import document_meta

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint

    files = files_of(folder)[:count]
    inputs = []
    for path in files:
        agreement = read_agreement(path).agreement
        templates = templates_dir(path)
        meta = document_meta(agreement, templates)
        html = markdown_to_html(render_markdown(agreement, templates, workspace_for(path).series), meta, for_pdf=True)
        inputs.append((path, html, page_css(meta), templates.resolve().as_uri() + "/"))

    def ours(path: Path) -> None:
        job = Job(str(path), str(path), path.stem, "pdf", "", None)
        assert render_one(job).data

    def alone(html: str, css: str, base: str) -> None:
        document = weasyprint.HTML(string=html, base_url=base).render(
            stylesheets=[weasyprint.CSS(string=css, base_url=base)]
        )
        assert document.write_pdf()

    ours(inputs[0][0])
    alone(*inputs[0][1:])
    t_ours = t_alone = 0.0
    for path, html, css, base in inputs:
        start = time.perf_counter()
        ours(path)
        t_ours += time.perf_counter() - start
        start = time.perf_counter()
        alone(html, css, base)
        t_alone += time.perf_counter() - start
    return {"files": len(inputs), "ours": t_ours, "alone": t_alone}


def main(argv: list[str]) -> None:
    if argv[0] == "pdf":
        print(json.dumps(pdf(Path(argv[1]), int(argv[2]))))
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
