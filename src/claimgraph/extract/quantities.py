"""Figures in a statement's clause: every number of people it states, what each counts (troops, killed,
wounded, casualties, captured), how it is qualified, and where it holds.

A clause may state several figures ("about 300 killed and 2,700 wounded" is two). Each is read from
the words, not from one article's phrasing:

- the amount: digits ("1,500", "1.5 million"), number words ("two thousand", "eleven hundred"),
  ranges ("between 11,000 and 12,000", "11,000 to 12,000", "11,000–12,000": qualifier `between`,
  bounds only) and vague amounts ("thousands", "several hundred", "dozens", "a couple of thousand",
  "a small number": qualifier `vague`, bounds only, never a point value; see VAGUE_*);
- the qualifier, from the words just before or after it ("about", "at least", "up to", "more
  than", "or more"), as a bound where the annotation format takes one;
- the measure, from the counted noun and the words around it: the verb it is the subject or
  object of ("were killed", "captured two soldiers"), the words that follow it ("300 dead",
  "killed or wounded"), and for a bare number the phrase it completes ("the number of wounded is
  approaching 1,000", "put their losses at ...");
- the scope: a place the clause locates the figure in ("in Russia's Kursk region", "across
  Russia"), resolved to an entity the draft already knows; none when the clause names none.

Numbers that count something else (days, villages, ships, dates, percentages) are not figures.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..model import dates

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10 ** 6, "billion": 10 ** 9}
DOZEN = {"dozen": 12, "score": 20}

# Vague amounts as bounds (lower, upper), never a value. "thousands" is at least two thousand with
# no stated ceiling; "several hundred" two to nine hundred; "several dozen" two dozen to under a
# hundred (above that one says "over a hundred").
VAGUE_PLURALS = {"dozens": (24, None), "scores": (40, None), "hundreds": (200, None), "thousands": (2000, None),
                 "millions": (2 * 10 ** 6, None)}
VAGUE_FEW = {"several": (2, 9), "a few": (2, 5), "a couple of": (1.5, 3), "a couple": (1.5, 3)}
VAGUE_DOZEN_FEW = {"several": (24, 99), "a few": (24, 60), "a couple of": (24, 36), "a couple": (24, 36)}
VAGUE_PHRASES = {("a", "small", "number"): (1, None), ("a", "handful"): (2, 9)}

QUALIFIERS_BEFORE = [
    (re.compile(r"\b(?:at least|no fewer than|no less than|a minimum of|not less than)\s*$", re.I), "at-least"),
    (re.compile(r"\b(?:up to|as many as|at most|a maximum of|no more than|not more than)\s*$", re.I), "at-most"),
    (re.compile(r"\b(?:more than|over|upwards of|in excess of|above|exceeding|exceeded|exceeds|just over|"
                r"well over|surpassing)\s*$", re.I), "more-than"),
    (re.compile(r"\b(?:fewer than|less than|under|below|just under|short of)\s*$", re.I), "fewer-than"),
    (re.compile(r"\b(?:about|around|approximately|roughly|some|nearly|almost|an estimated|estimated|close to|"
                r"approaching|approached|nearing|neared|circa|an approximate)\s*$", re.I),
     "approximately"),
]
QUALIFIERS_AFTER = {("or", "more"): "at-least", ("or", "so"): "approximately", ("or", "fewer"): "at-most",
                    ("or", "less"): "at-most", ("plus",): "at-least"}

# What a figure counts. A figure must count military personnel; these nouns say it does.
PERSON_NOUNS = {"troop", "soldier", "personnel", "fighter", "serviceman", "servicemen", "servicemember",
                "man", "men", "officer", "conscript", "recruit", "commando", "marine", "infantryman", "sailor",
                "pilot", "mercenary", "force", "casualty", "prisoner", "captive", "pow", "dead", "wounded",
                "injured", "fatality", "death"}
PARTITIVE_PRONOUNS = {"them", "those", "these", "whom", "which", "us", "they"}
MORE_WORDS = {"more", "additional", "other", "others", "extra", "new", "further"}
COUNTING_NOUNS = {"number", "toll", "total", "tally", "figure", "count", "loss", "casualty", "estimate", "strength",
                  "size", "contingent", "deployment"}  # "the number of wounded is approaching 1,000"

KILLED = {"kill", "killed", "dead", "death", "die", "fatality", "slay", "slain", "perish"}
WOUNDED = {"wound", "wounded", "injure", "injured", "injury"}
CASUALTIES = {"casualty", "loss"}
CAPTURED = {"capture", "captured", "prisoner", "captive", "pow", "surrender"}
NOT_PEOPLE_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"}
STOP_WORDS = {"since", "while", "when", "after", "because", "although", "though", "before", "until", "if",
              "which", "who", "where", "whereas", "but", "unlike", "than"}
STOP_PUNCT = {",", ";", ":", "(", ")", "—", "–", "-", "--"}
WINDOW = 8
LINKS = {"to", "and", "or", ",", "from", "then"}

LOCATIVE = {"in", "into", "to", "across", "throughout", "near", "around", "inside", "within", "at", "on", "toward",
            "towards", "along", "over"}
PLACE_TYPES = {"Place", "City", "Region", "Country"}
PLACE_ENTS = {"GPE", "LOC", "FAC"}
DEPLOY_VERBS = {"send", "deploy", "dispatch", "transfer", "station", "move"}
FORECAST_MARKERS = {"will", "would", "could", "may", "might", "shall", "expect", "plan", "project", "forecast",
                    "anticipate", "predict", "likely"}


# --------------------------------------------------------------------------- amounts


def _decimal(text: str) -> Decimal | None:
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _word_value(word: str) -> Decimal | None:
    """A number word or hyphenated number word ("twenty-five") as a number, else None."""
    word = word.lower()
    if word in UNITS:
        return Decimal(UNITS[word])
    if word in TENS:
        return Decimal(TENS[word])
    parts = word.split("-")
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS and 0 < UNITS[parts[1]] < 10:
        return Decimal(TENS[parts[0]] + UNITS[parts[1]])
    return None


def _count(value: Decimal | float | int | None):
    """A whole count as an int (YAML-ready), else None: 1.5 people is not a count."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() and value >= 0 else None


