"""The error rules: facts of an agreement that cannot all be true.

Dates out of order, money outside the agreement's years, shares that do not add up, references that lead nowhere,
a personal identity number; a long rule reads as a list of smaller checks, each yielding findings in the rule's
order. `amendments-in-order` closes `iopctl.rules.guidance` instead, as it has always run after the guidance.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from iopctl.model.agreement import Agreement, Period
from iopctl.model.funding import Commitment, PaymentPlan, PerCapitaAmount
from iopctl.rules.money_checks import amount_line_in_period, payment_dates_in_period
from iopctl.rules.registry import Context, E, Finding, Path, model_field, rule

_ONE_PART_IN_A_BILLION = Decimal("1e-9")


def _dates(path: Path, message: str) -> Finding:
    return Finding("dates-in-order", E, path, message)


def _shares(path: Path, message: str) -> Finding:
    return Finding("shares-add-up", E, path, message)


@rule("unique-ids", E, "Ids are how the file refers to parties, units, commitments and duties.")
def unique_ids(a: Agreement, ctx: Context) -> Iterator[Finding]:
    groups: list[tuple[str, list[tuple[str, Path]]]] = [
        (
            "party or unit",
            [(p.id, ("parties", i, "id")) for i, p in enumerate(a.parties)]
            + [
                (u.id, ("parties", i, "units", j, "id")) for i, p in enumerate(a.parties) for j, u in enumerate(p.units)
            ],
        ),
        ("commitment", [(c.id, ("funding", "commitments", i, "id")) for i, c in enumerate(a.funding.commitments)]),
        ("in-kind contribution", [(k.id, ("funding", "in_kind", i, "id")) for i, k in enumerate(a.funding.in_kind)]),
        ("obligation", [(o.id, ("obligations", i, "id")) for i, o in enumerate(a.obligations)]),
    ]
    for what, items in groups:
        seen: set[str] = set()
        for ident, path in items:
            if ident in seen:
                yield Finding("unique-ids", E, path, f"{what} id '{ident}' is used twice")
            seen.add(ident)


@rule("references", E, "Every payer, payee, owner and signatory must be a party or unit of the agreement.")
def references(a: Agreement, ctx: Context) -> Iterator[Finding]:
    known = {p.id for p in a.parties} | {u.id for p in a.parties for u in p.units}
    parties_only = {p.id for p in a.parties}

    def check(ref: str | None, path: Path, what: str, parties: bool = False) -> Iterator[Finding]:
        if ref is None:
            return
        pool = parties_only if parties else known
        if ref not in pool:
            yield Finding(
                "references",
                E,
                path,
                f"{what} '{ref}' is not a {'party' if parties else 'party or unit'} of this agreement",
            )

    for i, c in enumerate(a.funding.commitments):
        yield from check(c.payee, ("funding", "commitments", i, "payee"), "payee", parties=True)
        for j, payee in enumerate(c.payees):
            yield from check(payee.payee, ("funding", "commitments", i, "payees", j, "payee"), "payee", parties=True)
        for j, share in enumerate(c.payers):
            yield from check(share.payer, ("funding", "commitments", i, "payers", j, "payer"), "payer")
        after = c.payments.after
        if after is not None and all(o.id != after.obligation for o in a.obligations):
            message = f"obligation '{after.obligation}' is not an obligation of this agreement"
            yield Finding("references", E, ("funding", "commitments", i, "payments", "after", "obligation"), message)
    for i, k in enumerate(a.funding.in_kind):
        yield from check(k.giver, ("funding", "in_kind", i, "giver"), "giver")
        yield from check(k.receiver, ("funding", "in_kind", i, "receiver"), "receiver")
    for i, o in enumerate(a.obligations):
        for j, owner in enumerate(o.owners):
            yield from check(owner, ("obligations", i, "owners", j), "owner")
        yield from check(o.recipient, ("obligations", i, "recipient"), "recipient")
    for i, s in enumerate(a.signatories):
        yield from check(s.party, ("signatories", i, "party"), "party", parties=True)
        if s.unit is not None:
            party = a.party(s.party)
            if party is None or all(u.id != s.unit for u in party.units):
                yield Finding(
                    "references", E, ("signatories", i, "unit"), f"unit '{s.unit}' is not a unit of party '{s.party}'"
                )
    if a.registration is not None:
        yield from check(a.registration.party, ("registration", "party"), "party", parties=True)
    for i, p in enumerate(a.parties):
        for j, contact in enumerate(p.contacts):
            if contact.unit is not None and all(u.id != contact.unit for u in p.units):
                message = f"unit '{contact.unit}' is not a unit of party '{p.id}'"
                yield Finding("references", E, ("parties", i, "contacts", j, "unit"), message)
    if a.steering_group is not None:
        yield from check(a.steering_group.convener, ("steering_group", "convener"), "convener")
        for i, m in enumerate(a.steering_group.members):
            yield from check(m.party, ("steering_group", "members", i, "party"), "member party")


def _outside(d: date, p: Period) -> bool:
    """Whether a date lies before the period's start or after its end (an open end has no after)."""
    return d < p.start or (p.end is not None and d > p.end)


