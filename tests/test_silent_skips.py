"""Nothing under a folder is skipped in silence: an unlistable folder, a FIFO, a broken link."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app

SOURCE = Path(__file__).parent.parent / "agreements" / "kalmar-kvinnojouren-2025.yaml"
runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "agreements"
    (root / "locked").mkdir(parents=True)
    (root / "kalmar-kvinnojouren-2025.yaml").write_bytes(SOURCE.read_bytes())
    (root / "locked" / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("command", ["validate", "funding", "deadlines", "render"])
def test_an_unreadable_subfolder_is_an_error_with_its_path(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # the tests run as root, who reads any folder: the OSError chmod 000 gives a user is
    # injected where the listing meets it
    locked = folder / "locked"
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    extra = ["--out", str(tmp_path / "out")] if command == "render" else []
    if command == "deadlines":
        extra = ["--today", "2025-01-01"]
    result = runner.invoke(app, [command, str(folder), *extra], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert f"{locked}:1:1: error: cannot read folder: Permission denied [io]" in result.output


def test_a_fifo_named_like_an_agreement_is_an_error(folder: Path) -> None:
    fifo = folder / "pipe.yaml"
    os.mkfifo(fifo)  # reading it would block for ever; it is reported unopened
    result = runner.invoke(app, ["validate", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{fifo}:1:1: error: not a regular file" in result.output


def test_a_broken_link_named_like_an_agreement_is_an_error(folder: Path) -> None:
    link = folder / "gone.yaml"
    link.symlink_to(folder / "nowhere.yaml")
    result = runner.invoke(app, ["validate", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{link}:1:1: error: cannot read file: No such file or directory [io]" in result.output
