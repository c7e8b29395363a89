"""When a statement was made, as a date expression the annotation format resolves against the
article's date ("on Monday", "a week earlier", "last week")."""

from __future__ import annotations

import re

from ..model import dates


def said(r, verb) -> str:
    """When the statement was made, as a date expression the annotation format resolves."""
    outside = set()
    for child in verb.children:  # a date inside the subject or the reported clause is not when it was said
        if child.dep_ in ("nsubj", "nsubjpass", "ccomp", "xcomp", "conj", "advcl", "parataxis"):
            outside.update(t.i for t in child.subtree)
    candidates = [t for t in verb.subtree if t.i not in outside and t != verb and (
        (t.ent_type_ == "DATE" and t.dep_ in ("pobj", "npadvmod", "advmod", "nmod"))
        or (t.dep_ == "advmod" and t.lower_ in ("earlier", "ago", "before") and t.head == verb))]
    candidates.sort(key=lambda t: abs(t.i - verb.i))
    if not candidates and verb.dep_ in ("conj", "xcomp", "advcl", "ccomp"):
        return said(r, verb.head)
    for token in candidates:
        expression = date_expression(token)
        if expression:
            try:
                dates.resolve(expression, r.article.date)
                return expression
            except dates.DateExpressionError:
                continue
    return "today" if verb.tag_ in ("VBZ", "VBP") else "not stated"


def date_expression(token) -> str | None:
    """A DATE mention near a reporting verb as an expression `dates.resolve` understands."""
    phrase = token.doc[token.left_edge.i:token.right_edge.i + 1].text if token.ent_type_ else token.text
    if token.ent_type_ == "DATE":
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        phrase = ent.text if ent is not None else phrase
    phrase = phrase.lower().strip()
    match = re.fullmatch(r"(a|an|one|two|three|four|five|six|seven|\d+) (day|days|week|weeks) (?:earlier|before|ago)",
                         phrase)
    if match:
        count = {"a": "one", "an": "one"}.get(match.group(1), match.group(1))
        return f"{count} {match.group(2)} ago"
    if phrase in ("earlier", "previously"):
        return "earlier"
    return phrase