@rule("dates-in-order", E, "An agreement's dates must lie in order and inside its period.")
def dates_in_order(a: Agreement, ctx: Context) -> Iterator[Finding]:
    p = a.period
    if p.end is not None and p.end < p.start:
        yield _dates(("period", "end"), f"end {p.end} is before start {p.start}")
        return
    yield from _reviews_in_period(p)
    yield from _renewal_in_order(p)
    if p.ends_without_notice and p.end is None:
        yield _dates(("period", "ends_without_notice"), "ends_without_notice needs an end date")
    yield from _in_kind_in_period(a)
    yield from _signed_in_period(a)
    yield from _obligations_in_period(a)


def _reviews_in_period(p: Period) -> Iterator[Finding]:
    for i, r in enumerate(p.reviews):
        if _outside(r.by, p):
            yield _dates(
                ("period", "reviews", i, "by"),
                f"review date {r.by} is outside the period {p.start} – {p.end or 'tills vidare'}",
            )


def _renewal_in_order(p: Period) -> Iterator[Finding]:
    if p.renewal is None:
        return
    if p.end is not None:
        yield _dates(
            ("period", "renewal"),
            "an agreement with an end date cannot also renew itself; remove end or renewal",
        )
    if p.renewal.first_term_end < p.start:
        yield _dates(
            ("period", "renewal", "first_term_end"),
            f"first term ends {p.renewal.first_term_end}, before the start {p.start}",
        )
    if p.renewal.term_months == 0:
        yield _dates(("period", "renewal", "term_months"), "a renewal must be at least one month long")


def _in_kind_in_period(a: Agreement) -> Iterator[Finding]:
    for i, k in enumerate(a.funding.in_kind):
        if k.from_date and k.to_date and k.to_date < k.from_date:
            yield _dates(("funding", "in_kind", i, "to_date"), f"{k.to_date} is before {k.from_date}")
        for key, d in (("from_date", k.from_date), ("to_date", k.to_date)):
            if d is not None and _outside(d, a.period):
                yield _dates(("funding", "in_kind", i, key), f"{d} is outside the period")


def _signed_in_period(a: Agreement) -> Iterator[Finding]:
    end = a.period.end
    for i, s in enumerate(a.signatories):
        if s.date is not None and end is not None and s.date > end:
            yield _dates(("signatories", i, "date"), f"signed {s.date}, after the agreement ended {end}")


def _obligations_in_period(a: Agreement) -> Iterator[Finding]:
    p = a.period
    for i, o in enumerate(a.obligations):
        if o.covers is not None:
            if o.covers.end < o.covers.start:
                yield _dates(
                    ("obligations", i, "covers", "end"),
                    f"{o.covers.end} is before {o.covers.start}",
                )
            elif o.covers.end < p.start or (p.end is not None and o.covers.start > p.end):
                yield _dates(
                    ("obligations", i, "covers"),
                    "the covered period lies outside the agreement period",
                )
            if o.cadence != "once":
                yield _dates(("obligations", i, "covers"), "covers applies only to cadence 'once'")
        if o.due.rule == "date" and o.due.date < p.start:
            yield _dates(
                ("obligations", i, "due", "date"),
                f"due {o.due.date}, before the agreement starts {p.start}",
            )


