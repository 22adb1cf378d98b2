"""A synthetic corpus of valid IOP agreements for `make bench`, varied after the reference ones.

Deterministic (one seed), so every run measures the same bytes. The files are written as a
person writes them: block Markdown, quoted MM-DD and rates, ISO dates, `1/2` shares. Every
value is also something a plain `yaml.load(..., CSafeLoader)` hands to the models in a form
they accept (ints, dates, quoted decimals), so the benchmark's floor validates the same files.

Shapes varied: one to three municipalities or a region plus one or two non-profits, units that
pay, fixed sums per year, split payers (given shares or equal split), per-capita rates on a
population series, lump sums over several years, caps, amounts per month, part years pro-rata by
days, caps over a winter season (upp till), PKV indexation with a lag, instalments
with due days, undated or filled-in dates; fixed periods, mid-year starts and open-ended
agreements that renew; reports, plans, meetings, trainings with every kind of due rule; steering
groups, goals with targets, standard clauses, signatories and Swedish prose sections.

    python tests/bench/corpus.py OUT [--count N]
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
from pathlib import Path

GENERATOR_VERSION = 7
"""Bump when the output changes: a corpus made by another version is thrown away and rebuilt."""

SEED = 20250101
STAMP = ".generator"

# --- word banks ---------------------------------------------------------------------------------

PLACES = [
    # (place, legal name of the municipality, county folder)
    ("Kalmar", "Kalmar kommun", "kalmar-lan"),
    ("Lund", "Lunds kommun", "skane-lan"),
    ("Trelleborg", "Trelleborgs kommun", "skane-lan"),
    ("Malmö", "Malmö stad", "skane-lan"),
    ("Helsingborg", "Helsingborgs stad", "skane-lan"),
    ("Ystad", "Ystads kommun", "skane-lan"),
    ("Kristianstad", "Kristianstads kommun", "skane-lan"),
    ("Växjö", "Växjö kommun", "kronobergs-lan"),
    ("Ljungby", "Ljungby kommun", "kronobergs-lan"),
    ("Jönköping", "Jönköpings kommun", "jonkopings-lan"),
    ("Värnamo", "Värnamo kommun", "jonkopings-lan"),
    ("Linköping", "Linköpings kommun", "ostergotlands-lan"),
    ("Norrköping", "Norrköpings kommun", "ostergotlands-lan"),
    ("Örebro", "Örebro kommun", "orebro-lan"),
    ("Västerås", "Västerås stad", "vastmanlands-lan"),
    ("Uppsala", "Uppsala kommun", "uppsala-lan"),
    ("Enköping", "Enköpings kommun", "uppsala-lan"),
    ("Gävle", "Gävle kommun", "gavleborgs-lan"),
    ("Sundsvall", "Sundsvalls kommun", "vasternorrlands-lan"),
    ("Östersund", "Östersunds kommun", "jamtlands-lan"),
    ("Umeå", "Umeå kommun", "vasterbottens-lan"),
    ("Skellefteå", "Skellefteå kommun", "vasterbottens-lan"),
    ("Luleå", "Luleå kommun", "norrbottens-lan"),
    ("Kiruna", "Kiruna kommun", "norrbottens-lan"),
    ("Falun", "Falu kommun", "dalarnas-lan"),
    ("Borlänge", "Borlänge kommun", "dalarnas-lan"),
    ("Karlstad", "Karlstads kommun", "varmlands-lan"),
    ("Göteborg", "Göteborgs stad", "vastra-gotalands-lan"),
    ("Borås", "Borås stad", "vastra-gotalands-lan"),
    ("Uddevalla", "Uddevalla kommun", "vastra-gotalands-lan"),
    ("Halmstad", "Halmstads kommun", "hallands-lan"),
    ("Varberg", "Varbergs kommun", "hallands-lan"),
    ("Karlskrona", "Karlskrona kommun", "blekinge-lan"),
    ("Visby", "Region Gotland", "gotlands-lan"),
    ("Nyköping", "Nyköpings kommun", "sodermanlands-lan"),
    ("Eskilstuna", "Eskilstuna kommun", "sodermanlands-lan"),
    ("Södertälje", "Södertälje kommun", "stockholms-lan"),
    ("Huddinge", "Huddinge kommun", "stockholms-lan"),
    ("Norrtälje", "Norrtälje kommun", "stockholms-lan"),
    ("Botkyrka", "Botkyrka kommun", "stockholms-lan"),
]

REGIONS = {
    "skane-lan": "Region Skåne",
    "kalmar-lan": "Region Kalmar län",
    "kronobergs-lan": "Region Kronoberg",
    "jonkopings-lan": "Region Jönköpings län",
    "ostergotlands-lan": "Region Östergötland",
    "orebro-lan": "Region Örebro län",
    "vastmanlands-lan": "Region Västmanland",
    "uppsala-lan": "Region Uppsala",
    "gavleborgs-lan": "Region Gävleborg",
    "vasternorrlands-lan": "Region Västernorrland",
    "jamtlands-lan": "Region Jämtland Härjedalen",
    "vasterbottens-lan": "Region Västerbotten",
    "norrbottens-lan": "Region Norrbotten",
    "dalarnas-lan": "Region Dalarna",
    "varmlands-lan": "Region Värmland",
    "vastra-gotalands-lan": "Västra Götalandsregionen",
    "hallands-lan": "Region Halland",
    "blekinge-lan": "Region Blekinge",
    "gotlands-lan": "Region Gotland",
    "sodermanlands-lan": "Region Sörmland",
    "stockholms-lan": "Region Stockholm",
}

# (name pattern, short name, topic) — {place} is the municipality's place name.
NON_PROFITS = [
    ("Kvinnojouren {place}", "Kvinnojouren", "vald"),
    ("Tjejjouren {place}", "Tjejjouren", "vald"),
    ("Brottsofferjouren {place}", "Brottsofferjouren", "brott"),
    ("Stadsmissionen i {place}", "Stadsmissionen", "hemlos"),
    ("Föreningen Fontänhuset {place}", "Fontänhuset", "psykisk"),
    ("Röda Korsets {place}kretsen", "Röda Korset", "integration"),
    ("Hela Människan {place}", "Hela Människan", "hemlos"),
    ("Läxhjälpen i {place}", "Läxhjälpen", "skola"),
    ("Fritidsbanken {place}", "Fritidsbanken", "fritid"),
    ("Mentor {place}", "Mentor", "unga"),
    ("Föreningen Vän i {place}", "Vän i {place}", "integration"),
    ("Ensamkommandes förbund {place}", "EKF {place}", "integration"),
    ("Idrottsalliansen {place}", "Idrottsalliansen", "fritid"),
    ("Sociala Entreprenörer {place}", "SE {place}", "arbete"),
    ("Mansjouren {place}", "Mansjouren", "vald"),
]

FIRST = [
    "Anna",
    "Maria",
    "Karin",
    "Sara",
    "Emma",
    "Lena",
    "Eva",
    "Kristina",
    "Ida",
    "Elin",
    "Johanna",
    "Camilla",
    "Gun",
    "Pernilla",
    "Åsa",
    "Lars",
    "Per",
    "Anders",
    "Johan",
    "Erik",
    "Magnus",
    "Mikael",
    "Jonas",
    "Björn",
    "Fredrik",
    "Niklas",
    "Ali",
    "Fatima",
    "Amir",
    "Leila",
    "Özlem",
    "Jörgen",
    "Sören",
    "Hanna",
    "Linnéa",
]
LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindqvist",
    "Sundin",
    "Flink",
    "Printz",
    "Thorstensson",
    "Freedeke",
    "Holm",
    "Berg",
    "Åberg",
    "Öberg",
    "Ek",
    "Hassan",
    "Yilmaz",
    "Nordström",
    "Sjöberg",
    "Wallin",
]
STREETS = [
    "Storgatan",
    "Kyrkogatan",
    "Drottninggatan",
    "Bredgatan",
    "Algatan",
    "Östra Vallgatan",
    "Järnvägsgatan",
    "Skolgatan",
    "Nygatan",
    "Södra Förstadsgatan",
    "Västra Hamngatan",
    "Torggatan",
]
PUBLIC_TITLES = [
    "Socialdirektör",
    "Förvaltningschef",
    "Säkerhetschef",
    "Kommundirektör",
    "Avdelningschef",
    "Utvecklingsstrateg",
    "Enhetschef",
    "Kultur- och fritidschef",
]
NP_TITLES = ["Ordförande", "Verksamhetschef", "Verksamhetsledare", "Kassör", "Generalsekreterare"]
UNITS = [
    ("sof", "Socialförvaltningen"),
    ("klk", "Kommunledningskontoret"),
    ("kof", "Kultur- och fritidsförvaltningen"),
    ("uf", "Utbildningsförvaltningen"),
    ("af", "Arbetsmarknadsförvaltningen"),
    ("sn", "Socialnämnden"),
    ("vof", "Vård- och omsorgsförvaltningen"),
]

TOPIC_WORDS = {
    "vald": (
        "våldsutsatta kvinnor och barn",
        "våld i nära relationer",
        "skyddat boende och stödsamtal",
    ),
    "brott": ("brottsutsatta och vittnen", "brottsofferstöd", "stödsamtal och vittnesstöd"),
    "hemlos": ("personer i hemlöshet", "social utsatthet", "dagverksamhet och boendestöd"),
    "psykisk": ("personer med psykisk ohälsa", "återhämtning och arbetsliv", "klubbhusverksamhet"),
    "integration": (
        "nyanlända och ensamkommande",
        "etablering och språk",
        "språkvänner och mötesplatser",
    ),
    "skola": ("elever i grundskolan", "skolresultat och läsförståelse", "läxhjälp och mentorskap"),
    "fritid": ("barn och unga", "en aktiv och meningsfull fritid", "utlåning av fritidsutrustning"),
    "unga": ("unga i utsatta områden", "förebyggande arbete", "mentorsprogram och samtalsgrupper"),
    "arbete": (
        "personer långt från arbetsmarknaden",
        "arbetsträning och sysselsättning",
        "arbetsintegrerande verksamhet",
    ),
}

SENTENCES = {
    "Bakgrund": [
        "{np} har funnits i {place} sedan {founded} och arbetar med {target}.",
        "Föreningen är partipolitiskt och religiöst obunden och bygger sitt arbete på ideellt engagemang.",
        "{pub} och {np_short} har under flera år samverkat kring {area}, tidigare genom föreningsbidrag.",
        "Båda parterna föredrar en långsiktig samverkan, vilket åstadkoms genom ett idéburet offentligt partnerskap.",
        "Civilsamhället och den idéburna sektorn är en viktig part för att utveckla hållbara och "
        "långsiktiga lösningar.",
        "Verksamheten har bäring på flera av målen i Agenda 2030, främst mål 3, mål 5, mål 10 och mål 16.",
        "Under {prev_year} tog {np_short} emot fler kontakter än något tidigare år.",
        "Partnerskapet ersätter den tidigare överenskommelsen som gällde till och med {prev_year}-12-31.",
    ],
    "Syfte": [
        "Syftet med överenskommelsen är att skapa en mer långsiktig samverkan kring {target} i {place}.",
        "Samarbetsformen skapar goda förutsättningar för att komplettera varandras insatser.",
        "Överenskommelsen skapar ett mervärde för båda parter och för dem verksamheten riktar sig till.",
        "Kommunen får draghjälp i sitt samhällsansvar av en part med lång erfarenhet och ett brett kontaktnät.",
        "Samtidigt får {np_short} bättre förutsättningar att bedriva sin verksamhet på längre sikt.",
        "Den gemensamma utmaningen är att minska utsattheten och utveckla insatser utifrån målgruppens behov.",
        "Partnerskapet ska bidra till {area} och stärka det förebyggande arbetet.",
    ],
    "Målgrupp": [
        "Verksamheten vänder sig till {target} som bor eller vistas i {place}.",
        "Även närstående kan ta kontakt för att få stöd och vägledning.",
        "Insatserna ska vara tillgängliga oavsett kön, ålder, funktionsförmåga och bakgrund.",
        "I denna överenskommelse ligger fokus på det utåtriktade och förebyggande arbetet i kommunen.",
    ],
    "Värdegrund": [
        "Partnerskapet bygger på respekt för parternas olika förutsättningar, öppenhet och ömsesidig tillit.",
        "Barnrättsperspektivet ska beaktas i alla de insatser som ingår i överenskommelsen.",
        "Parterna ska respektera varandras roller och den idéburna partens självständighet och oberoende.",
        "Dialogen ska karaktäriseras av lyhördhet, respekt och en vilja att lära av varandra.",
    ],
    "Insatser som omfattas av överenskommelsen": [
        "{np_short} ansvarar för {activity} med generösa öppettider även kvällar och helger.",
        "Stödet ges både via telefon, chatt och personliga möten, enskilt eller i grupp.",
        "Verksamheten bedrivs av anställd personal tillsammans med ideellt aktiva volontärer.",
        "Närmare detaljer om insatser och målgrupper bestäms av parterna gemensamt inför varje verksamhetsår.",
        "{pub} ansvarar för att driva det lokala nätverket och bjuder in {np_short} som part.",
        "Volontärerna får introduktion, handledning och löpande kompetensutveckling.",
        "Arbetet kan genomföras i form av föreläsningar, workshoppar och utbildningar i skolor och på fritidsgårdar.",
    ],
    "Kvalitetsgaranti": [
        "Kunskap och metodik som tillämpas i arbetet ska vara evidensbaserad eller bygga på beprövad erfarenhet.",
        "Medverkande i aktiviteter ska ha god kompetens om {area} och relevant lagstiftning.",
        "{np_short} ska ha rutiner för synpunkter, klagomål och avvikelser.",
    ],
    "Orosanmälan": [
        "{np_short} har ingen skyldighet enligt lag att anmäla oro för barn till socialtjänsten.",
        "Däremot ska {np_short} ha som policy att göra en orosanmälan om misstanke om att ett barn far illa finns.",
        "Vid osäkerhet vänder sig {np_short} till socialtjänsten för konsultation.",
    ],
}

FREE_HEADINGS = list(SENTENCES)
NP_ORG_PREFIXES = ["80", "81", "82", "83", "84", "85", "88"]
STEPS = [10000, 25000]
WORDINGS = ["efter rekvisition", "enligt särskild rutin", "i samband med beslut"]
GOALS = [
    "Fler i målgruppen ska nås av stöd",
    "Minskad utsatthet i målgruppen",
    "Ökad samverkan med skola och socialtjänst",
    "Fler volontärer ska engageras",
]
GENERATED_ORDER = [
    "parties",
    "period",
    "economy",
    "follow_up",
    "steering_group",
    "goals",
    "termination",
    "renegotiation",
    "disputes",
    "gdpr",
    "assignment",
    "state_aid",
    "signatures",
]
GENERATED_HEADINGS = {
    "parties": "Parter och kontaktpersoner",
    "period": "Avtalstid",
    "economy": "Ekonomi",
    "follow_up": "Uppföljning och utvärdering",
    "steering_group": "Styrgrupp",
    "goals": "Mål",
    "termination": "Ändringar och uppsägning",
    "renegotiation": "Omförhandling",
    "disputes": "Tvist",
    "gdpr": "Dataskydd",
    "assignment": "Överlåtelse",
    "state_aid": "Statsstöd",
    "signatures": "Underskrifter",
}

CLAUSES = {
    "renegotiation": "Om betydande avvikelser från innehållet i avtalet görs eller krävs ska "
    "parterna, innan "
    "förändringarna genomförs, föra en dialog om dessa. Eventuella förändringar ska skriftligen "
    "godkännas av "
    "behörig företrädare för respektive part.",
    "disputes": "Tvist i anledning av denna överenskommelse ska i första hand lösas genom dialog "
    "mellan parterna. "
    "Om parterna inte kan enas ska tvisten avgöras av allmän domstol.",
    "gdpr": "Parterna ansvarar var för sig för att personuppgifter behandlas enligt "
    "dataskyddsförordningen. "
    "{np_short} är personuppgiftsansvarig för de uppgifter föreningen behandlar i verksamheten.",
    "assignment": "Ingen av parterna får överlåta sina rättigheter eller skyldigheter enligt "
    "överenskommelsen "
    "utan den andra partens skriftliga godkännande.",
    "employer": "{np_short} har fullt arbetsgivaransvar för sin personal och ansvarar för att "
    "volontärer har "
    "den introduktion och det stöd som uppdraget kräver.",
    "repayment": "Om avtalet hävs på grund av en omständighet på {np_short}s sida kan {pub} kräva "
    "att hela "
    "eller delar av det utbetalda beloppet återbetalas.",
}

_PLAIN = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü][^:#\"'{}\[\],&*!|>%@`\n]*")
_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}


def q(text: str) -> str:
    """One-line text as YAML: plain when safe for every YAML loader, else double-quoted."""
    if _PLAIN.fullmatch(text) and text == text.strip() and text.lower() not in _YAML11_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    """An ASCII id part: 'Växjö kommun' -> 'vaxjo-kommun'."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "Å": "a", "Ä": "a", "Ö": "o", "É": "e"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")


