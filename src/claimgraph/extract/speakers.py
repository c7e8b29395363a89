"""Who speaks: names, titles, possessors ("North Korea's mission"), anonymous sources with their
affiliation, a title to the one person known to hold it ("Ukraine's defense minister"), and
pronouns resolved to the last person or actor who spoke or was a sentence's subject."""

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
            return salient_person(r, token)
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
    holder = office_holder(r, token)
    if holder is not None:
        return remember(r, holder)
    if token.lemma_ in ANONYMOUS_NOUNS:
        return remember(r, mentioned(r, token, anonymous(r, token)))
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


def salient_person(r, token) -> str | None:
    """Whom "he" or "she" stands for: the last person who spoke, or one named after them as the
    subject of a sentence ("Putin, asked about the images, did not deny ... he said")."""
    spoke_at = max((i for i, entity_id in r.spans.items() if entity_id == r.last_person and i < token.i), default=-1)
    for t in reversed(r.doc[spoke_at + 1:token.i]):
        entity_id = r.spans.get(t.i)
        if entity_id and t.dep_ in ("nsubj", "nsubjpass") and t.head == t.sent.root \
                and r.table.entities.get(entity_id, {}).get("type") == "Person":
            return remember(r, entity_id)
    return r.last_person


def office_holder(r, token) -> str | None:
    """ "Ukraine's defense minister said": the one person this article or the project names with
    that title for that state (Defense Minister Rustem Umerov)."""
    if token.pos_ != "NOUN" or not entities.is_role_noun(token) or token.tag_ == "NNS" \
            or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
        return None  # "officials", "a spokesman": someone else, or someone new
    modifiers = [t for t in token.lefts if t.dep_ in ("compound", "amod")]
    owner = entities.possessor(r, token) or next((r.spans[t.i] for t in modifiers if t.i in r.spans), None)
    if owner is None:
        return None
    title = {spelled(t.lemma_) for t in modifiers if t.i not in r.spans} | {spelled(token.lemma_)}
    for records in (r.table.entities, r.table.known):
        found = [entity_id for entity_id, record in records.items() if record.get("type") == "Person"
                 and owner in entities.as_list(record.get("affiliation"))
                 and title <= {spelled(word) for word in (record.get("role") or "").split()}]
        if len(found) == 1:
            return r.table.use(found[0])
    return None


def spelled(word: str) -> str:
    """One spelling for a title word: defence and defense, envoy and ambassador."""
    word = word.lower().replace("defence", "defense")
    return "ambassador" if word == "envoy" else word


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
        if affiliation is not None:  # "the United States' delegate" is not "the United Kingdom's delegate"
            words[:0] = [owner_words(token)]
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


def owner_words(token) -> str:
    """ "United States" of "the United States' delegate", as the article writes the possessor."""
    owner = next(c for c in token.children if c.dep_ == "poss")
    words = [t.text for t in owner.subtree if t.dep_ not in ("det", "case") and t.text not in ("'", "’")]
    return " ".join(words)


def mentioned(r, token, entity_id: str | None) -> str | None:
    """An unnamed speaker is mentioned where described, so that "the official" can refer back to it."""
    if entity_id is not None:
        r.spans.setdefault(token.i, entity_id)
    return entity_id


def remember(r, entity_id: str | None) -> str | None:
    if entity_id is None:
        return None
    entity = r.table.entities.get(entity_id, {})
    if entity.get("type") == "Person" or entity.get("type") == "AnonymousSource" and is_one_person(entity["label"]):
        r.last_person = entity_id  # "a senior official said ... He added"
    r.last_actor = entity_id
    return entity_id


def is_one_person(label: str) -> bool:
    """ "a senior official at the presidential office", not "lawmakers briefed by the agency"."""
    return any(word in ANONYMOUS_NOUNS for word in label.lower().split())


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
