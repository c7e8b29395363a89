"""Generate a synthetic annotated archive in claimgraph's own format, for the build benchmarks.

    python benchmarks/archive.py --articles N [--seed S] DIR

WHY: the build's cost depends on the shapes real reporting has, not on the number of files
alone, so the archive is made of them: a few hundred claims reported again and again across
articles over months (most statements refer by id to a claim another annotation declares),
spokespeople speaking for their institutions, lawmakers relaying intelligence briefings,
statements reported through an outlet, anonymous sources scoped to their article, denials later
withdrawn by the same actor confirming, forecasts, conditional and speculative statements, and
figures of five measures that grow over time and compete between sources, with dates of every
precision. People's names are invented; institutions and places are real, the reporting is not.

The same seed and size give the same bytes. Articles are named by date, so name order is the
order of publication, and every prefix of an archive in name order is itself a valid project
(a claim is declared by the first article that states it): the build benchmark adds articles
to a built archive one at a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
START = dt.date(2024, 10, 1)
SPAN_DAYS = 540  # eighteen months of reporting, all before today
ADMISSION_DAY = 207  # 2025-04-26: Pyongyang and Moscow admit the deployment, withdrawing their denials
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# --------------------------------------------------------------------------- the world


@dataclass(frozen=True)
class Actor:
    """An entity record as every annotation that names it declares it (alike everywhere), and how
    the article text names it."""

    id: str
    type: str
    label: str
    named: str = ""  # in running text; defaults to the label
    role: str | None = None
    affiliation: tuple[str, ...] = ()
    speaks_for: tuple[str, ...] = ()
    country: str | None = None
    side: str = ""  # 'west' reports the deployment, 'east' denies it until the admission

    @property
    def text(self) -> str:
        return self.named or self.label

    def record(self) -> dict:
        record = {"id": self.id, "type": self.type, "label": self.label}
        if self.role:
            record["role"] = self.role
        if self.affiliation:
            record["affiliation"] = list(self.affiliation)
        if self.speaks_for:
            record["speaks_for"] = list(self.speaks_for)
        if self.country:
            record["country"] = self.country
        return record


def _actors() -> dict[str, Actor]:
    a = [
        Actor("north-korea", "Country", "North Korea", "Pyongyang", side="east"),
        Actor("south-korea", "Country", "South Korea", "Seoul", side="west"),
        Actor("russia", "Country", "Russia", "Moscow", side="east"),
        Actor("ukraine", "Country", "Ukraine", "Kyiv", side="west"),
        Actor("united-states", "Country", "United States", "Washington", side="west"),
        Actor("japan", "Country", "Japan", "Tokyo", side="west"),
        Actor("kursk-region", "Region", "Kursk region", "the Kursk region", country="russia"),
        Actor("vladivostok", "City", "Vladivostok", country="russia"),
        Actor("national-intelligence-service", "IntelligenceAgency", "National Intelligence Service",
              "South Korea's National Intelligence Service", affiliation=("south-korea",), side="west"),
        Actor("joint-chiefs-of-staff", "GovernmentBody", "Joint Chiefs of Staff", "South Korea's Joint Chiefs of Staff",
              affiliation=("south-korea",), side="west"),
        Actor("national-assembly-of-south-korea", "Legislature", "National Assembly of South Korea",
              affiliation=("south-korea",)),
        Actor("us-department-of-defense", "GovernmentBody", "United States Department of Defense", "the Pentagon",
              affiliation=("united-states",), side="west"),
        Actor("us-department-of-state", "GovernmentBody", "United States Department of State", "the State Department",
              affiliation=("united-states",), side="west"),
        Actor("ukrainian-military-intelligence", "IntelligenceAgency", "Defence Intelligence of Ukraine",
              "Ukraine's military intelligence agency", affiliation=("ukraine",), side="west"),
        Actor("ukrainian-general-staff", "GovernmentBody", "General Staff of the Armed Forces of Ukraine",
              "Ukraine's General Staff", affiliation=("ukraine",), side="west"),
        Actor("nato", "MilitaryAlliance", "NATO", side="west"),
        Actor("japanese-ministry-of-defense", "GovernmentBody", "Ministry of Defense of Japan",
              "Japan's Defense Ministry", affiliation=("japan",), side="west"),
        Actor("institute-for-the-study-of-war", "Organisation", "Institute for the Study of War",
              "the Institute for the Study of War", side="west"),
        Actor("kremlin", "GovernmentBody", "Kremlin", "the Kremlin", role="Russian presidential administration",
              affiliation=("russia",), side="east"),
        Actor("russian-defense-ministry", "GovernmentBody", "Ministry of Defence of Russia",
              "Russia's Defence Ministry", affiliation=("russia",), side="east"),
        Actor("north-korean-foreign-ministry", "GovernmentBody", "Ministry of Foreign Affairs of North Korea",
              "North Korea's Foreign Ministry", affiliation=("north-korea",), side="east"),
        Actor("kcna", "NewsOutlet", "Korean Central News Agency", "the state news agency KCNA", country="north-korea"),
        Actor("kbs", "NewsOutlet", "KBS", "the broadcaster KBS", country="south-korea"),
        Actor("cnn", "NewsOutlet", "CNN", country="united-states"),
    ]
    # Invented spokespeople, each speaking for one institution, and lawmakers who relay briefings.
    people = [
        ("lee-hyun-soo", "Lee Hyun-soo", "NIS deputy director", "national-intelligence-service"),
        ("park-jae-min", "Park Jae-min", "Joint Chiefs of Staff spokesman", "joint-chiefs-of-staff"),
        ("robert-hale", "Robert Hale", "Pentagon press secretary", "us-department-of-defense"),
        ("daniel-whitaker", "Daniel Whitaker", "State Department spokesman", "us-department-of-state"),
        ("andriy-kovalenko", "Andriy Kovalenko", "military intelligence spokesman", "ukrainian-military-intelligence"),
        ("oksana-hrytsenko", "Oksana Hrytsenko", "General Staff spokeswoman", "ukrainian-general-staff"),
        ("ingrid-solberg", "Ingrid Solberg", "NATO spokeswoman", "nato"),
        ("hiroshi-tanaka", "Hiroshi Tanaka", "Defense Ministry spokesman", "japanese-ministry-of-defense"),
        ("pavel-sorokin", "Pavel Sorokin", "Kremlin spokesman", "kremlin"),
        ("igor-volkov", "Igor Volkov", "Defence Ministry spokesman", "russian-defense-ministry"),
        ("ri-chol-su", "Ri Chol Su", "Foreign Ministry spokesman", "north-korean-foreign-ministry"),
    ]
    by_id = {actor.id: actor for actor in a}
    for pid, label, role, institution in people:
        a.append(Actor(pid, "Person", label, f"{role} {label}", role=role, affiliation=(institution,),
                       speaks_for=(institution,), side=by_id[institution].side))
    for pid, label in (("kim-do-yeon", "Kim Do-yeon"), ("choi-min-ho", "Choi Min-ho"),
                       ("yoon-seo-jin", "Yoon Seo-jin")):
        a.append(Actor(pid, "Person", label, f"lawmaker {label}", role="member of the national assembly intelligence "
                       "committee", affiliation=("national-assembly-of-south-korea",), side="relay"))
    outlets = [("agence-france-presse", "Agence France-Presse", "AFP"), ("reuters", "Reuters", "Reuters"),
               ("associated-press", "Associated Press", "AP"), ("yonhap", "Yonhap News Agency", "Yonhap"),
               ("the-kyiv-independent", "The Kyiv Independent", "The Kyiv Independent"),
               ("the-korea-herald", "The Korea Herald", "The Korea Herald"), ("tass", "TASS", "TASS")]
    for oid, label, short in outlets:
        a.append(Actor(oid, "NewsOutlet", label, short, side="outlet"))
    for village in VILLAGES:
        a.append(Actor(_slug(village), "Place", village, country="russia"))
    return {actor.id: actor for actor in a}


VILLAGES = ("Sudzha", "Plekhovo", "Kurilovka", "Malaya Loknya", "Sverdlikovo", "Nikolaevo-Darino", "Novoivanovka",
            "Korenevo", "Guevo", "Zhuravka", "Kremyanoe", "Lebedevka", "Pogrebki", "Martynovka", "Leonidovo",
            "Staraya Sorochina", "Kositsa", "Olgovka", "Ulanok", "Apanasovka", "Zaoleshenka", "Viktorovka",
            "Tolsty Lug", "Orlovka", "Fanaseevka", "Makhnovka", "Cherkasskoye Porechnoye", "Snagost", "Giri",
            "Plyokhovo Farm")

# Anonymous sources: one per article that cites them (their IRIs are scoped to the article).
ANONYMOUS = (
    ("senior-us-official", "a senior US official", "united-states", "west"),
    ("south-korean-intelligence-official", "a South Korean intelligence official", "national-intelligence-service",
     "west"),
    ("ukrainian-military-source", "a Ukrainian military source", "ukrainian-general-staff", "west"),
    ("nato-official", "a NATO official", "nato", "west"),
    ("russian-official", "a Russian official speaking on condition of anonymity", "russia", "east"),
)

DEPLOYMENTS = {
    "north-korean-troops-in-russia": {"id": "north-korean-troops-in-russia",
                                      "label": "North Korean troop deployment to Russia", "sender": "north-korea",
                                      "receiver": "russia", "unit_kind": "troops"},
    "north-korean-troops-in-kursk": {"id": "north-korean-troops-in-kursk",
                                     "label": "North Korean troops fighting in the Kursk region",
                                     "part_of": "north-korean-troops-in-russia", "sender": "north-korea",
                                     "receiver": "russia", "location": "kursk-region", "unit_kind": "troops"},
    "north-korean-troops-in-far-east": {"id": "north-korean-troops-in-far-east",
                                        "label": "North Korean troops training in Russia's Far East",
                                        "part_of": "north-korean-troops-in-russia", "sender": "north-korea",
                                        "receiver": "russia", "location": "vladivostok", "unit_kind": "troops"},
}


@dataclass
class Claim:
    """A claim of the archive, and what has been said of it so far."""

    id: str
    kind: str  # fact, event, figure, forecast, conditional, speculative
    intro: int  # the day it is first reported
    text: str = ""
    clause: str = ""  # as reported in running text, without the final full stop
    side: str = "west"  # who asserts it
    denied_until: int | None = None  # the other side denies it before this day (None: never denies)
    admitted_from: int | None = None  # the other side confirms it from this day on
    describes: str | None = None
    mentions: tuple[str, ...] = ()
    condition: str | None = None
    quantity: dict | None = None
    spec: dict = field(default_factory=dict)  # a figure's plan, filled in when it is first reported
    target_last: dt.date | None = None  # a forecast is not reported after its target period
    declared: bool = False
    origin: str | None = None
    last_day: int = 0
    roles: dict = field(default_factory=dict)  # speaker -> 'asserts' or 'confirms' (never both)
    deniers: list = field(default_factory=list)


FACTS = [
    # id, text (its clause in running text is the text without its full stop), intro day, denied until,
    # admitted from, describes, mentions
    ("north-korea-deployed-troops-to-russia", "North Korea has deployed troops to Russia.",
     0, ADMISSION_DAY, ADMISSION_DAY, "north-korean-troops-in-russia", ("north-korea", "russia")),
    ("north-korean-troops-training-in-far-east", "North Korean troops are training at Russian bases in the Far East.",
     4, ADMISSION_DAY, ADMISSION_DAY, "north-korean-troops-in-far-east", ("north-korea", "russia", "vladivostok")),
    ("north-korean-soldiers-issued-russian-uniforms",
     "North Korean soldiers have been issued Russian uniforms and identity papers.",
     12, ADMISSION_DAY, None, "north-korean-troops-in-russia", ("north-korea", "russia")),
    ("north-korean-troops-moved-to-kursk", "North Korean troops have moved to the Kursk region.",
     20, ADMISSION_DAY, ADMISSION_DAY, "north-korean-troops-in-kursk", ("north-korea", "kursk-region")),
    ("north-korean-troops-in-combat", "North Korean troops have begun combat operations alongside Russian forces.",
     35, ADMISSION_DAY, ADMISSION_DAY, "north-korean-troops-in-kursk", ("north-korea", "russia", "kursk-region")),
    ("north-korean-soldiers-attached-to-russian-units",
     "North Korean soldiers have been attached to Russian airborne and marine units.",
     50, None, None, "north-korean-troops-in-kursk", ("north-korea", "russia")),
    ("north-korea-supplied-artillery-shells", "North Korea has supplied Russia with artillery shells.",
     0, SPAN_DAYS, None, None, ("north-korea", "russia")),
    ("north-korea-supplied-ballistic-missiles", "North Korea has supplied Russia with ballistic missiles.",
     30, SPAN_DAYS, None, None, ("north-korea", "russia")),
    ("north-korean-troops-pulled-back",
     "North Korean troops have been pulled back from the front line in the Kursk region.",
     125, None, None, "north-korean-troops-in-kursk", ("north-korea", "kursk-region")),
    ("north-korean-troops-back-at-front", "North Korean troops have returned to the front in the Kursk region.",
     150, None, None, "north-korean-troops-in-kursk", ("north-korea", "kursk-region")),
    ("north-korea-sent-additional-troops", "North Korea has sent additional troops to Russia.",
     160, ADMISSION_DAY, None, "north-korean-troops-in-russia", ("north-korea", "russia")),
    ("russia-transferring-technology-to-north-korea", "Russia is transferring military technology to North Korea.",
     40, SPAN_DAYS, None, None, ("russia", "north-korea")),
    ("north-korea-sending-construction-workers", "North Korea is sending construction workers to Russia.",
     240, None, None, None, ("north-korea", "russia")),
]
EAST_FACTS = [
    ("deployment-lawful-under-treaty", "The deployment is lawful under the mutual defence treaty between Russia and "
     "North Korea.", "the deployment is lawful under the mutual defence treaty between the two countries", 25,
     ("russia", "north-korea")),
    ("cooperation-not-directed-against-third-countries",
     "Cooperation between Russia and North Korea is not directed against third countries.",
     "cooperation between Russia and North Korea is not directed against third countries", 10,
     ("russia", "north-korea")),
    ("north-korean-troops-helped-retake-kursk", "North Korean troops helped Russia retake the Kursk region.",
     "North Korean troops helped Russia retake the Kursk region", ADMISSION_DAY, ("north-korea", "russia",
                                                                                  "kursk-region")),
]
CONDITIONALS = [
    ("fighting-in-ukraine-would-be-escalation", "North Korean troops fighting in Ukraine would mark a significant "
     "escalation of the war.", "North Korean troops are sent to fight in Ukraine",
     "North Korean troops are sent to fight in Ukraine", "it would mark a significant escalation of the war", 5),
    ("co-belligerence-would-be-serious", "North Korean troops joining the war as co-belligerents is a very serious "
     "issue.", "The North Korean troops are co-belligerents.", "they are co-belligerents",
     "that is a very serious issue", 8),
    ("more-troops-would-prolong-war", "More North Korean troops would prolong the war.",
     "North Korea sends more troops.", "Pyongyang sends more troops", "the war will drag on for longer", 90),
    ("technology-transfer-would-threaten-region", "A Russian transfer of missile technology to North Korea would "
     "threaten the region.", "Russia transfers missile technology to North Korea.",
     "Moscow hands Pyongyang missile technology", "it would threaten the whole region", 60),
]
SPECULATIONS = [
    ("north-korean-troops-may-deploy-to-donbas", "North Korean troops may be sent to fight in eastern Ukraine.", 70),
    ("north-korea-may-send-engineers", "North Korea may send military engineers to Russia.", 180),
    ("russia-may-share-satellite-technology", "Russia may be sharing satellite technology with North Korea.", 55),
]
EVENTS = [
    ("assault-near", "North Korean troops took part in an assault near {p}.",
     "North Korean troops took part in an assault near {p}"),
    ("drone-strikes-near", "North Korean soldiers were hit by Ukrainian drone strikes near {p}.",
     "North Korean soldiers were hit by Ukrainian drone strikes near {p}"),
    ("heavy-losses-near", "North Korean units suffered heavy losses near {p}.",
     "North Korean units suffered heavy losses near {p}"),
    ("redeployed-near", "North Korean troops were redeployed to positions near {p}.",
     "North Korean troops were redeployed to positions near {p}"),
    ("artillery-near", "North Korean artillery crews are operating near {p}.",
     "North Korean artillery crews are operating near {p}"),
]

# How each measure grows: (day, count) anchors, interpolated; sources' figures scatter around it.
GROWTH = {
    "troop-strength": ((0, 1500), (22, 3000), (35, 11000), (150, 12000), (170, 14000), (300, 15000), (540, 18000)),
    "killed": ((40, 0), (75, 100), (105, 300), (160, 600), (300, 2000), (540, 4500)),
    "wounded": ((40, 0), (75, 300), (105, 2700), (160, 3400), (300, 4500), (540, 9000)),
    "casualties": ((40, 0), (75, 400), (85, 1100), (105, 3000), (160, 4000), (300, 6500), (540, 13500)),
    "captured": ((100, 0), (104, 2), (300, 4), (540, 9)),
}
MEASURE_START = {"troop-strength": 0, "killed": 60, "wounded": 60, "casualties": 60, "captured": 104}
BIAS = {"ukrainian-military-intelligence": 1.5, "ukrainian-general-staff": 1.35, "ukraine": 1.4,
        "national-intelligence-service": 1.0, "joint-chiefs-of-staff": 1.05, "us-department-of-defense": 0.9,
        "us-department-of-state": 0.95, "japanese-ministry-of-defense": 1.0, "institute-for-the-study-of-war": 1.2,
        "nato": 1.0, "united-states": 0.9, "south-korea": 1.0}
FIGURE_SOURCES = tuple(sorted(BIAS))
MEASURE_WORDS = {
    "troop-strength": ("North Korean troops are in Russia", "North Korean troops are now in the Kursk region"),
    "killed": ("North Korean soldiers have been killed", "North Korean soldiers have been killed in the Kursk region"),
    "wounded": ("North Korean soldiers have been wounded",
                "North Korean soldiers have been wounded in the Kursk region"),
    "casualties": ("North Korean soldiers have been killed or wounded",
                   "North Korean soldiers have been killed or wounded in the Kursk region"),
    "captured": ("North Korean soldiers have been captured by Ukrainian forces",
                 "North Korean soldiers have been captured in the Kursk region"),
}

# --------------------------------------------------------------------------- dates


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _day(day: int) -> dt.date:
    return START + dt.timedelta(days=day)


def _said(rng: random.Random, published: dt.date) -> tuple[str, str]:
    """A date expression for a statement in an article of `published`, and its words in the text:
    days, weeks, months and open periods, each resolving no later than the article's date."""
    pick = rng.random()
    if pick < 0.22:
        return "yesterday", " yesterday"
    if pick < 0.40:
        back = rng.randint(0, 6)
        name = WEEKDAYS[(published - dt.timedelta(days=back)).weekday()]
        return f"on {name}", f" on {name}"
    if pick < 0.50:
        return "today", " today"
    if pick < 0.60:
        return "last week", " last week"
    if pick < 0.66:
        return "this week", " this week"
    if pick < 0.74:
        day = published - dt.timedelta(days=rng.randint(1, 20))
        return f"{MONTHS[day.month - 1]} {day.day} {day.year}", f" on {MONTHS[day.month - 1]} {day.day}"
    if pick < 0.79:
        return "this month", " this month"
    if pick < 0.83:
        return "last month", " last month"
    if pick < 0.88:
        return "earlier", " earlier"
    return "not stated", ""


