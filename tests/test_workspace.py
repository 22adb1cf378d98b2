"""A folder's workspace is found and read once: one policy read, one series-folder read, one reading a file."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iopctl.batch import deadlines as batch_deadlines
from iopctl.cli.app import app
from iopctl.files.discover import SHIPPED_TEMPLATES
from iopctl.load import data_files, read
from iopctl.load.workspace import clear_workspaces, workspace_for

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "agreements"
    shutil.copytree(AGREEMENTS, target)
    return target


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls of the policy and series loaders and of the agreement reader, by name."""
    counted: Counter[str] = Counter()

    def counting(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(data_files, "load_policy_file", counting("policy", data_files.load_policy_file))
    monkeypatch.setattr(data_files, "load_series", counting("series", data_files.load_series))
    reading = counting("reading", read.read_agreement)
    monkeypatch.setattr(read, "read_agreement", reading)
    monkeypatch.setattr(batch_deadlines, "read_agreement", reading)  # imported by name at its top
    clear_workspaces()
    return counted


def files_in(folder: Path) -> int:
    return sum(1 for p in folder.glob("*.yaml") if not p.name.startswith("_"))


@pytest.mark.parametrize(
    "args",
    [
        ("funding", "--from", "2019", "--to", "2027", "--format", "json"),
        ("deadlines", "--from", "2019", "--to", "2027", "--format", "json", "--jobs", "1"),
    ],
    ids=["funding", "deadlines"],
)
def test_a_folder_of_agreements_reads_its_policy_and_series_once(
    folder: Path, calls: Counter[str], args: tuple[str, ...]
) -> None:
    command, *options = args
    result = runner.invoke(app, [command, str(folder), *options, "--today", "2025-06-01"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert files_in(folder) == 5
    assert calls == Counter({"reading": 5, "policy": 1, "series": 1})


def test_the_workspace_holds_the_folders_companions(folder: Path) -> None:
    clear_workspaces()
    ws = workspace_for(folder / "kalmar-kvinnojouren-2025.yaml")
    assert ws.folder == folder.absolute()
    assert ws.policy_file == folder.resolve() / "_policy.yaml" and ws.policy_problems == ()
    assert ws.series_folder == folder.resolve() / "_series"
    assert ws.series_names == {p.stem for p in (folder / "_series").glob("*.yaml")}
    assert set(ws.series.index) | set(ws.series.population) == ws.series_names
    assert ws.records == folder.resolve() / "_records"
    assert ws.templates == SHIPPED_TEMPLATES and "numbered" in ws.template_names
    # one value per folder, whichever file asks
    assert workspace_for(folder / "lund-kvinnojouren-2021.yaml") is ws
    assert workspace_for(folder / "lund-kvinnojouren-2021.yaml", templates=folder) is not ws


def test_a_folder_without_companions_gets_the_defaults(tmp_path: Path) -> None:
    clear_workspaces()
    ws = workspace_for(tmp_path / "x.yaml")
    assert ws.policy_file is None and ws.series_folder is None and ws.records is None
    assert ws.series_names == frozenset() and ws.series.index == {} and ws.series.problems == []


def test_a_records_folder_made_between_two_batches_is_seen(folder: Path) -> None:
    shutil.rmtree(folder / "_records")
    clear_workspaces()
    assert workspace_for(folder / "kalmar-kvinnojouren-2025.yaml").records is None
    (folder / "_records").mkdir()
    assert workspace_for(folder / "kalmar-kvinnojouren-2025.yaml").records is None  # one batch: found once
    clear_workspaces()  # what every batch entry point does first
    assert workspace_for(folder / "kalmar-kvinnojouren-2025.yaml").records == folder.resolve() / "_records"
