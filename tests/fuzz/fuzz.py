"""A bounded, seeded mutation fuzzer over the shipped agreements and the corpus.

Each round takes a seed file, applies one to three mutations (byte, line, token and Unicode:
delete, duplicate or re-indent a line, U+202E, U+00A0, U+FEFF, emoji, a very long line, huge,
negative and exponent numbers, impossible dates, empty values) and runs the mutant through
validate, funding, deadlines and render (Markdown) in this process (typer's CliRunner: ~50
rounds a second instead of a few). A round fails on a traceback, an exit code other than 0 or
1, a problem line without file:line:col, output that differs between two identical runs, or a
run over `MAX_SECONDS`. Failing inputs are written to `--finds` with the reason.

    python tests/fuzz/fuzz.py --seconds 600 --seed 1     (what `make fuzz` runs)
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AGREEMENTS = ROOT / "agreements"
CORPUS = ROOT / "tests" / "corpus"
MAX_SECONDS = 10.0
TODAY = "2025-03-01"

_INSERTS = [
    "\u202e",
    "\u00a0",
    "\ufeff",
    "\U0001f600",
    "\u200b",
    "\t",
    "\0",
    "\r",
    "ä",
    '"',
    "'",
    ":",
    "#",
    "- ",
    "{",
    "[",
    "&a ",
    "*a",
    "!!str ",
    "%",
    "\\",
]
_NUMBERS = [
    "99999999999999999999",
    "-1",
    "1e9",
    "1E400",
    "0x10",
    "-0",
    "1_000",
    "00",
    "0.5",
    "10000000",
    "2.5e-3",
    ".5",
    "inf",
    "NaN",
    "52",
    "53",
    "120",
    "121",
]
_DATES = [
    "2025-02-30",
    "2025-13-01",
    "0001-01-01",
    "9999-12-31",
    "1952-12-31",
    "2200-01-01",
    "2025-1-1",
    "20250101",
    "2024-02-29",
    "2100-12-31",
]
_NUMBER = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?(?![\w.-])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _lines(text: str, rnd: random.Random, fix: Callable[[list[str], int], None]) -> str:
    lines = text.split("\n")
    fix(lines, rnd.randrange(len(lines)))
    return "\n".join(lines)


def _delete(lines: list[str], i: int) -> None:
    del lines[i]


def _duplicate(lines: list[str], i: int) -> None:
    lines.insert(i, lines[i])


def _reindent(rnd: random.Random) -> Callable[[list[str], int], None]:
    def fix(lines: list[str], i: int) -> None:
        lines[i] = " " * rnd.choice([0, 1, 2, 3, 4, 8]) + lines[i].lstrip(" ")

    return fix


def _empty_value(lines: list[str], i: int) -> None:
    lines[i] = re.sub(r":\s.*$", ":", lines[i])


def _sub_one(text: str, rnd: random.Random, pattern: re.Pattern[str], choices: list[str]) -> str:
    found = list(pattern.finditer(text))
    if not found:
        return text
    m = rnd.choice(found)
    return text[: m.start()] + rnd.choice(choices) + text[m.end() :]


def mutate(text: str, rnd: random.Random) -> str:
    """One to three random mutations of `text`."""
    for _ in range(rnd.randint(1, 3)):
        kind = rnd.randrange(10)
        if kind == 0:
            text = _lines(text, rnd, _delete)
        elif kind == 1:
            text = _lines(text, rnd, _duplicate)
        elif kind == 2:
            text = _lines(text, rnd, _reindent(rnd))
        elif kind == 3:
            text = _lines(text, rnd, _empty_value)
        elif kind == 4:
            at = rnd.randrange(len(text) + 1)
            text = text[:at] + rnd.choice(_INSERTS) + text[at:]
        elif kind == 5:
            text = _sub_one(text, rnd, _NUMBER, _NUMBERS)
        elif kind == 6:
            text = _sub_one(text, rnd, _DATE, _DATES)
        elif kind == 7:  # a very long line
            at = text.find("\n", rnd.randrange(len(text) + 1))
            at = len(text) if at < 0 else at
            text = text[:at] + " " + "x" * rnd.choice([1000, 20_000, 250_000]) + text[at:]
        elif kind == 8 and text:  # a byte
            raw = bytearray(text.encode("utf-8", errors="surrogateescape"))
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
            text = raw.decode("utf-8", errors="surrogateescape")
        else:  # swap two lines
            lines = text.split("\n")
            i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@dataclass
class Find:
    seed: str
    command: str
    reason: str
    data: bytes


def seeds() -> list[Path]:
    shipped = sorted(AGREEMENTS.glob("*.yaml"))
    corpus = sorted(p for p in CORPUS.glob("*/*.yaml"))
    return [*shipped, *corpus]


_LOCATED = re.compile(r"^(?P<file>.+?):(\d+):(\d+): (error|warning|info): ")


def _commands(path: Path, out: Path) -> dict[str, list[str]]:
    p = str(path)
    return {
        "validate": ["validate", p, "--show", "info"],
        "funding": ["funding", p, "--today", TODAY, "--from", "2020", "--to", "2030"],
        "deadlines": ["deadlines", p, "--today", TODAY, "--from", "2020", "--to", "2030"],
        "render": ["render", p, "--format", "md", "--out", str(out)],
    }


def check(path: Path, out: Path) -> list[tuple[str, str]]:
    """(command, reason) for each way the file breaks a promise; empty when it keeps them."""
    from typer.testing import CliRunner

    from iopctl.cli.app import app

    runner = CliRunner()
    failures: list[tuple[str, str]] = []
    for name, args in _commands(path, out).items():
        outputs = []
        for _ in range(2):
            shutil.rmtree(out, ignore_errors=True)
            started = time.monotonic()
            result = runner.invoke(app, args)
            took = time.monotonic() - started
            if took > MAX_SECONDS:
                failures.append((name, f"took {took:.1f} s"))
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                exc = result.exception
                failures.append((name, f"traceback: {type(exc).__name__}: {exc}"))
                break
            if result.exit_code not in (0, 1):
                failures.append((name, f"exit code {result.exit_code}: {result.output[-300:]}"))
                break
            for line in result.stderr.splitlines():
                if line.startswith(("wrote ", "FAIL ", "ok ")) or not line.strip():
                    continue
                if not _LOCATED.match(line) or not line.startswith(str(path) + ":"):
                    failures.append((name, f"not a located problem: {line[:300]!r}"))
                    break
            outputs.append((result.exit_code, result.output))
        if len(outputs) == 2 and outputs[0] != outputs[1]:
            failures.append((name, "two identical runs gave different output"))
    return failures


def run(seconds: float, seed: int, finds: Path | None, max_rounds: int | None = None) -> list[Find]:
    """Fuzz for `seconds` (or `max_rounds`) from `seed`; the finds."""
    rnd = random.Random(seed)
    sources = seeds()
    found: list[Find] = []
    deadline = time.monotonic() + seconds
    rounds = 0
    with tempfile.TemporaryDirectory(prefix="iopctl-fuzz-") as tmp:
        work = Path(tmp) / "agreements"
        work.mkdir()
        for companion in ("_policy.yaml", "_series"):
            source = AGREEMENTS / companion
            if source.is_dir():
                shutil.copytree(source, work / companion)
            else:
                shutil.copy(source, work / companion)
        out = Path(tmp) / "out"
        while time.monotonic() < deadline and (max_rounds is None or rounds < max_rounds):
            rounds += 1
            source = rnd.choice(sources)
            data = mutate(source.read_text(encoding="utf-8"), rnd).encode("utf-8", errors="surrogateescape")
            target = work / source.name
            target.write_bytes(data)
            for command, reason in check(target, out):
                find = Find(source.name, command, reason, data)
                found.append(find)
                if finds is not None:
                    finds.mkdir(parents=True, exist_ok=True)
                    stem = f"find-{seed}-{rounds}-{command}"
                    (finds / f"{stem}.yaml").write_bytes(data)
                    (finds / f"{stem}.txt").write_text(f"{source}\n{reason}\n", encoding="utf-8")
            target.unlink()
    sys.stderr.write(f"fuzz: seed {seed}, {rounds} inputs in {seconds:.0f} s, {len(found)} finds\n")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--finds", type=Path, default=ROOT / ".fuzz-finds")
    args = parser.parse_args()
    found = run(args.seconds, args.seed, args.finds)
    for f in found[:50]:
        print(f"{f.seed}: {f.command}: {f.reason}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