def _growth(measure: str, day: int) -> float:
    anchors = GROWTH[measure]
    if day <= anchors[0][0]:
        return anchors[0][1]
    for (d0, v0), (d1, v1) in zip(anchors, anchors[1:]):
        if day <= d1:
            return v0 + (v1 - v0) * (day - d0) / (d1 - d0)
    return anchors[-1][1]


def _round(value: float) -> int:
    """Two significant figures, as reported figures are."""
    if value < 20:
        return max(1, round(value))
    magnitude = 10 ** (int(math.log10(value)) - 1)
    return int(round(value / magnitude) * magnitude)


def _number(value: int) -> str:
    return f"{value:,}"


# --------------------------------------------------------------------------- the claims


def _claim_pool(rng: random.Random, articles: int) -> list[Claim]:
    """A few hundred claims with the day each is first reported: fixed facts, conditional and
    speculative statements, and figures, forecasts and battlefield events drawn at random."""
    pool = []
    for cid, text, intro, denied, admitted, describes, mentions in FACTS:
        pool.append(Claim(cid, "fact", intro, text, text.removesuffix("."), "west", denied, admitted, describes,
                          mentions))
    for cid, text, clause, intro, mentions in EAST_FACTS:
        pool.append(Claim(cid, "fact", intro, text, clause, "east", mentions=mentions))
    for cid, text, condition, if_clause, then_clause, intro in CONDITIONALS:
        pool.append(Claim(cid, "conditional", intro, text, f"If {if_clause}, {then_clause}", condition=condition,
                          mentions=("north-korea", "russia")))
    for cid, text, intro in SPECULATIONS:
        pool.append(Claim(cid, "speculative", intro, text, text.removesuffix("."), mentions=("north-korea", "russia")))
    total = round(40 + 360 * (1 - math.exp(-articles / 1500)))  # 44 at 10 articles, 400 at 10,000
    drawn = max(0, total - len(pool))
    events = [(kind, village) for kind in EVENTS for village in VILLAGES]
    rng.shuffle(events)
    for number in range(drawn):
        share = rng.random()
        if share < 0.3 and events:
            (kind, text, clause), village = events.pop()
            cid = f"{kind}-{_slug(village)}"
            pool.append(Claim(cid, "event", rng.randint(36, SPAN_DAYS - 1), text.format(p=village),
                              clause.format(p=village), "west", denied_until=SPAN_DAYS,
                              describes="north-korean-troops-in-kursk",
                              mentions=("north-korea", "kursk-region", _slug(village))))
        elif share < 0.85:
            measure = rng.choice(tuple(MEASURE_START))
            source = rng.choice(FIGURE_SOURCES)
            pool.append(Claim(f"c{number:04d}", "figure", rng.randint(MEASURE_START[measure], SPAN_DAYS - 1),
                              spec={"measure": measure, "source": source, "scoped": rng.random() < 0.4,
                                    "style": rng.choice(("exactly", "approximately", "approximately", "at-least",
                                                         "more-than", "between", "vague"))}))
        else:
            pool.append(Claim(f"c{number:04d}", "forecast", rng.randint(5, SPAN_DAYS - 60),
                              spec={"source": rng.choice(FIGURE_SOURCES), "ahead": rng.randint(1, 4)}))
    pool.sort(key=lambda c: (c.intro, c.id))
    return pool


