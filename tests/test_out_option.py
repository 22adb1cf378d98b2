"""`--out` across the commands, through the real entry point: '-' is standard output where the
output is one file, a usage error (exit 2) where `--out` names a folder, and a file where a
folder goes is one message (exit 1). Nothing named '-' is ever made."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

AGREEMENTS = Path(__file__).parent.parent / "agreements"
TODAY = "2025-06-01"


def _iopctl(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "iopctl", *args], cwd=cwd, capture_output=True, check=False, timeout=300
    )


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (("deadlines", "--today", TODAY, "--format", "ics"), lambda out: out.startswith(b"BEGIN:VCALENDAR\r\n")),
        (("deadlines", "--today", TODAY, "--format", "json"), lambda out: out.startswith(b"{")),
        (("funding", "--today", TODAY, "--format", "xlsx"), zipfile.is_zipfile),
        (("status", "--today", TODAY, "--format", "xlsx"), zipfile.is_zipfile),
        (("follow-up", "--year", "2025", "--today", TODAY), lambda out: out.startswith(b"# Uppf\xc3\xb6ljning")),
        (("follow-up", "--year", "2025", "--today", TODAY, "--format", "xlsx"), zipfile.is_zipfile),
    ],
    ids=["deadlines-ics", "deadlines-json", "funding-xlsx", "status-xlsx", "follow-up-md", "follow-up-xlsx"],
)
def test_a_dash_is_standard_output(tmp_path: Path, args: tuple[str, ...], check: object) -> None:
    command, *rest = args
    done = _iopctl(tmp_path, command, str(AGREEMENTS), *rest, "--out", "-")
    assert done.returncode == 0, done.stderr.decode()
    assert callable(check)
    data = io.BytesIO(done.stdout) if check is zipfile.is_zipfile else done.stdout
    assert check(data), done.stdout[:200]
    assert b"wrote" not in done.stderr  # nothing was written to a file
    assert list(tmp_path.iterdir()) == []  # no file or folder named '-'


@pytest.mark.parametrize(
    "args",
    [
        ("site", str(AGREEMENTS), "--today", TODAY),
        ("render", str(AGREEMENTS), "--format", "md"),
        ("schema",),
        ("renew", str(AGREEMENTS / "lund-kvinnojouren-2021.yaml"), "--start", "2024-01-01"),
    ],
    ids=["site", "render", "schema", "renew"],
)
def test_a_dash_where_out_is_a_folder_is_a_usage_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = _iopctl(tmp_path, *args, "--out", "-")
    assert done.returncode == 2, done.stderr.decode()
    assert "'-' (standard output) holds one file only" in done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("site", str(AGREEMENTS), "--today", TODAY),
        ("follow-up", str(AGREEMENTS), "--year", "2025", "--today", TODAY),
        ("render", str(AGREEMENTS), "--format", "md"),
    ],
    ids=["site", "follow-up", "render"],
)
def test_a_file_where_the_folder_goes_is_one_message(tmp_path: Path, args: tuple[str, ...]) -> None:
    target = tmp_path / "in-the-way"
    target.write_text("keep", encoding="utf-8")
    done = _iopctl(tmp_path, *args, "--out", str(target))
    assert done.returncode == 1, done.stderr.decode()
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr
    assert f"cannot write to {target}: it is a file, not a folder" in stderr
    assert target.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in-the-way"]
