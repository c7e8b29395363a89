"""The annotation of one article as typed models: what curators write by hand and the extractor drafts.

The models (pydantic) check each record's shape, types and controlled values, resolve its date
expressions against the article's date, and check that every quote stands in the article at
its offsets. `load_annotation` then checks the references between records. Every problem is one
ClaimgraphError naming the file, the line and the field (`statements[3] (s04).quote`), because
curators fix annotations by hand.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import (BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo, field_validator,
                      model_validator)

from ..errors import ClaimgraphError, shown
from . import dates, textfile, yamlfile
from .article import Article
from .vocabulary import (ACTOR_TYPES, BOUNDS_ONLY, CERTAINTIES, ENTITY_TYPES, MEASURES, MODALITIES, PLACE_TYPES,
                         QUALIFIERS, STANCES, UNITS)

MAX_COUNT = Decimal(10) ** 9  # more soldiers than any army has: a typo, not a figure
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


# --------------------------------------------------------------------------- value types


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {shown(value)}"


def _slug(value: Any) -> str:
    if not (isinstance(value, str) and len(value) <= 200 and _SLUG.fullmatch(value)):
        raise ValueError(f"{shown(value) if isinstance(value, str) else _kind(value)} is not an id "
                         "(lower-case letters, digits and hyphens)")
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"expected text, found {_kind(value)}")
    text = str(value).strip()
    if not text:
        raise ValueError("must not be empty")
    if len(text) > 20_000:
        raise ValueError(f"is {len(text):,} characters long; text fields take up to 20,000")
    return text


def _slugs(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(_slug(item) for item in items)


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number such as 1500 (no thousands separators), found {_kind(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"expected a number, found {shown(value)}")
    number = Decimal(str(value))
    if abs(number) > MAX_COUNT:
        raise ValueError(f"{shown(value)} is too large for a count (at most {MAX_COUNT:,})")
    return number


def _count(value: Any) -> Decimal:
    number = _number(value)
    if number < 0:
        raise ValueError(f"{shown(value)} is negative; a count of people cannot be")
    return number


def _confidence(value: Any) -> Decimal:
    number = _number(value)
    if not 0 <= number <= 1:
        raise ValueError(f"expected a confidence between 0 and 1, found {shown(value)}")
    return number


def _offset(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000_000:
        raise ValueError(f"expected a character offset (a whole number >= 0), found {_kind(value)}")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, found {_kind(value)}")
    return value


def _choice(choices: dict[str, str]):
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ValueError(f"{shown(value) if isinstance(value, str) else _kind(value)} is not one of: "
                             f"{', '.join(choices)}")
        return value
    return check


Slug = Annotated[str, BeforeValidator(_slug)]
Slugs = Annotated[tuple[str, ...], BeforeValidator(_slugs)]
Text = Annotated[str, BeforeValidator(_text)]
Count = Annotated[Decimal, BeforeValidator(_count)]
Confidence = Annotated[Decimal, BeforeValidator(_confidence)]
Offset = Annotated[int, BeforeValidator(_offset)]
Boolean = Annotated[bool, BeforeValidator(_boolean)]
Stance = Annotated[str, BeforeValidator(_choice(STANCES))]
Certainty = Annotated[str, BeforeValidator(_choice(CERTAINTIES))]
Qualifier = Annotated[str, BeforeValidator(_choice(QUALIFIERS))]
Measure = Annotated[str, BeforeValidator(_choice(MEASURES))]
Unit = Annotated[str, BeforeValidator(_choice(UNITS))]
Modality = Annotated[str, BeforeValidator(_choice(MODALITIES))]
EntityType = Annotated[str, BeforeValidator(_choice({t: t for t in sorted(ENTITY_TYPES)}))]


@dataclass(frozen=True)
class When:
    """A date expression and the interval it resolves to against the article's date."""

    expression: str
    interval: dates.Interval


