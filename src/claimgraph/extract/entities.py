"""The article's actors and places: named entities resolved against the gazetteer and the project's
known entities, with the titles people are introduced with and whom those titles speak for."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from .pipeline import gazetteer
from .words import ANONYMOUS_NOUNS, NOT_A_SPOKESPERSON, SPOKESPERSON_ROLES


def slugify(text: str, words: int = 8) -> str:
    tokens = re.findall(r"[a-z0-9]+", text.lower().replace("'s", ""))
    return "-".join(tokens[:words]) or "x"


@dataclass
class EntityTable:
    """The article's entities, resolved against the gazetteer and the project's known entities."""

    known: dict[str, dict]
    entities: dict[str, dict] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, str | None] = field(default_factory=dict)  # of people this article names (None: two)
    known_surnames: dict[str, str | None] = field(default_factory=dict)  # of people the project knows
    _plain: dict[str, str] = field(default_factory=dict, repr=False)
    _plain_size: int = -1

    def __post_init__(self):
        g = gazetteer()
        for record in self.known.values():
            self.by_name.setdefault(record["label"].lower(), record["id"])
            if record.get("type") == "Person":  # "Lee said", of a Lee Seong-kweun an earlier article introduced
                self._remember_names(record["label"], record["id"], self.known_surnames)
        for country in g["countries"]:
            for name in [country["label"], country["demonym"], *country.get("aliases", [])]:
                self.by_name[name.lower()] = country["id"]
        for organisation in g["organisations"]:
            for name in [organisation["label"], *organisation.get("aliases", [])]:
                self.by_name[name.lower()] = organisation["id"]

    def lookup(self, name: str) -> str | None:
        text = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
        text = re.sub(r"(?:'s|’s|')$", "", text).strip()
        if self.surnames.get(text):  # "Lee" is the Lee this article named, whoever else the project knows
            return self.surnames[text]
        if text.lower() not in self.by_name or self.by_name[text.lower()] not in self.entities:
            named_here = self._abbreviated(text, (self.entities,))  # "the JCS" of this article's Joint Chiefs of Staff
            if named_here:
                return named_here
        for candidate in (text.lower(), name.strip().lower()):
            found = self.by_name.get(candidate)
            if found:
                return self.use(found)
        plain = plain_name(text)
        if len(plain.split()) > 1:  # "Kim Jong-un" is the Kim Jong Un named before
            found = self._plain_names().get(plain)
            if found:
                return self.use(found)
        if len(text.split()) == 1:  # this article's people first, then the project's
            found = self.surnames[text] if text in self.surnames else self.known_surnames.get(text)
            if found:
                return self.use(found)
        return self._abbreviated(text) or self._variant(text)

    def _plain_names(self) -> dict[str, str]:
        """Every name without its hyphens, rebuilt when names were added."""
        if self._plain_size != len(self.by_name):
            self._plain = {}
            for label, entity_id in self.by_name.items():
                self._plain.setdefault(plain_name(label), entity_id)
            self._plain_size = len(self.by_name)
        return self._plain

    def _abbreviated(self, name: str, tables=None) -> str | None:
        """ "the JCS", after the Joint Chiefs of Staff: an organisation by the initials of its name,
        one this article named first, else one the project knows."""
        if not re.fullmatch(r"[A-Z]{2,6}", name):
            return None
        for records in tables or (self.entities, self.known):
            found = [entity_id for entity_id, record in records.items()
                     if record.get("type") not in ("Person", "Country", "City", "Region", "Place")
                     and initials(record.get("label", "")) == name]
            if len(found) == 1:
                return self.use(found[0])
        return None

    def also_known_as(self, alias: str, entity_id: str) -> None:
        """ "the Security Service of Ukraine (SBU)", "..., known as the SBU": the alias names it here."""
        self.by_name[alias.lower()] = entity_id

    def _variant(self, name: str) -> str | None:
        """A person named before under another spelling of the same name: Zelensky, Zelenskiy and
        Zelenskyy; the same given name, and a family name that differs by a letter or two."""
        words = name.split()
        if not words or not all(w[:1].isupper() for w in words):
            return None
        for entity_id in set(self.by_name.values()):
            record = self.entities.get(entity_id) or self.known.get(entity_id) or {}
            if record.get("type") != "Person":
                continue
            other = record["label"].split()
            if len(words) == 1:
                pairs = [(words[0], other[-1])] if len(other) > 1 else []
            elif len(words) == len(other) and words[0] == other[0]:
                pairs = list(zip(words[1:], other[1:]))
            else:
                pairs = []
            if pairs and all(a[:4] == b[:4] and difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.8
                             and same_syllables(a, b) for a, b in pairs):
                return self.use(entity_id)
        return None

    @staticmethod
    def _remember_names(label: str, entity_id: str, names: dict[str, str | None]) -> None:
        for part in label.split():  # "Rutte", and "Park" for Park Sun-won (family name first)
            if part[:1].isupper() and len(part) > 2:
                names[part] = entity_id if names.get(part, entity_id) == entity_id else None

    def use(self, entity_id: str) -> str:
        """Make sure a gazetteer or known entity is declared in this draft, with its affiliations."""
        if entity_id in self.entities:
            return entity_id
        known_person = self.known.get(entity_id, {})
        if known_person.get("type") == "Person" and len(known_person["label"].split()) > 1:
            self._remember_names(known_person["label"], entity_id, self.surnames)  # "Lee", later in this article
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
            for other in as_list(record.get(key)):
                if other not in self.entities:
                    if other in self.known or in_gazetteer(other):
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
            self._remember_names(label, entity_id, self.surnames)
        return entity_id



def plain_name(name: str) -> str:
    return " ".join(re.split(r"[-\s]+", name.lower()))


def same_syllables(a: str, b: str) -> bool:
    """Jong-un and Jong-gyu are two given names, not two spellings of one: each part of a
    hyphenated name starts as its counterpart does."""
    parts_a, parts_b = a.lower().split("-"), b.lower().split("-")
    return len(parts_a) == len(parts_b) and all(x[:1] == y[:1] for x, y in zip(parts_a, parts_b))


def initials(label: str) -> str:
    return "".join(word[0] for word in label.split() if word[:1].isupper())


def as_list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def in_gazetteer(entity_id: str) -> bool:
    g = gazetteer()
    return any(r["id"] == entity_id for r in g["countries"] + g["organisations"])


def organisation_kind(label: str) -> str:
    lowered = label.lower()
    for kind, words in gazetteer()["organisation_kinds"].items():
        if any(word in lowered for word in words):
            return kind
    return "Organisation"


def find_entities(r, doc) -> None:
    for ent in doc.ents:
        if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}:
            continue
        ent = whole_name(doc, ent)
        entity_id = entity_for(r, ent)
        if entity_id:
            for token in ent:
                r.spans[token.i] = entity_id
            alias = alias_after(doc, ent)
            if alias is not None and ent.label_ == "ORG":
                r.table.also_known_as(alias, entity_id)
    for token in doc:  # "the Kursk region": a region spaCy may tag as a product
        if token.lemma_ == "region" and token.i not in r.spans:
            names = [t for t in token.lefts if t.dep_ == "compound" and t.text[:1].isupper()]
            if names:
                entity_id = r.table.add(f"{names[0].text} region", "Region")
                for t in (*names, token):
                    r.spans[t.i] = entity_id


def whole_name(doc, ent):
    """ "Rustem Umerov" where the parser saw only "Umerov": the given names before a person's name,
    up to the title ("Defense Minister") or anything else that is not a name."""
    if ent.label_ != "PERSON":
        return ent
    start = ent.start
    while start > 0:
        before = doc[start - 1]
        if before.pos_ != "PROPN" or not before.text[:1].isupper() or before.ent_type_ not in ("", "PERSON") \
                or before.dep_ != "compound" or before.head.i not in range(ent.start, ent.end) \
                or is_role_noun(before) or before.lower_ in ANONYMOUS_NOUNS or NOT_A_SPOKESPERSON.search(before.text) \
                or before.lower_.rstrip(".") in TITLES:
            break
        start -= 1
    return ent if start == ent.start else Span(doc, start, ent.end, label="PERSON")


TITLES = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "adm", "sen", "rep", "amb", "sec", "president",
          "minister", "general", "colonel", "lieutenant", "major", "admiral", "senator", "representative",
          "deputy", "vice", "prime", "foreign", "defense", "defence", "state", "secretary"}


def alias_after(doc, ent) -> str | None:
    """The short name given right after an organisation's full one: "(SBU)", ", known as the SBU"."""
    after = [t.text for t in doc[ent.end:ent.end + 5]]
    if len(after) >= 3 and after[0] == "(" and after[2] == ")" and re.fullmatch(r"[A-Z]{2,6}", after[1]):
        return after[1]
    words = [w for w in after if w.lower() != "the"]
    if len(words) >= 4 and words[:3] == [",", "known", "as"] and re.fullmatch(r"[A-Z]{2,6}", words[3]):
        return words[3]
    return None


