"""The funding schedule: one agreement in, its dated (or 'needs a date') payments out.

INTERFACE STUB written by the lead; the funding work fills in `payment_schedule`.
The deadlines calendar and the rendered economy section read payments from here only
(one source of truth).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Basis:
    """How an amount was reached, for people and for JSON."""

    kind: str
    """fixed | split | lump | per_capita | in_kind"""
    text: str
    """One English line a treasurer can check, e.g. '2.25 kr × 46 936 inhabitants (SCB, 2023-12-31)'."""
    details: dict[str, Any] = field(default_factory=dict)
    """Machine-readable parts: base amount, share, rate, population, as_of, source, index factors."""


@dataclass(frozen=True, slots=True)
class Payment:
    """One instalment from one payer to one payee."""

    agreement: str
    commitment: str
    payer: str
    """Party or unit id."""
    payer_name: str
    payee: str
    payee_name: str
    year: int
    period: str
    """Label of the part of the year the money is for: '2025', '2021-Q4', '2019-H1'."""
    instalment: int
    """1-based number of the instalment within the year."""
    instalments: int
    """Instalments in that year."""
    due: date | None
    """Nominal due date, or None when the agreement gives none ('needs a date')."""
    window: tuple[date, date]
    """The span the payment belongs to (the year clipped to the agreement) - where an undated one falls."""
    amount: Decimal
    basis: Basis
    flags: tuple[str, ...] = ()
    """e.g. 'needs-date', 'index-pending', 'population-pending', 'population-unverified', 'cap', 'index-forecast'."""
    invoice: bool = False
    attachments: tuple[str, ...] = ()
