"""Every registered rule fires on the case it exists for, and stays quiet on a clean agreement."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from iopctl.model.agreement import Agreement
from iopctl.model.policy import Policy, TermLimit
from iopctl.rules import facts, guidance  # noqa: F401 (importing them registers their rules)
from iopctl.rules.registry import RULES, Context, run_rules

BASE: dict[str, Any] = {
    "schema_version": "1",
    "id": "test-iop",
    "template": "numbered",
    "parties": [
        {
            "id": "kommun",
            "kind": "public",
            "name": "Exempla kommun",
            "org_number": "212000-0746",
            "units": [{"id": "sof", "name": "Socialförvaltningen"}],
            "contacts": [{"name": "Anna Andersson", "roles": ["contract"]}],
        },
        {
            "id": "jouren",
            "kind": "non_profit",
            "name": "Kvinnojouren Exempla",
            "org_number": "832401-3807",
            "contacts": [{"name": "Berit Berg"}],
        },
    ],
    "period": {"start": "2025-01-01", "end": "2027-12-31", "reviews": [{"by": "2027-03-01"}]},
    "funding": {
        "commitments": [
            {
                "id": "bidrag",
                "payee": "jouren",
                "payers": [{"payer": "sof"}],
                "amounts": [{"basis": "fixed", "from_year": "2025", "to_year": "2027", "amount": "100000"}],
                "payments": {"per_year": "2", "due": ["03-31", "09-30"]},
            }
        ],
        "in_kind": [{"id": "volontarer", "giver": "jouren", "description": "ideellt arbete"}],
    },
    "obligations": [
        {
            "id": "arsrapport",
            "kind": "report",
            "title": "Årsrapport",
            "owners": ["jouren"],
            "cadence": "yearly",
            "due": {"rule": "day_of_year", "day": "03-30"},
        }
    ],
    "goals": [{"text": "Fler får stöd", "target": {"value": "10", "unit": "%", "per": "year"}}],
    "steering_group": {
        "convener": "sof",
        "meetings_cadence": "half_yearly",
        "members": [{"role": "Utvecklingschef", "party": "sof", "convener": True}],
    },
    "clauses": {
        "termination": {"notice_months": "3"},
        "disputes": "Tvister löses i dialog.",
        "gdpr": "Personuppgifter hanteras enligt GDPR.",
        "state_aid": {"non_economic": True},
    },
    "signatories": [{"party": "kommun", "name": "Anna Andersson"}, {"party": "jouren", "name": "Berit Berg"}],
    "document": {"title": "Överenskommelse", "sections": [{"heading": "Bakgrund", "body": "Text."}]},
}


def run(data: dict[str, Any], policy: Policy | None = None) -> dict[str, list[str]]:
    agreement = Agreement.model_validate(data)
    ctx = Context(
        data=data,
        policy=policy or Policy(),
        series=frozenset({"pkv"}),
        templates=frozenset({"numbered", "lund", "base"}),
    )
    found: dict[str, list[str]] = {}
    for f in run_rules(agreement, ctx):
        found.setdefault(f.rule, []).append(f.message)
    return found


def mutated(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        node: Any = data
        parts = dotted.split("__")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        last = parts[-1]
        if value is _DELETE:
            del node[int(last) if last.isdigit() else last]
        elif last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value
    return data


_DELETE = object()


def test_base_is_clean() -> None:
    assert run(BASE) == {}


CASES: list[tuple[str, dict[str, Any], str]] = [
    (
        "needs-value",
        {"needs": [{"path": "period.reviews", "what": "the review date"}]},
        "needs a value: period.reviews: the review date",
    ),
    ("needs-value", {"parties__1__name": "TODO: the non-profit's name"}, "needs a value: TODO: the non-profit's name"),
    (
        "amendments-in-order",
        {
            "amendments": [
                {
                    "number": "2",
                    "effective": "2025-06-01",
                    "changes": [{"op": "set", "path": "period.ends_without_notice", "value": True}],
                }
            ]
        },
        "amendment number 2 where 1 comes next",
    ),
    (
        "amendments-in-order",
        {
            "amendments": [
                {
                    "number": "1",
                    "effective": "2024-06-01",
                    "changes": [{"op": "set", "path": "period.ends_without_notice", "value": True}],
                }
            ]
        },
        "outside the agreement's term",
    ),
    ("unique-ids", {"obligations": BASE["obligations"] * 2}, "used twice"),
    ("references", {"funding__commitments__0__payee": "nobody"}, "'nobody' is not a party"),
    ("references", {"signatories__0__unit": "jouren"}, "is not a unit of party"),
    ("dates-in-order", {"period__end": "2024-12-31", "period__reviews": []}, "before start"),
    ("dates-in-order", {"period__reviews": [{"by": "2030-01-01"}]}, "outside the period"),
    ("amounts-in-period", {"funding__commitments__0__amounts__0__to_year": "2029"}, "after the agreement ends"),
    (
        "amounts-in-period",
        {"funding__commitments__0__payments__due": [], "funding__commitments__0__payments__dates": ["2031-01-01"]},
        "outside the agreement's years",
    ),
    (
        "shares-add-up",
        {"funding__commitments__0__payers": [{"payer": "sof", "share": "1/2"}, {"payer": "kommun", "share": "1/3"}]},
        "not 1",
    ),
    ("shares-add-up", {"funding__commitments__0__payments__due": ["03-31"]}, "1 due days for 2 instalments"),
    ("counts-given", {"obligations__0__cadence": "times_per_year"}, "needs times_per_year"),
    (
        "due-references",
        {"obligations__0__due": {"rule": "relative", "to": "nothing", "direction": "after", "days": 30}},
        "no obligation 'nothing' to count from",
    ),
    (
        "personal-identity-number",
        {"parties__0__contacts__0__phone": "19121212-1212"},
        "personal identity number (19121212-****)",
    ),
    (
        "series-exist",
        {"funding__commitments__0__amounts__0__indexation": {"series": "okand", "base_year": "2025"}},
        "no series file",
    ),
    ("template-exists", {"template": "okand"}, "unknown template 'okand'"),
    ("sections-once", {"document__sections": [{"generated": "economy"}, {"generated": "economy"}]}, "appears twice"),
    (
        "sections-have-data",
        {"obligations": [], "document__sections": [{"generated": "follow_up"}]},
        "section 'follow_up' is listed, but the agreement has no data for it (add obligations)",
    ),
    ("notice-rule", {"period__end": None, "period__reviews": []}, "open-ended agreement without a notice"),
    ("report-due-rule", {"obligations__0__due": {"rule": "undated"}}, "no due date in the text"),
    ("payment-dates", {"funding__commitments__0__payments__due": []}, "no due day"),
    ("payment-dates", {"funding__commitments__0__payments": _DELETE}, "says nothing of when the money is paid"),
    (
        "payment-dates",
        {
            "funding__commitments__0__amounts": [
                {"basis": "ceiling", "over": "term", "amount": "100000", "wording": "högst 100 000 kronor"}
            ],
            "funding__commitments__0__payments": {"wording": "mot faktura"},
        },
        "paid against costs up to the cap",
    ),
    ("state-aid-statement", {"clauses__state_aid": _DELETE}, "non-economic"),
    ("non-profit-contribution", {"funding__in_kind": []}, "no contribution from the non-profit"),
    (
        "prose-names-party",
        {
            "document__sections": [
                {"heading": "Statsstöd", "body": "Bidraget till Brottsofferjouren är inte statsstöd."}
            ]
        },
        "'Brottsofferjouren'",
    ),
    ("org-number-missing", {"parties__1__org_number": None}, "has no organisation number"),
    (
        "signatory-per-party",
        {"signatories": [{"party": "kommun", "name": "Anna Andersson"}]},
        "no signatory for 'Kvinnojouren Exempla'",
    ),
    ("standard-clauses", {"clauses__disputes": None}, "no disputes clause"),
    ("gdpr-clause", {"clauses__gdpr": None}, "no data protection clause"),
    ("review-date", {"period__reviews": []}, "no review"),
    ("measurable-goals", {"goals": [{"text": "Fler får stöd"}]}, "no goal with a numeric target"),
    ("steering-group", {"steering_group": None}, "no steering group"),
    ("contacts", {"parties__1__contacts": []}, "no contact person"),
]


@pytest.mark.parametrize(("rule_id", "changes", "needle"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires(rule_id: str, changes: dict[str, Any], needle: str) -> None:
    found = run(mutated(**changes))
    assert rule_id in found, found
    assert any(needle in m for m in found[rule_id]), found[rule_id]


def test_term_limit_from_policy_data() -> None:
    policy = Policy(term_limits=[TermLimit(party_name="Exempla kommun", max_years=2, source="riktlinjer §1")])
    found = run(BASE, policy)
    assert found["term-limit"] == ["longer than the 2 years Exempla kommun allows (riktlinjer §1)"]
    assert "term-limit" not in run(mutated(period__end="2026-12-31"), policy)


def test_federation_named_as_such_is_not_a_party_slip() -> None:
    body = "Volontärerna är registrerade av Brottsofferjourens Riksförbund."
    assert "prose-names-party" not in run(mutated(document__sections=[{"heading": "Personal", "body": body}]))


def test_every_registered_rule_has_a_case() -> None:
    covered = {c[0] for c in CASES} | {"term-limit"}
    assert {r[0] for r in RULES} <= covered


def test_findings_have_their_rules_severity() -> None:
    """`run_rules(..., severities)` skips rules by their registered severity: that is only
    right while every finding of a rule carries that severity."""
    registered = {r[0]: r[1] for r in RULES}
    for _rule_id, changes, _needle in CASES:
        data = mutated(**changes)
        ctx = Context(data=data, policy=Policy(), series=frozenset({"pkv"}), templates=frozenset({"numbered"}))
        for f in run_rules(Agreement.model_validate(data), ctx):
            assert f.severity == registered[f.rule], f


def test_errors_only_runs_the_error_rules() -> None:
    from iopctl.errors import Severity

    data = mutated(funding__commitments__0__payee="nobody", clauses__disputes=None)
    ctx = Context(data=data, policy=Policy(), series=frozenset({"pkv"}), templates=frozenset({"numbered"}))
    agreement = Agreement.model_validate(data)
    every = {f.rule for f in run_rules(agreement, ctx)}
    errors = {f.rule for f in run_rules(agreement, ctx, frozenset({Severity.ERROR}))}
    assert {"references", "standard-clauses"} <= every
    assert errors == {"references"}