def _number_at(words: list[str], i: int) -> tuple[Decimal, int] | None:
    """The number starting at words[i] ("1,500", "1.5 million", "two thousand five hundred",
    "eleven hundred", "twenty five", "a thousand", "a dozen") and the index after it, or None."""
    j = i
    if words[j] in ("a", "an") and j + 1 < len(words) and (words[j + 1] in SCALES or words[j + 1] in DOZEN):
        current, j = Decimal(1), j + 1
    elif _decimal(words[j]) is not None:
        current, j = _decimal(words[j]), j + 1
    elif _word_value(words[j]) is not None:
        current, j = _word_value(words[j]), j + 1
    elif words[j] in SCALES or words[j] in DOZEN:  # a bare "thousand", "dozen"
        current = Decimal(1)
    else:
        return None
    total, words_only = Decimal(0), _decimal(words[i]) is None
    while j < len(words):
        word, value = words[j], _word_value(words[j])
        if word in DOZEN:
            current *= DOZEN[word]
        elif word == "hundred":
            current *= 100
        elif word in SCALES:
            total, current = total + current * SCALES[word], Decimal(0)
        elif words_only and value is not None and (current == 0 or (current in TENS.values() and value < 10)):
            current += value  # "two thousand five (hundred)", "twenty five"
        else:
            break
        j += 1
    return total + current, j


def number(text: str) -> int | None:
    """One word or numeral as a whole number ("10,000", "thousand", "dozen", "eleven"), else None."""
    words = text.lower().split()
    if len(words) != 1:
        return None
    found = _number_at(words, 0)
    return _count(found[0]) if found and found[1] == 1 else None


