"""Who speaks: names, titles, possessors ("North Korea's mission"), anonymous sources with their
affiliation, and pronouns resolved to the last person or actor mentioned."""

from __future__ import annotations

import re

from . import entities, furniture
from .words import ANONYMOUS_NOUNS, NOT_A_SPOKESPERSON, SPOKESPERSON_ROLES

HONORIFICS = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "adm", "sen", "rep", "amb", "sec", "secretary"}
NOT_A_VOICE = {"q", "question", "reporter", "moderator", "anchor", "report", "correspondent"}


def speaker(r, token) -> str | None:
    if token is None:
        return None
    if token.pos_ == "PRON":
        if token.lower_ in ("i", "we", "me", "us"):  # in a transcript: whoever the paragraph's label names
            return next((who for start, end, who in r.voices if start <= token.idx < end), None) \
                or (r.last_actor if token.lower_ == "we" else None)
        if token.lower_ in ("he", "she"):
            return r.last_person
        if token.lower_ in ("it", "they", "we"):
            return r.last_actor
        return None
    if token.i in r.spans:
        return remember(r, r.spans[token.i])
    appos = next((c for c in token.children if c.dep_ == "appos" and c.i in r.spans), None)
    if appos is not None:
        return remember(r, r.spans[appos.i])
    compound = [t for t in token.subtree if t.i in r.spans and t.head == token and t.dep_ == "compound"]
    earlier = the_same(r, token)
    if earlier is not None:
        return remember(r, earlier)
    if token.lemma_ in ANONYMOUS_NOUNS:
        return remember(r, anonymous(r, token))
    if compound and r.table.entities.get(r.spans[compound[-1].i], {}).get("type") == "Person":
        return remember(r, r.spans[compound[-1].i])
    owner = entities.possessor(r, token)
    if owner and token.pos_ == "NOUN":  # "North Korea's mission to the United Nations"
        kept = [t for t in token.subtree if t.dep_ not in ("det", "punct", "appos", "relcl", "acl")
                and not any(a.dep_ in ("relcl", "acl", "appos") for a in t.ancestors if a.i >= token.i)]
        label = r.doc[kept[0].i:kept[-1].i + 1].text if kept else token.text
        body = entities.national_body(label, owner)
        if body is not None:
            return remember(r, r.table.use(body))
        entity_id = r.table.add(label, entities.organisation_kind(label) if not entities.is_role_noun(token) else "Person",
                                   affiliation=owner, speaks_for=owner)
        return remember(r, entity_id)
    return None


def the_same(r, token) -> str | None:
    """ "the agency said", "the ministry added", "the official said": the last actor named before
    whose label has that noun (the National Intelligence Service is "the agency" only when named
    so: its label must hold the word)."""
    if token.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) \
            or any(c.dep_ in ("amod", "compound", "poss", "prep") for c in token.children):
        return None
    noun = token.lemma_.lower()
    for i in sorted((i for i in r.spans if i < token.i), reverse=True):
        record = r.table.entities.get(r.spans[i], {})
        if record.get("type") not in ("Country", "City", "Region", "Place") and (
                noun in record.get("label", "").lower().split() or noun in (record.get("role") or "").lower().split()
                or noun == "agency" and record.get("type") in ("IntelligenceAgency", "NewsOutlet")):
            return r.spans[i]
    return None


def anonymous(r, token) -> str | None:
    modifiers = [t for t in token.lefts if t.dep_ in ("amod", "compound", "nmod", "nummod")]
    affiliation = None
    words = []
    for modifier in modifiers:
        for t in modifier.subtree:
            named = r.spans.get(t.i) or (r.table.lookup(t.text) if t.text[:1].isupper() else None)
            if named and r.table.entities.get(named, {}).get("type") != "Person":
                affiliation = affiliation or named
            words.append(t.text)
    if affiliation is None:
        affiliation = entities.possessor(r, token)
    described = [t for t in token.rights if t.dep_ in ("acl", "relcl", "prep")]  # "lawmakers briefed by the NIS"
    if affiliation is None and not described:
        return None
    if described:
        words.append(token.text)
        words.extend(t.text for t in described[0].subtree)
        label = " ".join(words)
        return r.table.add(label, "AnonymousSource", affiliation=affiliation, role=label)
    label = " ".join([*words, token.text])
    kind = "AnonymousSource"
    speaks_for = affiliation if token.lemma_ in ("official", "spokesperson", "spokesman", "spokeswoman") else None
    return r.table.add(label, kind, affiliation=affiliation, role=label, speaks_for=speaks_for)


def remember(r, entity_id: str | None) -> str | None:
    if entity_id is None:
        return None
    entity = r.table.entities.get(entity_id, {})
    if entity.get("type") in ("Person", "AnonymousSource"):
        r.last_person = entity_id if entity.get("type") == "Person" else r.last_person
    r.last_actor = entity_id
    return entity_id


def find_voices(r) -> None:
    """The speaker of each labelled paragraph of a transcript or script ("GEN. RYDER: ...")."""
    for label in furniture.labels(r.article.body):
        who = None if label.text.lower() in NOT_A_VOICE else _labelled(r, label.text)
        r.voices.append((label.start, label.end, who))


def _labelled(r, text: str) -> str | None:
    """The person a label names: "GEN. RYDER" is the Ryder introduced before; "PENTAGON PRESS
    SECRETARY ... PAT RYDER" introduces him, with his title and whom it speaks for."""
    words = [w for w in re.split(r"[\s.]+", text) if w]
    names = [w.capitalize() if w.isupper() else w for w in words]
    while names and names[0].lower() in HONORIFICS:
        names = names[1:]
    if not names:
        return None
    for size in (2, 1):
        found = r.table.lookup(" ".join(names[-size:])) if len(names) >= size else None
        if found and r.table.entities.get(found, {}).get("type") in ("Person", "AnonymousSource"):
            return remember(r, found)
    role_words = [w for w in names[:-2] if w.lower() not in HONORIFICS]
    role = " ".join(role_words) or None
    affiliation = next((r.table.lookup(" ".join(role_words[i:j])) for i in range(len(role_words))
                        for j in range(len(role_words), i, -1) if r.table.lookup(" ".join(role_words[i:j]))), None)
    speaks_for = affiliation if role and SPOKESPERSON_ROLES.search(role) and not NOT_A_SPOKESPERSON.search(role) \
        else None
    label = " ".join(names[-2:]) if len(names) >= 2 else names[-1]
    return remember(r, r.table.add(label, "Person", role=role.lower() if role else None, affiliation=affiliation,
                                   speaks_for=speaks_for))
