"""Calendar output: RFC 5545 all-day events that parse back, with stable UIDs and bytes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from iopctl.deadlines.calendar import deadlines, generation_end
from iopctl.deadlines.event import Event
from iopctl.funding.schedule import payment_schedule
from iopctl.load.read import read_agreement
from iopctl.load.workspace import workspace_for
from iopctl.report.ics import CALENDAR_NAME, PRODID, summary, to_ics, uid
from tests.ics_reference import reference_ics

D = date.fromisoformat
AGREEMENTS = Path(__file__).resolve().parent.parent / "agreements"
TODAY = D("2025-01-10")


def calendar_events(*names: str, start: date = date(2024, 1, 1), end: date = date(2027, 12, 31)) -> list[Event]:
    out: list[Event] = []
    for name in names:
        path = AGREEMENTS / f"{name}.yaml"
        a = read_agreement(path).agreement
        assert a is not None
        payments = payment_schedule(a, workspace_for(path).series, until=generation_end(a, end, TODAY))
        out.extend(deadlines(a, start, end, policy=workspace_for(path).policy, payments=payments, today=TODAY))
    return out


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return calendar_events("kalmar-kvinnojouren-2025", "trelleborg-kvinnojouren-soderslatt-2024")


def parsed(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_parses_back_with_one_all_day_event_per_dated_deadline(events: list[Event]) -> None:
    cal = parsed(to_ics(events, stamp=TODAY))
    vevents = list(cal.walk("VEVENT"))
    dated = [e for e in events if e.last_day is not None]
    undated = [e for e in events if e.last_day is None]
    assert undated, "the fixture should have undated events, which become tasks"
    assert len(vevents) == len(dated)
    todos = list(cal.walk("VTODO"))
    assert [str(t["UID"]) for t in todos] == [uid(e) for e in undated]
    for t, e in zip(todos, undated, strict=True):
        assert e.window is not None
        if e.window[0] is not None:
            assert t.decoded("DTSTART") == e.window[0]
        if e.window[1] is not None:
            assert t.decoded("DUE") == e.window[1]
        assert str(t["STATUS"]) == "NEEDS-ACTION"
        assert "Datum saknas" in str(t["DESCRIPTION"])
    for ve, e in zip(vevents, dated, strict=True):
        start = ve.decoded("DTSTART")
        end = ve.decoded("DTEND")
        assert type(start) is date and type(end) is date  # all-day, never a floating time
        assert start == e.last_day
        assert end == e.last_day + timedelta(days=1)
        assert str(ve["UID"]) == f"{e.key}@{e.agreement}.iopctl" == uid(e)
        assert str(ve["SUMMARY"]) == summary(e)
        if e.kind == "payment":
            assert str(ve["SUMMARY"]) == f"{e.title} – {e.owner} ({e.agreement_name})"
        else:
            assert str(ve["SUMMARY"]) == f"{e.title} ({e.agreement_name})"
        if e.kind == "invoice":
            assert e.title.startswith("Faktura till Kalmar kommun för utbetalning ")  # one, to the party
        assert str(ve["TRANSP"]) == "TRANSPARENT"
        assert ve.decoded("DTSTAMP") == datetime(2025, 1, 10, tzinfo=timezone.utc)  # noqa: UP017


def test_calendar_properties(events: list[Event]) -> None:
    cal = parsed(to_ics(events, stamp=TODAY))
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["X-WR-CALNAME"]) == CALENDAR_NAME


def test_raw_text_is_rfc5545(events: list[Event]) -> None:
    data = to_ics(events, stamp=TODAY)
    text = data.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))  # folded
    assert "DTSTART;VALUE=DATE:20250331\r\n" in text
    assert "DTSTAMP:20250110T000000Z\r\n" in text
    assert "TZID" not in text


def test_description_says_agreement_nominal_rule_and_period(events: list[Event]) -> None:
    cal = parsed(to_ics(events, stamp=TODAY))
    report = next(ve for ve in cal.walk("VEVENT") if str(ve["UID"]).startswith("report:redogorelse:2024@"))
    assert report.decoded("DTSTART") == D("2025-03-31")  # the legal last day
    description = str(report["DESCRIPTION"])
    assert "Överenskommelse med Kvinnojouren Söderslätt" in description
    assert "Datum enligt överenskommelsen: 2025-03-30" in description
    assert "30 mars 2025 är en söndag; sista dag enligt lag (1930:173) 2 § är måndag 31 mars" in description
    for internal in ("Nyckel", "Datumregel", "report:redogorelse", "moved", "previous"):
        assert internal not in description
    assert str(report["X-IOPCTL-KEY"]) == "report:redogorelse:2024"
    assert "Avser: 2024" in description
    assert str(report["SUMMARY"]) == "Skriftlig redogörelse 2024 (Kvinnojouren Söderslätt)"


def test_identical_bytes_across_runs() -> None:
    first = to_ics(
        calendar_events("kalmar-kvinnojouren-2025", "trelleborg-kvinnojouren-soderslatt-2024"),
        stamp=TODAY,
    )
    second = to_ics(
        calendar_events("kalmar-kvinnojouren-2025", "trelleborg-kvinnojouren-soderslatt-2024"),
        stamp=TODAY,
    )
    assert first == second


def test_uids_are_stable_and_unique_across_windows() -> None:
    wide = {
        str(ve["UID"]): ve.decoded("DTSTART")
        for ve in parsed(to_ics(calendar_events("trelleborg-kvinnojouren-soderslatt-2024"), stamp=TODAY)).walk("VEVENT")
    }
    narrow = {
        str(ve["UID"]): ve.decoded("DTSTART")
        for ve in parsed(
            to_ics(
                calendar_events(
                    "trelleborg-kvinnojouren-soderslatt-2024",
                    start=D("2025-03-01"),
                    end=D("2025-03-31"),
                ),
                stamp=D("2025-03-01"),
            )
        ).walk("VEVENT")
    }
    assert narrow and set(narrow) <= set(wide)
    assert all(wide[u] == d for u, d in narrow.items())
    all_uids = [
        str(ve["UID"])
        for ve in parsed(
            to_ics(
                calendar_events(
                    "kalmar-kvinnojouren-2025",
                    "trelleborg-kvinnojouren-soderslatt-2024",
                    "lund-kvinnojouren-2021",
                    start=D("2019-01-01"),
                ),
                stamp=TODAY,
            )
        ).walk("VEVENT")
    ]
    assert len(all_uids) == len(set(all_uids))


def test_several_reminders_each_an_alarm(events: list[Event]) -> None:
    cal = parsed(to_ics(events, stamp=TODAY, remind_days=[2, 30]))
    vevents = list(cal.walk("VEVENT"))
    assert vevents
    for ve in vevents:
        triggers = [a.decoded("TRIGGER") for a in ve.walk("VALARM")]
        assert triggers == [timedelta(days=-30), timedelta(days=-2)]


def test_split_payments_have_distinct_titles_per_day() -> None:
    evs = calendar_events(
        "kalmar-kvinnojouren-2025", "trelleborg-kvinnojouren-soderslatt-2024", "lund-kvinnojouren-2021"
    )
    cal = parsed(to_ics(evs, stamp=TODAY))
    seen: dict[tuple[date, str], int] = {}
    for ve in cal.walk("VEVENT"):
        k = (ve.decoded("DTSTART"), str(ve["SUMMARY"]))
        seen[k] = seen.get(k, 0) + 1
    assert all(n == 1 for n in seen.values()), seen
    # Two payers of one instalment: the same title and day, told apart by the payer.
    pay = next(e for e in evs if e.kind == "payment" and e.effective is not None)
    one = pay._replace(owner="Kalmar kommun, Kommunledningskontoret", key=pay.key + ":a")
    two = pay._replace(owner="Kalmar kommun, Socialförvaltningen", key=pay.key + ":b")
    titles = [str(ve["SUMMARY"]) for ve in parsed(to_ics([one, two], stamp=TODAY)).walk("VEVENT")]
    assert titles == [
        f"{pay.title} – Kalmar kommun, Kommunledningskontoret ({pay.agreement_name})",
        f"{pay.title} – Kalmar kommun, Socialförvaltningen ({pay.agreement_name})",
    ]


def test_done_item_is_completed_and_its_sequence_changes(events: list[Event]) -> None:
    dated = next(e for e in events if e.effective is not None)
    undated = next(e for e in events if e.effective is None)
    before = parsed(to_ics([dated, undated], stamp=TODAY, remind_days=14))
    done = [dated._replace(done=D("2025-02-01")), undated._replace(done=D("2025-02-03"))]
    after = parsed(to_ics(done, stamp=TODAY, remind_days=14))
    ve0, ve1 = before.walk("VEVENT")[0], after.walk("VEVENT")[0]
    assert int(ve0["SEQUENCE"]) == 0 and "LAST-MODIFIED" not in ve0
    assert int(ve1["SEQUENCE"]) == 1
    assert ve1.decoded("LAST-MODIFIED") == datetime(2025, 2, 1, tzinfo=timezone.utc)  # noqa: UP017
    assert list(ve1.walk("VALARM")) == []  # nothing left to remind of
    assert str(ve1["SUMMARY"]).startswith("Klar: ") and str(ve1["STATUS"]) == "CONFIRMED"
    todo = after.walk("VTODO")[0]
    assert str(todo["STATUS"]) == "COMPLETED"
    assert todo.decoded("COMPLETED") == datetime(2025, 2, 3, tzinfo=timezone.utc)  # noqa: UP017
    noted = parsed(to_ics([done[0]._replace(note="Mottagen")], stamp=TODAY))
    assert int(noted.walk("VEVENT")[0]["SEQUENCE"]) == 2
    assert to_ics(done, stamp=TODAY) == to_ics(done, stamp=TODAY)


def test_second_parser_reads_the_calendar() -> None:
    import vobject

    evs = calendar_events(
        "kalmar-kvinnojouren-2025",
        "trelleborg-kvinnojouren-soderslatt-2024",
        "lund-kvinnojouren-2021",
        start=D("2024-01-01"),
    )
    data = to_ics(evs, stamp=TODAY, remind_days=[30, 2]).decode("utf-8")
    cal = vobject.readOne(data)
    vevents = list(getattr(cal, "vevent_list", []))
    vtodos = list(getattr(cal, "vtodo_list", []))
    assert len(vevents) == sum(e.effective is not None for e in evs)
    assert len(vtodos) == sum(e.effective is None for e in evs) > 0
    for ve in vevents:
        assert isinstance(ve.dtstart.value, date) and not isinstance(ve.dtstart.value, datetime)
        assert len(ve.valarm_list) == 2
        assert ve.summary.value
    by_day: dict[tuple[date, str], int] = {}
    for ve in vevents:
        k = (ve.dtstart.value, ve.summary.value)
        by_day[k] = by_day.get(k, 0) + 1
    assert max(by_day.values()) == 1


def test_reminders(events: list[Event]) -> None:
    cal = parsed(to_ics(events, stamp=TODAY, remind_days=14))
    for ve in cal.walk("VEVENT"):
        alarms = list(ve.walk("VALARM"))
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == timedelta(days=-14)
    assert b"TRIGGER:-P14D\r\n" in to_ics(events, stamp=TODAY, remind_days=14)
    assert b"VALARM" not in to_ics(events, stamp=TODAY)


def test_empty_calendar_is_still_valid() -> None:
    cal = parsed(to_ics([], stamp=TODAY))
    assert list(cal.walk("VEVENT")) == []
    assert str(cal["VERSION"]) == "2.0"


# --- the bytes are icalendar's: the writer against icalendar's own serialisation -------------

_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*'\\;,:^"\n\r\t Nnåäöé€😀-–', "\\N", "\\n", "\r\n", "\\,", "x" * 40, "ö" * 30]),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=60,
).map("".join)
_DAY = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@st.composite
def any_event(draw: st.DrawFn) -> Event:
    base = Event(
        agreement=draw(st.from_regex(r"[a-z0-9-]{1,90}", fullmatch=True)),
        agreement_name=draw(_TEXT),
        key=draw(st.from_regex(r"[a-z_]{1,20}(:[a-z0-9_.-]{1,30}){0,3}", fullmatch=True)),
        kind=draw(st.sampled_from(["payment", "report", "review", "meeting", "end", "invoice"])),
        title=draw(_TEXT),
        nominal=draw(st.none() | _DAY),
        last_day=draw(st.none() | _DAY),
        remind=None,
        rule=None,
        reason=draw(st.none() | _TEXT.filter(bool)),
        covers=draw(st.none() | _TEXT),
        window=draw(st.none() | st.tuples(st.none() | _DAY, st.none() | _DAY)),
        owner=draw(_TEXT),
        owner_ids=(),
        status="later",
        done=draw(st.none() | _DAY),
        note=draw(st.none() | _TEXT),
        description=draw(_TEXT),
    )
    return base


@settings(max_examples=300, deadline=None)
@given(
    st.lists(any_event(), max_size=4),
    _DAY,
    st.none() | st.integers(0, 400) | st.lists(st.integers(0, 400), max_size=3),
    _TEXT.filter(lambda t: "\n" not in t and "\r" not in t),
)
def test_bytes_are_those_icalendar_writes(
    evs: list[Event], stamp: date, remind: int | list[int] | None, name: str
) -> None:
    assert to_ics(evs, stamp=stamp, remind_days=remind, name=name) == reference_ics(
        evs, stamp=stamp, remind_days=remind, name=name
    )


@pytest.mark.parametrize("width", range(60, 90))
@pytest.mark.parametrize("tail", ["\\", ";", ",", "^", "å", "😀", "\n", "ab"])
def test_folding_at_every_width_is_icalendars(events: list[Event], width: int, tail: str) -> None:
    """A character that lands on the fold (an escape, a multi-octet letter) folds as icalendar folds it."""
    e = events[0]
    for title in ("x" * width + tail + "y" * 80, "å" * (width // 2) + tail * 3 + "ö" * 40):
        one = e._replace(title=title, key="k" * (width - 50), agreement_name=tail * (width % 7))
        assert to_ics([one], stamp=TODAY, remind_days=[1]) == reference_ics([one], stamp=TODAY, remind_days=[1])


def test_shipped_agreements_give_icalendars_bytes() -> None:
    """Every event of the shipped agreements, 2000–2060, with reminders and done/noted copies."""
    evs = calendar_events(
        *sorted(p.stem for p in AGREEMENTS.glob("[!_]*.yaml")), start=date(2000, 1, 1), end=date(2060, 12, 31)
    )
    assert len(evs) > 200
    marked = [e._replace(done=D("2025-02-01"), note="Mottagen, se bilaga; 2 ex.") for e in evs[::7]]
    for remind in (None, 0, [30, 14, 1]):
        ours = to_ics([*evs, *marked], stamp=TODAY, remind_days=remind, name="IOP Föreningen Vän i Umeå, SV")
        theirs = reference_ics([*evs, *marked], stamp=TODAY, remind_days=remind, name="IOP Föreningen Vän i Umeå, SV")
        assert ours == theirs


def test_x_properties_are_verbatim_and_a_line_break_stays_escaped(events: list[Event]) -> None:
    """icalendar writes X- values unescaped and refuses a line break in them: with one, ours is TEXT."""
    data = to_ics([events[0]._replace(key="a,b;c")], stamp=TODAY, name="Vän, Umeå\nrad två")
    assert b"X-IOPCTL-KEY:a,b;c\r\n" in data
    assert "X-WR-CALNAME:Vän\\, Umeå\\nrad två\r\n".encode() in data  # escaped as TEXT
    assert "\n" not in data.decode("utf-8").replace("\r\n", "")