def amount_at(words: list[str], i: int) -> dict | None:
    """The amount starting at words[i]: {"end", and "value" or "lower"/"upper", and "qualifier" for
    ranges and vague amounts}, or None."""
    w = words
    # vague phrases: "a small number", "a handful"
    for phrase, (lower, upper) in VAGUE_PHRASES.items():
        if tuple(w[i:i + len(phrase)]) == phrase:
            return {"end": i + len(phrase), "lower": lower, "upper": upper, "qualifier": "vague"}
    # "several hundred", "a few thousand", "a couple of thousand", "several dozen"
    for few in sorted(VAGUE_FEW, key=len, reverse=True):
        n = len(few.split())
        if tuple(w[i:i + n]) == tuple(few.split()) and i + n < len(w):
            scale = w[i + n]
            if scale in DOZEN or scale == "dozens":
                lower, upper = VAGUE_DOZEN_FEW[few]
                return {"end": i + n + 1, "lower": lower, "upper": upper, "qualifier": "vague"}
            if scale in SCALES or scale.rstrip("s") in SCALES:
                s = SCALES[scale.rstrip("s")]
                lower, upper = VAGUE_FEW[few]
                return {"end": i + n + 1, "lower": lower * s, "upper": upper * s, "qualifier": "vague"}
    # "thousands", "tens of thousands", "hundreds of thousands", "dozens"
    if w[i] in ("tens", "hundreds") and i + 2 < len(w) and w[i + 1] == "of" and w[i + 2] in VAGUE_PLURALS \
            and w[i + 2] != "dozens":
        base = VAGUE_PLURALS[w[i + 2]][0] // 2
        return {"end": i + 3, "lower": base * (20 if w[i] == "tens" else 200), "upper": None, "qualifier": "vague"}
    if w[i] in ("many", "several") and i + 1 < len(w) and w[i + 1] in VAGUE_PLURALS:
        i += 1
    if w[i] in VAGUE_PLURALS:
        return {"end": i + 1, "lower": VAGUE_PLURALS[w[i]][0], "upper": None, "qualifier": "vague"}
    # a single-token range: "11,000-12,000", "11,000–12,000"
    match = re.fullmatch(r"([\d,.]+)\s*[-–—]\s*([\d,.]+)", w[i])
    if match and _decimal(match.group(1)) is not None and _decimal(match.group(2)) is not None:
        lower, upper = _decimal(match.group(1)), _decimal(match.group(2))
        end = i + 1
        if end < len(w) and w[end] in SCALES:
            lower, upper, end = lower * SCALES[w[end]], upper * SCALES[w[end]], end + 1
        return _range(lower, upper, end)
    # "between A and B"
    if w[i] == "between" and i + 1 < len(w):
        first = _number_at(w, i + 1)
        if first and first[1] < len(w) and w[first[1]] in ("and", "-", "–", "—"):
            second = _number_at(w, first[1] + 1)
            if second:
                return _range(*_shared_scale(w, first, second), second[1])
        return None
    first = _number_at(w, i)
    if first is None:
        return None
    value, end = first
    # "A to B", "A-B", "A or B" (two or three); "from A to B" is a change, not a range
    if end + 1 < len(w) and w[end] in ("to", "-", "–", "—", "or") and not (i and w[i - 1] == "from"):
        second = _number_at(w, end + 1)
        if second is not None:
            lower, upper = _shared_scale(w, first, second)
            if upper > lower:
                return _range(lower, upper, second[1])
    return {"end": end, "value": value}


def _shared_scale(words, first, second) -> tuple[Decimal, Decimal]:
    """ "11 to 12 thousand", "1.5 to 2 million": the second number's scale applies to the first."""
    lower, upper = first[0], second[0]
    last = words[second[1] - 1]
    if last in SCALES and lower < SCALES[last] and lower * SCALES[last] <= upper:
        lower = lower * SCALES[last]
    return lower, upper


def _range(lower, upper, end) -> dict | None:
    if lower is None or upper is None or lower >= upper:
        return None
    return {"end": end, "lower": lower, "upper": upper, "qualifier": "between"}


