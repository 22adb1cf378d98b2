"""Read one agreement file: strict YAML, then the model, every problem located in the file.

Files are parsed once, with positions, so that each pydantic error `loc` and each rule's
finding maps to the line and column of the deepest key the file actually has
(`iopctl.load.locate`); personal identity numbers in comments are found by
`iopctl.load.privacy`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from iopctl.errors import Problem, format_path
from iopctl.files.text import YamlProblem, decode
from iopctl.files.yaml_reader import Loaded, load_text, problem_from, problems_from
from iopctl.load.locate import validation_problems
from iopctl.load.privacy import comment_problems

AGREEMENT_SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)
class ReadResult:
    """An agreement (or None when it could not be read) and the problems found reading it."""

    file: str
    agreement: Any
    problems: list[Problem]
    text: str | None = None
    loaded: Loaded | None = None
    base: Any = None
    """The agreement as first signed, when `agreement` is consolidated with amendments."""

    def positions(self) -> Loaded:
        """The file parsed with positions, for locating findings (parsed on first use)."""
        if self.loaded is None or not self.loaded.positions:
            assert self.text is not None
            self.loaded = load_text(self.text, with_positions=True)
        return self.loaded


def iter_agreement_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Agreement files under the given files and folders, sorted, skipping `_`/`.` entries.

    Folders are searched recursively; names starting with `_` or `.` (the `_series` data,
    `_policy.yaml`, `_records`) are not agreements and are skipped. A file named explicitly is
    always read.
    """
    for path in paths:
        if path.is_dir():
            found: list[tuple[tuple[str, ...], Path]] = []
            _scan(path, (), found)
            found.sort()  # by the parts under `path`: the order sorted(Path) gives
            yield from (p for _, p in found)
        else:
            yield path


def _scan(folder: Path, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], Path]]) -> None:
    """Agreement files under `folder`, as `Path.rglob` finds them, into `found`.

    One `scandir` a folder and no `stat` a file where the folder entry tells (a third of the
    time `rglob` took on 10 000 files, all of it before any work can start). Like `rglob`:
    a symlinked folder is not entered, a symlinked file counts. Names starting with `_` or `.`
    are skipped, folders and files alike. Nothing else is skipped in silence: a folder that
    cannot be listed, and anything named like an agreement that is not a regular file (a FIFO,
    a broken link), is returned too, so that reading it reports it with its path.
    """
    import os

    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        if parts:  # the folder given itself is checked by the command (a usage error)
            found.append((parts, folder))
        return
    for entry in entries:
        name = entry.name
        if name.startswith(("_", ".")):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            _scan(folder / name, (*parts, name), found)
        elif name.endswith(AGREEMENT_SUFFIXES):
            found.append(((*parts, name), folder / name))


