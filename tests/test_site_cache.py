"""`iopctl site`'s cache: a rebuild works out again exactly the agreements whose inputs changed.

Every test compares with what a build without the cache gives (the same bytes), and counts
the agreements taken from the cache (`reused` in the JSON summary).
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
RECORDS = Path(__file__).parent / "data" / "records"
TODAY = "2025-06-01"
KALMAR = "kalmar-kvinnojouren-2025"
runner = CliRunner()


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped agreements (no records)."""
    copy = tmp_path / "agreements"
    shutil.copytree(AGREEMENTS, copy)
    return copy


def build(folder: Path, out: Path, *extra: str, today: str = TODAY) -> dict[str, object]:
    result = runner.invoke(app, ["site", str(folder), "--out", str(out), "--today", today, "-f", "json", *extra])
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads(result.stdout)
    return summary


def files(out: Path) -> dict[str, bytes]:
    """Every file of a build but its manifest (which records the keys of the pages made)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".iopctl-site.json"
    }


def same_as_fresh(folder: Path, out: Path, tmp_path: Path, *extra: str, today: str = TODAY) -> None:
    """The site in `out` is byte for byte what a build without the cache makes."""
    fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    assert build(folder, fresh, "--no-cache", *extra, today=today)["reused"] == 0
    assert files(out) == files(fresh)


def test_a_rebuild_takes_every_agreement_from_the_cache(folder: Path, tmp_path: Path, cache_home: Path) -> None:
    out = tmp_path / "site"
    assert build(folder, out)["reused"] == 0
    assert len(list((cache_home / "iopctl" / "site").glob("*.pickle"))) == 1
    again = build(folder, out)
    assert again["reused"] == 5 and again["written"] == []
    same_as_fresh(folder, out, tmp_path)
    text = runner.invoke(app, ["site", str(folder), "--out", str(out), "--today", TODAY]).stdout
    assert "5 agreements unchanged since the last build" in text


def test_a_changed_agreement_is_worked_out_again_and_only_it(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(folder, out)
    path = folder / f"{KALMAR}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Kvinnojouren", "Kvinnojouren Nova", 1), encoding="utf-8")
    again = build(folder, out)
    assert again["reused"] == 4
    assert "Kvinnojouren Nova" in (out / "overenskommelser" / f"{KALMAR}.html").read_text(encoding="utf-8")
    assert "Kvinnojouren Nova" in (out / "data" / "overenskommelser.json").read_text(encoding="utf-8")
    same_as_fresh(folder, out, tmp_path)


def test_new_records_are_seen(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(folder, out)
    shutil.copy(RECORDS / f"{KALMAR}.yaml", folder / "_records" / f"{KALMAR}.yaml")
    again = build(folder, out)
    assert again["reused"] == 4
    assert f"overenskommelser/{KALMAR}.html" in again["written"]  # type: ignore[operator]
    same_as_fresh(folder, out, tmp_path)
    (folder / "_records" / f"{KALMAR}.yaml").unlink()
    assert build(folder, out)["reused"] == 4
    same_as_fresh(folder, out, tmp_path)


def test_a_changed_policy_or_series_works_everything_out_again(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(folder, out)
    with (folder / "_policy.yaml").open("a", encoding="utf-8") as f:
        f.write("# a comment changes the bytes\n")
    assert build(folder, out)["reused"] == 0
    assert build(folder, out)["reused"] == 5
    series = next((folder / "_series").glob("*.yaml"))
    series.write_text(series.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build(folder, out)["reused"] == 0
    same_as_fresh(folder, out, tmp_path)


def test_a_file_changed_or_deleted_in_the_site_is_made_again(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(folder, out)
    page = out / "overenskommelser" / f"{KALMAR}.html"
    page.write_text("edited by hand", encoding="utf-8")
    (out / "data" / "kalender" / "lund-kvinnojouren-2021.ics").unlink()
    again = build(folder, out)
    assert again["reused"] == 3
    assert sorted(again["written"]) == [  # type: ignore[call-overload]
        "data/kalender/lund-kvinnojouren-2021.ics",
        f"overenskommelser/{KALMAR}.html",
    ]
    same_as_fresh(folder, out, tmp_path)


def test_a_rendered_document_beside_the_site_is_linked_on_the_rebuild(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(folder, out)
    (out / f"{KALMAR}.docx").write_bytes(b"PK")
    again = build(folder, out)
    assert again["reused"] == 4
    assert f'href="../{KALMAR}.docx"' in (out / "overenskommelser" / f"{KALMAR}.html").read_text(encoding="utf-8")


def test_another_day_another_kind_or_other_code_is_worked_out_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build(folder, out)
    assert build(folder, out, today="2025-09-01")["reused"] == 0  # statuses and phases follow the day
    same_as_fresh(folder, out, tmp_path, today="2025-09-01")
    assert build(folder, out, today="2025-09-01")["reused"] == 5
    assert build(folder, out, "--internal", today="2025-09-01")["reused"] == 0
    import iopctl.site.cache

    monkeypatch.setattr(iopctl.site.cache, "code_key", lambda: "another version of iopctl")
    assert build(folder, out, "--internal", today="2025-09-01")["reused"] == 0


def test_the_code_key_follows_every_source_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import iopctl
    import iopctl.site.cache as cache

    package = tmp_path / "iopctl"
    shutil.copytree(Path(iopctl.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(iopctl, "__file__", str(package / "__init__.py"))
    cache.code_key.cache_clear()
    try:
        before = cache.code_key()
        cache.code_key.cache_clear()
        with (package / "deadlines" / "calendar.py").open("a", encoding="utf-8") as f:
            f.write("\n# changed\n")
        assert cache.code_key() != before
    finally:
        cache.code_key.cache_clear()


def test_a_damaged_or_unwritable_cache_only_costs_time(folder: Path, tmp_path: Path, cache_home: Path) -> None:
    out = tmp_path / "site"
    build(folder, out)
    (kept,) = (cache_home / "iopctl" / "site").glob("*.pickle")
    kept.write_bytes(b"not a pickle")
    assert build(folder, out)["reused"] == 0
    kept.write_bytes(pickle.dumps({"key": "of another build", "entries": {"x": 1}}))
    assert build(folder, out)["reused"] == 0
    assert build(folder, out)["reused"] == 5
    shutil.rmtree(cache_home)
    cache_home.write_text("a file where the cache folder would be", encoding="utf-8")
    assert build(folder, out)["reused"] == 0
    same_as_fresh(folder, out, tmp_path)


def test_no_cache_neither_reads_nor_writes_it(folder: Path, tmp_path: Path, cache_home: Path) -> None:
    out = tmp_path / "site"
    assert build(folder, out, "--no-cache")["reused"] == 0
    assert not cache_home.exists()
    build(folder, out)
    assert build(folder, out, "--no-cache")["reused"] == 0


def test_a_cached_agreement_with_an_error_now_is_refused(folder: Path, tmp_path: Path) -> None:
    """The cache never hides an error: a file that changed is read again and refused."""
    out = tmp_path / "site"
    build(folder, out)
    before = files(out)
    path = folder / f"{KALMAR}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("start: 2025-01-01", "start: 2025-13-01"), encoding="utf-8"
    )
    result = runner.invoke(app, ["site", str(folder), "--out", str(out), "--today", TODAY])
    assert result.exit_code == 1 and f"{KALMAR}.yaml:" in result.output
    assert files(out) == before


def test_processes_and_the_cache_agree(tmp_path: Path) -> None:
    """Enough files for the build's processes; the cache is written while the rest is made."""
    from tests.test_site import many_agreements

    folder = tmp_path / "agreements"
    many_agreements(folder, copies=14)
    out = tmp_path / "site"
    assert build(folder, out, "--jobs", "2")["reused"] == 0
    path = folder / f"{KALMAR}-k3.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Kvinnojouren", "Kvinnojouren Nova", 1), encoding="utf-8")
    again = build(folder, out, "--jobs", "2")
    assert again["reused"] == 69
    # the pages of the agreements before and after it in the chain name it, and are made again
    same_as_fresh(folder, out, tmp_path, "--jobs", "2")
    assert os.listdir(out / "overenskommelser")


