"""A short seeded run of the mutation fuzzer (tests/fuzz/fuzz.py); `make fuzz` runs it longer."""

from __future__ import annotations

import os
import random

from tests.fuzz.fuzz import mutate, run

SECONDS = float(os.environ.get("FUZZ_TEST_SECONDS", "30"))


def test_mutations_are_seeded() -> None:
    text = "a: 1\nb: 2025-01-01\n"
    assert mutate(text, random.Random(7)) == mutate(text, random.Random(7))
    assert len({mutate(text, random.Random(s)) for s in range(50)}) > 20


def test_a_short_seeded_fuzz_run_finds_nothing() -> None:
    found = run(SECONDS, seed=20261202, finds=None)
    assert not found, "\n".join(f"{f.seed}: {f.command}: {f.reason}" for f in found[:10])