def read_text_file(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The decoded text of a file, or the located reason it cannot be read (`read_file_bytes`)."""
    raw, problems = read_file_bytes(path, display)
    if raw is None:
        return None, problems
    return decode_bytes(raw, display)


def read_file_bytes(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file, or the located reason it cannot be read.

    The size limit is checked before the file is read, and never more than the limit (plus
    one byte) is read, so a huge file, a device or a growing file costs nothing.
    """
    import stat

    from iopctl.files.text import MAX_FILE_BYTES

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            import os

            os.scandir(path).close()  # an unlisted folder: say why it could not be searched
            raise YamlProblem(1, 1, "a folder, not an agreement file")
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem(1, 1, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise YamlProblem(1, 1, f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1), []
    except YamlProblem as exc:
        return None, [problem_from(display, exc)]
    except OSError as exc:
        what = "folder" if path.is_dir() else "file"
        return None, [Problem(display, 1, 1, "", f"cannot read {what}: {exc.strerror or exc}", rule="io")]


def decode_bytes(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """`raw` decoded as an agreement file must be (`iopctl.files.text.decode`), or the located reason not."""
    try:
        return decode(raw), []
    except YamlProblem as exc:
        return None, [problem_from(display, exc)]


def read_agreement(
    path: Path,
    display: str | None = None,
    *,
    positions: bool = True,
    consolidate: bool = True,
    raw: bytes | None = None,
) -> ReadResult:
    """Read and validate one agreement file; never raises for bad input.

    The agreement comes consolidated with its amendments (`iopctl.model.amendments`), which stay in
    it as its history; `consolidate=False` gives the agreement as first signed.

    `positions=False` suits a caller that locates nothing unless the file has errors (funding,
    deadlines): the file is parsed again, with positions, only if a problem needs them.
    `raw`: the file's bytes, as the caller read them (`read_file_bytes`), not read again.
    """
    from iopctl.model.agreement import Agreement

    name = display or str(path)
    text, problems = read_text_file(path, name) if raw is None else decode_bytes(raw, name)
    if text is None:
        return ReadResult(name, None, problems)
    result = validate_text(text, name, Agreement, expected_id=path.stem, positions=positions)
    if consolidate and result.agreement is not None and result.agreement.amendments:
        _consolidate(result)
    return result


def _consolidate(result: ReadResult) -> None:
    """Apply the agreement's amendments (tilläggsavtal); a change that does not apply is an error."""
    from iopctl.model.amendments import AmendmentError, consolidated

    result.base = result.agreement
    try:
        result.agreement = consolidated(result.agreement)
    except AmendmentError as exc:
        line, col = result.positions().locate(exc.path)
        result.problems.append(
            Problem(result.file, line, col, format_path(exc.path), exc.message, rule="amendments-apply")
        )
        result.agreement = None


def locate_in_file(path: Path, data_path: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of `data_path` in a file (1:1 when it cannot be read): for rare findings."""
    text, _ = read_text_file(path, str(path))
    if text is None:
        return (1, 1)
    try:
        return load_text(text, with_positions=True).locate(data_path)
    except YamlProblem:
        return (1, 1)


def _load(text: str, name: str, positions: bool = True) -> tuple[Loaded | None, list[Problem]]:
    """The file's data (with positions unless told otherwise), and its YAML problems.

    `validate` collects positions on the first reading: nearly every agreement has a finding
    to locate (a warning or an info), and collecting them costs ~16 % of a reading where a
    second reading costs 100 % (`make bench`). YAML problems are located either way.
    """
    try:
        loaded = load_text(text, with_positions=positions)
    except YamlProblem as exc:
        return None, problems_from(name, exc)
    return loaded, [problem_from(name, p) for p in loaded.problems]


def _top_level_problem(name: str, data: Any) -> Problem:
    if data is None:
        message = "the file has no data (it is empty or only comments); expected keys such as 'schema_version: 1'"
    else:
        kind = {list: "a list", str: "a single value", bool: "a single value"}.get(type(data), type(data).__name__)
        message = f"expected a mapping of keys at the top level, got {kind}"
    return Problem(name, 1, 1, "", message)


def _by_position(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.col))


def validate_text(
    text: str,
    name: str,
    model: type[BaseModel],
    expected_id: str | None = None,
    *,
    positions: bool = True,
) -> ReadResult:
    """Validate YAML text against a model; the result carries located problems.

    YAML problems that do not stop the reading (a duplicate key, an alias) are reported
    together with the model's problems; the agreement is then None, like for any error.
    """
    loaded, problems = _load(text, name, positions)
    if loaded is None:
        return ReadResult(name, None, problems, text)
    data = loaded.data
    if not isinstance(data, dict):
        if not loaded.skipped:  # a top-level alias or tag is already reported
            problems.append(_top_level_problem(name, data))
        return ReadResult(name, None, _by_position(problems), text, loaded)
    try:
        agreement = model.model_validate(data)
    except ValidationError as exc:
        result = ReadResult(name, None, [], text, loaded)
        located = result.positions()
        problems.extend(validation_problems(exc, name, located, model))
        result.problems = _by_position(problems)
        return result
    if problems:
        return ReadResult(name, None, _by_position(problems), text, loaded)
    result = ReadResult(name, agreement, [], text, loaded)
    if expected_id is not None and getattr(agreement, "id", expected_id) != expected_id:
        line, col = result.positions().locate(("id",))
        result.problems.append(
            Problem(
                name,
                line,
                col,
                "id",
                f"id '{getattr(agreement, 'id', '')}' must equal the file name '{expected_id}'",
                rule="id-matches-file",
            )
        )
    result.problems.extend(comment_problems(text, name, lambda: [s for _, s in iter_strings(data)]))
    return result


def iter_strings(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in plain data, keys included, with its path (for privacy and prose checks).

    A key is yielded with its mapping's path, so a message never prints it as part of a path
    (a personal identity number written as a key, e.g. in `date_policy`, is as public as one
    written as a value, and must not be echoed unmasked).
    """
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            if isinstance(k, str) and not (k.isascii() and k.isidentifier()):
                yield path, k
            yield from iter_strings(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from iter_strings(v, (*path, i))


__all__ = [
    "ReadResult",
    "read_agreement",
    "validate_text",
    "iter_agreement_files",
    "iter_strings",
    "locate_in_file",
    "Path",
]