# --------------------------------------------------------------------------- figures in a clause


def figures(r, tokens, lemmas: set[str], s, deployment) -> list[dict]:
    """Every figure the clause `tokens` states, in text order, as annotation quantities."""
    if not tokens:
        return []
    doc = r.doc
    first, last = tokens[0].i, tokens[-1].i
    words = [t.lower_ for t in doc[first:last + 1]]
    found, k = [], 0
    while k < len(words):
        amount = amount_at(words, k)
        if amount is None or not _plausible(doc, first + k, first + amount["end"]):
            k += 1
            continue
        amount["start"], amount["end"] = first + k, first + amount["end"]
        found.append(amount)
        k = amount["end"] - first
    sender = _sender(r, deployment)
    target = _target(r, tokens, lemmas, s)
    out, previous = [], None  # the figure before, when it counted people
    for index, amount in enumerate(found):
        after = found[index + 1]["start"] if index + 1 < len(found) else last + 1
        before = found[index - 1]["end"] if index else first
        noun = _counted_noun(doc, amount)
        # "grew from 3,000 to 11,000", "3,000 or 4,000": a bare number linked to the figure before counts the same
        linked = previous is not None and noun is None and previous[0] == index - 1 and all(
            t.lower_ in LINKS for t in doc[before:amount["start"]])
        if not linked and not _counts_people(doc, amount, noun, before, after, lemmas):
            previous = None
            continue
        if noun is not None and sender and _other_country(r, noun, sender):
            continue  # "1.5 million Russian soldiers" beside North Korea's: not this deployment's figure
        quantity = _amount_fields(r, doc, amount, after)
        if quantity is None:
            previous = None
            continue
        measure = previous[1] if linked else _measure(doc, amount, noun, before, after)
        previous = (index, measure)
        quantity.update({"measure": measure, "unit": "soldiers"})
        if target is not None:
            quantity.update({"modality": "forecast", "by": target})
        elif s["stance"] == "forecasts" and not _past(tokens):
            continue  # a forecast needs its target date; "had crossed" is reported, whatever the stance
        else:
            quantity.update({"modality": "estimate", "as_of": s["said"]})
        if deployment:
            quantity["of"] = deployment
        scope = _scope(r, doc, amount, first, last, after, sender)
        if scope:
            quantity["scope"] = scope
        if quantity not in out:
            out.append(quantity)
    return out


def quantity(r, tokens, lemmas: set[str], s, deployment) -> dict | None:
    """The clause's first figure (see `figures`), or None."""
    found = figures(r, tokens, lemmas, s, deployment)
    return found[0] if found else None


def same_figures(a, b) -> bool:
    """Whether two claim keys state the same figures: the same measure, amount, qualifier and
    modality each, and the same scope where both name one."""
    first = list(a.quantities or ([a.quantity] if a.quantity else []))
    second = list(b.quantities or ([b.quantity] if b.quantity else []))
    return len(first) == len(second) and all(_same_figure(x, y) for x, y in zip(first, second))


def _same_figure(a: dict, b: dict) -> bool:
    def key(q):
        return (_count(q.get("value")), _count(q.get("lower")), _count(q.get("upper")), q.get("modality"),
                q.get("measure") or "troop-strength", q.get("qualifier") or "exactly")
    return key(a) == key(b) and (not a.get("scope") or not b.get("scope") or a["scope"] == b["scope"])


def _plausible(doc, start: int, end: int) -> bool:
    """Not a date, time, percentage, sum of money, ordinal or measurement."""
    if any(t.ent_type_ in NOT_PEOPLE_ENTS for t in doc[start:end]):
        return False
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.lower_ in ("%", "percent", "per", "pct"):
        return False
    return not (start > 0 and doc[start - 1].text in ("$", "€", "£", "#", "No.", "no."))


