"""The names Windows reserves for devices: one list for agreement ids and for output file names.

An id becomes a file name (`render`, `follow-up`, `_records/<id>.yaml`), and Windows cannot
create `con.md` or `lpt1.pdf` in any folder, whatever the case or extension. The model refuses
such an id where it is written; the writer refuses such a name as a last line of defence.
"""

__all__ = ["RESERVED_NAMES", "is_reserved_name"]

RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
"""Windows device names, lower case (COM0 and LPT0 included, as Microsoft's naming rules list them)."""


def is_reserved_name(stem: str) -> bool:
    """Whether a file name is a device name on Windows: its part before the first dot, in any case."""
    return stem.split(".", 1)[0].lower() in RESERVED_NAMES
