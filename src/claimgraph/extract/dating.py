"""When a statement was made, as a date expression the annotation format resolves against the
article's date ("on Monday", "a week earlier", "last week")."""

from __future__ import annotations

import datetime as dt
import re

from ..model import dates
from .words import REPORTING_VERBS


def said(r, verb) -> str:
    """When the statement was made, as a date expression the annotation format resolves."""
    gap = days_apart(verb)
    if gap is not None:  # "came a day after the agency confirmed P": a day before the story's occasion
        anchor = day_of(r, verb.head)
        if anchor is not None:
            return (anchor + dt.timedelta(days=gap)).isoformat()
    outside = set()
    for child in verb.children:  # a date inside the subject or the reported clause is not when it was said
        if child.dep_ in ("nsubj", "nsubjpass", "ccomp", "xcomp", "conj", "advcl", "parataxis"):
            outside.update(t.i for t in child.subtree)
    candidates = [t for t in verb.subtree if t.i not in outside and t != verb and (
        (t.ent_type_ in ("DATE", "TIME") and t.dep_ in ("pobj", "npadvmod", "advmod", "nmod"))
        or (t.dep_ == "advmod" and t.lower_ in ("earlier", "ago", "before", "previously", "recently")
            and t.head == verb))]
    candidates.sort(key=lambda t: abs(t.i - verb.i))
    if not candidates and (verb.dep_ in ("xcomp", "advcl")
                           or verb.dep_ in ("conj", "ccomp") and verb.head.lemma_ in REPORTING_VERBS):
        return said(r, verb.head)  # "declined to confirm", "thanked X, saying P": when the head verb was done
    if not candidates and verb.dep_ == "relcl":  # "came on Tuesday from X, who told reporters P"
        governing = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if governing is not None and said(r, governing) not in ("today", "not stated"):
            return said(r, governing)
    for token in candidates:
        offset = days_from_the_story(mention(token))
        if offset is not None and r.last_day is not None:  # "two days earlier", "later that day"
            return (r.last_day + dt.timedelta(days=offset)).isoformat()
        expression = date_expression(token)
        if expression:
            try:
                interval = dates.resolve(expression, r.article.date)
            except dates.DateExpressionError:
                continue
            if interval.precision == "day":
                r.last_day = interval.earliest
            return expression
    present = verb.tag_ in ("VBZ", "VBP") and verb.lemma_ != "have"  # "has yet to acknowledge" is not today's
    return "today" if present else "not stated"


def days_apart(verb) -> int | None:
    """ "(two days) after X said P": how many days X spoke after (-) or before (+) the clause above."""
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
    if verb.dep_ != "advcl" or mark is None:
        return None
    for child in [*verb.children, *mark.children]:  # "a day" hangs on the verb or on "after"
        match = re.fullmatch(r"(a|an|one|two|three|four|five|six|seven|\d+) days?", mention(child)) \
            if child.dep_ == "npadvmod" and child.ent_type_ == "DATE" else None
        if match:
            count = dates.NUMBER_WORDS.get(match.group(1)) or int(match.group(1))
            return -count if mark.lower_ == "after" else count
    return None


def day_of(r, verb) -> dt.date | None:
    """The day a verb's clause happened, when the text says (or news of the day implies) it."""
    expression = said(r, verb)
    if expression == "not stated" and is_news_of_the_day(verb):
        expression = "today"
    try:
        interval = dates.resolve(expression, r.article.date)
    except dates.DateExpressionError:
        return None
    return interval.earliest if interval.precision == "day" else None


RELATIVE_DAY = re.compile(r"(?:(?P<count>a|an|one|two|three|four|five|six|seven|\d+) days? "
                          r"(?P<way>earlier|before|later|after)"
                          r"|(?:later |earlier )?(?:that|the same) day|the (?P<next>next|following) day"
                          r"|the (?P<previous>previous|preceding) day|the day before)")


def days_from_the_story(phrase: str) -> int | None:
    """How many days from the day the story last named a phrase counts ("two days earlier": -2,
    "the next day": 1, "later that day": 0); None for a phrase that counts from today."""
    match = RELATIVE_DAY.fullmatch(phrase)
    if match is None:
        return None
    if match.group("count"):
        count = dates.NUMBER_WORDS.get(match.group("count")) or int(match.group("count"))
        return -count if match.group("way") in ("earlier", "before") else count
    if match.group("next"):
        return 1
    if match.group("previous") or phrase == "the day before":
        return -1
    return 0