def _amount_fields(r, doc, amount: dict, after: int) -> dict | None:
    if amount.get("qualifier") in ("between", "vague"):
        lower, upper = _count(amount["lower"]), _count(amount.get("upper"))
        if lower is None and upper is None:
            return None
        fields = {"qualifier": amount["qualifier"]}
        if lower is not None:
            fields["lower"] = lower
        if upper is not None:
            fields["upper"] = upper
        return fields
    value = _count(amount["value"])
    if value is None:
        return None
    start = doc[amount["start"]].idx
    before = r.article.body[max(0, start - 40):start]
    before = re.sub(r"[\"“”'‘’]\s*$", "", before)  # '"at least 10,000"'
    qualifier = next((q for pattern, q in QUALIFIERS_BEFORE if pattern.search(before)), None)
    if qualifier is None:
        following = tuple(t.lower_ for t in doc[amount["end"]:min(amount["end"] + 2, after)])
        qualifier = next((q for words, q in QUALIFIERS_AFTER.items() if following[:len(words)] == words), "exactly")
    return {"value": value, "qualifier": qualifier}


def _counted_noun(doc, amount: dict):
    """The noun the amount counts ("300 soldiers", "thousands of troops", "300 dead"), or None for a
    bare number ("2,700 wounded" parsed as a clause, "reach 10,000")."""
    inside = range(amount["start"], amount["end"])
    tops = [t for t in doc[amount["start"]:amount["end"]] if t.head.i not in inside or t.head == t]
    for top in tops:
        if top.dep_ in ("nummod", "quantmod", "amod", "compound", "det", "nmod") and top.head.i not in inside:
            head = top.head
            if head.lower_ in MORE_WORDS and head.head != head and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head  # "3,000 more troops"
            if head.pos_ in ("NOUN", "PROPN", "ADJ") or head.lemma_.lower() in PERSON_NOUNS:
                return head
    # "thousands of soldiers", "11,000 of them", "a small number of soldiers"
    for t in doc[amount["start"]:amount["end"]]:
        for prep in t.children:
            if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i >= amount["end"]:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    nxt = amount["end"]
    if nxt + 1 < len(doc) and doc[nxt].lower_ == "of" and doc[nxt + 1].pos_ in ("NOUN", "PROPN", "PRON", "DET"):
        for t in doc[nxt + 1:min(nxt + 6, len(doc))]:  # a misparsed "of" phrase
            if t.pos_ in ("NOUN", "PROPN", "PRON"):
                return t
    return None


def _lemma(t) -> str:
    return (t.lemma_ or t.text).lower()


def _is_person(t) -> bool:
    return _lemma(t) in PERSON_NOUNS or t.lower_ in PERSON_NOUNS or (t.ent_type_ == "NORP" and t.tag_ in ("NNPS", "NNS"))


def _forward(doc, amount: dict, after: int) -> list:
    """The words after the amount that still belong to it: up to the next figure, a comma or a
    new clause, at most WINDOW words."""
    out = []
    for t in doc[amount["end"]:min(after, amount["end"] + WINDOW)]:
        if t.text in STOP_PUNCT or t.lower_ in STOP_WORDS:
            break
        out.append(t)
    return out


def _backward(doc, amount: dict, before: int) -> list:
    out = []
    for t in reversed(doc[max(before, amount["start"] - WINDOW):amount["start"]]):
        if t.text in STOP_PUNCT or t.lower_ in STOP_WORDS:
            break
        out.append(t)
    return out


def _top(doc, amount: dict):
    """The amount's token whose head lies outside it."""
    inside = range(amount["start"], amount["end"])
    return next((t for t in doc[amount["start"]:amount["end"]] if t.head.i not in inside or t.head == t),
                doc[amount["end"] - 1])


