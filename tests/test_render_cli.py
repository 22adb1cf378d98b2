"""`iopctl render` through the CLI: outputs, --check, refusals, and a crash mid-batch."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
IDS = sorted(p.stem for p in (ROOT / "agreements").glob("*.yaml") if not p.name.startswith("_"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["render", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def agreements(tmp_path: Path) -> Path:
    folder = tmp_path / "agreements"
    shutil.copytree(ROOT / "agreements", folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder (hidden ones too: a leftover temp file must show)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["render", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "iopctl render agreements/ --format pdf --out out/" in result.stdout
    for option in ("--format", "--out", "--check", "--templates", "--jobs"):
        assert option in result.stdout


def test_renders_one_file_per_agreement_named_from_its_id(agreements: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run(str(agreements), "--format", "md", "--out", str(out))
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{i}.md" for i in IDS]
    assert stdout.splitlines() == [f"wrote {out / f'{i}.md'}" for i in IDS]
    golden = ROOT / "tests" / "golden"
    for i in IDS:
        assert (out / f"{i}.md").read_bytes() == (golden / f"{i}.md").read_bytes()
    mode = (out / f"{IDS[0]}.md").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_renders_the_other_formats(agreements: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    code, _, stderr = run(str(agreements / "kalmar-kvinnojouren-2025.yaml"), "-f", fmt, "-o", str(out), "--jobs", "1")
    assert code == 0, stderr
    assert [p.name for p in out.iterdir()] == [f"kalmar-kvinnojouren-2025.{fmt}"]


def test_pdf_batch_in_processes_gives_the_same_bytes(agreements: Path, tmp_path: Path) -> None:
    files = [str(agreements / f"{i}.yaml") for i in IDS[:3]]
    assert run(*files, "-f", "pdf", "-o", str(tmp_path / "one"), "--jobs", "1")[0] == 0
    assert run(*files, "-f", "pdf", "-o", str(tmp_path / "many"), "--jobs", "3")[0] == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "many")


def test_check_passes_when_up_to_date_and_lists_stale_outputs(agreements: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(str(agreements), "-o", str(out))[0] == 0
    before = snapshot(out)
    code, stdout, _ = run(str(agreements), "-o", str(out), "--check")
    assert code == 0 and "5 md renderings" in stdout and "up to date" in stdout
    # A data change makes one rendering stale; a deleted one is missing. --check writes nothing.
    kalmar = agreements / "kalmar-kvinnojouren-2025.yaml"
    kalmar.write_text(
        kalmar.read_text(encoding="utf-8").replace("amount: 1000000", "amount: 1200000"),
        encoding="utf-8",
    )
    (out / "lund-kvinnojouren-2021.md").unlink()
    code, _, stderr = run(str(agreements), "-o", str(out), "--check")
    assert code == 1
    assert f"{out / 'kalmar-kvinnojouren-2025.md'} is stale" in stderr
    assert f"{out / 'lund-kvinnojouren-2021.md'} is missing" in stderr
    assert "trelleborg" not in stderr
    after = snapshot(out)
    assert after == {k: v for k, v in before.items() if k != "lund-kvinnojouren-2021.md"}


def test_check_into_a_missing_folder_creates_nothing(agreements: Path, tmp_path: Path) -> None:
    code, _, stderr = run(str(agreements), "-o", str(tmp_path / "nowhere"), "--check")
    assert code == 1 and "is missing" in stderr and not (tmp_path / "nowhere").exists()


def test_unknown_template_is_a_located_error_and_the_rest_still_renders(agreements: Path, tmp_path: Path) -> None:
    kalmar = agreements / "kalmar-kvinnojouren-2025.yaml"
    text = kalmar.read_text(encoding="utf-8")
    kalmar.write_text(text.replace("template: numbered", "template: malmo"), encoding="utf-8")
    line = text.splitlines().index("template: numbered") + 1
    out = tmp_path / "out"
    code, _, stderr = run(str(agreements), "-o", str(out))
    assert code == 1
    assert f"{kalmar}:{line}:1: error: template: unknown template 'malmo' (known: base, lund, numbered)" in stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{i}.md" for i in IDS if not i.startswith("kalmar")]
    assert "Traceback" not in stderr


def test_broken_user_template_is_reported_with_its_line(agreements: Path, tmp_path: Path) -> None:
    templates = agreements / "templates"
    templates.mkdir()
    (templates / "numbered.md.j2").write_text(
        '{% extends "base.md.j2" %}\n{% block toc %}{{ toc.__class__ }}{% endblock %}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, stderr = run(str(agreements / "kalmar-kvinnojouren-2025.yaml"), "-o", str(out))
    assert code == 1
    assert "numbered.md.j2:2: template 'numbered.md.j2': not allowed in a template" in stderr
    assert snapshot(out) == {}


def test_templates_option_chooses_the_folder(agreements: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mallar"
    mine.mkdir()
    (mine / "numbered.md.j2").write_text(
        '{% extends "base.md.j2" %}\n{% block toc %}\nEGEN MALL\n\n{% endblock %}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, stderr = run(str(agreements / "kalmar-kvinnojouren-2025.yaml"), "-o", str(out), "--templates", str(mine))
    assert code == 0, stderr
    assert "EGEN MALL" in (out / "kalmar-kvinnojouren-2025.md").read_text(encoding="utf-8")


def test_ids_that_collide_on_a_case_insensitive_disk_are_refused(agreements: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(agreements / "kalmar-kvinnojouren-2025.yaml", other / "kalmar-kvinnojouren-2025.yaml")
    out = tmp_path / "out"
    code, _, stderr = run(str(agreements), str(other), "-o", str(out))
    assert code == 1
    assert stderr.count("names the same output file as another agreement") == 2
    assert "kalmar" not in " ".join(p.name for p in out.iterdir())


def test_a_crash_mid_batch_leaves_complete_files_and_no_temporary_ones(
    agreements: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An injected bug while rendering the third agreement: the first two are written whole,
    the outputs of an earlier run after it are untouched, and no temporary file is left."""
    import iopctl.batch.render as batch

    out = tmp_path / "out"
    assert run(str(agreements), "-o", str(out))[0] == 0
    for p in out.iterdir():
        p.write_bytes(b"earlier run\n")
    earlier = snapshot(out)
    real = batch.render_one
    seen: list[str] = []

    def crashing(job: batch.Job) -> batch.Outcome:
        seen.append(job.agreement_id)
        if len(seen) == 3:
            raise RuntimeError("injected crash")
        return real(job)

    monkeypatch.setattr(batch, "render_one", crashing)
    with pytest.raises(RuntimeError, match="injected crash"):
        run(str(agreements), "-o", str(out))
    after = snapshot(out)
    assert sorted(after) == sorted(earlier)  # no temporary file, nothing missing
    golden = ROOT / "tests" / "golden"
    for i in IDS[:2]:
        assert after[f"{i}.md"] == (golden / f"{i}.md").read_bytes()
    for i in IDS[2:]:
        assert after[f"{i}.md"] == b"earlier run\n"


