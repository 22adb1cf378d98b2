"""Every obligation sentence of the five reference texts that names a time has its event.

Each row quotes the text's own words (checked against /work/shared/seeds/, whitespace folded)
beside the event `iopctl deadlines --format json` must give for that agreement: its key, kind,
and its nominal date, or, where the text gives no day, the window it needs a date in. Times
that set no deadline (opening hours, a goal's period, a notice period that runs only from a
notice someone gives) are listed too, with why they have no event, so nothing is left unread.
"""

from __future__ import annotations

import json
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app
from tests.test_deadlines import AGREEMENTS

SEEDS = Path("/work/shared/seeds")
LUND_KJ = ("000_92ccd6b9de2f1ecb", "lund-kvinnojouren-2021")
KALMAR = ("001_2a6dc1f590a5bec8", "kalmar-kvinnojouren-2025")
TRELLEBORG = ("002_8456f57e9586ad82", "trelleborg-kvinnojouren-soderslatt-2024")
LUND_IM = ("003_d6884e2867f009ef", "lund-individuell-manniskohjalp-2019")
VANSKAPENS_HUS = ("004_3a24a337d59ea139", "lund-vanskapens-hus-2021")

Window = tuple[str, str]

# (text, the text's words, key, kind, nominal date or the window of an event that needs a date)
TIMED: list[tuple[tuple[str, str], str, str, str, str | Window]] = [
    # Socialförvaltningen i Lund – Kvinnojouren Lund
    (LUND_KJ, "gäller från 2021-01-01 till 2023-12-31", "start", "start", "2021-01-01"),
    (LUND_KJ, "gäller från 2021-01-01 till 2023-12-31", "end", "end", "2023-12-31"),
    (LUND_KJ, "senast 2023-03-01 göra en översyn", "review:2023-03-01", "review", "2023-03-01"),
    (LUND_KJ, "En uppföljningsrapport sammanställs halvårsvis av Kvinnojouren Lund",
     "report:halvarsrapport:2021-H1", "report", ("2021-07-01", "2021-12-31")),
    (LUND_KJ, "uppföljningsrapporter vid minst två (2) tillfällen på ett år (hel- och halvår)",
     "report:halvarsrapport:2023-H2", "report", ("2024-01-01", "2024-06-30")),
    (LUND_KJ, "En uppföljningsrapport på årsbasis", "report:arsrapport:2021", "report", ("2022-01-01", "2022-12-31")),
    (LUND_KJ, "Sammanträda minst fyra gånger per år", "meeting:styrgrupp:2021:4", "meeting", ("2021-01-01", "2021-12-31")),
    (LUND_KJ, "betalas ut vid två (2) tillfällen per år", "payment:ersattning:lund-sof:2021:2", "payment",
     ("2021-01-01", "2021-12-31")),
    # Kalmar kommun – Kvinnojouren & Ungdomsjouren Kalmar
    (KALMAR, "gäller för perioden 2025-01-01 – 2027-12-31", "start", "start", "2025-01-01"),
    (KALMAR, "upphör utan uppsägning vid tidperiodens utgång", "end", "end", "2027-12-31"),
    (KALMAR, "Ersättningen betalas ut första kvartalet 2025, 2026 och 2027", "payment:ersattning:kalmar-kommun:2026:1",
     "payment", "2026-03-31"),
    (KALMAR, "Ersättningen betalas ut första kvartalet 2025, 2026 och 2027", "payment:ersattning:kalmar-kommun:2027:1",
     "payment", "2027-03-31"),
    (KALMAR, "fakturerar ersättningsbeloppet till Kalmar kommun", "invoice:ersattning:kalmar-kommun:2025:1", "invoice",
     "2025-03-31"),
    (KALMAR, "tillsammans med verksamhetsberättelse, verksamhetsplan och årsredovisning",
     "report:bilagor-till-fakturan:2025", "report", "2025-03-31"),
    (KALMAR, "uppföljningsmöten ska hållas minst två gånger per år", "follow_up_meeting:uppfoljningsmoten:2025:2",
     "follow_up_meeting", ("2025-01-01", "2025-12-31")),
    (KALMAR, "Kvinnojouren upprättar varje år en verksamhetsplan", "plan:verksamhetsplan:2026", "plan",
     ("2026-01-01", "2026-12-31")),
    (KALMAR, "Efter årets slut ska en verksamhetsberättelse lämnas", "report:verksamhetsberattelse:2025", "report",
     ("2026-01-01", "2026-12-31")),
    (KALMAR, "rapporteras årligen till kommunstyrelsens arbetsutskott", "report:rapportering-arbetsutskottet:2027",
     "report", ("2027-01-01", "2027-12-31")),
    (KALMAR, "tillsammans inför varje år ta fram en gemensam lägesbild och handlingsplan",
     "plan:lagesbild-och-handlingsplan:2026", "plan", ("2025-01-01", "2025-12-31")),
    # with a written remark of 2025-01-31 recorded (the case)
    (KALMAR, "inte vidtar rättelse inom 30 dagar efter skriftligt påpekande", "cure:2025-01-31", "cure", "2025-03-02"),
    (KALMAR, "säga upp detta avtal till omedelbart upphörande", "termination:2025-01-31", "termination", "2025-03-04"),
    # Trelleborgs kommun – Kvinnojouren Söderslätt
    (TRELLEBORG, "gäller från och med 2024-01-01 och tillsvidare", "start", "start", "2024-01-01"),
    (TRELLEBORG, "uppsägning om tre månader innan varje nytt årsskifte", "notice:2025-01-01", "notice", "2024-09-30"),
    (TRELLEBORG, "automatisk förlängning i ytterligare ett år", "notice:2026-01-01", "notice", "2025-09-30"),
    (TRELLEBORG, "varje år, senast den 30 mars, avseende föregående kalenderår lämna skriftlig redogörelse",
     "report:redogorelse:2024", "report", "2025-03-30"),
    (TRELLEBORG, "tillsammans inför varje år ta fram en gemensam lägesbild och handlingsplan",
     "plan:lagesbild-och-handlingsplan:2025", "plan", ("2024-01-01", "2024-12-31")),
    (TRELLEBORG, "en gång per år så snart SCBs statistik finns tillgänglig", "invoice:bidrag:trelleborgs-kommun:2025:1",
     "invoice", ("2025-01-01", "2025-12-31")),
    # Socialförvaltningen i Lund – Individuell Människohjälp
    (LUND_IM, "gäller från 2019-01-01 till 2019-06-30", "start", "start", "2019-01-01"),
    (LUND_IM, "gäller från 2019-01-01 till 2019-06-30", "end", "end", "2019-06-30"),
    (LUND_IM, "senast 2019-02-15 göra en översyn", "review:2019-02-15", "review", "2019-02-15"),
    (LUND_IM, "Styrgruppen ska sammanträda en gång per halvår", "meeting:styrgrupp:2019-H1", "meeting",
     ("2019-01-01", "2019-06-30")),
    (LUND_IM, "ska vid periodens slut lämna en rapport", "report:slutrapport", "report", ("2019-07-01", "2019-12-31")),
    (LUND_IM, "en avslutande verksamhetsrapporter vid minst ett (1) tillfälle för halvåret 2019",
     "report:slutrapport", "report", ("2019-07-01", "2019-12-31")),
    (LUND_IM, "betalas ut vid ett (1) tillfällen per år", "payment:ersattning:lund-sof:2019:1", "payment",
     ("2019-01-01", "2019-06-30")),
    # Socialförvaltningen i Lund – Vänskapens hus
    (VANSKAPENS_HUS, "gäller från 2021-10-01 till 2023-12-31", "start", "start", "2021-10-01"),
    (VANSKAPENS_HUS, "gäller från 2021-10-01 till 2023-12-31", "end", "end", "2023-12-31"),
    (VANSKAPENS_HUS, "senast 2023-03-31 göra en översyn", "review:2023-03-31", "review", "2023-03-31"),
    (VANSKAPENS_HUS, "slutföra utbildning i systematiskt brandskyddsarbete under år 2021",
     "training:brandskyddsutbildning", "training", "2021-12-31"),
    (VANSKAPENS_HUS, "informera om sin verksamhet årligen", "information_meeting:informationstraff-aa-na:2022",
     "information_meeting", ("2022-01-01", "2022-12-31")),
    (VANSKAPENS_HUS, "med representanter för NA och AA en gång om året",
     "information_meeting:informationstraff-aa-na:2023", "information_meeting", ("2023-01-01", "2023-12-31")),
    (VANSKAPENS_HUS, "två gånger per år redovisa hur verksamheten utvecklas", "report:halvarsredovisning:2022-H1",
     "report", ("2022-07-01", "2022-12-31")),
    (VANSKAPENS_HUS, "verksamhetsrapporter vid minst två (2) tillfällen på ett år (hel- och halvår)",
     "report:arsrapport:2022", "report", ("2023-01-01", "2023-12-31")),
    (VANSKAPENS_HUS, "Styrgruppen ska sammanträda en gång per halvår", "meeting:styrgrupp:2022-H1", "meeting",
     ("2022-01-01", "2022-06-30")),
    (VANSKAPENS_HUS, "En uppföljningsrapport på årsbasis", "report:arsrapport:2021", "report", ("2022-01-01", "2022-12-31")),
    (VANSKAPENS_HUS, "betalas ut vid två (2) tillfällen per år", "payment:ersattning:lund-sof:2022:2", "payment",
     ("2022-01-01", "2022-12-31")),
]  # fmt: skip