def luhn_digit(digits: str) -> int:
    """The Luhn check digit for nine digits (organisationsnummer)."""
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def org_number(rng: random.Random, first: str) -> str:
    """A valid legal person's organisation number (third digit >= 2) starting with `first`."""
    digits = first + str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8 - len(first)))
    digits = digits[:9]
    return f"{digits[:6]}-{digits[6:]}{luhn_digit(digits)}"


def block(text: str, indent: int, width: int = 96) -> str:
    """A `|` block scalar with paragraphs wrapped at `width` columns."""
    pad = " " * indent
    lines: list[str] = ["|"]
    for k, paragraph in enumerate(text.split("\n\n")):
        if k:
            lines.append("")
        line = ""
        for word in paragraph.split():
            if line and len(pad) + len(line) + 1 + len(word) > width:
                lines.append(pad + line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            lines.append(pad + line)
    return "\n".join(lines)


def phone(rng: random.Random) -> str:
    """A Swedish phone number as people write it (grouped, never ten bare digits)."""
    a, b, c = rng.randint(10, 99), rng.randint(10, 99), rng.randint(10, 99)
    return rng.choice(
        [
            f"0{rng.randint(10, 99)}-{a} {b} {c}",
            f"07{rng.randint(0, 9)}-{rng.randint(100, 999)} {b} {c}",
            f"0{rng.randint(100, 999)}-{a} {b} {c}",
        ]
    )


# --- one agreement --------------------------------------------------------------------------------


class Writer:
    """Builds one agreement's YAML text line by line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def person(rng: random.Random) -> tuple[str, str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return first, last, f"{first} {last}"


def prose(rng: random.Random, heading: str, words: dict[str, str], paragraphs: tuple[int, int]) -> str:
    bank = SENTENCES[heading]
    out = []
    for _ in range(rng.randint(*paragraphs)):
        n = rng.randint(2, min(5, len(bank)))
        out.append(" ".join(s.format(**words) for s in rng.sample(bank, n)))
    return "\n\n".join(out)


def agreement(rng: random.Random, number: int) -> tuple[str, str, str]:
    """(county folder, id, YAML text) of one valid agreement."""
    place, legal, county = rng.choice(PLACES)
    np_pattern, np_short_pattern, topic = rng.choice(NON_PROFITS)
    np_name = np_pattern.format(place=place)
    np_short = np_short_pattern.format(place=place)
    target, area, activity = TOPIC_WORDS[topic]

    # -- period
    start_year = rng.randint(2019, 2026)
    shape = rng.random()
    start_month = 1 if shape < 0.75 else rng.choice([4, 7, 10])
    start = f"{start_year}-{start_month:02d}-01"
    open_ended = rng.random() < 0.2
    years = rng.randint(1, 4)
    end_year = start_year + years - (1 if start_month == 1 else 0)
    end = None if open_ended else f"{end_year}-12-31"
    ident = f"{slug(np_short)}-{slug(place)}-{start_year}-{number:05d}"[:80].strip("-")

    # -- parties
    np_id = slug(np_short)[:30].strip("-") or "foreningen"
    pub_id = slug(legal)[:40].strip("-")
    use_region = rng.random() < 0.12
    region = REGIONS[county]
    region_id = slug(region)[:40].strip("-")
    if region_id == pub_id:
        use_region = False
    unit_count = rng.choice([0, 1, 2, 2, 3])
    units = rng.sample(UNITS, unit_count)
    unit_ids = [f"{pub_id[:20].strip('-')}-{u[0]}" for u in units]
    second_np = rng.random() < 0.1
    np2_id = "studieforbundet"
    w = Writer()
    add = w.add
    words = {
        "np": np_name,
        "np_short": np_short,
        "pub": legal,
        "place": place,
        "target": target,
        "area": area,
        "activity": activity,
        "founded": str(rng.randint(1975, 2015)),
        "prev_year": str(start_year - 1),
    }

    add("# yaml-language-server: $schema=../../schemas/agreement.schema.json")
    add("schema_version: 1")
    add(f"id: {ident}")
    add(f"template: {rng.choice(['numbered', 'lund'])}")
    if rng.random() < 0.7:
        add("source:")
        diarienummer = f"{slug(place).upper()[:3]} {start_year - 1}/{rng.randint(10, 9999):04d}"
        add(f"  document: {q(diarienummer)}")
        if rng.random() < 0.3:
            add(
                "  note: "
                + block(
                    "Organisationsnumret skrivs i originalet med mellanslag; det normaliseras här.",
                    4,
                )
            )
    add("")
    add("parties:")

    def np_party(pid: str, name: str, short: str, *, contacts: int) -> None:
        add(f"  - id: {pid}")
        add("    kind: non_profit")
        add(f"    name: {q(name)}")
        if short != name:
            add(f"    short_name: {q(short)}")
        if rng.random() < 0.9:
            add(f"    org_number: {org_number(rng, rng.choice(NP_ORG_PREFIXES))}")
        if rng.random() < 0.6:
            add("    address:")
            add(f"      street: {q(f'{rng.choice(STREETS)} {rng.randint(1, 60)}')}")
            add(f"      postal_code: {q(f'{rng.randint(100, 999)} {rng.randint(10, 99)}')}")
            add(f"      city: {q(place)}")
        if contacts:
            add("    contacts:")
            domain = slug(short)[:20].strip("-") or "forening"
            for _ in range(contacts):
                first, last, full = person(rng)
                add(f"      - name: {q(full)}")
                if rng.random() < 0.6:
                    add(f"        title: {q(rng.choice(NP_TITLES))}")
                add(f"        email: {slug(first)}.{slug(last)}@{domain}.se")
                add(f"        phone: {q(phone(rng))}")
                add(f"        roles: [{rng.choice(['general', 'contract', 'day_to_day'])}]")
        if rng.random() < 0.25:
            add("    description: " + block(prose(rng, "Bakgrund", words, (1, 1)), 6))

    np_party(np_id, np_name, np_short, contacts=rng.choice([0, 1, 1, 2]))
    if second_np:
        np_party(np2_id, f"Studieförbundet Vuxenskolan {place}", "Vuxenskolan", contacts=1)
    add(f"  - id: {pub_id}")
    add("    kind: public")
    add(f"    name: {q(legal)}")
    add(f"    org_number: {org_number(rng, '2120')}")
    if units:
        add("    units:")
        for uid, (_, uname) in zip(unit_ids, units, strict=True):
            add(f"      - id: {uid}")
            add(f"        name: {q(uname)}")
    contact_count = rng.choice([0, 1, 1, 2])
    if contact_count:
        add("    contacts:")
        for _ in range(contact_count):
            first, last, full = person(rng)
            add(f"      - name: {q(full)}")
            add(f"        title: {q(rng.choice(PUBLIC_TITLES))}")
            add(f"        email: {slug(first)}.{slug(last)}@{slug(place)}.se")
            add(f"        phone: {q(phone(rng))}")
            roles = rng.choice([["contract"], ["day_to_day"], ["contract", "day_to_day"], ["general"]])
            add(f"        roles: [{', '.join(roles)}]")
            if unit_ids and rng.random() < 0.5:
                add(f"        unit: {rng.choice(unit_ids)}")
    if use_region:
        add(f"  - id: {region_id}")
        add("    kind: public")
        add(f"    name: {q(region)}")
        add(f"    org_number: {org_number(rng, '2321')}")
    payers_pool = unit_ids or [pub_id]
    public_ids = [pub_id] + ([region_id] if use_region else [])

    # -- period
    add("")
    add("period:")
    add(f"  start: {start}")
    if end:
        add(f"  end: {end}")
        if rng.random() < 0.5:
            add("  ends_without_notice: true")
        elif rng.random() < 0.6:
            review_year = rng.randint(start_year + (1 if start_month > 1 else 0), end_year)
            add("  reviews:")
            add(f"    - by: {review_year}-{rng.choice(['06-30', '09-30', '10-31'])}")
            if rng.random() < 0.5:
                add("      purpose: Parterna prövar om samverkan ska fortsätta efter avtalstidens slut.")
    else:
        add("  renewal:")
        add(f"    first_term_end: {start_year}-12-31")
        add("    term_months: 12")
        add(f"    notice_months: {rng.choice([3, 6])}")
    if rng.random() < 0.15:
        add("  conditional_on_approval: true")

    # -- funding
    add("")
    add("funding:")
    add("  commitments:")
    first_year, stop_year = start_year, (end_year if end else start_year)
    for ci in range(rng.choice([1, 1, 1, 2])):
        add(f"    - id: {['ersattning', 'tillaggsuppdrag'][ci]}")
        add(f"      payee: {np_id}")
        add("      payers:")
        if use_region and ci == 0 and rng.random() < 0.5:
            chosen = [payers_pool[0], region_id]
        else:
            chosen = rng.sample(payers_pool, rng.randint(1, len(payers_pool)))
        share_style = rng.random()
        shares: list[str | None]
        if len(chosen) == 1 or share_style < 0.3:
            shares = [None] * len(chosen)
        elif len(chosen) == 2:
            shares = rng.choice([["1/2", "1/2"], ["1/3", "2/3"], ["1/4", "3/4"], ['"0.6"', '"0.4"']])
        else:
            shares = ["1/3"] * len(chosen) if len(chosen) == 3 else [None] * len(chosen)
        for payer, share in zip(chosen, shares, strict=True):
            add(f"        - payer: {payer}")
            if share:
                add(f"          share: {share}")
        add("      amounts:")
        kind = rng.random()
        amount = rng.choice([150000, 240000, 380000, 500000, 750000, 1000000, 1250000, 2400000])
        if kind < 0.45:  # a fixed sum per year, one line for the run of years
            add("        - basis: fixed")
            add(f"          from_year: {first_year}")
            if end:
                add(f"          to_year: {stop_year}")
            shape = rng.random()
            if shape < 0.15:  # "… kr per månad": the schedule computes the year
                add(f"          amount: {amount // 12}")
                add("          per: month")
            else:
                add(f"          amount: {amount}")
            if 0.15 <= shape < 0.25:  # part years by days, as some texts say
                add("          pro_rata: days")
            if rng.random() < 0.25:
                add("          cap: true")
            if rng.random() < 0.35:
                add("          indexation:")
                add(f"            series: {rng.choice(['pkv', 'pkv', 'lokal-priskompensation'])}")
                add(f"            base_year: {first_year}")
                add(f"            lag: {rng.choice([0, 1])}")
                add("            publication: PKV oktober")
        elif kind < 0.65 and end:  # one line per year, changing sums
            for y in range(first_year, stop_year + 1):
                add("        - basis: fixed")
                add(f"          from_year: {y}")
                add(f'          amount: "{amount + (y - first_year) * rng.choice(STEPS)}.00"')
        elif kind < 0.8:  # per inhabitant
            add("        - basis: per_capita")
            add(f"          from_year: {first_year}")
            if end:
                add(f"          to_year: {stop_year}")
            add(f'          rate: "{rng.choice(["2.25", "1.50", "3", "4.10", "0.85"])}"')
            add("          population:")
            add(f"            series: {slug(place)}-befolkning")
            if rng.random() < 0.3:
                add("            as_of: year_end_two_before")
            if rng.random() < 0.2:
                add("          indexation:")
                add("            series: pkv")
                add(f"            base_year: {first_year}")
                add("            lag: 1")
        elif end and stop_year > first_year:  # one sum for several years
            add("        - basis: lump")
            add(f"          from_year: {first_year}")
            add(f"          to_year: {stop_year}")
            add(f"          paid_in: {first_year}")
            add(f"          amount: {amount * (stop_year - first_year + 1)}")
            if rng.random() < 0.3:
                add("          cap: true")
        else:
            add("        - basis: fixed")
            add(f"          from_year: {first_year}")
            add(f"          amount: {amount}")
        if rng.random() < 0.1:  # and a winter cap beside the sums: "upp till … för vintersäsongen"
            add("        - basis: ceiling")
            add("          over: season")
            add(f"          from_year: {first_year}")
            add("          season:")
            add('            start: "11-01"')
            add('            end: "03-31"')
            add(f"          amount: {amount * 2}")
        add("      payments:")
        plan = rng.random()
        if plan < 0.4:
            per_year, due = rng.choice(
                [
                    (1, ["03-31"]),
                    (2, ["01-31", "07-31"]),
                    (4, ["01-31", "04-30", "07-31", "10-31"]),
                    (1, ["02-28"]),
                    (2, ["03-31", "09-30"]),
                ]
            )
            add(f"        per_year: {per_year}")
            add("        due: [" + ", ".join(f'"{d}"' for d in due) + "]")
            if per_year == 2 and rng.random() < 0.3:
                add('        shares: ["0.6", "0.4"]')
            if per_year == 1:
                add("        wording: första kvartalet")
        elif plan < 0.7:
            add(f"        per_year: {rng.choice([1, 2, 12])}")
            add(f"        wording: {rng.choice(WORDINGS)}")
        else:
            add("        per_year: 1")
            add("        dates:")
            for y in range(first_year, (stop_year if end else first_year) + 1):
                add(f"          - {y}-{rng.choice(['02-15', '03-20', '04-30'])}")
        if rng.random() < 0.6:
            add("      invoicing:")
            add("        required: true")
            if rng.random() < 0.5:
                add("        routine: enligt särskild rutin")
            add("        attachments:")
            for att in rng.sample(
                [
                    "verksamhetsberättelse",
                    "verksamhetsplan",
                    "årsredovisning",
                    "budget",
                    "revisionsberättelse",
                ],
                2,
            ):
                add(f"          - {att}")
        if rng.random() < 0.5:
            add("      partial_financing: true")
        if rng.random() < 0.1:
            add("      condition: Under förutsättning att nämndens budget för året medger det.")
    if rng.random() < 0.7:
        add("  in_kind:")
        add("    - id: volontarer")
        add(f"      giver: {np_id}")
        add("      description: personal och ideellt aktiva volontärer")
        if rng.random() < 0.5:
            add("    - id: lokal")
            add(f"      giver: {public_ids[0]}")
            add(f"      receiver: {np_id}")
            add(
                f"      description: {q(f'fritt nyttjande av lokal på {rng.choice(STREETS)} {rng.randint(1, 40)}')}"  # noqa: E501
            )
            add(f"      from_date: {start}")
            if end:
                add(f"      to_date: {end}")
            if rng.random() < 0.5:
                add(f"      value_per_year: {rng.choice([60000, 96000, 120000])}")
                add("      arrangement: särskilt andrahandskontrakt")

    # -- obligations
    add("")
    add("obligations:")
    owners_public = unit_ids[:1] or [pub_id]
    ob_kinds = rng.sample(range(7), rng.randint(2, 6))
    for k in ob_kinds:
        if k == 0:
            add("  - id: verksamhetsberattelse")
            add("    kind: report")
            add("    title: Verksamhetsberättelse")
            add(f"    owners: [{np_id}]")
            add(f"    recipient: {pub_id}")
            add("    cadence: yearly")
            add("    due:")
            add("      rule: day_of_year")
            add(f'      day: "{rng.choice(["03-31", "03-30", "04-30", "02-28"])}"')
            add(
                "    description: "
                + block(
                    "Verksamhetsberättelsen redovisar insatser och utveckling för det gångna året "
                    "och ska bland annat "
                    "innehålla statistik kring insatserna och hur de ekonomiska resurserna har "
                    "använts.",
                    6,
                )
            )
        elif k == 1:
            add("  - id: verksamhetsplan")
            add("    kind: plan")
            add("    title: Verksamhetsplan")
            add(f"    owners: [{np_id}]")
            add(f"    recipient: {pub_id}")
            add("    cadence: yearly")
            add("    due:")
            if rng.random() < 0.5:
                add("      rule: undated")
                add("      window: before")
                add("      date_text: inför varje år")
            else:
                add("      rule: day_of_year")
                add('      day: "11-30"')
                add("      year_offset: 0")
        elif k == 2:
            add("  - id: uppfoljningsmoten")
            add("    kind: follow_up_meeting")
            add("    title: Uppföljningsmöte")
            add(f"    owners: [{owners_public[0]}]")
            n = rng.choice([2, 3, 4])
            add("    cadence: times_per_year")
            add(f"    times_per_year: {n}")
            add("    minimum: true")
            add("    due:")
            add("      rule: undated")
        elif k == 3:
            add("  - id: halvarsrapport")
            add("    kind: report")
            add("    title: Halvårsrapport")
            add(f"    owners: [{np_id}]")
            add("    cadence: half_yearly")
            add("    due:")
            add("      rule: after_period_end")
            add(f"      months: {rng.choice([1, 2])}")
        elif k == 4:
            add("  - id: slutrapport")
            add("    kind: report")
            add("    title: Slutrapport")
            add(f"    owners: [{np_id}]")
            add(f"    recipient: {pub_id}")
            add("    cadence: once")
            add("    due:")
            if end:
                add("      rule: after_period_end")
                add("      months: 3")
            else:
                add("      rule: undated")
                add("      window: after")
                add("      date_text: när avtalet upphör")
        elif k == 5:
            add("  - id: utbildning")
            add("    kind: training")
            add("    title: Utbildning för personal i socialtjänsten")
            add(f"    owners: [{np_id}]")
            add("    cadence: once")
            add("    covers:")
            add(f"      start: {start}")
            add(f"      end: {start_year}-12-31")
            add("    due:")
            add("      rule: by_period_end")
        else:
            add("  - id: informationstraff")
            add("    kind: information_meeting")
            add("    title: Informationsträff")
            add(f"    owners: [{np_id}, {pub_id}]")
            add("    cadence: once")
            add("    due:")
            add("      rule: date")
            add(f"      date: {start_year}-{start_month + 1:02d}-15")

    # -- goals and steering
    has: set[str] = {"parties", "period", "economy", "follow_up", "signatures"}
    if rng.random() < 0.6:
        has.add("goals")
        add("")
        add("goals:")
        for _ in range(rng.randint(1, 3)):
            add(f"  - text: {q(rng.choice(GOALS))}")
            if rng.random() < 0.6:
                add("    target:")
                add(f"      value: {rng.choice([10, 20, 40, 90])}")
                add(f"      unit: {q(rng.choice(['%', 'deltagare', 'vänskapsrelationer']))}")
                add(f"      per: {rng.choice(['year', 'period'])}")
                add("      minimum: true")
    if rng.random() < 0.45:
        has.add("steering_group")
        add("")
        add("steering_group:")
        add("  members:")
        add(f"    - role: {q('Verksamhetschef')}")
        add(f"      party: {np_id}")
        add(f"    - role: {q('Utvecklingschef/utvecklingssekreterare')}")
        add(f"      party: {owners_public[0]}")
        add("      convener: true")
        add(f"  convener: {owners_public[0]}")
        if rng.random() < 0.5:
            add("  meetings_cadence: half_yearly")
        else:
            add("  meetings_cadence: times_per_year")
            add(f"  meetings_per_year: {rng.choice([2, 4])}")
        add("  tasks:")
        add("    - följa upp överenskommelsens mål och insatser")
        add("    - besluta om förändringar inom ramen för överenskommelsen")

    # -- clauses
    add("")
    add("clauses:")
    for key in ("renegotiation", "disputes", "gdpr", "assignment", "employer"):
        if rng.random() < 0.75:
            has.add(key)
            add(f"  {key}: " + block(CLAUSES[key].format(**words), 4))
    if rng.random() < 0.85:
        has.add("termination")
        add("  termination:")
        if rng.random() < 0.6:
            add(f"    notice_months: {rng.choice([3, 6])}")
        add("    immediate_on_breach: true")
        add(f"    cure_days: {rng.choice([14, 30])}")
        add("    repayment: " + block(CLAUSES["repayment"].format(**words), 6))
    if rng.random() < 0.7:
        has.add("state_aid")
        add("  state_aid:")
        add("    non_economic: true")
    if w.lines[-1] == "clauses:":  # no clause at all: leave the key out (an empty value is null)
        del w.lines[-2:]

    # -- signatories
    add("")
    add("signatories:")
    signers: list[tuple[str, str | None, str]] = [(np_id, None, rng.choice(NP_TITLES))]
    if units and rng.random() < 0.4:
        signers += [(pub_id, uid, rng.choice(PUBLIC_TITLES)) for uid in unit_ids[:2]]
    else:
        signers.append((pub_id, None, rng.choice(PUBLIC_TITLES)))
    if use_region:
        signers.append((region_id, None, "Regiondirektör"))
    if second_np:
        signers.append((np2_id, None, "Ordförande"))
    signed = rng.random() < 0.5
    for party, unit, title in signers:
        add(f"  - party: {party}")
        if unit:
            add(f"    unit: {unit}")
        add(f"    name: {q(person(rng)[2])}")
        add(f"    title: {q(title)}")
        if signed:
            add(f"    place: {q(place)}")
            add(f"    date: {start_year - 1}-12-{rng.randint(1, 20):02d}")
    if rng.random() < 0.5:
        add(f"copies: {len(signers)}")
    if rng.random() < 0.15:
        add("date_policy:")
        add("  payment: next")
        add("  meeting: none")

    # -- document
    add("")
    add("document:")
    add("  title: Överenskommelse om idéburet offentligt partnerskap (IOP)")
    add(f"  subtitle: {q(f'mellan {np_name} och {legal}')}")
    if rng.random() < 0.3:
        add(f"  date_line: {start_year - 1}-12-{rng.randint(1, 20):02d}")
    add("  sections:")
    headings = ["Bakgrund", "Syfte"] + rng.sample(FREE_HEADINGS[2:], rng.randint(1, len(FREE_HEADINGS) - 2))
    # A generated section is listed only when the agreement has its data (render refuses it).
    generated = [
        g for g in GENERATED_ORDER if g in has and (rng.random() < 0.55 or g in ("parties", "economy", "signatures"))
    ]
    size = rng.choice([(1, 3), (2, 3), (2, 4), (3, 6)])
    for heading in headings:
        add(f"    - heading: {q(heading)}")
        add("      body: " + block(prose(rng, heading, words, size), 8))
        if heading == "Insatser som omfattas av överenskommelsen" and rng.random() < 0.4:
            add("    - heading: Kommunens insats")
            add("      level: subsection")
            add("      body: " + block(f"{legal} ansvarar för lokal, samordning och löpande dialog.", 8))
    for g in generated:
        add(f"    - generated: {g}")
        if rng.random() < 0.6:
            add(f"      heading: {q(GENERATED_HEADINGS[g])}")
        if g == "economy" and rng.random() < 0.4:
            add("      intro: " + block(f"Utgångspunkten är att kommunen stödjer {np_short}s ideella arbete.", 8))
    return county, ident, w.text()


# --- companions -----------------------------------------------------------------------------------


def population_series(place: str, legal: str, rng: random.Random) -> str:
    base = rng.randint(12000, 600000)
    lines = [
        f"# Folkmängd in {legal} at 31 December (synthetic figures for the benchmark).",
        f"id: {slug(place)}-befolkning",
        "kind: population",
        f"name: Folkmängd i {legal} 31 december",
        f"area: {legal}",
        "values:",
    ]
    for year in range(2016, 2026):
        if rng.random() < 0.15:
            continue  # an unknown year: schedules flag it population-pending
        lines += [
            f"  - as_of: {year}-12-31",
            f"    population: {base + (year - 2016) * rng.randint(50, 900)}",
            f"    source: SCB, Folkmängd i riket, län och kommuner 31 december {year}",
            f"    verified: {'true' if rng.random() < 0.5 else 'false'}",
        ]
    return "\n".join(lines) + "\n"


PKV = """# SKR:s prisindex för kommunal verksamhet (PKV), percent change per year (benchmark copy).
id: pkv
kind: index
name: Prisindex för kommunal verksamhet (PKV)
publisher: Sveriges Kommuner och Regioner (SKR)
values:
"""

LOCAL_INDEX = """# A municipality's own price compensation (benchmark copy).
id: lokal-priskompensation
kind: index
name: Priskompensation i kommunens budget
values: []
"""

POLICY = """# Local policy for the benchmark corpus: term limits and date rules.
term_limits:
  - party_name: Lunds kommun
    max_years: 3
    source: riktlinjer 2020-11-11 §167
  - party_name: Malmö stad
    max_years: 4
    source: riktlinjer för IOP 2019
date_policy:
  payment: next
  report: previous
"""


def pkv_text() -> str:
    values = {
        2015: "2.4",
        2016: "2.7",
        2017: "2.8",
        2018: "3.0",
        2019: "2.9",
        2020: "2.7",
        2021: "2.6",
        2022: "5.6",
        2023: "6.9",
        2024: "3.5",
        2025: "2.9",
    }
    out = PKV
    for year, percent in values.items():
        status = "outcome" if year < 2024 else "forecast"
        out += f'  - year: {year}\n    percent: "{percent}"\n'
        out += "    publication: SKR cirkulär (benchmark)\n"
        out += f"    status: {status}\n    verified: {'true' if year < 2020 else 'false'}\n"
    return out


def generate(out: Path, count: int = 10_000) -> Path:
    """Write the corpus to `out` (agreements/, _series/, _policy.yaml and one/) unless current."""
    stamp = out / STAMP
    want = f"{GENERATOR_VERSION} {count} {SEED}"
    if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == want:
        return out
    if out.exists():
        shutil.rmtree(out)
    agreements = out / "agreements"
    (agreements / "_series").mkdir(parents=True)
    rng = random.Random(SEED)
    for place, legal, _ in PLACES:
        (agreements / "_series" / f"{slug(place)}-befolkning.yaml").write_text(
            population_series(place, legal, rng), encoding="utf-8"
        )
    (agreements / "_series" / "pkv.yaml").write_text(pkv_text(), encoding="utf-8")
    (agreements / "_series" / "lokal-priskompensation.yaml").write_text(LOCAL_INDEX, encoding="utf-8")
    (agreements / "_policy.yaml").write_text(POLICY, encoding="utf-8")
    for number in range(count):
        county, ident, text = agreement(rng, number)
        folder = agreements / county
        folder.mkdir(exist_ok=True)
        (folder / f"{ident}.yaml").write_text(text, encoding="utf-8")
    # One small agreement on its own, for the start-up measurement of `validate <file>`.
    small_rng = random.Random(SEED + 1)
    while True:
        _, ident, text = agreement(small_rng, 99_999)
        if len(text) < 6000 and "series:" not in text:
            break
    (out / "one").mkdir()
    (out / "one" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    stamp.write_text(want + "\n", encoding="utf-8")
    return out


def small_file(out: Path) -> Path:
    """The one small agreement of the corpus."""
    return next((out / "one").glob("*.yaml"))


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args(argv)
    generate(args.out, args.count)
    print(f"corpus in {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