def entity_for(r, ent) -> str | None:
    found = r.table.lookup(ent.text)
    if found:
        return found
    root = ent.root
    if ent.label_ == "PERSON" or (root.dep_ == "appos" and is_role_noun(root.head)):
        role, affiliation = introduced_role(r, ent)
        name = re.match(r"[\w'’-]*", r.doc.text[ent.end_char:]).group(0)  # "Park Sun" + "-won"
        label = ent.text + name
        speaks_for = affiliation if role and affiliation and SPOKESPERSON_ROLES.search(role) \
            and not NOT_A_SPOKESPERSON.search(role) else None
        return r.table.add(label, "Person", role=role, affiliation=affiliation, speaks_for=speaks_for)
    if ent.label_ == "ORG":
        label = re.sub(r"^the\s+", "", ent.text, flags=re.I)
        owner = possessor(r, root)
        return r.table.add(label, organisation_kind(label), affiliation=owner)
    if ent.label_ == "GPE":
        return r.table.add(ent.text, "City", country=possessor(r, root))
    if ent.label_ in ("LOC", "FAC"):
        label = re.sub(r"^the\s+", "", ent.text, flags=re.I)
        return r.table.add(label, "Region" if "region" in label.lower() else "Place")
    return None  # an unknown demonym


SINGULAR_KINDS = ("IntelligenceAgency", "Legislature")  # a state has one of each that news names by kind


