"""The changes `iopctl diff` found, as text, JSON or Markdown (for a pull-request comment)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.versions.diff import Change


def write(results: list[tuple[str, list[Change]]], format: str) -> None:
    """Each changed agreement with its changes to stdout; only "no changes" when there are none."""
    from iopctl.report.console import write_json

    if format == "json":
        write_json({"files": [{"file": n, "changes": [c.as_json() for c in cs]} for n, cs in results]})
    elif not results:
        print("no changes")
    elif format == "markdown":
        out = []
        for name, changes in results:
            out.append(f"### `{name}`\n")
            out.extend(f"- {c.text}" for c in changes)
            out.append("")
        print("\n".join(out).rstrip())
    else:
        for name, changes in results:
            print(name)
            for c in changes:
                print(f"  {c.text}")
