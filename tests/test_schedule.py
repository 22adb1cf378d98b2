"""Payment schedules: every funding shape, the rounding rule, index and population provenance."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopctl.funding.in_kind import in_kind_lines
from iopctl.funding.schedule import Payment, payment_schedule
from iopctl.funding.views import budget_parts, in_range, sort_payments, totals
from iopctl.load.data_files import load_series, read_series_text
from iopctl.load.read import read_agreement, validate_text
from iopctl.model.agreement import Agreement
from iopctl.model.series import IndexSeries, PopulationSeries
from iopctl.model.series_store import SeriesStore
from iopctl.money import product, round_ore, split, split_equal

D = Decimal
ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
SERIES = load_series(AGREEMENTS / "_series")


def make(funding: dict[str, Any], period: dict[str, Any], agreement_id: str = "test-iop") -> Agreement:
    """A minimal valid agreement around a funding section."""
    return Agreement.model_validate(
        {
            "schema_version": "1",
            "id": agreement_id,
            "template": "numbered",
            "parties": [
                {
                    "id": "kommun",
                    "kind": "public",
                    "name": "Exempla kommun",
                    "units": [
                        {"id": "sof", "name": "Socialförvaltningen"},
                        {"id": "klk", "name": "Kommunledningskontoret"},
                        {"id": "kof", "name": "Kultur- och fritidsförvaltningen"},
                    ],
                },
                {"id": "jouren", "kind": "non_profit", "name": "Kvinnojouren Exempla"},
            ],
            "period": period,
            "funding": funding,
            "document": {"title": "Överenskommelse"},
        }
    )


def commitment(
    amounts: list[dict[str, Any]], payers: list[dict[str, Any]] | None = None, **more: Any
) -> dict[str, Any]:
    return {
        "id": "bidrag",
        "payee": "jouren",
        "payers": payers or [{"payer": "sof"}],
        "amounts": amounts,
        **more,
    }


# The four reference agreements other than Kalmar, as their files state them (fixtures, so the
# schedule is tested even before the shipped files exist; the shipped ones are tested below).
LUND_KJ = {
    "commitments": [
        commitment(
            [
                {
                    "basis": "fixed",
                    "from_year": "2021",
                    "to_year": "2023",
                    "amount": "380000",
                    "indexation": {"series": "lund-priskompensation", "base_year": "2021"},
                }
            ],
            payments={"per_year": "2", "wording": "vid två tillfällen per år"},
            invoicing={"routine": "enligt särskild rutin"},
            partial_financing=True,
        )
    ],
}
LUND_KJ_PERIOD = {"start": "2021-01-01", "end": "2023-12-31"}
LUND_IM = {
    "commitments": [
        commitment([{"basis": "fixed", "from_year": "2019", "amount": "58000"}], payments={"per_year": "1"})
    ]
}
LUND_IM_PERIOD = {"start": "2019-01-01", "end": "2019-06-30"}
VANSKAPENS_HUS = {
    "commitments": [
        commitment(
            [
                {"basis": "fixed", "from_year": "2021", "amount": "62500"},
                {
                    "basis": "fixed",
                    "from_year": "2022",
                    "to_year": "2023",
                    "amount": "250000",
                    "indexation": {"series": "lund-priskompensation", "base_year": "2021"},
                },
            ],
            payments={"per_year": "2"},
            condition="Socialnämndens driftbudget ökas för 2021, 2022 och 2023.",
        )
    ],
    "in_kind": [
        {
            "id": "lokal",
            "giver": "sof",
            "receiver": "jouren",
            "description": "fritt nyttjande av lokal på Bredgatan 19 och 21",
            "from_date": "2021-10-01",
            "arrangement": "särskilt andrahandskontrakt",
        }
    ],
}
VH_PERIOD = {"start": "2021-10-01", "end": "2023-12-31"}
TRELLEBORG = {
    "commitments": [
        commitment(
            [
                {
                    "basis": "per_capita",
                    "from_year": "2024",
                    "rate": "2.25",
                    "population": {"series": "trelleborg-befolkning", "as_of": "previous_year_end"},
                    "indexation": {"series": "pkv", "base_year": "2024", "publication": "PKV"},
                }
            ],
            payers=[{"payer": "kommun"}],
            payments={"per_year": "1"},
            invoicing={"when": "så snart SCB:s statistik finns tillgänglig"},
        )
    ],
}
TRELLEBORG_PERIOD = {
    "start": "2024-01-01",
    "renewal": {"first_term_end": "2024-12-31", "notice_months": "3"},
}


def by_year(payments: list[Payment]) -> dict[int, list[Payment]]:
    out: dict[int, list[Payment]] = {}
    for p in payments:
        out.setdefault(p.year, []).append(p)
    return out


def series_store(*texts: str) -> SeriesStore:
    store = SeriesStore()
    for i, text in enumerate(texts):
        series, problems = read_series_text(text, f"s{i}.yaml")
        assert series is not None, problems
        store.add(series)
    return store


# --- Kalmar (the shipped file) ----------------------------------------------------------------


def kalmar() -> Agreement:
    result = read_agreement(AGREEMENTS / "kalmar-kvinnojouren-2025.yaml")
    assert result.agreement is not None, result.problems
    return result.agreement


def test_kalmar_2025_one_payment_from_the_party_q1_against_invoice() -> None:
    # 001, 10: "Kalmar kommun ersätter ... med 1 000 000 kronor per år som delas lika mellan
    # kommunledningskontoret och socialförvaltningen" and the non-profit "fakturerar
    # ersättningsbeloppet till Kalmar kommun": one invoice, one payment, the split is budget
    payments = by_year(payment_schedule(kalmar(), SERIES))
    p2025 = payments[2025]
    assert [(p.payer, p.amount, p.ref) for p in p2025] == [
        ("kalmar-kommun", D("1000000.00"), "ersattning:kalmar-kommun:2025:1"),
    ]
    assert [(u.unit, u.amount) for u in p2025[0].split] == [
        ("kalmar-klk", D("500000.00")),
        ("kalmar-sof", D("500000.00")),
    ]
    assert [(b.payer, b.amount) for b in budget_parts(p2025)] == [
        ("kalmar-klk", D("500000.00")),
        ("kalmar-sof", D("500000.00")),
    ]
    for p in p2025:
        assert p.due == date(2025, 3, 31)
        assert p.period == "2025"
        assert p.invoice is True
        assert p.attachments == ("verksamhetsberättelse", "verksamhetsplan", "årsredovisning")
        assert p.flags == ()
        assert p.basis.kind == "split"
        assert p.basis.details["year_amount"] == D("1000000.00")
    assert sorted(payments) == [2025, 2026, 2027]
    assert sum((p.amount for ps in payments.values() for p in ps), D(0)) == D("3000000.00")


def test_kalmar_in_kind_has_no_invented_value() -> None:
    lines = in_kind_lines(kalmar())
    assert len(lines) == 2
    assert all(line.value_per_year is None for line in lines)
    assert all("inget värde angivet" in line.basis.text for line in lines)


# --- Lund ----------------------------------------------------------------------------------------


def test_lund_kvinnojouren_2021_two_undated_instalments() -> None:
    payments = by_year(payment_schedule(make(LUND_KJ, LUND_KJ_PERIOD), SERIES))
    p2021 = payments[2021]
    assert [p.amount for p in p2021] == [D("190000.00"), D("190000.00")]
    assert [(p.instalment, p.instalments) for p in p2021] == [(1, 2), (2, 2)]
    assert all(p.due is None and p.flags == ("needs-date",) for p in p2021)
    assert all(p.window == (date(2021, 1, 1), date(2021, 12, 31)) for p in p2021)


def test_lund_kvinnojouren_2022_2023_index_pending() -> None:
    payments = by_year(payment_schedule(make(LUND_KJ, LUND_KJ_PERIOD), SERIES))
    for year in (2022, 2023):
        ps = payments[year]
        # the unindexed base amount, never silently: flagged and said in the basis
        assert [p.amount for p in ps] == [D("190000.00"), D("190000.00")]
        assert all("index-pending" in p.flags for p in ps)
        assert "index saknas" in ps[0].basis.text and "visas utan indexering" in ps[0].basis.text
        assert ps[0].basis.details["index"]["missing"] == list(range(2022, year + 1))
        assert ps[0].basis.details["index"]["factor"] is None


def test_lund_kvinnojouren_indexed_when_values_exist() -> None:
    store = series_store(
        "id: lund-priskompensation\nkind: index\nname: Priskompensation\nvalues:\n"
        '  - {year: 2022, percent: "2.0", publication: KF 2021-06-17 § 170, status: outcome,'
        " verified: true}\n"
        '  - {year: 2023, percent: "3.5", publication: KF 2022-06-16 § 140, status: forecast}\n'
    )
    payments = by_year(payment_schedule(make(LUND_KJ, LUND_KJ_PERIOD), store))
    # 2022: 380 000 × 1.02 = 387 600.00, two instalments of 193 800.00
    assert [p.amount for p in payments[2022]] == [D("193800.00"), D("193800.00")]
    assert payments[2022][0].flags == ("needs-date",)
    # 2023: 380 000 × 1.02 × 1.035 = 401 166.00 → 200 583.00 twice; forecast and unverified flagged
    assert [p.amount for p in payments[2023]] == [D("200583.00"), D("200583.00")]
    assert payments[2023][0].flags == ("needs-date", "index-forecast", "index-unverified")
    factors = payments[2023][0].basis.details["index"]["factors"]
    assert [(f["value_year"], f["factor"], f["publication"], f["status"]) for f in factors] == [
        (2022, D("1.02"), "KF 2021-06-17 § 170", "outcome"),
        (2023, D("1.035"), "KF 2022-06-16 § 140", "forecast"),
    ]
    assert payments[2023][0].basis.details["index"]["factor"] == D("1.05570")


def test_filled_in_dates_are_used_in_order() -> None:
    funding = copy.deepcopy(LUND_KJ)
    funding["commitments"][0]["payments"]["dates"] = ["2021-09-15", "2021-03-15", "2022-04-01"]
    payments = by_year(payment_schedule(make(funding, LUND_KJ_PERIOD), SERIES))
    assert [p.due for p in payments[2021]] == [date(2021, 3, 15), date(2021, 9, 15)]
    assert [p.due for p in payments[2022]] == [date(2022, 4, 1), None]
    assert "needs-date" not in payments[2021][0].flags
    assert "needs-date" in payments[2022][1].flags


def test_lund_im_58000_once_for_the_first_half_of_2019() -> None:
    payments = payment_schedule(make(LUND_IM, LUND_IM_PERIOD), SERIES)
    assert len(payments) == 1
    p = payments[0]
    assert (p.year, p.period, p.amount, p.due) == (2019, "2019-H1", D("58000.00"), None)
    assert p.window == (date(2019, 1, 1), date(2019, 6, 30))


def test_vanskapens_hus_part_year_as_stated_and_premises_in_kind() -> None:
    agreement = make(VANSKAPENS_HUS, VH_PERIOD)
    payments = by_year(payment_schedule(agreement, SERIES))
    # 2021: the stated 62 500 for the fourth quarter, never pro-rated
    assert sum((p.amount for p in payments[2021]), D(0)) == D("62500.00")
    assert {p.period for p in payments[2021]} == {"2021-Q4"}
    assert [p.amount for p in payments[2021]] == [D("31250.00"), D("31250.00")]
    assert payments[2021][0].window == (date(2021, 10, 1), date(2021, 12, 31))
    for year in (2022, 2023):
        assert sum((p.amount for p in payments[year]), D(0)) == D("250000.00")
        assert all("index-pending" in p.flags for p in payments[year])
    assert all("conditional" in p.flags for ps in payments.values() for p in ps)
    (premises,) = in_kind_lines(agreement)
    assert premises.value_per_year is None
    assert premises.giver_name == "Exempla kommun, Socialförvaltningen"
    assert premises.from_date == date(2021, 10, 1)
    assert "Bredgatan 19 och 21" in premises.basis.text


# --- Trelleborg: per capita ----------------------------------------------------------------------


def test_trelleborg_2024_rate_times_population_with_provenance() -> None:
    payments = payment_schedule(make(TRELLEBORG, TRELLEBORG_PERIOD), SERIES)
    assert [p.year for p in payments] == [2024]  # without `until`: the first term only
    p = payments[0]
    assert p.amount == D("105606.00")  # 2.25 × 46 936 = 105 606.00
    details = p.basis.details
    assert (details["rate"], details["population"], details["as_of"]) == (
        D("2.25"),
        46936,
        date(2023, 12, 31),
    )
    assert details["source"] == "SCB, Folkmängd i riket, län och kommuner 31 december 2023"
    assert details["published"] == date(2024, 2, 22)
    assert details["verified"] is False
    assert p.flags == ("needs-date", "population-unverified")
    assert "2,25\u00a0kr × 46\u00a0936 invånare" in p.basis.text
    assert "den 31 december 2023" in p.basis.text and "ej verifierad" in p.basis.text
    assert "basår 2024" in p.basis.text


def test_trelleborg_2025_population_and_index_pending() -> None:
    payments = by_year(payment_schedule(make(TRELLEBORG, TRELLEBORG_PERIOD), SERIES, until=date(2025, 12, 31)))
    assert sorted(payments) == [2024, 2025]
    (p,) = payments[2025]
    assert "population-pending" in p.flags and "index-pending" in p.flags
    # provisional: the unindexed rate × the latest known figure, said in the basis
    assert p.amount == D("105606.00")
    assert "preliminärt" in p.basis.text and "31 december 2024" in p.basis.text
    assert p.basis.details["as_of"] == date(2024, 12, 31)
    assert p.basis.details["population_as_of"] == date(2023, 12, 31)


def test_open_ended_runs_to_until_and_no_further() -> None:
    agreement = make(TRELLEBORG, TRELLEBORG_PERIOD)
    assert [p.year for p in payment_schedule(agreement, SERIES, until=date(2027, 6, 30))] == [
        2024,
        2025,
        2026,
        2027,
    ]
    assert payment_schedule(agreement, SERIES, until=date(2023, 12, 31)) == []


def test_per_capita_indexed_by_pkv_with_lag_and_forecast() -> None:
    funding = copy.deepcopy(TRELLEBORG)
    line = funding["commitments"][0]["amounts"][0]
    line["from_year"] = "2019"
    line["to_year"] = "2020"
    line["population"]["series"] = "pop"
    line["indexation"] = {"series": "pkv", "base_year": "2017", "lag": "1"}
    store = series_store(
        (AGREEMENTS / "_series" / "pkv.yaml").read_text(encoding="utf-8"),
        "id: pop\nkind: population\nname: Test\nvalues:\n"
        '  - {as_of: 2018-12-31, population: "45000", source: SCB 2018, verified: true}\n'
        '  - {as_of: 2019-12-31, population: "45440", source: SCB 2019, verified: true}\n',
    )
    agreement = make(funding, {"start": "2019-01-01", "end": "2020-12-31"})
    payments = by_year(payment_schedule(agreement, store))
    (p2019,) = payments[2019]
    # 2019, base 2017, lag 1: factors for 2018 and 2019 use PKV 2017 (2.8, outcome) and
    # PKV 2018 (3.0, forecast): 2.25 × 1.028 × 1.030 × 45 000 = 2.25 × 1.05884 × 45 000 = 107 207.55
    assert p2019.amount == D("107207.55")
    assert p2019.basis.details["index"]["factor"] == D("1.05884")
    assert p2019.flags == ("needs-date", "index-forecast", "index-unverified")
    # 2020 needs PKV 2017, 2018 and 2019; 2019 is not known → unindexed 2.25 × 45 440 = 102 240.00
    (p2020,) = payments[2020]
    assert p2020.amount == D("102240.00")
    assert "index-pending" in p2020.flags
    assert p2020.basis.details["index"]["missing"] == [2019]


def test_per_capita_without_any_figure_is_unknown_not_zero_silently() -> None:
    funding = copy.deepcopy(TRELLEBORG)
    funding["commitments"][0]["amounts"][0]["population"]["series"] = "nowhere"
    (p,) = payment_schedule(make(funding, TRELLEBORG_PERIOD), SERIES)
    assert p.amount is None  # never a silent 0 (belopp ej fastställt)
    assert {"population-pending", "amount-unknown"} <= set(p.flags)
    assert "ingen seriefil" in p.basis.text


# --- the basis line in Swedish -------------------------------------------------------------------

NB = "\u00a0"  # no-break space: digit groups and before "kr", as `iopctl.swedish.format` writes them


def test_basis_lines_are_swedish_with_swedish_numbers() -> None:
    payments = by_year(payment_schedule(make(TRELLEBORG, TRELLEBORG_PERIOD), SERIES, until=date(2026, 12, 31)))
    population = (
        f"2,25{NB}kr × 46{NB}936 invånare den 31 december 2023 "
        "(SCB, Folkmängd i riket, län och kommuner 31 december 2023; ej verifierad)"
    )
    assert payments[2024][0].basis.text == f"{population}; basår 2024 (pkv): ingen indexering"
    assert payments[2026][0].basis.text == (
        f"{population}; preliminärt: folkmängden den 31 december 2025 saknas i "
        "trelleborg-befolkning; index saknas: pkv 2025 och 2026 finns inte i serien, "
        "beloppet visas utan indexering"
    )
    kalmar_2025 = by_year(payment_schedule(kalmar(), SERIES))[2025]
    assert kalmar_2025[0].basis.text == (
        f"1{NB}000{NB}000{NB}kr för 2025; kostnaden delas lika mellan Kommunledningskontoret och Socialförvaltningen"
    )
    lund = by_year(payment_schedule(make(LUND_KJ, LUND_KJ_PERIOD), SERIES))
    assert [p.basis.text for p in lund[2021]] == [
        f"380{NB}000{NB}kr för 2021; basår 2021 (lund-priskompensation): ingen indexering; utbetalning {i} av 2"
        for i in (1, 2)
    ]


def test_basis_line_of_an_indexed_amount_names_each_factor_in_swedish() -> None:
    store = series_store(
        "id: lund-priskompensation\nkind: index\nname: Priskompensation\nvalues:\n"
        '  - {year: 2022, percent: "2.0", publication: KF 2021-06-17 § 170, status: outcome}\n'
        '  - {year: 2023, percent: "3.5", publication: unverified, status: forecast}\n'
    )
    p = payment_schedule(make(LUND_KJ, LUND_KJ_PERIOD), store)[-1]
    assert p.basis.text == (
        f"380{NB}000{NB}kr för 2023; indexerat från 2021 med lund-priskompensation: "
        "1,02 (2022 utfall, KF 2021-06-17 § 170) × 1,035 (2023 prognos, publikation okänd) "
        "= 1,0557; utbetalning 2 av 2"
    )
    # the machine-readable parts keep their English codes and exact numbers
    assert [f["status"] for f in p.basis.details["index"]["factors"]] == ["outcome", "forecast"]
    assert p.basis.details["index"]["factors"][1]["publication"] == "unverified"


def test_basis_line_of_a_lump_sum_and_of_contributions_in_kind() -> None:
    lump = {"basis": "lump", "from_year": "2021", "to_year": "2023", "paid_in": "2022"}
    funding = {"commitments": [commitment([{**lump, "amount": "150000.50"}])]}
    (p,) = payment_schedule(make(funding, {"start": "2021-07-01", "end": "2023-12-31"}), SERIES)
    assert p.period == "2021-07-01–2023-12-31"  # the label for tables and JSON is unchanged
    assert p.basis.text == (f"engångsbelopp 150{NB}000,50{NB}kr för 1 juli 2021–31 december 2023, betalas 2022")
    funding = copy.deepcopy(VANSKAPENS_HUS)
    funding["in_kind"].append(
        {"id": "stad", "giver": "sof", "description": "städning", "value_per_year": "12000.50",
         "from_date": "2022-01-01", "to_date": "2022-06-30"}
    )  # fmt: skip
    premises, cleaning = in_kind_lines(make(funding, VH_PERIOD))
    assert premises.basis.text == (
        "insats i annan form: fritt nyttjande av lokal på Bredgatan 19 och 21 "
        "(från 1 oktober 2021); inget värde angivet"
    )
    assert cleaning.basis.text == (
        f"insats i annan form: städning (1 januari–30 juni 2022); värderad till 12{NB}000,50{NB}kr per år"
    )
    assert cleaning.basis.details["value_per_year"] == D("12000.50")


# --- other shapes --------------------------------------------------------------------------------


def test_lump_sum_paid_in_its_year_with_cap() -> None:
    funding = {
        "commitments": [
            commitment(
                [
                    {
                        "basis": "lump",
                        "from_year": "2021",
                        "to_year": "2023",
                        "paid_in": "2022",
                        "amount": "150000",
                        "cap": True,
                    }
                ],
                payments={"per_year": "1", "due": ["06-30"]},
            )
        ]
    }
    payments = payment_schedule(make(funding, {"start": "2021-01-01", "end": "2023-12-31"}), SERIES)
    assert len(payments) == 1
    p = payments[0]
    assert (p.year, p.period, p.amount, p.due) == (
        2022,
        "2021–2023",
        D("150000.00"),
        date(2022, 6, 30),
    )
    assert p.flags == ("cap",)
    assert p.basis.kind == "lump" and p.basis.text.startswith("engångsbelopp på högst (upp till)")


def test_cap_on_fixed_amount() -> None:
    funding = {"commitments": [commitment([{"basis": "fixed", "from_year": "2025", "amount": "80000", "cap": True}])]}
    (p,) = payment_schedule(make(funding, {"start": "2025-01-01", "end": "2025-12-31"}), SERIES)
    assert "cap" in p.flags and p.basis.text.startswith("högst (upp till)")


def test_three_payers_stated_shares_last_takes_remainder() -> None:
    funding = {
        "commitments": [
            commitment(
                [{"basis": "fixed", "from_year": "2025", "amount": "100000"}],
                payers=[
                    {"payer": "sof", "share": "1/3"},
                    {"payer": "klk", "share": "1/3"},
                    {"payer": "kof", "share": "1/3"},
                ],
                payments={"per_year": "1", "due": ["03-31"]},
            )
        ]
    }
    (payment,) = payment_schedule(make(funding, {"start": "2025-01-01", "end": "2025-12-31"}), SERIES)
    # three units of one party: one payment of the whole, the split between them the budget's
    assert (payment.payer, payment.amount) == ("kommun", D("100000.00"))
    assert [u.amount for u in payment.split] == [D("33333.33"), D("33333.33"), D("33333.34")]
    assert [u.share for u in payment.split] == [D(1) / D(3)] * 3
    assert "kostnaden delas lika mellan Socialförvaltningen, Kommunledningskontoret och" in payment.basis.text


def test_equal_split_without_shares_and_instalment_shares() -> None:
    funding = {
        "commitments": [
            commitment(
                [{"basis": "fixed", "from_year": "2025", "amount": "100000.01"}],
                payers=[{"payer": "sof"}, {"payer": "klk"}],
                payments={"per_year": "2", "due": ["03-31", "09-30"], "shares": ["0.25", "0.75"]},
            )
        ]
    }
    payments = payment_schedule(make(funding, {"start": "2025-01-01", "end": "2025-12-31"}), SERIES)
    # 100 000.01 / 2 = 50 000.005 → 50 000.01 for sof, the remainder 50 000.00 for klk;
    # each in 25 % / 75 %: 12 500.00 + 37 500.01 and 12 500.00 + 37 500.00; the party pays
    # the units' instalments together: 25 000.00 and 75 000.01
    assert [(p.payer, p.due, p.amount) for p in payments] == [
        ("kommun", date(2025, 3, 31), D("25000.00")),
        ("kommun", date(2025, 9, 30), D("75000.01")),
    ]
    assert [(p.payer, p.due, p.amount) for p in budget_parts(payments)] == [
        ("sof", date(2025, 3, 31), D("12500.00")),
        ("klk", date(2025, 3, 31), D("12500.00")),
        ("sof", date(2025, 9, 30), D("37500.01")),
        ("klk", date(2025, 9, 30), D("37500.00")),
    ]


def test_due_before_start_is_flagged() -> None:
    funding = {
        "commitments": [
            commitment(
                [{"basis": "fixed", "from_year": "2021", "amount": "62500"}],
                payments={"per_year": "1", "due": ["03-31"]},
            )
        ]
    }
    (p,) = payment_schedule(make(funding, VH_PERIOD), SERIES)
    assert p.due == date(2021, 3, 31) and "due-before-start" in p.flags


# --- views ---------------------------------------------------------------------------------------


def test_in_range_dated_and_undated() -> None:
    payments = payment_schedule(make(LUND_KJ, LUND_KJ_PERIOD), SERIES)
    in_2022 = [p for p in payments if in_range(p, date(2022, 1, 1), date(2022, 12, 31))]
    assert {p.year for p in in_2022} == {2022}
    kal = payment_schedule(kalmar(), SERIES)
    assert [p.year for p in kal if in_range(p, date(2025, 4, 1), None)] == [2026, 2027]


def test_totals_by_payer_year_and_agreement() -> None:
    payments = payment_schedule(kalmar(), SERIES) + payment_schedule(make(LUND_KJ, LUND_KJ_PERIOD), SERIES)
    by_payer = {(t.key, t.year): t for t in totals(payments, "payer")}
    assert by_payer[(("kalmar-klk",), 2025)].amount == D("500000.00")
    assert by_payer[(("sof",), 2022)].amount == D("380000.00")
    assert by_payer[(("sof",), 2022)].flags == ("needs-date", "index-pending")
    by_year_ = {t.year: t.amount for t in totals(payments, "year")}
    assert by_year_ == {
        2021: D("380000.00"),
        2022: D("380000.00"),
        2023: D("380000.00"),
        2025: D("1000000.00"),
        2026: D("1000000.00"),
        2027: D("1000000.00"),
    }
    assert sum(t.amount for t in totals(payments, "agreement")) == sum(p.amount for p in payments)
    assert [p.payer for p in sort_payments(payments, "payer")][:2] == ["kalmar-kommun"] * 2
    assert [p.payer for p in sort_payments(budget_parts(payments), "payer")][:2] == ["kalmar-klk"] * 2
    with pytest.raises(ValueError):
        totals(payments, "colour")


# --- properties ----------------------------------------------------------------------------------


def assert_no_float(value: Any, where: str = "payment") -> None:
    """Walk a payment (dataclasses, dicts, lists) and refuse any float on the way."""
    assert not isinstance(value, float), f"float at {where}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            assert_no_float(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, dict):
        for k, v in value.items():
            assert_no_float(v, f"{where}[{k!r}]")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            assert_no_float(v, f"{where}[{i}]")


money_text = st.decimals(
    min_value=D("0.01"), max_value=D("99999999.99"), places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=200, derandomize=True)
@given(
    amount=money_text,
    per_year=st.integers(min_value=1, max_value=12),
    payer_weights=st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=3),
    percent=st.decimals(min_value=D("-5"), max_value=D("15"), places=1, allow_nan=False, allow_infinity=False),
)
def test_parts_always_add_up_to_the_year(
    amount: Decimal, per_year: int, payer_weights: list[int], percent: Decimal
) -> None:
    whole = sum(payer_weights)
    units = ["sof", "klk", "kof"][: len(payer_weights)]
    payers = [{"payer": u, "share": f"{w}/{whole}"} for u, w in zip(units, payer_weights, strict=True)]
    if len(payers) > 1 and payer_weights[0] == payer_weights[-1]:
        payers = [{"payer": u} for u in units]  # also the equal split without shares
    funding = {
        "commitments": [
            commitment(
                [
                    {
                        "basis": "fixed",
                        "from_year": "2022",
                        "to_year": "2023",
                        "amount": format(amount, "f"),
                        "indexation": {"series": "ix", "base_year": "2022"},
                    }
                ],
                payers=payers,
                payments={"per_year": str(per_year)},
            )
        ]
    }
    store = series_store(
        "id: ix\nkind: index\nname: Test\nvalues:\n"
        f'  - {{year: 2023, percent: "{percent}", publication: test, status: outcome}}\n'
    )
    payments = payment_schedule(make(funding, {"start": "2022-01-01", "end": "2023-12-31"}), store)
    for year, factor in ((2022, D(1)), (2023, 1 + percent / 100)):
        ps = [p for p in payments if p.year == year]
        assert len(ps) == per_year  # units of one party: one payment per instalment
        expected = round_ore(product(amount, factor))  # the year's amount, rounded once
        assert sum((p.amount for p in ps), D(0)) == expected
        assert all(p.year_amount == expected for p in ps)
        budget = budget_parts(ps)
        assert sum((b.amount for b in budget), D(0)) == expected
        if len(units) > 1:  # each unit's budget is exactly its share of the year
            given = [D(w) / D(whole) for w in payer_weights]
            shares = split_equal(expected, len(units)) if "share" not in payers[0] else split(expected, given)
            for unit, share in zip(units, shares, strict=True):
                assert sum((b.amount for b in budget if b.payer == unit), D(0)) == share
        for p in ps:
            assert type(p.amount) is Decimal and p.amount == p.amount.quantize(D("0.01"))
            assert_no_float(p)


KALMAR_TEXT = (AGREEMENTS / "kalmar-kvinnojouren-2025.yaml").read_text(encoding="utf-8")


@settings(max_examples=200, derandomize=True)
@given(amount=money_text, quoted=st.booleans(), style=st.sampled_from(["plain", "two", "one"]))
def test_amount_written_in_yaml_reads_back_exactly(amount: Decimal, quoted: bool, style: str) -> None:
    if style == "plain" and amount == amount.to_integral_value():
        text = str(int(amount))
    elif style == "one" and amount * 10 == (amount * 10).to_integral_value():
        text = format(amount.quantize(D("0.1")), "f")
    else:
        text = format(amount, "f")
    written = f'"{text}"' if quoted else text
    yaml_text = KALMAR_TEXT.replace("amount: 1000000", f"amount: {written}")
    result = validate_text(yaml_text, "kalmar.yaml", Agreement)
    assert result.agreement is not None, result.problems
    line = result.agreement.funding.commitments[0].amounts[0]
    assert type(line.amount) is Decimal and line.amount == D(text) and format(line.amount, "f") == text
    payments = payment_schedule(result.agreement, SERIES)
    assert all(p.year_amount == D(text) for p in payments)
    assert sum((p.amount for p in payments if p.year == 2025), D(0)) == D(text)
    assert_no_float(payments)


@settings(max_examples=200, derandomize=True)
@given(
    rate=st.decimals(
        min_value=D("0.000001"),
        max_value=D("999.999999"),
        places=6,
        allow_nan=False,
        allow_infinity=False,
    ),
    population=st.integers(min_value=0, max_value=999_999_999),
)
def test_per_capita_is_rate_times_population_rounded_once(rate: Decimal, population: int) -> None:
    funding = copy.deepcopy(TRELLEBORG)
    line = funding["commitments"][0]["amounts"][0]
    line["rate"] = format(rate, "f")
    line["population"]["series"] = "pop"
    del line["indexation"]
    store = series_store(
        f"id: pop\nkind: population\nname: Test\nvalues:\n"
        f'  - {{as_of: 2023-12-31, population: "{population}", source: SCB, verified: true}}\n'
    )
    (p,) = payment_schedule(make(funding, TRELLEBORG_PERIOD), store)
    assert p.amount == round_ore(rate * population)  # exact: ≤ 6 + 9 digits, well within 28
    assert p.basis.details["rate"] == rate
    assert_no_float(p)


def test_shipped_series_files_read_clean() -> None:
    assert SERIES.problems == []
    assert set(SERIES.index) == {"pkv", "lund-priskompensation"}
    assert {"trelleborg-befolkning", "lund-befolkning", "kalmar-befolkning"} <= set(SERIES.population)
    pkv = SERIES.index["pkv"]
    assert isinstance(pkv, IndexSeries)
    assert [(v.year, v.percent, v.status) for v in pkv.values] == [
        (2015, D("2.4"), "outcome"),
        (2016, D("2.7"), "outcome"),
        (2017, D("2.8"), "outcome"),
        (2018, D("3.0"), "forecast"),
        (2020, D("2.7"), "forecast"),
    ]
    assert pkv.value(2019) is None  # left out, not guessed
    assert SERIES.index["lund-priskompensation"].values == []
    tb = SERIES.population["trelleborg-befolkning"]
    assert isinstance(tb, PopulationSeries)
    assert [(v.as_of, v.population, v.verified) for v in tb.values] == [
        (date(2019, 12, 31), 45440, True),
        (date(2023, 12, 31), 46936, False),
    ]


IX = "id: s0\nkind: index\nname: X\nvalues:\n  - year: 2015\n"
POP = "id: s0\nkind: population\nname: X\nvalues:\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            IX + "    percent: 2,4\n    publication: a\n    status: outcome\n",
            ["6:5: values[0].percent: '2,4' is not a percentage (write e.g. 2.7 for 2.7 %)"],
        ),
        (
            IX + '    percent: "2.4"\n    publikation: a\n    status: outcome\n',
            [
                "7:5: values[0].publikation: unknown key 'publikation'; did you mean 'publication'?",
            ],
        ),
        (
            "id: s0\nkind: census\nname: X\n",
            ["2:1: kind: must be one of 'index' or 'population'"],
        ),
        (
            POP + "  - as_of: 2023-02-30\n    population: 1\n    source: SCB\n",
            ["5:5: values[0].as_of: 2023-02-30 does not exist (February 2023 has 28 days)"],
        ),
        (
            POP + "  - as_of: 2023-12-31\n    population: 1.5\n    source: SCB\n",
            ["6:5: values[0].population: '1.5' is not a whole number (ASCII digits, no leading zero, no grouping)"],
        ),
    ],
)
def test_bad_series_files_get_located_problems(text: str, expected: list[str]) -> None:
    series, problems = read_series_text(text, "s0.yaml", expected_id="s0")
    assert series is None
    assert [p.text() for p in problems] == [f"s0.yaml:{e.replace(': ', ': error: ', 1)} [series]" for e in expected]


# --- the shipped agreements (the issue's "done when") -------------------------------------------


def shipped(agreement_id: str) -> Agreement:
    result = read_agreement(AGREEMENTS / f"{agreement_id}.yaml")
    assert result.agreement is not None, [p.text() for p in result.problems]
    return result.agreement


def test_shipped_lund_kvinnojouren() -> None:
    payments = by_year(payment_schedule(shipped("lund-kvinnojouren-2021"), SERIES))
    assert sorted(payments) == [2021, 2022, 2023]
    assert [(p.amount, p.due, p.flags) for p in payments[2021]] == [
        (D("190000.00"), None, ("needs-date",)),
        (D("190000.00"), None, ("needs-date",)),
    ]
    for year in (2022, 2023):  # no price compensation values known: base amount, pending
        assert [p.amount for p in payments[year]] == [D("190000.00")] * 2
        assert all("index-pending" in p.flags for p in payments[year])


def test_shipped_lund_individuell_manniskohjalp() -> None:
    (p,) = payment_schedule(shipped("lund-individuell-manniskohjalp-2019"), SERIES)
    assert (p.year, p.period, p.amount, p.instalments) == (2019, "2019-H1", D("58000.00"), 1)


def test_shipped_vanskapens_hus() -> None:
    agreement = shipped("lund-vanskapens-hus-2021")
    payments = by_year(payment_schedule(agreement, SERIES))
    assert sorted(payments) == [2021, 2022, 2023]
    assert sum((p.amount for p in payments[2021]), D(0)) == D("62500.00")
    assert {p.period for p in payments[2021]} == {"2021-Q4"}
    for year in (2022, 2023):
        assert sum((p.amount for p in payments[year]), D(0)) == D("250000.00")
    assert all("index-pending" in p.flags for p in payments[2022])
    premises = [k for k in in_kind_lines(agreement) if "Bredgatan" in k.description]
    assert premises and all(k.value_per_year is None for k in premises)


def test_shipped_trelleborg() -> None:
    agreement = shipped("trelleborg-kvinnojouren-soderslatt-2024")
    payments = by_year(payment_schedule(agreement, SERIES, until=date(2025, 12, 31)))
    (p2024,) = payments[2024]
    assert p2024.amount == D("105606.00")  # 2.25 kr × 46 936 (SCB, 2023-12-31)
    details = p2024.basis.details
    assert (details["population"], details["as_of"]) == (46936, date(2023, 12, 31))
    assert details["source"].startswith("SCB, Folkmängd")
    assert "population-unverified" in p2024.flags
    (p2025,) = payments[2025]
    assert "population-pending" in p2025.flags


def test_series_store_is_cached_until_a_file_changes(tmp_path: Path) -> None:
    text = "id: ix\nkind: index\nname: X\nvalues:\n" + (
        '  - {year: 2022, percent: "1.0", publication: a, status: outcome}\n'
    )
    (tmp_path / "ix.yaml").write_text(text, encoding="utf-8")
    first = load_series(tmp_path)
    assert load_series(tmp_path) is first
    (tmp_path / "ix.yaml").write_text(text.replace('"1.0"', '"1.25"'), encoding="utf-8")
    again = load_series(tmp_path)
    assert again.index["ix"].values[0].percent == D("1.25")
    assert load_series(None).index == {} and load_series(tmp_path / "missing").index == {}


@pytest.mark.parametrize("path", sorted(AGREEMENTS.glob("[!_]*.yaml")), ids=lambda p: p.stem)
@pytest.mark.parametrize("start", ["2018-06-01", "2021-01-01", "2024-03-15", "2026-01-01"])
def test_funding_skips_years_before_the_range_without_changing_it(path: Path, start: str) -> None:
    """`funding` asks for the schedule `since` its range's start: every payment of a year
    falls in that year, so the payments in the range are the same as the long way's."""
    agreement = read_agreement(path).agreement
    first, last = date.fromisoformat(start), date(2031, 12, 31)
    every = payment_schedule(agreement, SERIES, until=last)
    later = payment_schedule(agreement, SERIES, until=last, since=first)
    assert [p for p in later if in_range(p, first, last)] == [p for p in every if in_range(p, first, last)]
    assert all(p.due is None or p.due.year == p.year for p in every)


def test_every_flag_has_swedish_words() -> None:
    """Tables, CSV and calendars say each flag in Swedish; none falls through as its English id."""
    from iopctl.funding.basis import FLAG_LABELS, flag_words
    from iopctl.funding.schedule import FLAGS

    assert set(FLAG_LABELS) == set(FLAGS)
    assert flag_words(("several-years", "split-unknown")) == "över flera budgetår, fördelningen anges inte"
