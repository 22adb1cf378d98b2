"""Every finding site of every rule fires: one small agreement per site, through `check_file`.

Each case changes a valid agreement (`VALID`, written as YAML), validates the file as
`iopctl validate` does and pins the findings of the rule it is about: their paths and exact
messages, nothing more and nothing less. `tests/test_rules.py` shows each rule firing at
all; this file reaches each of its messages (branch coverage of `iopctl.rules`: `make test`).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from iopctl.files.yaml_reader import load_text
from iopctl.load import workspace
from iopctl.load.read import read_agreement
from iopctl.model.agreement import Agreement
from iopctl.model.policy import Policy, TermLimit
from iopctl.rules.check import check_file
from iopctl.rules.facts import series_exist
from iopctl.rules.guidance import term_limit
from iopctl.rules.records import read_records_text
from iopctl.rules.registry import RULES, Context

VALID_YAML = """\
schema_version: "1"
id: sites
template: numbered
parties:
  - id: kommun
    kind: public
    name: Exempla kommun
    org_number: 212000-0746
    units:
      - {id: sof, name: Socialförvaltningen}
    contacts:
      - {name: Anna Andersson}
  - id: jouren
    kind: non_profit
    name: Kvinnojouren Exempla
    org_number: 832401-3807
    contacts:
      - {name: Berit Berg}
period:
  start: 2025-01-01
  end: 2027-12-31
  reviews:
    - {by: 2027-03-01}
funding:
  commitments:
    - id: bidrag
      payee: jouren
      payers:
        - {payer: sof}
      amounts:
        - {basis: fixed, from_year: 2025, to_year: 2027, amount: 100000}
      payments: {per_year: 2, due: [03-31, 09-30]}
  in_kind:
    - {id: volontarer, giver: jouren, description: ideellt arbete}
obligations:
  - id: arsrapport
    kind: report
    title: Årsrapport
    owners: [jouren]
    cadence: yearly
    due: {rule: day_of_year, day: 03-30}
goals:
  - text: Fler får stöd
    target: {value: 10, unit: "%", per: year}
steering_group:
  convener: sof
  meetings_cadence: half_yearly
  members:
    - {role: Utvecklingschef, party: sof, convener: true}
clauses:
  termination: {notice_months: 3}
  disputes: Tvister löses i dialog.
  gdpr: Personuppgifter hanteras enligt GDPR.
  state_aid: {non_economic: true}
signatories:
  - {party: kommun, name: Anna Andersson}
  - {party: jouren, name: Berit Berg}
document:
  title: Överenskommelse
  sections:
    - {heading: Bakgrund, body: Text.}