def _fill_figure(claim: Claim, published: dt.date, day: int, said: str, rng: random.Random) -> None:
    """A figure's value and words, from its measure's growth on the day it is first reported."""
    spec = claim.spec
    measure, source, style = spec["measure"], spec["source"], spec["style"]
    value = _round(_growth(measure, day) * BIAS[source] * rng.uniform(0.85, 1.15))
    if measure == "captured" or value < 100:
        style = "exactly" if style in ("vague", "between") else style
    scoped = spec["scoped"]
    words = MEASURE_WORDS[measure][1 if scoped else 0]
    quantity = {"measure": measure, "unit": "soldiers", "modality": "estimate",
                "of": "north-korean-troops-in-kursk" if scoped or measure != "troop-strength"
                else "north-korean-troops-in-russia",
                "as_of": said}
    if scoped:
        quantity["scope"] = "kursk-region"
    if style == "between":
        low, high = _round(value * 0.9), _round(value * 1.1)
        quantity.update(qualifier="between", lower=low, upper=high)
        amount, slug = f"between {_number(low)} and {_number(high)}", f"{low}-to-{high}"
    elif style == "vague":
        lower = 1000 if value >= 2000 else 100
        quantity.update(qualifier="vague", lower=lower)
        slug = "thousands" if lower == 1000 else "hundreds"
        amount = f"{slug} of"
    else:
        prefix = {"exactly": "", "approximately": "about ", "at-least": "at least ", "more-than": "more than "}[style]
        quantity.update(qualifier=style, value=value)
        amount, slug = f"{prefix}{_number(value)}", f"{prefix.strip().replace(' ', '-')}-{value}".strip("-")
    claim.quantity = {key: quantity[key] for key in ("value", "qualifier", "measure", "unit", "modality", "of",
                                                       "scope", "as_of", "lower", "upper") if key in quantity}
    claim.id = f"{measure}-{slug}-{source}-{published.isoformat()}-{claim.id}"
    claim.text = f"{amount[0].upper()}{amount[1:]} {words}."
    claim.clause = f"{amount} {words}"
    claim.describes = quantity["of"]
    claim.mentions = ("north-korea", "kursk-region") if scoped else ("north-korea", "russia")
    claim.denied_until = ADMISSION_DAY if measure == "troop-strength" else None


