"""The rule registry: a rule is a named check over a valid agreement that yields findings.

`RULES` is the documentation of the policy: each rule has an id, a severity and a one-line
reason. The rules themselves live in `iopctl.rules.facts` (errors: facts that cannot all be
true) and `iopctl.rules.guidance` (warnings and infos from Swedish IOP guidance and local
policy); importing a module registers its rules, in the order they are written, and
`run_rules` runs them in that order. This module imports neither, so the rule modules can
import it (`iopctl.rules.check` imports all three).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from iopctl.errors import Severity
from iopctl.model.agreement import Agreement
from iopctl.model.policy import Policy

Path = tuple[str | int, ...]


class Finding(NamedTuple):
    """One rule's finding, located by its path in the file.

    Named tuples, not dataclasses, for this and `Context`: a dataclass is built by compiling
    generated code when its module is imported (~0.8 ms each at every start of `validate`).
    """

    rule: str
    severity: Severity
    path: Path
    message: str


class Context(NamedTuple):
    """What rules may look at besides the agreement: raw data, policy and what exists on disk."""

    data: Any
    policy: Policy
    series: frozenset[str] | None = None
    templates: frozenset[str] | None = None
    text: str | None = None
    """The file's text, when known: lets a rule rule out a whole file with one scan."""


Rule = Callable[[Agreement, Context], Iterator[Finding]]
RULES: list[tuple[str, Severity, str, Rule]] = []
"""(id, severity, reason, check) in registration order: the order the rules run in."""

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def rule(rule_id: str, severity: Severity, why: str) -> Callable[[Rule], Rule]:
    """Register a rule under its id with its default severity and reason."""

    def register(fn: Rule) -> Rule:
        RULES.append((rule_id, severity, why, fn))
        return fn

    return register


def model_field(model: Any, name: str) -> Any:
    """A field's value, None when the model has no such field (one variant of a union).

    `getattr(model, name, None)` costs an exception inside pydantic's `__getattr__` for a
    missing name (~2 µs, thousands of times in a batch); a model keeps its fields in `__dict__`.
    """
    return model.__dict__.get(name)


def run_rules(agreement: Agreement, ctx: Context, severities: frozenset[Severity] | None = None) -> list[Finding]:
    """The findings of all registered rules (of those `severities` only, when given), in rule order.

    A rule's findings all have the severity it is registered with (tests/test_rules.py), so
    `funding` and `deadlines`, which only need to know whether a file has errors, run the
    error rules and skip the advice.
    """
    findings: list[Finding] = []
    for _rule_id, severity, _why, fn in RULES:
        if severities is None or severity in severities:
            findings.extend(fn(agreement, ctx))
    return findings