def _governing(doc, amount: dict, noun, after: int) -> list:
    """The verb whose subject or object the figure is ("300 soldiers were killed", "captured two
    soldiers"), with its coordinated verbs before the next figure ("killed or wounded", "taken
    prisoner"), and the noun's own participles ("soldiers captured in Kursk")."""
    base = noun if noun is not None else _top(doc, amount)
    out = []
    if noun is not None:
        for c in noun.children:
            if c.dep_ in ("amod", "acl", "relcl", "compound") and c.i < after:
                out.append(c)
                out.extend(x for x in c.children if x.dep_ in ("conj", "oprd") and x.i < after)
    if base.dep_ in ("nsubj", "nsubjpass", "dobj") and base.head.pos_ in ("VERB", "AUX"):
        verb = base.head
        out.append(verb)
        out.extend(c for c in verb.children if c.dep_ in ("conj", "oprd", "acomp") and c.i < after)
    return out


def _counts_people(doc, amount: dict, noun, before: int, after: int, lemmas: set[str]) -> bool:
    """Whether the amount counts people: its noun is a person noun ("soldiers", "casualties",
    "North Koreans", "them"), or a bare number is followed by a casualty word ("2,700 wounded"), is
    the subject or object of a casualty or deployment verb, or completes a counting phrase ("the
    number of troops ... at 10,000")."""
    first_word = doc[amount["start"]]
    if amount.get("value") == 1 and first_word.lower_ in ("one", "a", "an"):
        return False  # "one soldier who ...", "one of them": an individual, not a figure
    if amount.get("value") is not None and amount["value"] < 10 and not first_word.text[:1].isdigit() \
            and amount["start"] > 0 and doc[amount["start"] - 1].lower_ in ("the", "these", "those"):
        return False  # "the two soldiers": people already counted
    cues = KILLED | WOUNDED | CAPTURED | CASUALTIES
    forward = [t for t in _forward(doc, amount, after) if t.lower_ not in MORE_WORDS]
    if forward and forward[0].i == amount["end"] and _lemma(forward[0]) in cues:
        return True  # "2,700 wounded", "300 dead", whatever the parse makes of them
    if noun is not None:
        if noun.pos_ == "PRON" or noun.lower_ in PARTITIVE_PRONOUNS:
            return True  # "11,000 of them"
        return _is_person(noun) or _lemma(noun) in KILLED | WOUNDED | CAPTURED
    if any(_lemma(t) in cues for t in forward) or (forward and _is_person(forward[0])):
        return True  # "2,700 wounded", "300 dead", "dozens had been killed"
    if amount["end"] < len(doc) and doc[amount["end"]].lower_ in MORE_WORDS and (
            lemmas & PERSON_NOUNS or lemmas & DEPLOY_VERBS):
        return True  # "at least 3,000 more had been dispatched"
    if _cues(_governing(doc, amount, None, after)) & (cues | DEPLOY_VERBS):
        return True  # "dozens had been taken prisoner", "Pyongyang has sent thousands"
    return any(_lemma(t) in COUNTING_NOUNS or _is_person(t) for t in _backward(doc, amount, before))


def _cues(tokens) -> set[str]:
    out = set()
    for t in tokens:
        out.add(_lemma(t))
        out.add(t.lower_)
    return out


def _measure(doc, amount: dict, noun, before: int, after: int) -> str:
    """What the figure counts, from its noun, the words after it and the verb it belongs to; for a
    bare number or a counting noun, also the phrase before it."""
    near = _forward(doc, amount, after) + _governing(doc, amount, noun, after)
    if noun is not None:
        near.append(noun)
    cues = _cues(near)
    if not cues & (KILLED | WOUNDED | CASUALTIES | CAPTURED) and (noun is None or _lemma(noun) in COUNTING_NOUNS):
        cues |= _cues(_backward(doc, amount, before))  # "the number of dead and wounded at around 1,100"
    if cues & CAPTURED:
        return "captured"
    if cues & CASUALTIES or (cues & KILLED and cues & WOUNDED):
        return "casualties"
    if cues & KILLED:
        return "killed"
    if cues & WOUNDED:
        return "wounded"
    return "troop-strength"


def _past(tokens) -> bool:
    """Whether the clause reports what has happened ("had crossed", "were sent"), with no word
    looking ahead."""
    if any(_lemma(t) in FORECAST_MARKERS for t in tokens):
        return False
    return any(t.tag_ == "VBD" or (t.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in (
        "had", "has", "have", "was", "were") for c in t.children)) for t in tokens)


