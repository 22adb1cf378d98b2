"""Which files a folder argument means: `reading.iter_agreement_files` against `Path.rglob`.

The listing scans folders itself (one `scandir` a folder, no `stat` a file); the reference is
what it replaced, `rglob` filtered the same way, on a tree with every awkward case.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iopctl.load.read import AGREEMENT_SUFFIXES, iter_agreement_files


def by_rglob(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix in AGREEMENT_SUFFIXES
        and p.is_file()
        and not any(part.startswith(("_", ".")) for part in p.relative_to(root).parts)
    )


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("schema_version: 1\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_the_listing_is_rglobs(tmp_path: Path) -> None:
    root = tmp_path / "agreements"
    for name in (
        "b.yaml", "a.yml", "A.yaml", "ä.yaml", "x.YAML", "notes.txt", "z/y/deep.yaml",
        "region-1/k.yaml", "region-10/k.yaml", "region-2/k.yaml", "_series/s.yaml",
        "_policy.yaml", ".hidden.yaml", ".git/h.yaml", "sub/_records/r.yaml", "sub/_x.yaml",
        "sub/ok.yaml", "folder.yaml/inner.yaml",
    ):  # fmt: skip
        touch(root / name)
    (root / "linked-file.yaml").symlink_to(root / "b.yaml")
    (root / "linked-folder").symlink_to(root / "z", target_is_directory=True)
    (root / "broken.yaml").symlink_to(root / "missing.yaml")
    (root / "empty").mkdir()
    locked = touch(root / "locked" / "l.yaml").parent
    locked.chmod(0)
    try:
        got = list(iter_agreement_files([root]))
        # rglob's files, and the broken link, which rglob skips in silence and iopctl reports
        assert got == sorted([*by_rglob(root), root / "broken.yaml"])
    finally:
        locked.chmod(0o755)
    names = {str(p.relative_to(root)) for p in got}
    assert {"b.yaml", "a.yml", "linked-file.yaml", "z/y/deep.yaml", "folder.yaml/inner.yaml"} <= names
    assert "broken.yaml" in names
    assert not {"x.YAML", "_policy.yaml", "sub/_x.yaml"} & names
    assert not any(n.startswith(("linked-folder", "_series", ".git")) for n in names)


def test_shipped_agreements_are_listed_as_rglob_lists_them() -> None:
    root = Path(__file__).resolve().parent.parent / "agreements"
    assert list(iter_agreement_files([root])) == by_rglob(root)
    corpus = Path(__file__).resolve().parent / "corpus"
    assert list(iter_agreement_files([corpus])) == by_rglob(corpus)