def _when(value: Any, info: ValidationInfo) -> When:
    expression = _text(value)
    try:
        return When(expression, dates.resolve(expression, info.context["article_date"]))
    except dates.DateExpressionError as exc:
        raise ValueError(str(exc)) from None


DateExpression = Annotated[When, BeforeValidator(_when)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


# --------------------------------------------------------------------------- records


class ArticleInfo(_Record):
    outlet: Slug | None = None
    title: Text | None = None
    note: Text | None = None


class DraftInfo(_Record):
    made_by: Text
    method: Text | None = None
    model: Text | None = None
    confidence: Confidence | None = None
    dropped: Annotated[int, BeforeValidator(_offset)] | None = None
    note: Text | None = None


class Entity(_Record):
    id: Slug
    type: EntityType
    label: Text
    role: Text | None = None
    affiliation: Slugs = ()
    speaks_for: Slugs = ()
    country: Slug | None = None
    wikidata: Text | None = None
    note: Text | None = None

    @field_validator("wikidata")
    @classmethod
    def _qid(cls, value):
        if value is not None and not re.fullmatch(r"Q[1-9][0-9]{0,11}", value):
            raise ValueError(f"{shown(value)} is not a Wikidata item id such as Q423")
        return value

    @model_validator(mode="after")
    def _anonymous(self):
        if self.type == "AnonymousSource" and self.wikidata is not None:
            raise ValueError("wikidata: an anonymous source cannot be linked to Wikidata")
        if self.type == "AnonymousSource" and not self.affiliation:
            raise ValueError("affiliation: an anonymous source needs an affiliation (whose official is it?)")
        return self


class Deployment(_Record):
    id: Slug
    label: Text
    sender: Slug | None = None
    receiver: Slug | None = None
    location: Slug | None = None
    unit_kind: Text | None = None
    purpose: Text | None = None
    part_of: Slug | None = None
    start: DateExpression | None = None
    note: Text | None = None


class Quantity(_Record):
    value: Count | None = None
    qualifier: Qualifier = "exactly"
    measure: Measure = "troop-strength"
    unit: Unit = "soldiers"
    modality: Modality
    of: Slug | None = None
    scope: Slug | None = None
    as_of: DateExpression | None = None
    by: DateExpression | None = None
    lower: Count | None = None
    upper: Count | None = None

    @model_validator(mode="after")
    def _consistent(self):
        if self.qualifier in BOUNDS_ONLY:
            if self.value is not None:
                raise ValueError(f"value: a {self.qualifier} amount has bounds (lower, upper), not a value")
            if self.lower is None and self.upper is None:
                raise ValueError(f"qualifier: a {self.qualifier} amount needs a lower or an upper bound")
        elif self.value is None:
            raise ValueError("value: missing the number; only a range (qualifier: between) or a vague amount "
                             "(qualifier: vague) is given by bounds alone")
        if self.modality == "forecast" and (self.as_of is not None or self.by is None):
            raise ValueError("by: a forecast needs a target date in 'by' (and no 'as_of')")
        if self.modality == "estimate" and (self.by is not None or self.as_of is None):
            raise ValueError("as_of: an estimate needs an 'as_of' date (and no 'by')")
        lower, upper = self.bounds
        if lower is not None and upper is not None and lower > upper:
            raise ValueError(f"lower: lower bound {lower} is above upper bound {upper}")
        return self

    @property
    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """The bounds stated or implied by the qualifier ('at least 100' has lower bound 100)."""
        lower, upper = self.lower, self.upper
        if self.qualifier in ("at-least", "more-than") and lower is None:
            lower = self.value
        if self.qualifier in ("at-most", "fewer-than") and upper is None:
            upper = self.value
        return lower, upper

    @property
    def when(self) -> When:
        return self.by if self.modality == "forecast" else self.as_of


class Claim(_Record):
    id: Slug
    text: Text
    describes: Slug | None = None
    mentions: Slugs = ()
    condition: Text | None = None
    quantities: tuple[Quantity, ...] = ()
    note: Text | None = None


class Statement(_Record):
    id: Slug
    speaker: Slug
    on_behalf_of: Slug | None = None
    relayed_via: Slugs = ()
    reported_through: Slug | None = None
    claim: Slug
    stance: Stance
    certainty: Certainty
    verb: Text | None = None
    said: DateExpression
    start: Offset
    end: Offset
    quote: str
    direct: Boolean
    note: Text | None = None
    confidence: Confidence | None = None

    @field_validator("said")
    @classmethod
    def _said_by_publication(cls, said: When, info: ValidationInfo):
        published = info.context["article_date"]
        if said.interval.earliest is not None and said.interval.earliest > published:
            raise ValueError(f"{shown(said.expression)} is after the article's date ({published.isoformat()}); "
                             "a statement is reported after it is made")
        return said

    @field_validator("quote", mode="before")
    @classmethod
    def _quote_stands_at_its_offsets(cls, quote, info: ValidationInfo):
        if not isinstance(quote, str):
            raise ValueError(f"expected the verbatim quote as text, found {_kind(quote)}")
        if "start" not in info.data or "end" not in info.data:
            return quote  # the offsets' own errors are reported
        start, end, body = info.data["start"], info.data["end"], info.context["body"]
        if end <= start:
            raise ValueError(f"end ({end}) must be greater than start ({start})")
        found = body[start:end]
        if found == quote:
            return quote
        where = body.find(quote) if quote else -1
        hint = (f"; the quote occurs at start {where}, end {where + len(quote)}" if where >= 0
                else "; the quote does not occur anywhere in the article")
        raise ValueError(f"does not match the article text at {start}-{end} (found {shown(found)}){hint}")


class Document(_Record):
    draft: DraftInfo | None = None
    article: ArticleInfo | None = None
    entities: tuple[Entity, ...]
    deployments: tuple[Deployment, ...] = ()
    claims: tuple[Claim, ...]
    statements: tuple[Statement, ...]


_MODELS = {"draft": DraftInfo, "article": ArticleInfo, "entities": Entity, "deployments": Deployment,
           "claims": Claim, "statements": Statement, "quantities": Quantity}


# --------------------------------------------------------------------------- the checked annotation


@dataclass(frozen=True)
class Annotation:
    path: object  # as users see it in messages
    article: Article
    outlet: str | None
    title: str | None
    entities: dict[str, Entity]
    deployments: dict[str, Deployment]
    claims: dict[str, Claim]
    statements: tuple[Statement, ...]
    draft: DraftInfo | None = None
    # claims stated here but declared in another annotation of the project: id -> (line, field)
    foreign_claims: dict[str, tuple[int | None, str]] = field(default_factory=dict)


def load_annotation(path: Path, article: Article, *, shown_as: object = None,
                    foreign_claims: bool = False) -> Annotation:
    """Read the annotation file at `path` for `article` and check it completely.

    With `foreign_claims`, a statement may state a claim that another annotation of the project
    declares (a claim reported again); `resolve_claims` then checks those references."""
    where = shown_as or path
    data, lines = yamlfile.load(textfile.read_text(path, "annotation", where), where)
    return annotation_from_data(data, article, where, lines, foreign_claims=foreign_claims)


def annotation_from_data(data: Any, article: Article, where: object, lines: dict | None = None, *,
                         foreign_claims: bool = False) -> Annotation:
    """Check an annotation given as plain data (from YAML, or drafted in memory) for `article`."""
    lines = lines or {}
    if data is None:
        raise ClaimgraphError("annotation is empty", path=where)
    if not isinstance(data, dict):
        raise ClaimgraphError(f"expected a mapping of fields, found {_kind(data)}", path=where, line=1,
                              field="annotation")
    context = {"article_date": article.date, "body": article.body}
    try:
        document = Document.model_validate(data, context=context)
    except ValidationError as exc:
        raise _first_error(exc, data, lines, where) from None
    except RecursionError:
        raise ClaimgraphError("nested too deeply", path=where) from None
    sections = {}
    for section in ("entities", "deployments", "claims", "statements"):
        records: dict[str, Any] = {}
        for index, record in enumerate(getattr(document, section)):
            if record.id in records:
                raise _error_at(section, index, "id", f"duplicate id {shown(record.id)}", data, lines, where)
            records[record.id] = record
        sections[section] = records
    outlet = document.article.outlet if document.article else None
    title = (document.article.title if document.article else None) or article.title
    annotation = Annotation(where, article, outlet, title, sections["entities"], sections["deployments"],
                            sections["claims"], tuple(document.statements), document.draft)
    _check_references(annotation, data, lines, foreign_claims)
    return annotation


@dataclass(frozen=True)
class ClaimRefs:
    """What one annotation declares and refers to of the project's claims: all `check_claims` needs
    of it, small enough for a build manifest to keep, so an unchanged annotation is not read again."""

    path: str  # the annotation, as users see it in messages
    declared: dict[str, str]  # claim id -> digest of its declaration (all that must agree elsewhere)
    conditioned: tuple[str, ...]  # declared claims with a condition
    foreign: dict[str, tuple[int | None, str]]  # claims declared elsewhere: id -> (line, field)
    stated_conditionally: tuple[str, ...]  # foreign claims a statement here states conditionally

    def as_record(self) -> dict:
        return {"path": self.path, "declared": dict(sorted(self.declared.items())),
                "conditioned": list(self.conditioned),
                "foreign": {k: list(v) for k, v in sorted(self.foreign.items())},
                "stated_conditionally": list(self.stated_conditionally)}

    @classmethod
    def from_record(cls, record: dict) -> "ClaimRefs":
        return cls(record["path"], dict(record["declared"]), tuple(record["conditioned"]),
                   {k: (v[0], v[1]) for k, v in record["foreign"].items()}, tuple(record["stated_conditionally"]))


def claim_refs(a: Annotation) -> ClaimRefs:
    import hashlib

    return ClaimRefs(
        path=str(a.path),
        declared={c.id: hashlib.sha256(repr(_declaration(c)).encode("utf-8")).hexdigest()
                  for c in a.claims.values()},
        conditioned=tuple(sorted(c.id for c in a.claims.values() if c.condition is not None)),
        foreign=dict(a.foreign_claims),
        stated_conditionally=tuple(sorted({s.claim for s in a.statements
                                           if s.claim in a.foreign_claims and s.stance == "states-conditionally"})))


def check_claims(project: list[ClaimRefs]) -> None:
    """Check the claims that statements refer to in other annotations: each must be declared
    somewhere, declared alike wherever it is, and have a condition where stated conditionally."""
    declared: dict[str, str] = {}
    declared_in: dict[str, str] = {}
    conditioned: set[str] = set()
    for refs in project:
        for claim_id, digest in refs.declared.items():
            if claim_id in declared and declared[claim_id] != digest:
                raise ClaimgraphError(
                    f"claim {claim_id!r} is declared differently in {declared_in[claim_id]}; a claim reported "
                    "again must be declared alike (with the same dates once resolved), or only referred to by id "
                    "from the later annotation's statements", path=refs.path, field=f"claims ({claim_id})")
            declared.setdefault(claim_id, digest)
            declared_in.setdefault(claim_id, refs.path)
        conditioned.update(refs.conditioned)  # declarations agree, the condition included
    for refs in project:
        for claim_id, (line, where) in refs.foreign.items():
            if claim_id not in declared:
                raise ClaimgraphError(f"{claim_id!r} is not a claim in this annotation or in any other annotation "
                                      "of the project", path=refs.path, line=line, field=where)
        for claim_id in refs.stated_conditionally:
            if claim_id not in conditioned:
                line, where = refs.foreign[claim_id]
                raise ClaimgraphError(f"states-conditionally needs a 'condition' on claim {claim_id!r} (declared in "
                                      f"{declared_in[claim_id]})", path=refs.path, line=line,
                                      field=where.replace(".claim", ".stance"))


def resolve_claims(annotations: list[Annotation]) -> dict[str, Claim]:
    """Every claim of the project by id, once each, after `check_claims`."""
    check_claims([claim_refs(a) for a in annotations])
    claims: dict[str, Claim] = {}
    for a in annotations:
        for claim in a.claims.values():
            claims.setdefault(claim.id, claim)
    return claims


def _declaration(claim: Claim) -> tuple:
    """What must agree between two declarations of one claim: all but the curator's note and the
    words the dates were written in."""
    quantities = tuple(q.model_copy(update={"as_of": q.as_of and q.as_of.interval, "by": q.by and q.by.interval})
                       for q in claim.quantities)
    return claim.id, claim.text, claim.describes, claim.mentions, claim.condition, quantities


# --------------------------------------------------------------------------- error reports


def _field_name(loc: tuple, data: Any) -> str:
    """('statements', 3, 'stance') as 'statements[3] (s04).stance'."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            parts[-1] += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str) and _SLUG.fullmatch(node["id"]):
                parts[-1] += f" ({node['id']})"
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) if parts else "annotation"


def _line(loc: tuple, lines: dict) -> int | None:
    for end in range(len(loc), -1, -1):
        if tuple(loc[:end]) in lines:
            return lines[tuple(loc[:end])]
    return None


def _error_at(section: str, index: int, key: str, message: str, data, lines, where) -> ClaimgraphError:
    loc = (section, index, key)
    return ClaimgraphError(message, path=where, line=_line(loc, lines), field=_field_name(loc, data))


def _first_error(exc: ValidationError, data: Any, lines: dict, where: object) -> ClaimgraphError:
    errors = exc.errors(include_url=False, include_input=False)
    # a misspelt field is both unknown and a missing one: name the misspelling
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(step for step in error["loc"] if not (isinstance(step, str) and step.startswith("function-")))
    kind, message = error["type"], error["msg"]
    if kind == "missing":
        return ClaimgraphError(f"missing required field '{loc[-1]}'", path=where, line=_line(loc[:-1], lines),
                               field=_field_name(loc[:-1], data))
    if kind == "extra_forbidden":
        model = next((_MODELS[step] for step in reversed(loc[:-1]) if step in _MODELS), Document)
        allowed = ", ".join(sorted(model.model_fields))
        return ClaimgraphError(f"unknown field; expected one of: {allowed}", path=where, line=_line(loc, lines),
                               field=_field_name(loc, data))
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return ClaimgraphError("expected a mapping of fields", path=where, line=_line(loc, lines),
                               field=_field_name(loc, data))
    if kind in ("tuple_type", "list_type"):
        return ClaimgraphError("expected a list", path=where, line=_line(loc, lines), field=_field_name(loc, data))
    message = message.removeprefix("Value error, ")
    field_in_message = re.match(r"([a-z_]+): (.*)", message)
    if kind == "value_error" and field_in_message and field_in_message.group(1) in _field_keys():
        loc, message = loc + (field_in_message.group(1),), field_in_message.group(2)
    return ClaimgraphError(message, path=where, line=_line(loc, lines), field=_field_name(loc, data))


def _field_keys() -> set[str]:
    return {name for model in _MODELS.values() for name in model.model_fields}


def _check_references(a: Annotation, data: Any, lines: dict, foreign_claims: bool) -> None:
    """Cross-record checks: every id refers to a record of the right kind."""
    index_of = {section: {getattr(r, "id", None): i for i, r in enumerate(records)}
                for section, records in (("entities", a.entities.values()), ("deployments", a.deployments.values()),
                                         ("claims", a.claims.values()))}
    index_of["statements"] = {s.id: i for i, s in enumerate(a.statements)}

    def fail(section: str, record_id: str, key: str, message: str) -> ClaimgraphError:
        return _error_at(section, index_of[section][record_id], key, message, data, lines, a.path)

    def need_entity(section, rid, key, value, kinds, what):
        if value is None:
            return
        entity = a.entities.get(value)
        if entity is None:
            raise fail(section, rid, key, f"{shown(value)} is not an entity in this annotation")
        if entity.type not in kinds:
            raise fail(section, rid, key, f"{shown(value)} is a {entity.type}; expected {what}")

    if a.outlet:
        entity = a.entities.get(a.outlet)
        if entity is None or entity.type != "NewsOutlet":
            raise ClaimgraphError(f"{shown(a.outlet)} is not a NewsOutlet entity in this annotation", path=a.path,
                                  line=_line(("article", "outlet"), lines), field="article.outlet")
    for e in a.entities.values():
        for affiliation in e.affiliation:
            need_entity("entities", e.id, "affiliation", affiliation, ACTOR_TYPES, "an actor")
        for institution in e.speaks_for:
            need_entity("entities", e.id, "speaks_for", institution, ACTOR_TYPES, "an actor")
        need_entity("entities", e.id, "country", e.country, {"Country"}, "a Country")
    for d in a.deployments.values():
        need_entity("deployments", d.id, "sender", d.sender, {"Country"}, "a Country")
        need_entity("deployments", d.id, "receiver", d.receiver, {"Country"}, "a Country")
        need_entity("deployments", d.id, "location", d.location, PLACE_TYPES, "a place")
        if d.part_of is not None and d.part_of not in a.deployments:
            raise fail("deployments", d.id, "part_of", f"{shown(d.part_of)} is not a deployment in this annotation")
    for c in a.claims.values():
        if c.describes is not None and c.describes not in a.deployments:
            raise fail("claims", c.id, "describes", f"{shown(c.describes)} is not a deployment in this annotation")
        for mention in c.mentions:
            need_entity("claims", c.id, "mentions", mention, ENTITY_TYPES, "an entity")
        for q in c.quantities:
            if q.of is not None and q.of not in a.deployments:
                raise fail("claims", c.id, "quantities", f"quantity of {shown(q.of)}: not a deployment in this "
                           "annotation")
            if q.scope is not None:
                scope = a.entities.get(q.scope)
                if scope is None or scope.type not in PLACE_TYPES:
                    raise fail("claims", c.id, "quantities", f"quantity scope {shown(q.scope)}: not a place in this "
                               "annotation")
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
            raise fail("statements", s.id, "claim", f"{shown(s.claim)} is not a claim in this annotation")
        if s.stance == "states-conditionally" and claim.condition is None:
            raise fail("statements", s.id, "stance", f"states-conditionally needs a 'condition' on claim {claim.id!r}")
    stated = {s.claim for s in a.statements}
    for c in a.claims.values():
        if c.id not in stated:
            elsewhere = sorted(a.foreign_claims)
            hint = (f" (the statements state {', '.join(map(repr, elsewhere))}, which this annotation does not declare)"
                    if elsewhere else "")
            raise fail("claims", c.id, "id", f"claim {c.id!r} has no statement; every claim needs someone who "
                       f"says it{hint}")



def as_record(model: BaseModel) -> dict:
    """A record as an annotation file writes it (for the extractor, which works on plain records):
    dates as the expressions they were written in, numbers as numbers, no empty fields."""
    def plain(value):
        if isinstance(value, When):
            return value.expression
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, BaseModel):
            return as_record(value)
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        return value

    record = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value is None or value == ():
            continue
        if name in ("affiliation", "speaks_for") and len(value) == 1:
            record[name] = value[0]
        else:
            record[name] = plain(value)
    return record
