"""Make a draft a valid annotation: what the checks refuse is repaired or dropped, and every dropped
statement is reported with why, so that `ingest` never fails on its own draft.

The checks are the project's own: `annotation_from_data` (each record, and the references between
the records of one annotation), then, across annotations, the claims a statement takes from
elsewhere (they must exist; one stated conditionally must have a condition; see `resolve_claims`).
Each refusal names a field, and the repair goes no further than that field:

- a statement with a bad speaker, claim, stance, quote or offsets goes; a bad optional field of
  it (on whose behalf, relayed via, verb, confidence) goes; an unreadable date becomes "not stated";
- a bad optional field of an entity, deployment or claim goes, or only the bad id out of a list
  (an affiliation that is a place); an anonymous source left with no affiliation is a person;
- a record that cannot stand (a bad id, type, label or text) goes, a claim with its statements;
  a claim declared differently elsewhere in the project is this draft's own: it gets a new id.

What still cannot be made valid leaves an annotation with no statements (each reported)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ClaimgraphError, shown
from ..model.annotation import Annotation, annotation_from_data, resolve_claims
from ..model.article import Article

SECTIONS = ("entities", "deployments", "claims", "statements")
_FIELD = re.compile(r"(entities|deployments|claims|statements)\[(\d+)\](?: \([^)]*\))?(?:\.(\w+)(?:\[(\d+)\])?)?")
_DECLARED = re.compile(r"claims \(([a-z0-9][a-z0-9-]*)\)$")  # resolve_claims: declared differently elsewhere
_NAMED = re.compile(r"'([a-z0-9][a-z0-9-]*)'")  # the id a reference check names first
REQUIRED = {"entities": {"id", "type", "label"}, "deployments": {"id", "label"}, "claims": {"id", "text"},
            "statements": {"id", "speaker", "claim", "stance", "certainty", "start", "end", "quote", "direct"}}
NOT_STATED = "not stated"


@dataclass(frozen=True)
class Dropped:
    """A statement of a draft that could not be made valid."""

    statement: str  # its id in the draft
    quote: str
    reason: str  # the check that refused it: field and message, one line

    def line(self, article: object) -> str:
        """One warning line naming the article, the statement and why."""
        quote = shown(" ".join(self.quote.split()), 50)
        return f"{article}: statement {self.statement} ({quote}) dropped: {self.reason}"


def valid_annotation(data: dict, article: Article, where: object) -> tuple[Annotation, int]:
    """The checked annotation of a draft (`data` is repaired in place) and how many statements went."""
    annotation, dropped = repair_annotation(data, article, where)
    return annotation, len(dropped)


def repair_annotation(data: dict, article: Article, where: object, *, known_claims: Mapping | None = None,
                      others: list[Annotation] | None = None) -> tuple[Annotation, list[Dropped]]:
    """Repair the draft `data` in place until it is a valid annotation of `article`; the annotation
    and the statements dropped. Claims its statements take from elsewhere are checked against
    `known_claims` (records or models by id) and, with `others` (the project's other annotations),
    by `resolve_claims` as a build checks them. An error in `others` themselves is raised."""
    dropped: list[Dropped] = []
    error = None
    for _ in range(50 + 4 * sum(len(data.get(section) or []) for section in SECTIONS)):
        try:
            annotation = annotation_from_data(data, article, where, foreign_claims=True)
            if known_claims is not None:
                _check_foreign_claims(annotation, known_claims)
            if others is not None:
                resolve_claims([*others, annotation])
            return annotation, dropped
        except ClaimgraphError as exc:
            if exc.path != where:
                raise
            error = exc
            if not _repair(data, exc, dropped):
                break
    # nothing more can be cut field by field: the article stays, with no statements
    for statement in data.get("statements") or []:
        _note(dropped, statement, f"the draft could not be made valid ({_reason(error)})")
    data.pop("article", None)
    for section in SECTIONS:
        data[section] = []
    return annotation_from_data(data, article, where, foreign_claims=True), dropped


def _check_foreign_claims(annotation: Annotation, known: Mapping) -> None:
    """What `resolve_claims` asks of a claim stated here but declared elsewhere, against `known`."""
    for index, s in enumerate(annotation.statements):
        if s.claim in annotation.claims:
            continue
        field = f"statements[{index}] ({s.id})"
        if s.claim not in known:
            raise ClaimgraphError(f"{s.claim!r} is not a claim in this annotation or in any other annotation of the "
                                  "project", path=annotation.path, field=f"{field}.claim")
        record = known[s.claim]
        condition = record.get("condition") if isinstance(record, Mapping) else record.condition
        if s.stance == "states-conditionally" and not condition:
            raise ClaimgraphError(f"states-conditionally needs a 'condition' on claim {s.claim!r} (declared in another "
                                  "annotation without one)", path=annotation.path, field=f"{field}.stance")


def _reason(error: ClaimgraphError | None) -> str:
    if error is None:
        return "no check passed"
    return f"{error.field}: {error.detail}" if error.field else error.detail


def _note(dropped: list[Dropped], statement, reason: str) -> None:
    if isinstance(statement, dict):
        dropped.append(Dropped(str(statement.get("id", "?")), str(statement.get("quote", "")), reason))
    else:
        dropped.append(Dropped("?", "", reason))


def _repair(data: dict, error: ClaimgraphError, dropped: list[Dropped]) -> bool:
    """Change `data` so that `error` is gone; False when it cannot be done field by field."""
    field, reason = error.field or "", _reason(error)
    declared = _DECLARED.match(field)
    if declared:
        return _rename_claim(data, declared.group(1))
    head, _, key = field.partition(".")
    if head in ("article", "draft") and key in ("outlet", "title", "note", "method", "model", "confidence", "dropped") \
            and isinstance(data.get(head), dict) and key in data[head]:
        data[head].pop(key)  # a bad optional field of the header
        return True
    match = _FIELD.match(field)
    if match is None:
        return False
    section, index, key = match.group(1), int(match.group(2)), match.group(3)
    item = int(match.group(4)) if match.group(4) is not None else None
    records = data.get(section)
    if not isinstance(records, list) or index >= len(records):
        return False
    record = records[index]
    if not isinstance(record, dict) or key is None or key in REQUIRED[section] or "has no statement" in error.detail:
        if section == "statements":
            _note(dropped, records.pop(index), reason)
        else:
            _drop_record(data, section, index, reason, dropped, duplicate=error.detail.startswith("duplicate id"))
        return True
    if section == "statements" and key == "said":
        if record.get("said") == NOT_STATED:
            _note(dropped, records.pop(index), reason)
        else:
            record["said"] = NOT_STATED  # when it was said is optional knowledge; the statement stands
        return True
    if key == "quantities" and item is not None and isinstance(record.get("quantities"), list) \
            and item < len(record["quantities"]):
        record["quantities"].pop(item)
    elif isinstance(record.get(key), list) and _without_named(record, key, error.detail):
        pass  # only the bad id went out of the list
    elif key in record:
        record.pop(key)
    elif key == "affiliation" and record.get("type") == "AnonymousSource":
        record["type"] = "Person"  # whose source it is was lost: a person of unknown affiliation
    elif section == "statements":
        _note(dropped, records.pop(index), reason)
        return True
    else:  # a rule across fields the record lacks: it cannot stand
        _drop_record(data, section, index, reason, dropped)
        return True
    if key in record and record[key] in ([], None, ""):
        record.pop(key)
    if section == "entities" and record.get("type") == "AnonymousSource" and not record.get("affiliation"):
        record["type"] = "Person"
    return True


def _without_named(record: dict, key: str, detail: str) -> bool:
    """Take the id the message names out of the list `record[key]`; whether it was there."""
    named = _NAMED.match(detail)
    if named is None or named.group(1) not in record[key]:
        return False
    record[key] = [value for value in record[key] if value != named.group(1)]
    return True


def _drop_record(data: dict, section: str, index: int, reason: str, dropped: list[Dropped],
                 duplicate: bool = False) -> None:
    """Drop a record; a claim takes its statements with it (but a second declaration of an id does
    not: the statements mean the first). What else refers to a dropped record is repaired as the
    checks find it."""
    record = data[section].pop(index)
    if section == "claims" and not duplicate and isinstance(record, dict):
        keep = []
        for statement in data.get("statements") or []:
            if isinstance(statement, dict) and statement.get("claim") == record.get("id"):
                _note(dropped, statement, f"its claim {record.get('id')!r} was dropped ({reason})")
            else:
                keep.append(statement)
        data["statements"] = keep
    if section == "entities" and isinstance(record, dict) and isinstance(data.get("article"), dict) \
            and data["article"].get("outlet") == record.get("id") and not duplicate:
        data["article"].pop("outlet")


def _rename_claim(data: dict, claim_id: str) -> bool:
    """The draft's own claim whose id another annotation declares differently: a new id, here only."""
    taken = {c.get("id") for c in data.get("claims") or [] if isinstance(c, dict)}
    if claim_id not in taken:
        return False
    n = 2
    while f"{claim_id}-{n}" in taken:
        n += 1
    new_id = f"{claim_id}-{n}"
    for claim in data["claims"]:
        if isinstance(claim, dict) and claim.get("id") == claim_id:
            claim["id"] = new_id
    for statement in data.get("statements") or []:
        if isinstance(statement, dict) and statement.get("claim") == claim_id:
            statement["claim"] = new_id
    return True