"""

VALID: dict[str, Any] = load_text(VALID_YAML).data  # as iopctl reads it


def changed(changes: dict[str, Any]) -> dict[str, Any]:
    """VALID with `changes` applied: keys are dotted paths (`funding.commitments.0.payee`)."""
    data = copy.deepcopy(VALID)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return data


class _Dumper(yaml.SafeDumper):
    """Writes a value shared by two places twice (iopctl refuses YAML aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def findings(tmp_path: Path, data: dict[str, Any], rule_id: str) -> list[tuple[str, str]]:
    """(path, message) of `rule_id`'s findings when `data` is validated as a file."""
    path = tmp_path / "sites.yaml"
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = check_file(path)
    assert report.agreement_id == "sites", report.problems  # the model accepted it: the rules ran
    return [(p.path, p.message) for p in report.problems if p.rule == rule_id]


def test_valid_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text(VALID_YAML, encoding="utf-8")
    assert check_file(path).problems == []


COMMITMENT = "funding.commitments.0"
FIXED = {"basis": "fixed", "from_year": "2025", "to_year": "2027", "amount": "100000"}
OBLIGATION = {"id": "plan", "kind": "plan", "title": "Plan", "owners": ["jouren"], "cadence": "once"}
OPEN_ENDED = {"start": "2025-01-01"}
RENEWAL = {"first_term_end": "2025-12-31", "notice_months": "3"}

# (rule, changes, the rule's findings: path and message)
RELATIVE: dict[str, Any] = {
    "id": "beslut",
    "kind": "other",
    "title": "Beslut",
    "owners": ["sof"],
    "cadence": "yearly",
    "due": {"rule": "relative", "to": "arsrapport", "counted_from": "approved", "direction": "after", "days": "30"},
}

SITES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    (
        "references",
        {"parties.1.contacts": [{"name": "Berit Berg", "unit": "sof"}]},
        [("parties[1].contacts[0].unit", "unit 'sof' is not a unit of party 'jouren'")],
    ),
    (
        "references",
        {
            "registration": {"party": "sof", "date": "2024-05-01"},
            "signatories.0.unit": "sof",
            "signatories.1.unit": "sof",
        },
        [
            ("signatories[1].unit", "unit 'sof' is not a unit of party 'jouren'"),
            ("registration.party", "party 'sof' is not a party of this agreement"),
        ],
    ),
    (
        "dates-in-order",
        {"period": {**OPEN_ENDED, "ends_without_notice": True}, "clauses.termination": None},
        [("period.ends_without_notice", "ends_without_notice needs an end date")],
    ),
    (
        "dates-in-order",
        {"period.renewal": {**RENEWAL, "first_term_end": "2024-12-31", "term_months": "0"}},
        [
            ("period.renewal", "an agreement with an end date cannot also renew itself; remove end or renewal"),
            ("period.renewal.first_term_end", "first term ends 2024-12-31, before the start 2025-01-01"),
            ("period.renewal.term_months", "a renewal must be at least one month long"),
        ],
    ),
    (
        "dates-in-order",
        {"period": {**OPEN_ENDED, "renewal": {**RENEWAL, "term_months": "12"}}},
        [],
    ),
    (
        "dates-in-order",
        {
            "funding.in_kind.0.from_date": "2026-06-01",
            "funding.in_kind.0.to_date": "2026-01-01",
            "signatories.0.date": "2028-01-01",
        },
        [
            ("funding.in_kind[0].to_date", "2026-01-01 is before 2026-06-01"),
            ("signatories[0].date", "signed 2028-01-01, after the agreement ended 2027-12-31"),
        ],
    ),
    (
        "dates-in-order",
        {"funding.in_kind.0.from_date": "2024-06-01", "funding.in_kind.0.to_date": "2028-01-01"},
        [
            ("funding.in_kind[0].from_date", "2024-06-01 is outside the period"),
            ("funding.in_kind[0].to_date", "2028-01-01 is outside the period"),
        ],
    ),
    (
        "dates-in-order",
        {
            "obligations": [
                {
                    **OBLIGATION,
                    "covers": {"start": "2026-02-01", "end": "2026-01-01"},
                    "due": {"rule": "by_period_end"},
                },
                {
                    **OBLIGATION,
                    "id": "plan2",
                    "cadence": "yearly",
                    "covers": {"start": "2028-01-01", "end": "2028-12-31"},
                    "due": {"rule": "date", "date": "2024-12-01"},
                },
            ]
        },
        [
            ("obligations[0].covers.end", "2026-01-01 is before 2026-02-01"),
            ("obligations[1].covers", "the covered period lies outside the agreement period"),
            ("obligations[1].covers", "covers applies only to cadence 'once'"),
            ("obligations[1].due.date", "due 2024-12-01, before the agreement starts 2025-01-01"),
        ],
    ),
    (
        "amounts-in-period",
        {f"{COMMITMENT}.amounts": [{**FIXED, "from_year": "2026", "to_year": "2025"}]},
        [("funding.commitments[0].amounts[0].to_year", "to_year 2025 is before from_year 2026")],
    ),
    (
        "amounts-in-period",
        {
            f"{COMMITMENT}.amounts": [
                FIXED,
                {"basis": "ceiling", "over": "year", "from_year": "2024", "to_year": "2028", "amount": "50000"},
            ]
        },
        [
            ("funding.commitments[0].amounts[1].from_year", "2024 is outside the agreement's years 2025–2027"),
            ("funding.commitments[0].amounts[1].to_year", "2028 is outside the agreement's years 2025–2027"),
        ],
    ),
    (
        "references",
        {
            f"{COMMITMENT}.payee": None,
            f"{COMMITMENT}.payees": [{"payee": "jouren"}, {"payee": "sof"}],
            f"{COMMITMENT}.payee_split": "equal",
        },
        [("funding.commitments[0].payees[1].payee", "payee 'sof' is not a party of this agreement")],
    ),
    (
        "amounts-in-period",
        {f"{COMMITMENT}.amounts": [{**FIXED, "from_year": "2024", "to_year": "2024"}]},
        [("funding.commitments[0].amounts[0].from_year", "2024 is outside the agreement's years 2025–2027")],
    ),
    (
        "amounts-in-period",
        {
            f"{COMMITMENT}.amounts": [
                {"basis": "lump", "from_year": "2025", "to_year": "2026", "paid_in": "2027", "amount": "50000"},
                {**FIXED, "from_year": "2026", "to_year": "2027"},
            ]
        },
        [
            ("funding.commitments[0].amounts[0].paid_in", "paid_in 2027 is outside 2025–2026"),
            ("funding.commitments[0].amounts[1]", "year 2026 already has a sum (amounts[0])"),
        ],
    ),
    (
        "amounts-in-period",
        {
            "period": {**OPEN_ENDED, "renewal": RENEWAL},
            f"{COMMITMENT}.amounts": [
                {**FIXED, "to_year": None, "indexation": {"series": "pkv", "base_year": "2026"}},
                {**FIXED, "to_year": None},
            ],
        },
        [
            ("funding.commitments[0].amounts[0].indexation.base_year", "base year 2026 is after the first year 2025"),
            ("funding.commitments[0].amounts[1]", "year 2025 already has a sum (amounts[0])"),
        ],
    ),
    (
        "series-exist",
        {
            f"{COMMITMENT}.amounts.0": {
                "basis": "per_capita",
                "from_year": "2025",
                "rate": "2.25",
                "population": {"series": "folk"},
                "indexation": {"series": "pkv", "base_year": "2025"},
            }
        },
        [
            ("funding.commitments[0].amounts[0].population.series", "no series file _series/folk.yaml"),
            ("funding.commitments[0].amounts[0].indexation.series", "no series file _series/pkv.yaml"),
        ],
    ),
    (
        "personal-identity-number",
        {"parties.1.contacts.0.name": "Berit Berg, 121212-1212"},
        [
            (
                "parties[1].contacts[0].name",
                "contains what looks like a personal identity number (121212-****); remove it",
            )
        ],
    ),
    (
        "shares-add-up",
        {f"{COMMITMENT}.payments.shares": ["1/4", "3/4"]},
        [],
    ),
    (
        "shares-add-up",
        {
            f"{COMMITMENT}.payers": [{"payer": "sof", "share": "1/2"}, {"payer": "sof"}],
            f"{COMMITMENT}.payments": {"per_year": "2", "due": ["09-30", "03-31"], "dates": ["2025-03-31"]},
        },
        [
            ("funding.commitments[0].payers", "give a share for every payer, or for none (equal split)"),
            ("funding.commitments[0].payers", "a payer is listed twice"),
            ("funding.commitments[0].payments.due", "due days must be in calendar order"),
            ("funding.commitments[0].payments.dates", "give due days or filled-in dates, not both"),
        ],
    ),
    (
        "shares-add-up",
        {f"{COMMITMENT}.payments": {"per_year": "0"}},
        [("funding.commitments[0].payments.per_year", "per_year must be between 1 and 12")],
    ),
    (
        "shares-add-up",
        {f"{COMMITMENT}.payments.shares": ["1/2"]},
        [("funding.commitments[0].payments.shares", "1 shares for 2 instalments a year")],
    ),
    (
        "shares-add-up",
        {f"{COMMITMENT}.payments.shares": ["1/2", "1/4"]},
        [("funding.commitments[0].payments.shares", "instalment shares add up to 0.75, not 1")],
    ),
    (
        "counts-given",
        {"obligations.0.times_per_year": "2"},
        [("obligations[0].times_per_year", "times_per_year applies only to cadence times_per_year, not yearly")],
    ),
    (
        "counts-given",
        {"steering_group.meetings_cadence": "times_per_year"},
        [("steering_group.meetings_per_year", "meetings_cadence times_per_year needs meetings_per_year")],
    ),
    (
        "counts-given",
        {"steering_group.meetings_cadence": "once"},
        [
            (
                "steering_group.meetings_cadence",
                "a steering group meets regularly; use half_yearly, yearly or times_per_year",
            )
        ],
    ),
    (
        "due-references",
        {"obligations.0.due": {"rule": "relative", "to": "arsrapport", "direction": "after", "days": "30"}},
        [("obligations[0].due.to", "'arsrapport' cannot count from its own event")],
    ),
    (
        "due-references",
        {"obligations.0.due": {"rule": "relative", "to": "nope", "direction": "after", "days": "30"}},
        [("obligations[0].due.to", "no obligation 'nope' to count from (obligations: arsrapport)")],
    ),
    (
        "due-references",
        {
            "obligations.0.due": {"rule": "relative", "to": "styrgrupp", "direction": "before", "weeks": "2"},
            "steering_group": None,
        },
        [("obligations[0].due.to", "the agreement has no steering group (styrgrupp) to count from")],
    ),
    (
        "due-references",
        {"obligations.0.due": {"rule": "relative", "to": "styrgrupp", "direction": "before", "weeks": "2"}},
        [
            (
                "obligations[0].due.to",
                "the steering group's meetings recur half_yearly, this obligation yearly: give both the same cadence",
            )
        ],
    ),
    (
        "due-references",
        {
            "obligations.0.due": {"rule": "relative", "to": "styrgrupp", "direction": "before", "weeks": "2"},
            "obligations.0.cadence": "half_yearly",
        },
        [],
    ),
    (
        "due-references",
        {
            "obligations": [
                {**RELATIVE, "id": "a", "due": {**RELATIVE["due"], "to": "b"}},
                {**RELATIVE, "id": "b", "due": {**RELATIVE["due"], "to": "a"}},
                {**RELATIVE, "id": "c", "due": {**RELATIVE["due"], "to": "a"}},
                {**RELATIVE, "id": "d", "cadence": "times_per_year", "times_per_year": "3", "due": {"rule": "undated"}},
                {
                    **RELATIVE,
                    "id": "e",
                    "cadence": "times_per_year",
                    "times_per_year": "2",
                    "due": {**RELATIVE["due"], "to": "d"},
                },
            ]
        },
        [
            ("obligations[0].due.to", "due rules count from each other in a loop: a → b → a"),
            ("obligations[1].due.to", "due rules count from each other in a loop: b → a → b"),
            (
                "obligations[4].due.to",
                "'d' recur times_per_year, 3 a year, this obligation times_per_year, 2 a year: give both the same cadence",
            ),
        ],
    ),
]


