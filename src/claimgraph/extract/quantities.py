"""Figures in a statement's clause: the number, what it counts and how it is qualified."""

from __future__ import annotations

import re

from .words import CASUALTY_WORDS, KILLED_WORDS, QUALIFIER_CUES, TROOP_NOUNS


def quantity(r, tokens, lemmas: set[str], s, deployment) -> dict | None:
    for t in tokens:
        if not (t.like_num and t.dep_ in ("nummod", "quantmod") or t.ent_type_ == "CARDINAL" and t.like_num):
            continue
        noun = t.head
        if noun.lemma_.lower() not in TROOP_NOUNS and not (noun.head.lemma_.lower() in TROOP_NOUNS):
            continue
        value = number(t.text)
        if value is None:
            continue
        before = r.article.body[max(0, t.idx - 40):t.idx]
        qualifier = next((q for pattern, q in QUALIFIER_CUES if pattern.search(before)), "exactly")
        measure = "killed" if lemmas & KILLED_WORDS else "casualties" if lemmas & CASUALTY_WORDS \
            else "troop-strength"
        quantity = {"value": value, "qualifier": qualifier, "measure": measure, "unit": "soldiers"}
        if s["stance"] == "forecasts":
            target = next((x for x in tokens if x.lower_ == "by" and any(c.ent_type_ == "DATE"
                                                                         for c in x.children)), None)
            if target is None:
                return None
            quantity.update({"modality": "forecast",
                             "by": "by " + " ".join(c.text for c in target.children if c.ent_type_ == "DATE")})
        else:
            quantity.update({"modality": "estimate", "as_of": s["said"]})
        if deployment:
            quantity["of"] = deployment
        return quantity
    return None


def number(text: str) -> int | None:
    cleaned = text.replace(",", "")
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    words = {"hundred": 100, "thousand": 1000, "dozen": 12}
    return words.get(cleaned.lower())
