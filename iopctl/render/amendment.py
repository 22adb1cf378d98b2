"""Amendment documents (Tilläggsavtal nr N till …) and the history in the consolidated draft.

Each amendment renders through `templates/_amendment.md.j2` to `<id>-tillagg-<N>.<ext>`
beside the agreement's draft (same format, same pipeline, so `render --check` covers them);
its list of changes is the semantic diff (`iopctl.versions.diff`) between the agreement as amended
before it and after it, so the document says in Swedish what the patch does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iopctl.model.agreement import Agreement, Amendment
from iopctl.render.history import decision_words
from iopctl.render.markup import md
from iopctl.swedish import format as sv


def amendment_markdown(agreement: Agreement, m: Amendment, templates: Path, series: Any) -> str:
    """The amendment's canonical Markdown."""
    import re

    from iopctl.model.amendments import consolidated
    from iopctl.model.policy import default_policy
    from iopctl.render.meta import fingerprint
    from iopctl.render.templates import run_template
    from iopctl.versions.diff import semantic_diff

    before = _without(agreement, m.number)
    after = _without(agreement, m.number + 1)
    changes = [
        c.text
        for c in semantic_diff(consolidated(before), consolidated(after), series, default_policy())
        if c.area in ("schedule", "period", "obligations", "prose")
    ]
    context = {
        "agreement_id": agreement.id,
        "template": "amendment",
        "fingerprint": fingerprint(agreement),
        "title": f"Tilläggsavtal nr {m.number} till {_object(agreement.document.title)}",
        "agreement_title": agreement.document.title,
        "subtitle": agreement.document.subtitle,
        "amendment_title": m.title,
        "effective": sv.date_long(m.effective),
        "decision": decision_words(m),
        "text": md(m.text),
        "changes": changes,
        "parties": [p.name for p in agreement.parties],
        "signatories": [
            {"name": s.name, "title": s.title, "party": agreement.display_name(s.unit or s.party)}
            for s in agreement.signatories
        ],
    }
    text = run_template(templates, "_amendment.md.j2", context)
    lines = [line.rstrip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _object(title: str) -> str:
    """'Överenskommelse om idéburet …' → 'överenskommelsen om idéburet …' (after 'till')."""
    head = "Överenskommelse om "
    return "överenskommelsen om " + title[len(head) :] if title.startswith(head) else title


def _without(agreement: Agreement, first_left_out: int) -> Agreement:
    """The agreement with the amendments numbered below `first_left_out` only."""
    kept = [a for a in agreement.amendments if a.number < first_left_out]
    return agreement.model_copy(update={"amendments": kept})


def amendment_outputs(
    agreement: Agreement, fmt: str, main_out: Path, templates: Path, series: Any
) -> list[tuple[str, bytes]]:
    """Each amendment's document as (output path, bytes), beside the agreement's draft.

    `agreement` is the agreement as first signed (not consolidated), with its amendments.
    """
    from iopctl.render.document import FORMATS, convert
    from iopctl.render.meta import document_meta

    out = []
    for m in sorted(agreement.amendments, key=lambda a: a.number):
        markdown = amendment_markdown(agreement, m, templates, series)
        meta = document_meta(agreement, templates)
        name = main_out.with_name(f"{agreement.id}-tillagg-{m.number}{FORMATS[fmt]}")
        out.append((str(name), convert(markdown, fmt, meta)))
    return out
