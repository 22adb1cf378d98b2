"""Golden files: the Markdown draft of every reference agreement, pinned as exact text.

A change to a template, the context or the data shows up here as a diff of the Swedish
document itself. Rewrite the files with `pytest --update-golden` and review the diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from iopctl.files.discover import templates_dir
from iopctl.load.read import iter_agreement_files, read_agreement
from iopctl.load.workspace import workspace_for
from iopctl.render.document import render_markdown

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = sorted(iter_agreement_files([ROOT / "agreements"]))
GOLDEN = Path(__file__).resolve().parent / "golden"
#: Typos of the original documents that a draft made from the data must never repeat.
TYPOS = ("Kvinnojuren", "Läggerverksamhet", "KVINNOJOURN", "Södersläotts")


def test_all_five_reference_agreements_are_pinned() -> None:
    assert len(AGREEMENTS) == 5
    assert sorted(p.stem for p in AGREEMENTS) == sorted(p.stem for p in GOLDEN.glob("*.md"))


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_golden_markdown(path: Path, update_golden: bool) -> None:
    result = read_agreement(path)
    assert result.agreement is not None, result.problems
    text = render_markdown(result.agreement, templates_dir(path), workspace_for(path).series)
    golden = GOLDEN / f"{path.stem}.md"
    if update_golden:
        golden.write_text(text, encoding="utf-8", newline="\n")
        return
    assert golden.is_file(), f"no golden file {golden}; run pytest --update-golden"
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"golden/{golden.name}",
                tofile="rendered",
            )
        )
        pytest.fail(f"rendered Markdown differs from {golden} (pytest --update-golden rewrites it):\n{diff}")


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.md")), ids=lambda p: p.stem)
def test_golden_files_have_no_original_typos(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for typo in TYPOS:
        assert typo.lower() not in text.lower(), typo