def national_body(label: str, country: str | None) -> str | None:
    """ "South Korea's spy agency": the one body of that kind the gazetteer knows for that state."""
    kind = organisation_kind(label)
    if country is None or kind not in SINGULAR_KINDS:
        return None
    found = [o["id"] for o in gazetteer()["organisations"] if o["type"] == kind and o.get("country") == country]
    return found[0] if len(found) == 1 else None


def possessor(r, token) -> str | None:
    for child in token.children:
        if child.dep_ == "poss":
            return r.table.lookup(" ".join(t.text for t in child.subtree))
    return None


def introduced_role(r, ent) -> tuple[str | None, str | None]:
    """The title a person is introduced with, and whom it makes them speak for."""
    root = ent.root
    words, affiliation = [], None
    head = root.head if root.dep_ == "appos" else None
    if head is not None:  # "Russia's ambassador to the United Nations, Vassily Nebenzia"
        tokens = [t for t in head.subtree if t.i < root.i and t.dep_ not in ("det", "punct", "poss", "case")
                  and not any(a.dep_ == "poss" for a in t.ancestors if a != head)]
        words = [t.text for t in tokens if t.i not in range(ent.start, ent.end)]
        affiliation = possessor(r, head)
    else:  # "NATO Secretary General Mark Rutte", "Ukraine's defence minister Rustem Umerov"
        tokens = [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod")]
        for token in tokens:
            for t in token.subtree:
                if t.dep_ == "poss" or t.dep_ == "case":
                    affiliation = affiliation or r.table.lookup(" ".join(x.text for x in t.subtree))
                    continue
                if t.i in range(ent.start, ent.end) or t.dep_ in ("det", "punct"):
                    continue
                named = r.table.lookup(t.text) if t.text[:1].isupper() and t.lower_ not in TITLES else None
                if named and t.ent_type_ in ("ORG", "GPE", "NORP"):
                    affiliation = affiliation or named
                    continue
                words.append(t.text)
    role = " ".join(w for w in words if w not in ("'s", "’s")).strip() or None
    return role, affiliation


def is_role_noun(token) -> bool:
    return bool(SPOKESPERSON_ROLES.search(token.text)) or token.lemma_ in ANONYMOUS_NOUNS