def _fill_forecast(claim: Claim, published: dt.date, rng: random.Random) -> None:
    spec = claim.spec
    month = published.month - 1 + spec["ahead"]
    year, month = published.year + month // 12, month % 12 + 1
    target_day = (dt.date(year, month, 1) - START).days + 15
    value = _round(_growth("troop-strength", target_day) * BIAS[spec["source"]] * rng.uniform(0.9, 1.3))
    name = MONTHS[month - 1]
    claim.quantity = {"value": value, "qualifier": "approximately", "measure": "troop-strength", "unit": "soldiers",
                      "modality": "forecast", "of": "north-korean-troops-in-russia", "by": f"by {name} {year}"}
    claim.target_last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    claim.id = f"about-{value}-troops-expected-by-{year}-{month:02d}-{spec['source']}-{claim.id}"
    claim.text = f"About {_number(value)} North Korean troops are expected to be in Russia by {name} {year}."
    claim.clause = f"about {_number(value)} North Korean troops are expected to be in Russia by {name}"
    claim.describes = "north-korean-troops-in-russia"
    claim.mentions = ("north-korea", "russia")


# --------------------------------------------------------------------------- sentences

# Each template: (words before the quote, words after it, verb, direct). {who} and {when} are filled in.
TEMPLATES = {
    "asserts": (("{Who} said{when} that ", ".", "said", False),
                ("{Who} told reporters{when} that ", ".", "told reporters", False),
                ("According to {who}, ", ".", "according to", False),
                ("\"", ",\" {who} said{when}.", "said", True),
                ("{Who} said in a statement{when}: \"", ".\"", "said in a statement", True),
                ("{Who} believes that ", ", officials said{when}.", "believes", False)),
    "confirms": (("{Who} confirmed{when} that ", ".", "confirmed", False),
                 ("{Who} confirmed the reports{when}, saying ", ".", "confirmed", False),
                 ("\"We can confirm that ", ",\" {who} said{when}.", "said", True)),
    "denies": (("{Who} dismissed as \"fake news\"{when} reports that ", ".", "dismissed", False),
               ("{Who} denied{when} that ", ".", "denied", False),
               ("\"It is a lie that ", ",\" {who} said{when}.", "said", True)),
    "declines-to-confirm": (("{Who} declined to confirm{when} that ", ".", "declined to confirm", False),
                            ("{Who} said{when} it could not corroborate reports that ", ".", "could not corroborate",
                             False)),
    "does-not-deny": (("{Who} did not deny{when} that ", ".", "did not deny", False),
                      ("Asked{when} whether ", ", {who} said it was \"a sovereign matter\".", "did not deny", False)),
    "forecasts": (("{Who} said{when} that ", ".", "said", False),
                  ("{Who} predicted{when} that ", ".", "predicted", False)),
    "speculates": (("{Who} suggested{when} that ", ".", "suggested", False),
                   ("{Who} said{when} it was possible that ", ".", "said", False)),
    "states-conditionally": (("\"", ",\" {who} warned{when}.", "warned", True),
                             ("{Who} said{when}: \"", ".\"", "said", True)),
}
# Whose confirmations also carry words of their own; a relayed or reported-through statement.
RELAYED = ("{Who} said after a briefing by {relay}{when} that ", ".", "said after a briefing", False)
REPORTED_THROUGH = ("{Who} told {outlet}{when} that ", ".", "told", False)
BACKGROUND = (
    "Pyongyang and Moscow have drawn closer since Russia's 2022 invasion of Ukraine.",
    "The two countries signed a mutual defence treaty in June 2024.",
    "Ukrainian forces crossed into the Kursk region in August 2024.",
    "The war in Ukraine has killed tens of thousands of soldiers on both sides.",
    "Analysts say the deployment gives North Korea's army its first combat experience in decades.",
    "Seoul has said it is considering sending weapons to Ukraine in response.",
    "The claims could not be independently verified.",
    "Kyiv has repeatedly called on its allies to respond to the deployment.",
    "Fighting in the region has been intense for months.",
    "Journalists have no independent access to the front line.",
)
LEADS = ("SEOUL", "KYIV", "WASHINGTON", "MOSCOW", "BRUSSELS", "TOKYO")


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------- the archive