# (text, the text's words, why no event)
NOT_DEADLINES: list[tuple[tuple[str, str], str, str]] = [
    (LUND_KJ, "I sådana fall är uppsägningstiden tre månader",
     "a notice period that runs from a notice given after a dialogue: no day until one is given"),
    (LUND_IM, "I sådana fall är uppsägningstiden 3 månader", "as above"),
    (VANSKAPENS_HUS, "I sådana fall är uppsägningstiden 3 månader", "as above"),
    (LUND_IM, "minst* 10 vänskaprelationer för första halvåret 2019", "a goal's period, not a day to act by"),
    (TRELLEBORG, "Chatten är öppen två dagar i veckan", "opening hours, not a deadline"),
    (VANSKAPENS_HUS, "upplåtelse av lokal till Vänskapens hus från andra halvåret år 2021",
     "an in-kind contribution's start, not a deadline"),
]  # fmt: skip


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@cache
def _seed(name: str) -> str:
    return _folded((SEEDS / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, Any]]]:
    """Each agreement's events over its whole term, from the command line (Kalmar with a remark)."""
    folder = tmp_path_factory.mktemp("agreements")
    shutil.copytree(AGREEMENTS, folder, dirs_exist_ok=True)
    (folder / "_records" / f"{KALMAR[1]}.yaml").write_text(
        f"agreement: {KALMAR[1]}\nremarks:\n  - date: 2025-01-31\n    by: kalmar-kommun\n", encoding="utf-8"
    )
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for _, agreement in (LUND_KJ, KALMAR, TRELLEBORG, LUND_IM, VANSKAPENS_HUS):
        args = ["deadlines", str(folder / f"{agreement}.yaml"), "--from", "2018-01-01", "--to", "2027-12-31"]
        result = CliRunner().invoke(app, [*args, "--today", "2018-01-01", "--format", "json"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        found = json.loads(result.output)["events"]
        out[agreement] = {e["key"]: e for e in found}
    return out


@pytest.mark.parametrize(("text", "words", "key", "kind", "when"), TIMED, ids=[f"{t[0][1]}:{t[2]}" for t in TIMED])
def test_each_timed_sentence_has_its_event(
    events: dict[str, dict[str, dict[str, Any]]], text: tuple[str, str], words: str, key: str, kind: str,
    when: str | Window,
) -> None:  # fmt: skip
    seed, agreement = text
    assert _folded(words) in _seed(seed), f"not the text's words: {words!r}"
    e = events[agreement].get(key)
    assert e is not None, f"{agreement} has no event {key} for {words!r}"
    assert e["kind"] == kind
    if isinstance(when, str):
        assert e["nominal"] == when
    else:
        assert e["nominal"] is None and e["needs_date"], e
        assert (e["window"]["start"], e["window"]["end"]) == when


@pytest.mark.parametrize(("text", "words", "why"), NOT_DEADLINES)
def test_times_that_set_no_deadline_are_the_texts_own(text: tuple[str, str], words: str, why: str) -> None:
    assert _folded(words) in _seed(text[0]), why


def test_every_text_is_read() -> None:
    assert {t[0] for t in TIMED} == {LUND_KJ, KALMAR, TRELLEBORG, LUND_IM, VANSKAPENS_HUS}
