"""Personal identity numbers (personnummer) in a file's comments, which the model never sees.

Agreements are public documents; a number in a value is reported by the rule
`personal-identity-number` at its path, one in a comment here, at its line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from iopctl.errors import Problem


def comment_problems(text: str, name: str, strings: Callable[[], list[str]]) -> Iterator[Problem]:
    """Personal identity numbers in comments (rule `personal-identity-number` sees only data).

    `strings` gives the file's string values, asked for only when a comment has a number (a
    number found there may be a '#' inside a value, which the rule reports).
    """
    if "#" not in text:
        return
    from iopctl.files.text import offset_position
    from iopctl.model.identifiers import comment_personal_numbers

    values: list[str] | None = None
    for offset, found in comment_personal_numbers(text):
        if values is None:
            values = strings()
        if any(found in v for v in values):
            continue  # a '#' inside a value: the rule reports it at its path
        line, col = offset_position(text, offset)
        yield Problem(
            name,
            line,
            col,
            "",
            f"a comment contains what looks like a personal identity number ({found[:-4]}****); remove it",
            rule="personal-identity-number",
        )
