"""The warning and info rules: Swedish IOP guidance and local policy.

Warnings and infos come from IOP guidance (SKR's criteria, the Lund criteria list,
municipal guidelines) and local policy (`_policy.yaml`); the errors are in
`iopctl.rules.facts`. The last rule here, `amendments-in-order`, is an error: it was
registered after the guidance and keeps that place, so the rule order — the order of
findings wherever they are not sorted by place (`new`, `renew`) — is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from iopctl.model.agreement import Agreement
from iopctl.rules.registry import INFO, Context, E, Finding, Path, W, model_field, rule


@rule("notice-rule", W, "An open-ended agreement needs a notice and renewal rule (municipal guidelines).")
def notice_rule(a: Agreement, ctx: Context) -> Iterator[Finding]:
    if a.period.end is None and (a.period.renewal is None or not a.period.renewal.notice_months):
        yield Finding(
            "notice-rule", W, ("period",), "open-ended agreement without a notice (uppsägning) and renewal rule"
        )


@rule("report-due-rule", W, "A report or plan with no due rule is the report nobody asks for.")
def report_due_rule(a: Agreement, ctx: Context) -> Iterator[Finding]:
    for i, o in enumerate(a.obligations):
        if o.kind in ("report", "plan") and o.due.rule == "undated":
            yield Finding(
                "report-due-rule",
                W,
                ("obligations", i, "due"),
                f"'{o.title}' has no due date in the text; agree on one (needs a date)",
            )


@rule("payment-dates", INFO, "Instalments without due days show as 'needs a date' in the schedule.")
def payment_dates(a: Agreement, ctx: Context) -> Iterator[Finding]:
    for i, c in enumerate(a.funding.commitments):
        if c.payments.after is not None or c.payments.due or c.payments.dates:
            continue
        if not c.payments.model_fields_set & {"per_year", "years", "wording"}:
            message = (
                "the text says nothing of when the money is paid: the schedule shows one payment a year "
                "with no date (needs a date) and the draft says nothing about it; give payments.wording or due"
            )
        elif all(line.basis == "ceiling" for line in c.amounts):
            message = "paid against costs up to the cap (högst): no due day, each payment needs a date"
        else:
            message = f"{c.payments.per_year} instalment(s) a year with no due day (needs a date)"
        yield Finding("payment-dates", INFO, ("funding", "commitments", i, "payments"), message)


@rule("state-aid-statement", W, "IOPs should state that the activity is non-economic and so not state aid.")
def state_aid(a: Agreement, ctx: Context) -> Iterator[Finding]:
    if a.clauses.state_aid is None:
        yield Finding(
            "state-aid-statement", W, ("clauses",), "no statement that the activity is non-economic (statsstöd)"
        )


@rule("non-profit-contribution", W, "Both parties finance the activity, in money or other means (IOP criteria).")
def non_profit_contribution(a: Agreement, ctx: Context) -> Iterator[Finding]:
    non_profits = {p.id for p in a.parties if p.kind == "non_profit"}
    non_profits |= {u.id for p in a.parties if p.kind == "non_profit" for u in p.units}
    gives = any(k.giver in non_profits for k in a.funding.in_kind)
    partial = any(c.partial_financing for c in a.funding.commitments)
    # A contribution still to be supplied is listed once, as needs a value (`iopctl new`).
    pending = any(n.path == "funding.in_kind" for n in a.needs)
    if not gives and not partial and not pending:
        yield Finding(
            "non-profit-contribution",
            W,
            ("funding",),
            "no contribution from the non-profit (in kind, or the public money being only partial financing)",
        )


@rule("term-limit", W, "Local policy may cap an agreement's length (e.g. Lund's social committee: three years).")
def term_limit(a: Agreement, ctx: Context) -> Iterator[Finding]:
    from iopctl.dates.arithmetic import add_years

    names = {p.name for p in a.parties if p.kind == "public"} | {
        p.legal_entity for p in a.parties if p.kind == "public" and p.legal_entity
    }
    for limit in ctx.policy.term_limits:
        if limit.party_name not in names:
            continue
        if a.period.end is None:
            yield Finding(
                "term-limit",
                W,
                ("period",),
                f"open-ended, but {limit.party_name} allows at most {limit.max_years} years ({limit.source})",
            )
        elif a.period.end >= add_years(a.period.start, limit.max_years):
            yield Finding(
                "term-limit",
                W,
                ("period", "end"),
                f"longer than the {limit.max_years} years {limit.party_name} allows ({limit.source})",
            )


# A capitalised word ending in an organisation word. The pattern starts with the capital and
# checks the word start behind it, `(?<!\w.)` (the same as a leading \b), so the regex engine
# can skip ahead to capitals instead of trying every position: ~2.3x faster on prose.
_ORG_WORD = re.compile(
    r"([A-ZÅÄÖ](?<!\w.)[a-zåäöé]+(?:jouren|jourens|föreningen|förbundet|förbund|stiftelsen|kommun|kommuns|regionen))\b"
)


_GENERIC_ORG_WORDS = frozenset({"Riksförbund", "Riksförbundet", "Kommun", "Kommuns", "Regionen"})


@rule("prose-names-party", W, "Prose that names an organisation which is not a party is a copy-paste slip.")
def prose_names_party(a: Agreement, ctx: Context) -> Iterator[Finding]:
    names = " ".join(
        [p.name for p in a.parties]
        + [p.short_name or "" for p in a.parties]
        + [p.legal_entity or "" for p in a.parties]
        + [u.name for p in a.parties for u in p.units]
    ).lower()
    texts: list[tuple[Path, str]] = []
    for i, s in enumerate(a.document.sections):
        for key in ("body", "intro", "outro"):
            text = model_field(s, key)
            if text:
                texts.append((("document", "sections", i, key), text))
    for key in ("renegotiation", "disputes", "gdpr", "assignment", "employer"):
        text = getattr(a.clauses, key)
        if text:
            texts.append((("clauses", key), text))
    reported: set[str] = set()
    for path, text in texts:
        for m in _ORG_WORD.finditer(text):
            word = m.group(1)
            if word in _GENERIC_ORG_WORDS:
                continue
            stem = re.sub(r"(s)$", "", word).lower()
            if stem in names or word.lower() in names or word in reported:
                continue
            if re.search(rf"\b{re.escape(word)}\s+(Riksförbund|riksförbund)", text):
                continue  # a federation named as such (e.g. an accreditation body), not a party slip
            reported.add(word)
            yield Finding("prose-names-party", W, path, f"names '{word}', which is not a party of this agreement")


@rule("org-number-missing", W, "Guidance asks for every party's organisation number.")
def org_number_missing(a: Agreement, ctx: Context) -> Iterator[Finding]:
    for i, p in enumerate(a.parties):
        if p.org_number is None:
            yield Finding("org-number-missing", W, ("parties", i), f"party '{p.name}' has no organisation number")


@rule("signatory-per-party", W, "Every party signs.")
def signatory_per_party(a: Agreement, ctx: Context) -> Iterator[Finding]:
    signing = {s.party for s in a.signatories}
    for i, p in enumerate(a.parties):
        if p.id not in signing:
            yield Finding("signatory-per-party", W, ("parties", i), f"no signatory for '{p.name}'")


@rule("standard-clauses", W, "Municipal guidelines require termination and dispute clauses in every IOP.")
def standard_clauses(a: Agreement, ctx: Context) -> Iterator[Finding]:
    if a.clauses.termination is None:
        yield Finding("standard-clauses", W, ("clauses",), "no termination clause (uppsägning, hävning)")
    if a.clauses.disputes is None:
        yield Finding("standard-clauses", W, ("clauses",), "no disputes clause (tvist)")


@rule("gdpr-clause", INFO, "Personal data is handled in most IOPs; say how (GDPR).")
def gdpr_clause(a: Agreement, ctx: Context) -> Iterator[Finding]:
    if a.clauses.gdpr is None:
        yield Finding("gdpr-clause", INFO, ("clauses",), "no data protection clause (GDPR)")


@rule("review-date", INFO, "A fixed-term agreement should plan a review (översyn) before it ends.")
def review_date(a: Agreement, ctx: Context) -> Iterator[Finding]:
    if a.period.end is not None and not a.period.reviews and not a.period.ends_without_notice:
        yield Finding("review-date", INFO, ("period",), "no review (översyn) date before the end")


@rule("measurable-goals", INFO, "Goals are best measurable (a numeric target).")
def measurable_goals(a: Agreement, ctx: Context) -> Iterator[Finding]:
    if not any(g.target is not None for g in a.goals):
        yield Finding("measurable-goals", INFO, ("goals",) if a.goals else (), "no goal with a numeric target")


@rule("steering-group", INFO, "Shared governance usually means a steering group with a meeting frequency.")
def steering_group(a: Agreement, ctx: Context) -> Iterator[Finding]:
    has_meetings = any(o.kind in ("meeting", "follow_up_meeting") for o in a.obligations)
    if a.steering_group is None and not has_meetings:
        yield Finding("steering-group", INFO, (), "no steering group or follow-up meetings")


@rule("contacts", INFO, "Each party names a contact person.")
def contacts(a: Agreement, ctx: Context) -> Iterator[Finding]:
    for i, p in enumerate(a.parties):
        if not p.contacts:
            yield Finding("contacts", INFO, ("parties", i), f"no contact person for '{p.name}'")


@rule("needs-value", W, "A fact still to supply (written by new and renew) is listed until it is given.")
def needs_value(a: Agreement, ctx: Context) -> Iterator[Finding]:
    for i, need in enumerate(a.needs):
        yield Finding("needs-value", W, ("needs", i), f"needs a value: {need.path}: {need.what}")
    if ctx.text is not None and TODO not in ctx.text:
        return
    for path, text in _todo_strings(ctx.data, ()):
        yield Finding("needs-value", W, path, f"needs a value: {text}")


TODO = "TODO"
"""The mark of a text value still to supply: `name: "TODO: the non-profit's name"`."""


def _todo_strings(data: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(data, str):
        if data.startswith(TODO):
            yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key != "needs":
                yield from _todo_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _todo_strings(value, (*path, i))


# --- an error rule, last in the rule order as it always was ---------------------------------


@rule("amendments-in-order", E, "Amendments (tilläggsavtal) are numbered 1, 2, … and take effect in order.")
def amendments_in_order(a: Agreement, ctx: Context) -> Iterator[Finding]:
    previous = None
    for i, amendment in enumerate(a.amendments):
        if amendment.number != i + 1:
            yield Finding(
                "amendments-in-order",
                E,
                ("amendments", i, "number"),
                f"amendment number {amendment.number} where {i + 1} comes next (number them 1, 2, … in order)",
            )
        if previous is not None and amendment.effective < previous.effective:
            yield Finding(
                "amendments-in-order",
                E,
                ("amendments", i, "effective"),
                f"takes effect {amendment.effective}, before amendment {previous.number} ({previous.effective})",
            )
        end = a.period.end
        if amendment.effective < a.period.start or (end is not None and amendment.effective > end):
            yield Finding(
                "amendments-in-order",
                E,
                ("amendments", i, "effective"),
                f"takes effect {amendment.effective}, outside the agreement's term "
                f"({a.period.start}–{end or 'tills vidare'})",
            )
        previous = amendment
