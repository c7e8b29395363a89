"""Saved SPARQL queries: read their grlc-style headers and bind their parameters.

A query is a plain `.rq` file any SPARQL tool can run. Its header lines start with `#+ ` and
hold YAML (summary, description, tags, parameters). A parameter `?_name` is declared under
`parameters:` with a type; values are bound as RDF terms (rdflib initBindings), never
spliced into the query text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import XSD, Literal, URIRef

from . import iris
from .errors import ClaimgraphError

PARAMETER_TYPES = {
    "date": "a date, YYYY-MM-DD",
    "claim": "a claim id (as in the annotation) or a claim IRI",
    "iri": "an absolute IRI",
    "string": "any text",
    "integer": "a whole number",
}
_VARIABLE = re.compile(r"[?$]_([A-Za-z][A-Za-z0-9_]*)")
_OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_INNER_GROUP = re.compile(r"\b(?:WHERE|EXISTS|MINUS)\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str
    tags: tuple[str, ...] = ()
    parameters: dict[str, Parameter] = field(default_factory=dict)
    fix: str = ""


def load_catalogue(queries_dir: Path) -> dict[str, SavedQuery]:
    """Every saved query in `queries_dir` by name (file stem), in name order."""
    return {path.stem: read_query(path) for path in sorted(Path(queries_dir).glob("*.rq"))}


def read_query(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    header_lines = [line[3:] if line.startswith("#+ ") else line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        raise ClaimgraphError(f"malformed '#+' header: {exc}", path=path) from None
    if not isinstance(header, dict) or not header.get("summary"):
        raise ClaimgraphError("the '#+' header needs a 'summary:'", path=path)
    parameters = {}
    for name, spec in (header.get("parameters") or {}).items():
        if not isinstance(spec, dict) or spec.get("type") not in PARAMETER_TYPES:
            raise ClaimgraphError(f"parameter {name!r} needs a type, one of: {', '.join(PARAMETER_TYPES)}", path=path)
        parameters[name] = Parameter(name, spec["type"], str(spec.get("description", "")))
    used = set(_VARIABLE.findall(_without_comments(text)))
    if used != set(parameters):
        raise ClaimgraphError(
            f"parameters declared in the header {sorted(parameters)} differ from ?_ variables used {sorted(used)}",
            path=path,
        )
    return SavedQuery(path.stem, path, text, str(header["summary"]).strip(),
                      " ".join(str(header.get("description", "")).split()), tuple(header.get("tags") or ()), parameters,
                      " ".join(str(header.get("fix", "")).split()))


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def find(catalogue: dict[str, SavedQuery], name: str) -> SavedQuery:
    if name not in catalogue:
        raise ClaimgraphError(f"unknown query {name!r}; saved queries are: {', '.join(catalogue) or 'none'}")
    return catalogue[name]


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """`--param NAME=VALUE` arguments as a dict; malformed ones are errors."""
    values: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ClaimgraphError(f"--param {item!r} is not NAME=VALUE")
        if name.strip() in values:
            raise ClaimgraphError(f"--param {name.strip()!r} is given twice")
        values[name.strip()] = value.strip()
    return values


def bind(query: SavedQuery, values: dict[str, str]) -> dict[str, Literal | URIRef]:
    """RDF terms for the query's parameters, keyed by variable name (`_date`)."""
    for name in values:
        if name not in query.parameters:
            accepted = ", ".join(query.parameters) or "none"
            raise ClaimgraphError(f"query {query.name!r} has no parameter {name!r} (parameters: {accepted})")
    bindings = {}
    for name, parameter in query.parameters.items():
        if name not in values:
            raise ClaimgraphError(
                f"query {query.name!r} needs --param {name}=VALUE ({PARAMETER_TYPES[parameter.type]})"
            )
        bindings[f"_{name}"] = _term(parameter, values[name], query.name)
    return bindings


def with_values(query: SavedQuery, bindings: dict[str, Literal | URIRef]) -> str:
    """The query text with its bindings as a VALUES block opening the outer WHERE group and every
    subquery, (NOT) EXISTS and MINUS group that uses a parameter.

    This is how parameters reach every engine: the values are serialized RDF terms, never text
    from the user. Subqueries and MINUS groups are evaluated on their own, so they need the
    binding themselves; in EXISTS groups it changes nothing for a conforming engine (the group
    joins a binding it already has), but Virtuoso 7.2 loses outer bindings in nested EXISTS.
    Groups that do not use a parameter are left alone (rdflib mis-joins VALUES in GROUP BY
    subqueries).
    """
    if not bindings:
        return query.text
    blanked = _blank_comments(query.text)
    where = _OUTER_WHERE.search(blanked)
    if where is None:
        raise ClaimgraphError("cannot find the query's WHERE clause to bind parameters in", path=query.path)
    names = sorted(bindings)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(bindings[n].n3() for n in names)}) }}"
    uses = re.compile(r"[?$](?:" + "|".join(re.escape(n) for n in names) + r")\b")
    cuts = [m.end() for m in _INNER_GROUP.finditer(blanked)
            if m.start() == where.start() or (m.start() > where.start() and uses.search(_group_text(blanked, m.end())))]
    pieces, last = [], 0
    for cut in cuts:
        pieces += [query.text[last:cut], block]
        last = cut
    return "".join(pieces) + query.text[last:]


def map_service(query: SavedQuery, service: str, endpoint: str) -> str:
    """The query with `SERVICE <service>` sent to `endpoint` instead (a mirror, a local copy)."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", endpoint):
        raise ClaimgraphError(f"{endpoint!r} is not an http(s) endpoint URL")
    pattern = re.compile(r"SERVICE\s+(SILENT\s+)?<" + re.escape(service) + ">", re.IGNORECASE)
    if not pattern.search(query.text):
        raise ClaimgraphError(f"query {query.name!r} makes no SERVICE call to <{service}>")
    return pattern.sub(lambda m: f"SERVICE {m.group(1) or ''}<{endpoint}>", query.text)


def _group_text(text: str, opened: int) -> str:
    """The text of the group whose '{' ends just before `opened`, up to its matching '}'."""
    depth, position, quote = 1, opened, None
    while position < len(text) and depth:
        char = text[position]
        if quote:
            if char == "\\":
                position += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        position += 1
    return text[opened:position]


def _blank_comments(text: str) -> str:
    """Comment lines replaced by spaces of the same length, so offsets still match the text."""
    return "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n"))


def _term(parameter: Parameter, raw: str, query_name: str) -> Literal | URIRef:
    def bad() -> ClaimgraphError:
        return ClaimgraphError(
            f"--param {parameter.name}={raw!r} for query {query_name!r} is not {PARAMETER_TYPES[parameter.type]}"
        )

    if parameter.type == "date":
        try:
            return Literal(dt.date.fromisoformat(raw), datatype=XSD.date)
        except ValueError:
            raise bad() from None
    if parameter.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise bad()
        return Literal(int(raw))
    if parameter.type == "claim":
        if iris.is_slug(raw):
            return iris.claim(raw)
        if raw.startswith("claim:") and iris.is_slug(raw[6:]):
            return iris.claim(raw[6:])
        if raw.startswith(str(iris.CLAIM)) and iris.is_slug(raw[len(iris.CLAIM):]):
            return URIRef(raw)
        raise bad()
    if parameter.type == "iri":
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", raw):
            raise bad()
        return URIRef(raw)
    return Literal(raw)