class _Archive:
    def __init__(self, articles: int, seed: int):
        self.rng = random.Random(seed)
        self.articles, self.seed = articles, seed
        self.actors = _actors()
        self.pool = _claim_pool(self.rng, articles)
        self.pending = 0  # index of the first claim of the pool not yet reachable
        self.ready: list[Claim] = []  # reachable, not yet reported
        self.live: list[Claim] = []  # reported at least once
        self.west = [a.id for a in self.actors.values() if a.side == "west"]
        self.east = [a.id for a in self.actors.values() if a.side == "east"]
        self.relays = [a.id for a in self.actors.values() if a.side == "relay"]
        self.outlets = [a.id for a in self.actors.values() if a.side == "outlet"]
        self.broadcasters = ("kbs", "cnn")

    def article(self, index: int) -> tuple[str, str, str]:
        """Name, article text and annotation text of the article `index` (in order of publication)."""
        rng = self.rng
        day = index * SPAN_DAYS // max(1, self.articles)
        published = _day(day)
        while self.pending < len(self.pool) and self.pool[self.pending].intro <= day:
            self.ready.append(self.pool[self.pending])
            self.pending += 1
        size = min(15, max(3, round(rng.triangular(3, 15, 7))))
        statements: list[dict] = []
        declared: list[Claim] = []
        entities: dict[str, None] = {}
        anonymous: dict[str, tuple] = {}
        name = f"{published.isoformat()}-a{index:05d}"
        self.live = [c for c in self.live if c.target_last is None or c.target_last >= published]
        while len(statements) < size:
            claim = self._topic(day, published, rng)
            if claim is None:
                break
            for _ in range(min(size - len(statements), rng.choice((1, 1, 2, 2, 3, 4)))):
                made = self._statement(claim, day, published, rng, anonymous, not claim.declared, name)
                if made is None:
                    break
                if not claim.declared:
                    claim.declared = True
                    declared.append(claim)
                    self.live.append(claim)
                claim.last_day = day
                made["claim"] = claim.id
                statements.append(made)
        outlet = rng.choice(self.outlets)
        body, title = self._body(statements, rng, anonymous)
        for number, s in enumerate(statements, start=1):
            s["id"] = f"s{number:02d}"
        # entities: every actor, place and affiliation the annotation refers to, closed under affiliation
        refs = [outlet]
        for claim in declared:
            refs += claim.mentions
            for deployment in self._deployments(claim):
                refs += [DEPLOYMENTS[deployment][k] for k in ("sender", "receiver", "location")
                         if k in DEPLOYMENTS[deployment]]
            if claim.quantity and "scope" in claim.quantity:
                refs.append(claim.quantity["scope"])
        for s in statements:
            refs += [s["speaker"], *s.get("relayed_via", ())]
            refs += [s[k] for k in ("on_behalf_of", "reported_through") if k in s]
        records = []
        while refs:
            ref = refs.pop(0)
            if ref in entities:
                continue
            entities[ref] = None
            if ref in anonymous:
                label, affiliation = anonymous[ref]
                records.append({"id": ref, "type": "AnonymousSource", "label": label, "role": label.split(" ", 1)[1],
                                "affiliation": [affiliation]})
                refs.append(affiliation)
                continue
            actor = self.actors[ref]
            records.append(actor.record())
            refs += [*actor.affiliation, *actor.speaks_for] + ([actor.country] if actor.country else [])
        deployments = []
        for claim in declared:
            for deployment in self._deployments(claim):
                if DEPLOYMENTS[deployment] not in deployments:
                    deployments.append(DEPLOYMENTS[deployment])
        text = (f"date: {published.isoformat()}\noutlet: {self.actors[outlet].label}\ntitle: {title}\n\n"
                f"{body}\n")
        return name, text, self._yaml(name, outlet, records, deployments, declared, statements)

    def _deployments(self, claim: Claim) -> list[str]:
        found = []
        for deployment in filter(None, (claim.describes, (claim.quantity or {}).get("of"))):
            while deployment and deployment not in found:
                found.append(deployment)
                deployment = DEPLOYMENTS[deployment].get("part_of")
        return sorted(found)

    def _topic(self, day: int, published: dt.date, rng: random.Random) -> Claim | None:
        """A claim to report: a new one if any is due, else one reported before, the recent ones
        more often (a forecast only until its target period ends)."""
        if self.ready and (rng.random() < 0.45 or not self.live):
            claim = self.ready.pop(rng.randrange(len(self.ready)))
            if claim.kind == "figure":
                claim.spec["said"] = _said(rng, published)
                _fill_figure(claim, published, day, claim.spec["said"][0], rng)
            elif claim.kind == "forecast":
                _fill_forecast(claim, published, rng)
            return claim
        if not self.live:
            return None
        candidates = self.live
        weights = [1.0 / (1.0 + (day - c.last_day) / 20.0) + (2.0 if c.kind == "fact" else 0.0) for c in candidates]
        return rng.choices(candidates, weights)[0]

    def _speaker(self, side: str, rng: random.Random, anonymous: dict, avoid: str | None = None) -> str:
        """Someone of `side`: an institution, its spokesperson, its country, or an anonymous official."""
        if rng.random() < 0.12:
            choices = [a for a in ANONYMOUS if a[3] == side]
            key, label, affiliation, _ = rng.choice(choices)
            anonymous[key] = (label, affiliation)
            return key
        people = self.west if side == "west" else self.east
        choice = rng.choice(people)
        return avoid_choice(choice, avoid, people, rng)

    def _statement(self, claim: Claim, day: int, published: dt.date, rng: random.Random, anonymous: dict,
                   first: bool, scope: str) -> dict | None:
        """One statement about `claim`: its first report, or a reaction (confirmation, denial, refusal to
        confirm, a later admission that withdraws a denial), or the source saying it again."""
        other = "east" if claim.side == "west" else "west"
        own = {"fact": "asserts", "event": "asserts", "figure": "asserts", "forecast": "forecasts",
               "conditional": "states-conditionally", "speculative": "speculates"}[claim.kind]
        relayed = None
        if first:
            if claim.kind in ("figure", "forecast"):
                speaker = claim.spec["source"]
                if speaker == "national-intelligence-service" and rng.random() < 0.4:
                    speaker, relayed = rng.choice(self.relays), speaker  # a lawmaker relays the briefing
                elif rng.random() < 0.3:  # its spokesperson
                    speaker = next((a.id for a in self.actors.values() if speaker in a.speaks_for), speaker)
            else:
                speaker = self._speaker(claim.side, rng, anonymous)
            stance = own
            claim.origin = speaker
        else:
            options = [("again", 3.0), ("confirms", 3.0 if claim.kind in ("fact", "event", "figure") else 0.0),
                       ("declines", 1.0 if claim.kind != "conditional" else 0.0)]
            if claim.denied_until is not None and day < claim.denied_until:
                options.append(("denies", 2.0))
            if claim.admitted_from is not None and day >= claim.admitted_from:
                options.append(("admits", 3.0))
            choice = rng.choices([o for o, _ in options], [w for _, w in options])[0]
            if choice == "again":
                speaker, stance = (claim.origin if claim.origin not in ANONYMOUS_KEYS else
                                   self._speaker(claim.side, rng, anonymous)), own
            elif choice == "confirms":
                speaker, stance = self._speaker(claim.side, rng, anonymous, avoid=claim.origin), "confirms"
            elif choice == "denies":
                speaker, stance = self._speaker(other, rng, anonymous), "denies"
                claim.deniers.append(speaker)
            elif choice == "admits":
                deniers = [d for d in claim.deniers if d not in ANONYMOUS_KEYS]
                speaker = rng.choice(deniers) if deniers else self._speaker(other, rng, anonymous)
                stance = "confirms"
            else:
                speaker = self._speaker(other if rng.random() < 0.7 else claim.side, rng, anonymous)
                stance = "declines-to-confirm" if rng.random() < 0.7 else "does-not-deny"
            if claim.kind in ("figure", "event") and stance == "asserts" and rng.random() < 0.25:
                speaker, relayed = rng.choice(self.relays), "national-intelligence-service"  # a briefing relayed
        # a speaker never both puts a claim forward and confirms it (the QC rule self-confirmation);
        # an anonymous source is a new actor in each article
        key = f"{scope}/{speaker}" if speaker in ANONYMOUS_KEYS else speaker
        role = "confirms" if stance == "confirms" else "asserts" if stance in PUTS_FORWARD else None
        if role is not None:
            before = claim.roles.setdefault(key, role)
            if before != role and stance in ("asserts", "confirms"):
                stance = before
            elif before != role:
                return None
        actor = self.actors.get(speaker)
        said, when = (claim.spec["said"] if first and "said" in claim.spec else _said(rng, published))
        record = {"speaker": speaker}
        if actor is not None and actor.speaks_for and rng.random() < 0.5:
            record["on_behalf_of"] = actor.speaks_for[0]
        if relayed:
            record["relayed_via"] = [relayed]
        elif stance in ("asserts", "confirms") and actor is not None and actor.type == "Person" and rng.random() < 0.2:
            record["reported_through"] = rng.choice(self.broadcasters)
        elif speaker == "north-korea" and rng.random() < 0.5:
            record["reported_through"] = "kcna"
        record.update(stance=stance, certainty={"forecasts": "probable", "speculates": "possible"}.get(
            stance, "probable" if rng.random() < 0.1 else "certain"), said=said, _when=when, _claim=claim)
        return record

    def _body(self, statements: list[dict], rng: random.Random, anonymous: dict) -> tuple[str, str]:
        """The article body: a sentence per statement (the quote at known offsets), and background."""
        paragraphs: list[str] = []
        offset = 0
        lead = rng.random() < 0.5
        sentences: list[str] = []

        def add(sentence: str) -> int:
            nonlocal offset
            start = offset
            sentences.append(sentence)
            offset += len(sentence) + 1  # a space or a newline follows
            return start

        def close_paragraph() -> None:
            nonlocal offset
            if sentences:
                paragraphs.append(" ".join(sentences))
                sentences.clear()
                offset += 1  # "\n\n" between paragraphs: one more than the separator counted in add()

        if lead:
            dateline = f"{rng.choice(LEADS)} -- "
            prefix = dateline
        else:
            prefix = ""
        for number, s in enumerate(statements):
            claim: Claim = s.pop("_claim")
            when = s.pop("_when")
            speaker = s["speaker"]
            who = anonymous[speaker][0] if speaker in anonymous else self.actors[speaker].text
            if "relayed_via" in s:
                before, after, verb, direct = RELAYED
            elif "reported_through" in s and s["reported_through"] != "kcna":
                before, after, verb, direct = REPORTED_THROUGH
            else:
                before, after, verb, direct = rng.choice(TEMPLATES[s["stance"]])
            fill = {"who": who, "Who": _capital(who), "when": when,
                    "relay": self.actors["national-intelligence-service"].text,
                    "outlet": self.actors.get(s.get("reported_through", ""), self.actors["kbs"]).text}
            quote = claim.clause
            if direct and not (before.startswith("\"We") or before.startswith("\"It")):
                quote = _capital(quote)
            if s.get("reported_through") == "kcna" and after.endswith("."):
                after = after[:-1] + ", according to " + self.actors["kcna"].text + "."
            head = before.format(**fill)
            if prefix and number == 0:
                head = prefix + head
            sentence = head + quote + after.format(**fill)
            start = add(sentence) + len(head)
            s.update(verb=verb, quote=quote, start=start, end=start + len(quote), direct=direct)
            if rng.random() < 0.45 or number == len(statements) - 1:
                if rng.random() < 0.3:
                    add(rng.choice(BACKGROUND))
                close_paragraph()
        if rng.random() < 0.5:
            add(rng.choice(BACKGROUND))
            close_paragraph()
        title = statements[0]["quote"] if statements else "North Korean troops in Russia"
        return "\n\n".join(paragraphs), _capital(title.rstrip(".,"))[:150]

    def _yaml(self, name: str, outlet: str, entities: list[dict], deployments: list[dict], claims: list[Claim],
              statements: list[dict]) -> str:
        lines = [f"# Generated by `python benchmarks/archive.py --articles {self.articles} --seed {self.seed}`: a",
                 f"# synthetic annotation of articles/{name}.txt for the build benchmarks, not real reporting.",
                 "", "article:", f"  outlet: {outlet}", "", "entities:"]
        lines += [f"  - {_flow(e)}" for e in entities]
        if deployments:
            lines += ["", "deployments:"] + [f"  - {_flow(d)}" for d in deployments]
        lines += ["", "claims:" + ("" if claims else " []")]
        for claim in claims:
            record = {"id": claim.id, "text": claim.text}
            for key in ("describes", "condition"):
                if getattr(claim, key):
                    record[key] = getattr(claim, key)
            record["mentions"] = list(claim.mentions)
            if claim.quantity:
                record["quantities"] = [claim.quantity]
            lines.append(f"  - {_flow(record)}")
        lines += ["", "statements:"]
        order = ("id", "speaker", "on_behalf_of", "relayed_via", "reported_through", "claim", "stance", "certainty",
                 "verb", "said", "quote", "start", "end", "direct")
        for s in statements:
            lines.append(f"  - {_flow({key: s[key] for key in order if key in s})}")
        return "\n".join(lines) + "\n"


