"""Load and check a curated annotation (YAML), the human-editable source of truth for one article.

Every problem is reported as one ClaimgraphError naming the file, the line and the field
(`statements[3] (s04).quote`), because curators fix annotations by hand. Checks cover the
shape of each record, references between records, controlled values, date expressions and
that every quote stands in the article at its offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from . import dates, iris
from .articles import Article
from .errors import ClaimgraphError

PLACE_TYPES = frozenset({"Place", "City", "Region", "Country"})
ACTOR_TYPES = frozenset(
    {"Person", "Organisation", "GovernmentBody", "IntelligenceAgency", "Legislature",
     "MilitaryAlliance", "NewsOutlet", "Country", "AnonymousSource"}
)
ENTITY_TYPES = PLACE_TYPES | ACTOR_TYPES

# Annotation words -> local names of the ontology's controlled values.
STANCES = {"asserts": "Asserts", "confirms": "Confirms", "denies": "Denies",
           "declines-to-confirm": "DeclinesToConfirm", "does-not-deny": "DoesNotDeny", "forecasts": "Forecasts",
           "speculates": "Speculates", "states-conditionally": "StatesConditionally"}
CERTAINTIES = {"certain": "Certain", "probable": "Probable", "possible": "Possible"}
QUALIFIERS = {"exactly": "Exactly", "approximately": "Approximately", "at-least": "AtLeast",
              "at-most": "AtMost", "more-than": "MoreThan", "fewer-than": "FewerThan", "between": "Between",
              "vague": "Vague"}
BOUNDS_ONLY = frozenset({"between", "vague"})  # a range or a vague amount: bounds, never a point value
MEASURES = {"troop-strength": "TroopStrength", "killed": "Killed", "wounded": "Wounded", "casualties": "Casualties",
            "captured": "Captured"}
UNITS = {"soldiers": "Soldiers"}
MODALITIES = {"estimate": "ReportedEstimate", "forecast": "Forecast"}


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    label: str
    role: str | None
    affiliations: tuple[str, ...]
    speaks_for: tuple[str, ...]
    country: str | None
    wikidata: str | None
    note: str | None


@dataclass(frozen=True)
class Deployment:
    id: str
    label: str
    sender: str | None
    receiver: str | None
    location: str | None
    unit_kind: str | None
    purpose: str | None
    part_of: str | None
    start: dates.Interval | None
    start_expression: str | None


@dataclass(frozen=True)
class Quantity:
    value: Decimal | None
    qualifier: str
    measure: str
    unit: str
    modality: str
    of: str | None
    date: dates.Interval
    date_expression: str
    lower: Decimal | None
    upper: Decimal | None
    scope: str | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    describes: str | None
    mentions: tuple[str, ...]
    condition: str | None
    quantities: tuple[Quantity, ...]


@dataclass(frozen=True)
class Statement:
    id: str
    speaker: str
    on_behalf_of: str | None
    relayed_via: tuple[str, ...]
    reported_through: str | None
    claim: str
    stance: str
    certainty: str
    verb: str | None
    said: dates.Interval
    said_expression: str
    quote: str
    start: int
    end: int
    direct: bool
    note: str | None
    confidence: Decimal | None = None


@dataclass(frozen=True)
class Annotation:
    path: Path
    article: Article
    outlet: str | None
    title: str | None
    entities: dict[str, Entity]
    deployments: dict[str, Deployment]
    claims: dict[str, Claim]
    statements: tuple[Statement, ...]
    draft: bool = False
    # claims stated here but declared in another annotation of the project: id -> (line, field)
    foreign_claims: dict[str, tuple[int, str]] = field(default_factory=dict)


# --------------------------------------------------------------------------- YAML with lines


class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    result = _Mapping()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise ClaimgraphError(
                f"duplicate key {key!r}", path=loader.name, line=key_node.start_mark.line + 1
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ClaimgraphError("annotation is not valid UTF-8", path=path) from None
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ClaimgraphError(f"malformed YAML: {exc.problem or exc}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise ClaimgraphError(f"malformed YAML: {exc}", path=path) from None
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- field access


class _Record:
    """One mapping of the annotation, with the location needed to report a field's problem."""

    def __init__(self, value: Any, where: str, path: Path, line: int, allowed: set[str], required: set[str]):
        self.path = path
        self.where = where
        if not isinstance(value, _Mapping):
            raise ClaimgraphError(f"expected a mapping of fields, found {_kind(value)}", path=path, line=line, field=where)
        self.data = value
        for key in value:
            if key not in allowed:
                raise self.error(key, f"unknown field; expected one of: {', '.join(sorted(allowed))}")
        for key in sorted(required):
            if key not in value or value[key] is None or value[key] == "":
                raise ClaimgraphError(f"missing required field '{key}'", path=path, line=value.line, field=where)

    def error(self, key: str, message: str) -> ClaimgraphError:
        line = self.data.lines.get(key, self.data.line)
        return ClaimgraphError(message, path=self.path, line=line, field=f"{self.where}.{key}")

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list, bool)):
            raise self.error(key, f"expected text, found {_kind(value)}")
        text = str(value).strip()
        if not text:
            raise self.error(key, "must not be empty")
        return text

    def slug(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not iris.is_slug(value):
            raise self.error(key, f"{value!r} is not an id (lower-case letters, digits and hyphens)")
        return value

    def slugs(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not iris.is_slug(item):
                raise self.error(key, f"{item!r} is not an id (lower-case letters, digits and hyphens)")
        return tuple(items)

    def choice(self, key: str, choices: dict[str, str]) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if value not in choices:
            raise self.error(key, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    def offset(self, key: str) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error(key, f"expected a character offset (a whole number >= 0), found {value!r}")
        return value

    def number(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"expected a number such as 1500 (no thousands separators), found {value!r}")
        return Decimal(str(value))

    def boolean(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, found {value!r}")
        return value

    def date(self, key: str, reference) -> tuple[dates.Interval | None, str | None]:
        expression = self.text(key)
        if expression is None:
            return None, None
        try:
            return dates.resolve(expression, reference), expression
        except dates.DateExpressionError as exc:
            raise self.error(key, str(exc)) from None

    def records(self, key: str, label_key: str = "id") -> list[tuple[str, Any, int]]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(key, f"expected a list, found {_kind(value)}")
        out = []
        for index, item in enumerate(value):
            name = f"{key}[{index}]"
            if isinstance(item, _Mapping) and iris.is_slug(item.get(label_key)):
                name += f" ({item[label_key]})"
            out.append((name, item, getattr(item, "line", self.data.lines.get(key, self.data.line))))
        return out


def _kind(value: Any) -> str:
    return {dict: "a mapping", _Mapping: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), f"{type(value).__name__} {value!r}"
    )


# --------------------------------------------------------------------------- loading


def load_annotation(path: Path, article: Article, *, foreign_claims: bool = False) -> Annotation:
    """Read the annotation at `path` for `article` and check it completely.

    With `foreign_claims`, a statement may state a claim that another annotation of the project
    declares (a claim reported again); `resolve_claims` then checks those references."""
    path = Path(path)
    if not path.is_file():
        raise ClaimgraphError("annotation file not found", path=path)
    data = _parse_yaml(path)
    if data is None:
        raise ClaimgraphError("annotation is empty", path=path)
    top = _Record(data, "annotation", path, 1,
                  allowed={"draft", "article", "entities", "deployments", "claims", "statements"},
                  required={"entities", "claims", "statements"})

    outlet = title = None
    if top.get("article") is not None:
        head = _Record(top.get("article"), "article", path, top.data.lines["article"],
                       allowed={"outlet", "title", "note"}, required=set())
        outlet, title = head.slug("outlet"), head.text("title")
        head.text("note")

    if top.get("draft") is not None:
        head = _Record(top.get("draft"), "draft", path, top.data.lines["draft"],
                       allowed={"made_by", "method", "model", "confidence", "note"}, required={"made_by"})
        _confidence(head)
    entities = _unique(top, "entities", _entity, path)
    deployments = _unique(top, "deployments", lambda r: _deployment(r, article), path)
    claims = _unique(top, "claims", lambda r: _claim(r, article), path)
    statements = tuple(_unique(top, "statements", lambda r: _statement(r, article), path).values())

    annotation = Annotation(path, article, outlet, title or article.title, entities, deployments, claims, statements,
                            draft=top.get("draft") is not None)
    _check_references(annotation, top, foreign_claims)
    return annotation


def resolve_claims(annotations: list[Annotation]) -> dict[str, Claim]:
    """Every claim of the project by id, once each, after checking the claims that statements refer
    to in other annotations: each must be declared somewhere, and declared alike wherever it is."""
    claims: dict[str, Claim] = {}
    declared_in: dict[str, Path] = {}
    for a in annotations:
        for claim in a.claims.values():
            if claim.id in claims and claims[claim.id] != claim:
                raise ClaimgraphError(
                    f"claim {claim.id!r} is declared differently in {declared_in[claim.id]}; a claim reported "
                    "again must be declared once (or alike, with the same dates once resolved): refer to it by id "
                    "from the later annotation's statements and leave it out of its claims", path=a.path,
                    field=f"claims ({claim.id})")
            claims.setdefault(claim.id, claim)
            declared_in.setdefault(claim.id, a.path)
    for a in annotations:
        for claim_id, (line, where) in a.foreign_claims.items():
            if claim_id not in claims:
                raise ClaimgraphError(f"{claim_id!r} is not a claim in this annotation or in any other annotation "
                                      "of the project", path=a.path, line=line, field=where)
        for s in a.statements:
            if s.claim in a.foreign_claims and s.stance == "states-conditionally" and claims[s.claim].condition is None:
                line, where = a.foreign_claims[s.claim]
                raise ClaimgraphError(f"states-conditionally needs a 'condition' on claim {s.claim!r} (declared in "
                                      f"{declared_in[s.claim]})", path=a.path, line=line,
                                      field=where.replace(".claim", ".stance"))
    return claims


def _unique(top: _Record, key: str, make, path: Path) -> dict:
    found: dict = {}
    for name, item, line in top.records(key):
        value, record = make((name, item, line, path))
        if value.id in found:
            raise record.error("id", f"duplicate id {value.id!r}")
        found[value.id] = value
    return found


def _entity(source) -> tuple[Entity, _Record]:
    name, item, line, path = source
    r = _Record(item, name, path, line, allowed={"id", "type", "label", "role", "affiliation", "speaks_for", "country", "wikidata", "note"},
                required={"id", "type", "label"})
    kind = r.text("type")
    if kind not in ENTITY_TYPES:
        raise r.error("type", f"{kind!r} is not one of: {', '.join(sorted(ENTITY_TYPES))}")
    wikidata = r.text("wikidata")
    if wikidata is not None and not re.fullmatch(r"Q[1-9][0-9]*", wikidata):
        raise r.error("wikidata", f"{wikidata!r} is not a Wikidata item id such as Q423")
    if wikidata is not None and kind == "AnonymousSource":
        raise r.error("wikidata", "an anonymous source cannot be linked to Wikidata")
    entity = Entity(r.slug("id"), kind, r.text("label"), r.text("role"), r.slugs("affiliation"),
                    r.slugs("speaks_for"), r.slug("country"), wikidata, r.text("note"))
    if kind == "AnonymousSource" and not entity.affiliations:
        raise r.error("affiliation", "an anonymous source needs an affiliation (whose official is it?)")
    return entity, r


def _deployment(source, article: Article) -> tuple[Deployment, _Record]:
    name, item, line, path = source
    r = _Record(item, name, path, line,
                allowed={"id", "label", "sender", "receiver", "location", "unit_kind", "purpose", "part_of", "start", "note"},
                required={"id", "label"})
    start, expression = r.date("start", article.date)
    r.text("note")
    return Deployment(r.slug("id"), r.text("label"), r.slug("sender"), r.slug("receiver"), r.slug("location"),
                      r.text("unit_kind"), r.text("purpose"), r.slug("part_of"), start, expression), r


def _claim(source, article: Article) -> tuple[Claim, _Record]:
    name, item, line, path = source
    r = _Record(item, name, path, line,
                allowed={"id", "text", "describes", "mentions", "condition", "quantities", "note"},
                required={"id", "text"})
    quantities = tuple(
        _quantity(_Record(q, f"{name}.{qname}", path, qline,
                          allowed={"value", "qualifier", "measure", "unit", "modality", "of", "scope", "as_of", "by",
                                   "lower", "upper"},
                          required={"modality"}), article)
        for qname, q, qline in r.records("quantities")
    )
    r.text("note")
    return Claim(r.slug("id"), r.text("text"), r.slug("describes"), r.slugs("mentions"), r.text("condition"),
                 quantities), r


def _quantity(r: _Record, article: Article) -> Quantity:
    modality = r.choice("modality", MODALITIES)
    qualifier = r.choice("qualifier", QUALIFIERS) or "exactly"
    value = r.number("value")
    if qualifier in BOUNDS_ONLY:
        if value is not None:
            raise r.error("value", f"a {qualifier} amount has bounds (lower, upper), not a value")
        if r.get("lower") is None and r.get("upper") is None:
            raise r.error("qualifier", f"a {qualifier} amount needs a lower or an upper bound")
    elif value is None:
        raise r.error("value", "missing the number; only a range (qualifier: between) or a vague amount "
                               "(qualifier: vague) is given by bounds alone")
    if modality == "forecast":
        if r.get("as_of") is not None or r.get("by") is None:
            raise r.error("by", "a forecast needs a target date in 'by' (and no 'as_of')")
        interval, expression = r.date("by", article.date)
    else:
        if r.get("by") is not None or r.get("as_of") is None:
            raise r.error("as_of", "an estimate needs an 'as_of' date (and no 'by')")
        interval, expression = r.date("as_of", article.date)
    lower, upper = r.number("lower"), r.number("upper")
    if qualifier in ("at-least", "more-than"):
        lower = value if lower is None else lower
    if qualifier in ("at-most", "fewer-than"):
        upper = value if upper is None else upper
    if lower is not None and upper is not None and lower > upper:
        raise r.error("lower", f"lower bound {lower} is above upper bound {upper}")
    return Quantity(value, qualifier, r.choice("measure", MEASURES) or "troop-strength",
                    r.choice("unit", UNITS) or "soldiers", modality, r.slug("of"), interval, expression, lower, upper,
                    r.slug("scope"))


def _statement(source, article: Article) -> tuple[Statement, _Record]:
    name, item, line, path = source
    r = _Record(item, name, path, line,
                allowed={"id", "speaker", "on_behalf_of", "relayed_via", "reported_through", "claim", "stance",
                         "certainty", "verb", "said", "quote", "start", "end", "direct", "note", "confidence"},
                required={"id", "speaker", "claim", "stance", "certainty", "said", "quote", "start", "end", "direct"})
    said, expression = r.date("said", article.date)
    quote = r.get("quote")
    if not isinstance(quote, str):
        raise r.error("quote", f"expected the verbatim quote as text, found {_kind(quote)}")
    start, end = r.offset("start"), r.offset("end")
    _check_quote(r, article, quote, start, end)
    statement = Statement(r.slug("id"), r.slug("speaker"), r.slug("on_behalf_of"), r.slugs("relayed_via"),
                          r.slug("reported_through"), r.slug("claim"), r.choice("stance", STANCES),
                          r.choice("certainty", CERTAINTIES), r.text("verb"), said, expression, quote, start, end,
                          r.boolean("direct"), r.text("note"), _confidence(r))
    return statement, r


def _confidence(r: _Record) -> Decimal | None:
    """A drafted record's confidence, a number from 0 to 1."""
    value = r.number("confidence")
    if value is not None and not 0 <= value <= 1:
        raise r.error("confidence", f"expected a confidence between 0 and 1, found {value}")
    return value


def _check_quote(r: _Record, article: Article, quote: str, start: int, end: int) -> None:
    if end <= start:
        raise r.error("end", f"end ({end}) must be greater than start ({start})")
    found = article.body[start:end]
    if found == quote:
        return
    where = article.body.find(quote)
    hint = (f"; the quote occurs at start {where}, end {where + len(quote)}" if where >= 0
            else f"; the quote does not occur anywhere in {article.path}")
    raise r.error("quote", f"does not match the article text at {start}-{end} (found {found[:60]!r}){hint}")


def _check_references(a: Annotation, top: _Record, foreign_claims: bool) -> None:
    """Cross-record checks: every id refers to a record of the right kind."""
    path = a.path

    def fail(section: str, record_id: str, key: str, message: str) -> ClaimgraphError:
        for name, item, line in top.records(section):
            if isinstance(item, _Mapping) and item.get("id") == record_id:
                return ClaimgraphError(message, path=path, line=item.lines.get(key, line), field=f"{name}.{key}")
        return ClaimgraphError(message, path=path, field=f"{section}.{key}")

    def need_entity(section, rid, key, value, kinds, what):
        if value is None:
            return
        entity = a.entities.get(value)
        if entity is None:
            raise fail(section, rid, key, f"{value!r} is not an entity in this annotation")
        if entity.type not in kinds:
            raise fail(section, rid, key, f"{value!r} is a {entity.type}; expected {what}")

    if a.outlet:
        entity = a.entities.get(a.outlet)
        if entity is None or entity.type != "NewsOutlet":
            raise ClaimgraphError(f"{a.outlet!r} is not a NewsOutlet entity in this annotation", path=path,
                                  line=top.data["article"].lines.get("outlet"), field="article.outlet")
    for e in a.entities.values():
        for affiliation in e.affiliations:
            need_entity("entities", e.id, "affiliation", affiliation, ACTOR_TYPES, "an actor")
        for institution in e.speaks_for:
            need_entity("entities", e.id, "speaks_for", institution, ACTOR_TYPES, "an actor")
        need_entity("entities", e.id, "country", e.country, {"Country"}, "a Country")
    for d in a.deployments.values():
        need_entity("deployments", d.id, "sender", d.sender, {"Country"}, "a Country")
        need_entity("deployments", d.id, "receiver", d.receiver, {"Country"}, "a Country")
        need_entity("deployments", d.id, "location", d.location, PLACE_TYPES, "a place")
        if d.part_of is not None and d.part_of not in a.deployments:
            raise fail("deployments", d.id, "part_of", f"{d.part_of!r} is not a deployment in this annotation")
    for c in a.claims.values():
        if c.describes is not None and c.describes not in a.deployments:
            raise fail("claims", c.id, "describes", f"{c.describes!r} is not a deployment in this annotation")
        for mention in c.mentions:
            need_entity("claims", c.id, "mentions", mention, ENTITY_TYPES, "an entity")
        for q in c.quantities:
            if q.of is not None and q.of not in a.deployments:
                raise fail("claims", c.id, "quantities", f"quantity of {q.of!r}: not a deployment in this annotation")
            if q.scope is not None and a.entities.get(q.scope, None) is None:
                raise fail("claims", c.id, "quantities", f"quantity scope {q.scope!r}: not an entity in this annotation")
            if q.scope is not None and a.entities[q.scope].type not in PLACE_TYPES:
                raise fail("claims", c.id, "quantities", f"quantity scope {q.scope!r} is a {a.entities[q.scope].type}; "
                           "expected a place")
    for s in a.statements:
        need_entity("statements", s.id, "speaker", s.speaker, ACTOR_TYPES, "an actor")
        need_entity("statements", s.id, "on_behalf_of", s.on_behalf_of, ACTOR_TYPES, "an actor")
        for relay in s.relayed_via:
            need_entity("statements", s.id, "relayed_via", relay, ACTOR_TYPES, "an actor")
        need_entity("statements", s.id, "reported_through", s.reported_through, ACTOR_TYPES, "an actor")
        claim = a.claims.get(s.claim)
        if claim is None and foreign_claims:
            error = fail("statements", s.id, "claim", "")
            a.foreign_claims.setdefault(s.claim, (error.line, error.field))
            continue
        if claim is None:
            raise fail("statements", s.id, "claim", f"{s.claim!r} is not a claim in this annotation")
        if s.stance == "states-conditionally" and claim.condition is None:
            raise fail("statements", s.id, "stance",
                       f"states-conditionally needs a 'condition' on claim {claim.id!r}")
    stated = {s.claim for s in a.statements}
    for c in a.claims.values():
        if c.id not in stated:
            raise fail("claims", c.id, "id", f"claim {c.id!r} has no statement; every claim needs someone who says it")