@pytest.mark.parametrize(("rule_id", "changes", "expected"), SITES, ids=[f"{s[0]}-{i}" for i, s in enumerate(SITES)])
def test_site_fires(tmp_path: Path, rule_id: str, changes: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert findings(tmp_path, changed(changes), rule_id) == expected


@pytest.mark.parametrize(
    ("disputes", "expected"),
    [
        ('"Ring 12121\\u0032-1212."', ["contains what looks like a personal identity number (121212-****); remove it"]),
        ('"Tvister l\\u00f6ses i dialog."', []),
    ],
    ids=["escaped-digit", "escaped-letter"],
)
def test_escapes_are_read_before_looking_for_numbers(tmp_path: Path, disputes: str, expected: list[str]) -> None:
    """A backslash can build digits in a double-quoted value: such a file is checked value by value."""
    path = tmp_path / "sites.yaml"
    path.write_text(VALID_YAML.replace("disputes: Tvister löses i dialog.", f"disputes: {disputes}"), encoding="utf-8")
    found = [p for p in check_file(path).problems if p.rule == "personal-identity-number"]
    assert [(p.path, p.message) for p in found] == [("clauses.disputes", m) for m in expected]


NO_DATA: dict[str, dict[str, Any]] = {
    "contacts": {"parties.0.contacts": [], "parties.1.contacts": []},
    "economy": {"funding": {}},
    "follow_up": {"obligations": []},
    "steering_group": {"steering_group": None},
    "goals": {"goals": []},
    "termination": {"clauses.termination": None},
    "renegotiation": {},
    "disputes": {"clauses.disputes": None},
    "gdpr": {"clauses.gdpr": None},
    "assignment": {},
    "state_aid": {"clauses.state_aid": {"non_economic": False}},
    "approval": {},
    "signatures": {"signatories": []},
}
"""Each generated kind that can lack its data, and how VALID is made to lack it."""
GIVES_DATA: dict[str, dict[str, Any]] = {
    "renegotiation": {"clauses.renegotiation": "Ändringar görs skriftligen."},
    "assignment": {"clauses.assignment": "Avtalet får inte överlåtas."},
    "approval": {"period.conditional_on_approval": True},
}
"""The kinds VALID has no data for, and the data that makes their section fine."""


@pytest.mark.parametrize("kind", sorted(NO_DATA))
def test_a_listed_section_without_data_is_an_error(tmp_path: Path, kind: str) -> None:
    from iopctl.rules.section_data import what_it_needs

    sections = [{"heading": "Bakgrund", "body": "Text."}, {"generated": kind}]
    data = changed({**NO_DATA[kind], "document.sections": sections})
    message = f"section '{kind}' is listed, but the agreement has no data for it (add {what_it_needs(kind)})"
    assert findings(tmp_path, data, "sections-have-data") == [("document.sections[1].generated", message)]
    with_data = changed({**GIVES_DATA.get(kind, {}), "document.sections": sections})
    assert findings(tmp_path, with_data, "sections-have-data") == []


def test_every_generated_kind_that_can_lack_data_is_covered() -> None:
    from typing import get_args

    from iopctl.model.document import GeneratedKind

    assert set(NO_DATA) == set(get_args(GeneratedKind)) - {"parties", "period"}  # those always have data


RULE_ORDER = [
    *("unique-ids", "references", "dates-in-order", "amounts-in-period", "shares-add-up", "counts-given"),
    *("personal-identity-number", "series-exist", "template-exists", "sections-once", "sections-have-data"),
    "due-references",
    *("notice-rule", "report-due-rule", "payment-dates", "state-aid-statement", "non-profit-contribution"),
    *("term-limit", "prose-names-party", "org-number-missing", "signatory-per-party", "standard-clauses"),
    *("gdpr-clause", "review-date", "measurable-goals", "steering-group", "contacts", "needs-value"),
    "amendments-in-order",
]
"""The errors, the guidance, then the amendments: findings that are not sorted by place (`new`,
`renew`) come in this order, so it changes only on purpose."""


def test_rules_run_in_their_order() -> None:
    assert [r[0] for r in RULES] == RULE_ORDER


def test_every_site_case_names_a_registered_rule() -> None:
    assert {s[0] for s in SITES} <= {r[0] for r in RULES}


def test_series_exist_needs_to_know_the_series() -> None:
    """Without a listing of `_series/` (a caller that did not look), no series is reported missing."""
    data = changed({f"{COMMITMENT}.amounts.0.indexation": {"series": "nowhere", "base_year": "2025"}})
    agreement = Agreement.model_validate(data)
    assert list(series_exist(agreement, Context(data=data, policy=Policy()))) == []
    found = series_exist(agreement, Context(data=data, policy=Policy(), series=frozenset()))
    assert [f.message for f in found] == ["no series file _series/nowhere.yaml"]


def test_term_limit_on_an_open_ended_agreement() -> None:
    data = changed({"period": {**OPEN_ENDED, "renewal": RENEWAL}})
    limit = TermLimit(party_name="Exempla kommun", max_years=3, source="riktlinjer §2")
    found = list(term_limit(Agreement.model_validate(data), Context(data=data, policy=Policy(term_limits=[limit]))))
    assert [(f.rule, f.path, f.message) for f in found] == [
        ("term-limit", ("period",), "open-ended, but Exempla kommun allows at most 3 years (riktlinjer §2)")
    ]


def test_companions_cache_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run over more than 256 folders starts the folder cache over instead of growing it."""

    full: dict[Any, Any] = {(tmp_path / str(i), None): None for i in range(256)}
    monkeypatch.setattr(workspace, "_WORKSPACES", full)  # the folder cache now lives with the workspace
    path = tmp_path / "sites.yaml"
    path.write_text(VALID_YAML, encoding="utf-8")
    assert check_file(path).problems == []
    assert list(full) == [(tmp_path.absolute(), None)]


KALMAR = Path(__file__).resolve().parent.parent / "agreements" / "kalmar-kvinnojouren-2025.yaml"
PAYMENT_OF = (
    "agreement: kalmar-kvinnojouren-2025\n"
    "payments:\n"
    "  - key: payment:{commitment}:kalmar-kommun:2025:1\n"
    "    date: 2025-03-27\n"
    "    amount: 500000\n"
)


def test_records_of_a_payment_the_agreement_has_not() -> None:
    agreement = read_agreement(KALMAR).agreement
    assert agreement is not None
    records, problems = read_records_text(PAYMENT_OF.format(commitment="nope"), "r.yaml", agreement)
    assert records is not None
    assert [(p.line, p.path, p.message, p.rule) for p in problems] == [
        (3, "payments[0].key", "the agreement has no commitment 'nope'", "records")
    ]


def test_records_read_without_their_agreement_are_not_checked() -> None:
    records, problems = read_records_text(PAYMENT_OF.format(commitment="nope"), "r.yaml")
    assert records is not None and [p.key for p in records.payments] == ["payment:nope:kalmar-kommun:2025:1"]
    assert problems == []