@rule("amounts-in-period", E, "Money is committed only for years the agreement covers.")
def amounts_in_period(a: Agreement, ctx: Context) -> Iterator[Finding]:
    if a.period.end is not None and a.period.end < a.period.start:
        return  # dates-in-order reports the period itself; years against it would only confuse
    for i, c in enumerate(a.funding.commitments):
        years_seen: dict[int, int] = {}
        for j, line in enumerate(c.amounts):
            path: Path = ("funding", "commitments", i, "amounts", j)
            yield from amount_line_in_period(line, path, a.period, years_seen)
        yield from payment_dates_in_period(c.payments, ("funding", "commitments", i, "payments"), a.period)


@rule("shares-add-up", E, "Split payers and instalments must add up to the whole sum.")
def shares_add_up(a: Agreement, ctx: Context) -> Iterator[Finding]:
    for i, c in enumerate(a.funding.commitments):
        base: Path = ("funding", "commitments", i)
        yield from _payer_shares(c, base)
        yield from _instalments(c.payments, (*base, "payments"))


def _payer_shares(c: Commitment, base: Path) -> Iterator[Finding]:
    given = [s.share for s in c.payers if s.share is not None]
    if given and len(given) != len(c.payers):
        yield _shares((*base, "payers"), "give a share for every payer, or for none (equal split)")
    elif given and abs(sum(given, Decimal(0)) - 1) > _ONE_PART_IN_A_BILLION:
        yield _shares(
            (*base, "payers"),
            f"payer shares add up to {sum(given, Decimal(0)).normalize()}, not 1",
        )
    payers = [s.payer for s in c.payers]
    if len(set(payers)) != len(payers):
        yield _shares((*base, "payers"), "a payer is listed twice")


def _instalments(plan: PaymentPlan, path: Path) -> Iterator[Finding]:
    if plan.per_year < 1 or plan.per_year > 12:
        yield _shares((*path, "per_year"), "per_year must be between 1 and 12")
        return
    if plan.due and len(plan.due) != plan.per_year:
        yield _shares((*path, "due"), f"{len(plan.due)} due days for {plan.per_year} instalments a year")
    if plan.due and list(plan.due) != sorted(plan.due):
        yield _shares((*path, "due"), "due days must be in calendar order")
    yield from _instalment_shares(plan, path)
    if plan.due and plan.dates:
        yield _shares((*path, "dates"), "give due days or filled-in dates, not both")


def _instalment_shares(plan: PaymentPlan, path: Path) -> Iterator[Finding]:
    if not plan.shares:
        return
    if len(plan.shares) != plan.per_year:
        yield _shares((*path, "shares"), f"{len(plan.shares)} shares for {plan.per_year} instalments a year")
    elif abs(sum(plan.shares, Decimal(0)) - 1) > _ONE_PART_IN_A_BILLION:
        yield _shares(
            (*path, "shares"),
            f"instalment shares add up to {sum(plan.shares, Decimal(0)).normalize()}, not 1",
        )


@rule("counts-given", E, "A count 'N times per year' needs its N, and only then.")
def counts_given(a: Agreement, ctx: Context) -> Iterator[Finding]:
    for i, o in enumerate(a.obligations):
        if o.cadence == "times_per_year" and not o.times_per_year:
            yield Finding(
                "counts-given",
                E,
                ("obligations", i, "times_per_year"),
                "cadence times_per_year needs times_per_year (1 or more)",
            )
        if o.cadence != "times_per_year" and o.times_per_year is not None:
            yield Finding(
                "counts-given",
                E,
                ("obligations", i, "times_per_year"),
                f"times_per_year applies only to cadence times_per_year, not {o.cadence}",
            )
    sg = a.steering_group
    if sg is not None:
        if sg.meetings_cadence == "times_per_year" and not sg.meetings_per_year:
            yield Finding(
                "counts-given",
                E,
                ("steering_group", "meetings_per_year"),
                "meetings_cadence times_per_year needs meetings_per_year",
            )
        if sg.meetings_cadence == "once":
            yield Finding(
                "counts-given",
                E,
                ("steering_group", "meetings_cadence"),
                "a steering group meets regularly; use half_yearly, yearly or times_per_year",
            )