def test_a_page_follows_its_lineage_when_only_another_file_changed(folder: Path, tmp_path: Path) -> None:
    """Lund's page says which agreement replaces it; that is another file's word, not its own."""
    out = tmp_path / "site"
    path = folder / f"{KALMAR}.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "replaces: lund-kvinnojouren-2021\n", encoding="utf-8")
    build(folder, out)
    lund = out / "overenskommelser" / "lund-kvinnojouren-2021.html"
    assert f'Ersätts av <a href="{KALMAR}.html">' in lund.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    again = build(folder, out)
    assert again["reused"] == 4  # Lund's file did not change, its page did
    assert "Ersätts av" not in lund.read_text(encoding="utf-8")
    same_as_fresh(folder, out, tmp_path)


def test_the_cache_folder_keeps_the_latest_output_folders_only(tmp_path: Path) -> None:
    from iopctl.site.cache import KEEP_CACHES, KEEP_DAYS, prune

    folder = tmp_path / "caches"
    folder.mkdir()
    now = 2_000_000_000.0
    made = []
    for n in range(KEEP_CACHES + 4):
        path = folder / f"{n:032x}.pickle"
        path.write_bytes(b"x")
        os.utime(path, (now - n * 60, now - n * 60))  # n minutes old
        made.append(path)
    stale = folder / f"{'f' * 32}.pickle"
    stale.write_bytes(b"x")
    os.utime(stale, (now - (KEEP_DAYS + 1) * 86400,) * 2)
    other = folder / "notes.pickle"
    other.write_bytes(b"not ours")
    this = made[-1]  # the oldest, but the one just written
    left_behind, writing = folder / f".{'a' * 32}.pickle.x1.tmp", folder / f".{'b' * 32}.pickle.x2.tmp"
    for tmp, age in ((left_behind, 2 * 86400), (writing, 60)):
        tmp.write_bytes(b"part")
        os.utime(tmp, (now - age, now - age))
    prune(folder, keep=this, now=now)
    left = set(folder.iterdir())
    assert left == {*made[: KEEP_CACHES - 1], this, other, writing}


def test_no_cache_through_the_real_entry_point(folder: Path, tmp_path: Path, cache_home: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "site"
    command = [sys.executable, "-m", "iopctl", "site", str(folder), "--out", str(out), "--today", TODAY, "-f", "json"]
    first = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["reused"] == 0 and not cache_home.exists()
    subprocess.run(command, capture_output=True, text=True, check=True)
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert json.loads(again.stdout)["reused"] == 5 and any((cache_home / "iopctl" / "site").glob("*.pickle"))