def _target(r, tokens, lemmas: set[str], s) -> str | None:
    """The target date of a forecast figure ("by December"), when the statement forecasts or the
    clause looks ahead ("could reach 10,000 by December")."""
    if s["stance"] not in ("forecasts", "speculates") and not (lemmas & FORECAST_MARKERS):
        return None
    for x in tokens:
        dated = [c for c in x.children if c.ent_type_ == "DATE"] if x.lower_ == "by" else []
        for expression in ["by " + " ".join(c.text for c in dated),
                           "by " + " ".join(t.text for c in dated for t in c.subtree)] if dated else []:
            try:
                dates.resolve(expression, r.article.date)
            except dates.DateExpressionError:
                continue
            return expression
    return None


def _sender(r, deployment) -> str | None:
    if not deployment or r.claims is None:
        return None
    try:
        return r.claims.deployment_record(deployment).get("sender")
    except (KeyError, AttributeError):
        return None


def _other_country(r, noun, sender: str) -> bool:
    """Whether the counted noun names another state's troops ("Russian soldiers")."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i in r.spans:
            entity = r.table.entities.get(r.spans[c.i], {})
            if entity.get("type") == "Country" and entity["id"] != sender:
                return True
    return False


def _scope(r, doc, amount: dict, first: int, last: int, after: int, sender) -> str | None:
    """The place the figure holds in: in its own stretch of the clause first, then anywhere in the
    clause; a region or city before a whole country ("Russia's Kursk region" is Kursk)."""
    places = []
    for t in doc[first:last + 1]:
        place = _place(r, t)
        if place is None or place == sender or place in (p for _, p, _ in places):
            continue
        own = amount["start"] <= t.i < after
        kind = r.table.entities.get(place, {}).get("type")
        places.append((t.i, place, (not own, kind == "Country")))
    if not places:
        return None
    return min(places, key=lambda p: (p[2], abs(p[0] - amount["start"])))[1]


def _place(r, t) -> str | None:
    """The place entity a token names as where something is ("in Kursk", "to Russia's Kursk region",
    "across Russia"): the object of a preposition of place, not a demonym ("Ukrainian forces"), an
    origin ("from North Korea") or the place of a purpose ("sent to fight in Ukraine")."""
    if t.ent_type_ == "NORP" or t.pos_ not in ("PROPN", "NOUN"):
        return None
    head = t  # "Kursk" in "the Kursk region", "Russia" in "Russia's Kursk region" (the region comes first)
    while head.dep_ in ("compound", "poss", "amod", "case") and head.head != head and head.head.pos_ in (
            "PROPN", "NOUN"):
        head = head.head
    if not (head.dep_ == "pobj" and head.head.lower_ in LOCATIVE):
        return None
    verb = head.head.head
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            and verb.dep_ in ("xcomp", "advcl", "acl"):
        return None  # "sent to fight in Ukraine": a purpose, not where they are
    entity_id = r.spans.get(t.i)
    if entity_id is None and t.pos_ == "PROPN" and t.ent_type_ not in ("PERSON", "ORG"):
        entity_id = _known_place(r, t.text) or _known_place(r, f"{t.text} region")
    record = r.table.entities.get(entity_id or "", {})
    if record.get("type") not in PLACE_TYPES:
        return None
    if record["type"] == "Country" and t.ent_type_ not in PLACE_ENTS:
        return None
    return entity_id


def _known_place(r, name: str) -> str | None:
    """A region, city or place of this draft or the project by name ("Kursk" for the Kursk region),
    never a new entity."""
    entity_id = r.table.by_name.get(name.lower())
    record = r.table.entities.get(entity_id) or r.table.known.get(entity_id) if entity_id else None
    if record is None or record.get("type") not in PLACE_TYPES - {"Country"}:
        return None
    return r.table.use(entity_id)