def settle(r, statements: list[dict]) -> None:
    """News copy dates an occasion once. A statement with no day of its own (nor an earlier dated
    one by the same speaker): in the pluperfect, made earlier; by a spokesperson right after their
    body spoke on a named day, made that day; in the simple past, news of the article's day."""
    body_spoke = None  # (paragraph, day) of the last statement an organisation made on a named day
    for_the_body = {}  # spokesperson -> the day they spoke for it
    for statement in statements:
        verb = statement["verb_token"]
        own = said(r, verb)
        paragraph = paragraph_number(r.article.body, statement["start"])
        record = r.table.entities.get(statement["speaker"], {})
        if is_pluperfect(verb) and own == "not stated":
            statement["said"] = "earlier"  # "had dismissed the reports": before the story's occasion
        elif statement["said"] == "not stated" and statement["speaker"] in for_the_body:
            statement["said"] = for_the_body[statement["speaker"]]
        elif statement["said"] == "not stated" and body_spoke and paragraph - body_spoke[0] <= 1 \
                and SPOKESPERSON.search(record.get("role") or ""):
            statement["said"] = body_spoke[1]  # "The White House said on Wednesday ... Its spokesman told reporters"
            for_the_body[statement["speaker"]] = body_spoke[1]
        elif statement["said"] == "not stated" and is_news_of_the_day(verb):
            statement["said"] = "today"
        if own not in ("not stated", "today") and record.get("type") not in ("Person", "AnonymousSource", None):
            body_spoke = (paragraph, own)


SPOKESPERSON = re.compile(r"spokes|press secretary", re.IGNORECASE)


def paragraph_number(body: str, at: int) -> int:
    return sum(1 for line in body[:at].split("\n")[:-1] if line.strip())


def is_pluperfect(verb) -> bool:
    """ "had said": said before the time the story is told from."""
    return any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def is_news_of_the_day(verb) -> bool:
    """A simple past reporting verb ("said", "told", "did not deny", "would not say"), or one that
    hangs on such a verb ("declined to confirm", "..., saying P"); not a perfect ("has
    acknowledged", "had said") that leaves open when it was done."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lemma_ == "have" for c in auxiliaries):
        return False
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" or c.lower_ in PAST_MODALS for c in auxiliaries):
        return True
    return verb.tag_ in ("VB", "VBG") and verb.dep_ in ("xcomp", "advcl", "conj") and verb.head != verb \
        and is_news_of_the_day(verb.head)


PAST_MODALS = {"would", "could"}


MONTH_ABBREVIATIONS = {"jan": "january", "feb": "february", "aug": "august", "sep": "september",
                       "sept": "september", "oct": "october", "nov": "november", "dec": "december"}


def mention(token) -> str:
    """The whole date a token is part of ("two days earlier"), lower-cased."""
    doc = token.doc
    phrase = doc[token.left_edge.i:token.right_edge.i + 1].text if token.ent_type_ else token.text
    if token.ent_type_ in ("DATE", "TIME"):
        start, end = token.i, token.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        phrase = doc[start:end].text
    return phrase.lower().strip()


def date_expression(token) -> str | None:
    """A DATE mention near a reporting verb as an expression `dates.resolve` understands."""
    phrase = mention(token)
    phrase = re.sub(r"\s+(?:night|morning|afternoon|evening)$", "", phrase)  # "Monday night" is Monday
    phrase = re.sub(r"\b(jan|feb|aug|sept?|oct|nov|dec)\b\.?", lambda m: MONTH_ABBREVIATIONS[m.group(1)], phrase)
    match = re.fullmatch(r"(a|an|one|two|three|four|five|six|seven|\d+) (day|days|week|weeks) (?:earlier|before|ago)",
                         phrase)
    if match:
        count = {"a": "one", "an": "one"}.get(match.group(1), match.group(1))
        return f"{count} {match.group(2)} ago"
    if phrase in ("earlier", "previously", "before"):
        return "earlier"
    return phrase