def test_a_crash_on_the_first_agreement_leaves_the_folder_exactly_as_it_was(
    agreements: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import iopctl.files.atomic as atomic

    out = tmp_path / "out"
    assert run(str(agreements), "-o", str(out))[0] == 0
    before = snapshot(out)
    real_replace = os.replace

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk full (injected)")

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    kalmar = agreements / "kalmar-kvinnojouren-2025.yaml"
    kalmar.write_text(
        kalmar.read_text(encoding="utf-8").replace("amount: 1000000", "amount: 1200000"),
        encoding="utf-8",
    )
    code, _, stderr = run(str(agreements), "-o", str(out))
    assert code == 1
    assert "disk full (injected); 0 of 5 written, the rest not" in stderr
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert snapshot(out) == before


def test_bad_agreement_is_reported_and_nothing_is_written_for_it(agreements: Path, tmp_path: Path) -> None:
    bad = agreements / "lund-kvinnojouren-2021.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("  start: 2021-01-01", "  start: 2021-02-30"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, stderr = run(str(agreements), "-o", str(out))
    assert code == 1 and f"{bad}:" in stderr and "period.start" in stderr
    assert "lund-kvinnojouren-2021.md" not in [p.name for p in out.iterdir()]
    assert len(list(out.iterdir())) == 4


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(tmp_path / "nope")], catch_exceptions=False)
    assert result.exit_code == 2


def test_missing_dependency_prints_one_line_and_exits_1(
    agreements: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iopctl.render.templates import MissingDependency

    def missing() -> None:
        raise MissingDependency("PDF output needs WeasyPrint: pip install 'iopctl[pdf]'")

    monkeypatch.setattr("iopctl.render.pdf._weasyprint", missing)
    code, stdout, stderr = run(str(agreements), "-f", "pdf", "-o", str(tmp_path / "out"))
    assert code == 1 and stdout == ""
    assert stderr == "PDF output needs WeasyPrint: pip install 'iopctl[pdf]'\n"
    assert not (tmp_path / "out").exists()
