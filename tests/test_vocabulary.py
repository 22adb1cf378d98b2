"""The closed vocabularies are listed once: every table keyed by them agrees with the one list."""

from __future__ import annotations

from typing import get_args

from iopctl.cli.deadlines import _MENU, Kind
from iopctl.deadlines.builder import LAST_DAY_RULES
from iopctl.deadlines.event import INFORMATIONAL_KINDS, KIND_RANK
from iopctl.deadlines.titles import KIND_LABELS
from iopctl.model.obligations import Obligation, SteeringGroup
from iopctl.model.policy import DEFAULT_DATE_POLICY, Policy
from iopctl.model.vocabulary import (
    CADENCES,
    EVENT_KINDS,
    OBLIGATION_KINDS,
    SHIFT_POLICIES,
    Cadence,
    EventKind,
    ObligationKind,
    ShiftPolicy,
)


def test_each_tuple_is_its_literal() -> None:
    assert EVENT_KINDS == get_args(EventKind) and len(set(EVENT_KINDS)) == 17
    assert OBLIGATION_KINDS == get_args(ObligationKind)
    assert CADENCES == get_args(Cadence)
    assert SHIFT_POLICIES == get_args(ShiftPolicy) == ("previous", "next", "none")


def test_every_obligation_kind_is_an_event_kind() -> None:
    assert set(OBLIGATION_KINDS) <= set(EVENT_KINDS)


def test_the_cli_offers_every_kind_once() -> None:
    assert sorted(_MENU) == sorted(EVENT_KINDS)
    assert [k.value for k in Kind] == list(_MENU)


def test_tables_keyed_by_kind_use_the_vocabulary() -> None:
    assert set(KIND_LABELS) == set(EVENT_KINDS)
    assert set(DEFAULT_DATE_POLICY) == set(EVENT_KINDS)
    assert set(DEFAULT_DATE_POLICY.values()) <= set(SHIFT_POLICIES)
    assert set(LAST_DAY_RULES) | INFORMATIONAL_KINDS <= set(EVENT_KINDS)
    assert list(KIND_RANK) == list(EVENT_KINDS)


def test_the_models_offer_the_vocabulary() -> None:
    obligation = Obligation.model_json_schema()["properties"]
    assert tuple(obligation["kind"]["enum"]) == OBLIGATION_KINDS
    assert tuple(obligation["cadence"]["enum"]) == CADENCES
    assert tuple(SteeringGroup.model_json_schema()["properties"]["meetings_cadence"]["enum"]) == CADENCES
    date_policy = Policy.model_json_schema()["properties"]["date_policy"]
    assert tuple(date_policy["propertyNames"]["enum"]) == EVENT_KINDS
    assert tuple(date_policy["additionalProperties"]["enum"]) == SHIFT_POLICIES
