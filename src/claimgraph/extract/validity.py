"""Make a draft a valid annotation: what the checks refuse is dropped, counted and reported, so that
`ingest` never fails on its own draft. A statement that fails goes; a bad optional field of an
entity, deployment or claim goes; a record that cannot stand goes, with what depended on it."""

from __future__ import annotations

import re

from ..errors import ClaimgraphError
from ..model.annotation import Annotation, annotation_from_data
from ..model.article import Article

_FIELD = re.compile(r"(entities|deployments|claims|statements)\[(\d+)\](?: \([^)]*\))?(?:\.(\w+))?")
REQUIRED = {"entities": {"id", "type", "label"}, "deployments": {"id", "label"}, "claims": {"id", "text"},
            "statements": set()}


def valid_annotation(data: dict, article: Article, where: object) -> tuple[Annotation, int]:
    """The checked annotation of a draft (`data` is repaired in place) and how many statements went."""
    dropped_before = len(data.get("statements", []))
    for _ in range(500):
        try:
            annotation = annotation_from_data(data, article, where, foreign_claims=True)
            break
        except ClaimgraphError as exc:
            if not _repair(data, exc):
                raise
    else:
        raise ClaimgraphError("the draft could not be made valid", path=where)
    return annotation, dropped_before - len(data.get("statements", []))


def _repair(data: dict, error: ClaimgraphError) -> bool:
    match = _FIELD.match(error.field or "")
    if match is None:
        return False
    section, index, key = match.group(1), int(match.group(2)), match.group(3)
    records = data.get(section, [])
    if index >= len(records):
        return False
    record = records[index]
    if section == "statements" or key is None or key in REQUIRED[section] or "has no statement" in error.detail:
        records.pop(index)
        if section == "claims":  # statements of a claim that is gone go too
            data["statements"] = [s for s in data.get("statements", []) if s.get("claim") != record.get("id")]
        if section == "entities":
            _drop_references(data, record.get("id"))
        return True
    record.pop(key, None)
    if key == "quantities":
        record.pop("quantities", None)
    return True


def _drop_references(data: dict, entity_id: str | None) -> None:
    data["statements"] = [s for s in data.get("statements", []) if entity_id not in
                          (s.get("speaker"), s.get("on_behalf_of"), s.get("reported_through"))]
    for statement in data.get("statements", []):
        if entity_id in (statement.get("relayed_via") or []):
            statement["relayed_via"] = [r for r in statement["relayed_via"] if r != entity_id]
    if data.get("article", {}).get("outlet") == entity_id:
        data["article"].pop("outlet")