ANONYMOUS_KEYS = frozenset(key for key, *_ in ANONYMOUS)
PUTS_FORWARD = frozenset({"asserts", "forecasts", "speculates", "states-conditionally"})


def avoid_choice(choice: str, avoid: str | None, choices: list[str], rng: random.Random) -> str:
    """`choice`, or another of `choices` when it is the one to avoid."""
    if choice != avoid or len(choices) < 2:
        return choice
    return rng.choice([c for c in choices if c != avoid])


def _flow(record: dict) -> str:
    """A YAML flow mapping; strings as JSON strings, which YAML reads as double-quoted scalars."""
    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(item) for item in v) + "]"
        if isinstance(v, dict):
            return _flow(v)
        return json.dumps(v)
    return "{" + ", ".join(f"{key}: {value(v)}" for key, v in record.items()) + "}"


def write_archive(root: Path, articles: int, seed: int = 0) -> None:
    """A complete claimgraph project at `root` (which must not exist or be empty) with `articles`
    generated articles and their annotations, and the repository's ontology/ and queries/."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; give a new directory")
    for part in ("ontology", "queries"):
        shutil.copytree(REPO / part, root / part)
    (root / "articles").mkdir()
    (root / "annotations").mkdir()
    archive = _Archive(articles, seed)
    for index in range(articles):
        name, text, annotation = archive.article(index)
        (root / "articles" / f"{name}.txt").write_text(text, encoding="utf-8")
        (root / "annotations" / f"{name}.yaml").write_text(annotation, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, required=True, metavar="N", help="how many articles")
    parser.add_argument("--seed", type=int, default=0, help="the same seed and size give the same bytes")
    parser.add_argument("dir", type=Path, help="a new or empty directory for the project")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    try:
        write_archive(args.dir, args.articles, args.seed)
    except (FileExistsError, OSError) as exc:
        print(f"archive.py: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.articles} articles to {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
