"""The package's shape, checked: layers (import-linter in `make test`), no import cycle, small modules.

grimp (import-linter's graph) sees every import, also those inside functions and under
TYPE_CHECKING, which is where cycles hide.
"""

from __future__ import annotations

from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "iopctl"
MAX_LINES = 450

OVERSIZE: dict[str, str] = {}
"""Modules allowed over MAX_LINES for now, each with the reason (the list only shrinks)."""


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_between_modules() -> None:
    graph = grimp.build_graph("iopctl", cache_dir=None)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert len(edges) > 50
    assert _cycles(edges) == []


def test_no_module_over_the_limit() -> None:
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    over = {name for name, n in sizes.items() if n > MAX_LINES}
    assert over <= set(OVERSIZE), {name: sizes[name] for name in over - set(OVERSIZE)}
    assert set(OVERSIZE) <= over, f"no longer over the limit, drop from OVERSIZE: {set(OVERSIZE) - over}"


def test_init_files_are_empty() -> None:
    """No re-exports: start-up pays for what a command imports, nothing more."""
    inits = [p for p in _modules() if p.name == "__init__.py" and p.parent != PACKAGE]
    assert inits and all(p.read_text(encoding="utf-8") == "" for p in inits)


def test_subpackages_and_no_flat_families() -> None:
    subpackages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert len(subpackages) >= 6
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "__main__.py", "errors.py", "money.py", "signals.py"]
    assert not [p for p in _modules() if p.stem.startswith(("deadline_", "render_", "report_"))]