@rule(
    "personal-identity-number",
    E,
    "Agreements are public documents: no personal identity numbers (personnummer) in any field.",
)
def personal_numbers(a: Agreement, ctx: Context) -> Iterator[Finding]:
    from iopctl.load.read import iter_strings
    from iopctl.model.identifiers import find_personal_numbers

    if ctx.text is not None and not _may_hold_personal_number(ctx.text):
        return
    for path, text in iter_strings(ctx.data):
        for _, found in find_personal_numbers(text):
            masked = found[:-4] + "****"
            yield Finding(
                "personal-identity-number",
                E,
                path,
                f"contains what looks like a personal identity number ({masked}); remove it",
            )


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_NUMBER_SHAPES = (b"0000000000", b"000000-0000", b"000000+0000")


def _may_hold_personal_number(text: str) -> bool:
    """False when no value of the file can contain a personal identity number (most files).

    Every value is a piece of the text whose line breaks are at most folded into spaces, so
    a number in a value is a number in the text; only escapes in double quotes ("\\u0031")
    build digits, so a text with a backslash is walked value by value. Every candidate has
    six digits, an optional - or +, and four digits: with digits turned into 0 (bytes, one
    C pass) that shape is a plain substring search. Lines that have it (org numbers have it)
    are checked exactly. ~15 µs a file instead of walking every value (~250 µs).
    """
    from iopctl.model.identifiers import find_personal_numbers

    if "\\" in text:
        return True
    raw = text.encode("utf-8")
    shape = raw.translate(_DIGITS_AS_ZERO)
    for needle in _NUMBER_SHAPES:
        at = shape.find(needle)
        while at != -1:
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at)
            end = len(raw) if end == -1 else end
            if any(find_personal_numbers(raw[start:end].decode("utf-8"))):
                return True
            at = shape.find(needle, end)
    return False


@rule("series-exist", E, "Indexation and population figures come from series files in _series/.")
def series_exist(a: Agreement, ctx: Context) -> Iterator[Finding]:
    if ctx.series is None:
        return
    for i, c in enumerate(a.funding.commitments):
        for j, line in enumerate(c.amounts):
            path: Path = ("funding", "commitments", i, "amounts", j)
            ix = model_field(line, "indexation")
            if ix is not None and ix.series not in ctx.series:
                yield Finding(
                    "series-exist", E, (*path, "indexation", "series"), f"no series file _series/{ix.series}.yaml"
                )
            if isinstance(line, PerCapitaAmount) and line.population.series not in ctx.series:
                yield Finding(
                    "series-exist",
                    E,
                    (*path, "population", "series"),
                    f"no series file _series/{line.population.series}.yaml",
                )


@rule("template-exists", E, "The agreement must name a template that exists in templates/.")
def template_exists(a: Agreement, ctx: Context) -> Iterator[Finding]:
    if ctx.templates is not None and a.template not in ctx.templates:
        known = ", ".join(sorted(ctx.templates)) or "none"
        yield Finding("template-exists", E, ("template",), f"unknown template '{a.template}' (known: {known})")


@rule("sections-once", E, "Each generated section appears at most once in the document.")
def sections_once(a: Agreement, ctx: Context) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, s in enumerate(a.document.sections):
        kind = model_field(s, "generated")
        if kind is not None:
            if kind in seen:
                yield Finding(
                    "sections-once", E, ("document", "sections", i, "generated"), f"section '{kind}' appears twice"
                )
            seen.add(kind)


@rule("sections-have-data", E, "A listed generated section needs data to show, or the draft cannot be rendered.")
def sections_have_data(a: Agreement, ctx: Context) -> Iterator[Finding]:
    from iopctl.rules.section_data import has_facts, what_it_needs

    for i, s in enumerate(a.document.sections):
        kind = model_field(s, "generated")
        if kind is not None and not has_facts(kind, a):
            message = f"section '{kind}' is listed, but the agreement has no data for it (add {what_it_needs(kind)})"
            yield Finding("sections-have-data", E, ("document", "sections", i, "generated"), message)


from iopctl.rules import due_refs as _due_refs  # noqa: E402, F401 (registers its rule after these)
