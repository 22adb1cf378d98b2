"""Every write failure: one message with the path, exit 1, earlier outputs intact, no temp file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app

AGREEMENTS = Path(__file__).parent.parent / "agreements"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_render_out_is_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("keep", encoding="utf-8")
    code, out = _run("render", str(AGREEMENTS), "--format", "md", "--out", str(target))
    assert code == 1
    assert f"error: cannot write to {target}: it is a file, not a folder" in out
    assert target.read_text(encoding="utf-8") == "keep"


def test_deadlines_out_is_a_folder(tmp_path: Path) -> None:
    code, out = _run("deadlines", str(AGREEMENTS), "--today", "2025-01-01", "--out", str(tmp_path))
    assert code == 1
    assert f"error: cannot write {tmp_path}: it is a folder" in out
    assert list(tmp_path.iterdir()) == []


def test_deadlines_out_in_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "iop.ics"
    code, out = _run("deadlines", str(AGREEMENTS), "--today", "2025-01-01", "--out", str(target))
    assert code == 1
    assert f"error: cannot write {target}: the folder {target.parent} does not exist" in out


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EROFS, "Read-only file system"),
        (errno.EACCES, "Permission denied"),
    ],
    ids=["disk-full", "read-only", "not-writable"],
)
def test_render_stops_at_a_failing_write_and_keeps_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, reason: str
) -> None:
    # tests run as root, which writes anywhere: the failure is injected where the OS gives it
    out = tmp_path / "out"
    out.mkdir()
    (out / "kalmar-kvinnojouren-2025.md").write_text("earlier", encoding="utf-8")
    real_write = os.write
    calls = []

    def failing_write(fd: int, data: object) -> int:
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(number, os.strerror(number))
        return real_write(fd, data)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "write", failing_write)
    code, text = _run("render", str(AGREEMENTS), "--format", "md", "--out", str(out))
    assert code == 1
    lines = text.splitlines()
    (wrote,) = [line for line in lines if line.startswith("wrote ")]
    (message,) = [line for line in lines if line.startswith("error: cannot write")]
    assert message.endswith(f": {reason}; 1 of 5 written, the rest not"), message
    first = Path(wrote.removeprefix("wrote "))
    assert first.read_bytes().startswith(b"# ") or first.stat().st_size > 100
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    if first.name != "kalmar-kvinnojouren-2025.md":
        assert (out / "kalmar-kvinnojouren-2025.md").read_text(encoding="utf-8") == "earlier"


def test_deadlines_disk_full_keeps_the_old_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "iop.ics"
    target.write_text("old calendar", encoding="utf-8")

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    code, out = _run("deadlines", str(AGREEMENTS), "--today", "2025-01-01", "--format", "ics", "--out", str(target))
    assert code == 1
    assert f"error: cannot write {target}: No space left on device" in out
    assert target.read_text(encoding="utf-8") == "old calendar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["iop.ics"]
