"""Saved SPARQL queries: read their grlc-style headers and bind their parameters.

A query is a plain `.rq` file any SPARQL tool can run. Its header lines start with `#+ ` and
hold YAML (summary, description, tags, parameters). A parameter `?_name` is declared under
`parameters:` with a type; a value is checked against the type, made an RDF term, and that
term, serialized by rdflib, stands in for the variable (never the user's text).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import XSD, Literal, URIRef

from ..errors import ClaimgraphError, shown
from ..model import textfile, yamlfile
from ..rdf import iris
from ..rdf.namespaces import CLAIM

PARAMETER_TYPES = {
    "date": "a date, YYYY-MM-DD",
    "claim": "a claim id (as in the annotation) or a claim IRI",
    "iri": "an absolute IRI",
    "string": "any text",
    "integer": "a whole number",
}
_VARIABLE = re.compile(r"[?$]_([A-Za-z][A-Za-z0-9_]*)")
# What a parameter substitution steps over (strings, IRIs, comments), or a parameter.
_TOKEN = re.compile("|".join([
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^\s<>"{}|^`\\]*>',  # an IRI; a less-than sign is followed by a space or a term
    r"\#[^\n]*",
    r"(?P<parameter>[?$]_[A-Za-z][A-Za-z0-9_]*)",
]))
# A parameter is a constant: it may not be projected, assigned (AS) or listed in VALUES.
_NOT_A_CONSTANT = re.compile(
    r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?(?:[?$]\w+\s+)*[?$]_|\bAS\s+[?$]_|\bVALUES\s*\(?[^{]*[?$]_",
    re.IGNORECASE,
)


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
    shown: str = ""  # the file as messages name it


def load_catalogue(queries_dir: Path) -> dict[str, SavedQuery]:
    """Every saved query in `queries_dir` by name (file stem), in name order."""
    return {path.stem: read_query(path) for path in sorted(Path(queries_dir).glob("*.rq"))}


def read_query(path: Path, shown_as: object = None) -> SavedQuery:
    """A saved query file with its header checked; every problem is one line naming the file."""
    where = shown_as or path
    text = textfile.read_text(path, "query", where)
    header, line_of = _header(text, where)
    if not isinstance(header, dict) or not isinstance(header.get("summary"), str) or not header["summary"].strip():
        raise ClaimgraphError("the '#+' header needs a 'summary:' line of text", path=where)
    declared = header.get("parameters") or {}
    if not isinstance(declared, dict):
        raise ClaimgraphError("'#+ parameters:' must map each name to {type: ..., description: ...}", path=where,
                              line=line_of(("parameters",)))
    parameters = {}
    for name, spec in declared.items():
        line = line_of(("parameters", name))
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
            raise ClaimgraphError(f"parameter name {shown(name)} is not a word", path=where, line=line)
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind not in PARAMETER_TYPES:
            given = f"has type {shown(kind)}; it " if kind is not None else ""
            raise ClaimgraphError(f"parameter {name!r} {given}needs a type, one of: {', '.join(PARAMETER_TYPES)}",
                                  path=where, line=line)
        parameters[name] = Parameter(name, kind, str(spec.get("description", "")))
    tags = header.get("tags") or ()
    if not isinstance(tags, (list, tuple)) or not all(isinstance(tag, str) for tag in tags):
        raise ClaimgraphError("'#+ tags:' must be a list of words", path=where, line=line_of(("tags",)))
    syntax = _syntax_only(text)
    used = set(_VARIABLE.findall(syntax))
    if used != set(parameters):
        raise ClaimgraphError(
            f"parameters declared in the header {sorted(parameters)} differ from ?_ variables used {sorted(used)}",
            path=where,
        )
    if parameters and _NOT_A_CONSTANT.search(syntax):
        raise ClaimgraphError("a ?_ parameter is a constant: it cannot be projected, assigned with AS "
                              "or listed in VALUES", path=where)
    return SavedQuery(Path(path).stem, Path(path), text, header["summary"].strip(),
                      " ".join(str(header.get("description", "")).split()), tuple(tags), parameters,
                      " ".join(str(header.get("fix", "")).split()), str(where))


def _header(text: str, where: object) -> tuple[object, Callable[[tuple], int | None]]:
    """The `#+` lines as YAML, read as an annotation is (`model.yamlfile`: no aliases, which could
    blow up, no duplicate keys, which would silently override), and a function giving the file's
    line for a path into it."""
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.startswith("#+")]
    numbers = [number for number, _ in numbered]
    lines = [line[3:] if line.startswith("#+ ") else line[2:] for _, line in numbered]

    def file_line(header_line: int | None) -> int | None:
        return numbers[header_line - 1] if header_line and header_line <= len(numbers) else None

    try:
        header, positions = yamlfile.load("\n".join(lines), where, kind="query header")
    except ClaimgraphError as exc:
        raise ClaimgraphError(exc.detail.replace("malformed YAML", "malformed '#+' header"), path=where,
                              line=file_line(exc.line)) from None
    return header or {}, lambda path: file_line(positions.get(path))


def _syntax_only(text: str) -> str:
    """The query with comments dropped and strings and IRIs emptied, so that a word or a parameter
    inside them ('# the values', <...#as>) is not taken for SPARQL."""
    def keep(token: re.Match) -> str:
        found = token.group(0)
        if token.group("parameter"):
            return found
        return "" if found.startswith("#") else "<>" if found.startswith("<") else '""'

    return _TOKEN.sub(keep, text)


def find(catalogue: dict[str, SavedQuery], name: str) -> SavedQuery:
    """A saved query by name, or a query file given by its path (`claimgraph query my.rq`)."""
    if name in catalogue:
        return catalogue[name]
    if name.endswith(".rq"):
        return read_query(Path(name))
    raise ClaimgraphError(f"unknown query {shown(name)}; saved queries are: {', '.join(catalogue) or 'none'} "
                          "(or give the path of a .rq file)")


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """`--param NAME=VALUE` arguments as a dict; malformed ones are errors. Bytes that are not UTF-8
    (a terminal in another encoding) reach Python as lone surrogates, which no engine can take."""
    values: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ClaimgraphError(f"--param {shown(item)} is not NAME=VALUE")
        if name.strip() in values:
            raise ClaimgraphError(f"--param {name.strip()!r} is given twice")
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            raise ClaimgraphError(f"--param {shown(item)} is not UTF-8 text; set the terminal to UTF-8") from None
        values[name.strip()] = value.strip()
    return values


def bind(query: SavedQuery, values: dict[str, str]) -> dict[str, Literal | URIRef]:
    """RDF terms for the query's parameters, keyed by variable name (`_date`)."""
    for name in values:
        if name not in query.parameters:
            accepted = ", ".join(query.parameters) or "none"
            raise ClaimgraphError(f"query {query.name!r} has no parameter {shown(name)} (parameters: {accepted})")
    bindings = {}
    for name, parameter in query.parameters.items():
        if name not in values:
            raise ClaimgraphError(
                f"query {query.name!r} needs --param {name}=VALUE ({PARAMETER_TYPES[parameter.type]})"
            )
        bindings[f"_{name}"] = _term(parameter, values[name], query.name)
    return bindings


def with_parameters(query: SavedQuery, bindings: dict[str, Literal | URIRef], text: str | None = None) -> str:
    """The query text with every parameter variable replaced by its bound RDF term.

    A parameter is a constant of the whole query, subqueries and EXISTS/MINUS groups included,
    so the term itself goes where the variable stood; every engine then sees the same constant
    (a VALUES block would have to be repeated in each group, and rdflib and Virtuoso 7.2 each
    lose such bindings in nested groups). The terms are serialized by rdflib (quotes and
    newlines escaped, IRIs checked in `bind`), never user text; comments, strings and IRIs in
    the query are left alone. `text` is the query's text when it was rewritten (`map_service`).
    """
    text = query.text if text is None else text
    if not bindings:
        return text

    def substitute(match: re.Match) -> str:
        variable = match.group("parameter")
        if variable is None or variable[1:] not in bindings:
            return match.group(0)
        return bindings[variable[1:]].n3()

    return _TOKEN.sub(substitute, text)


def not_sparql(query: SavedQuery, engine: str, message: str, line: int | None) -> ClaimgraphError:
    """An engine's refusal of the query's syntax, naming the query's file and the line."""
    return ClaimgraphError(f"not valid SPARQL for {engine}: {' '.join(message.split())[:300]}",
                           path=query.shown or query.path, line=line)


def map_service(query: SavedQuery, service: str, endpoint: str) -> str:
    """The query with `SERVICE <service>` sent to `endpoint` instead (a mirror, a local copy)."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", endpoint):
        raise ClaimgraphError(f"{endpoint!r} is not an http(s) endpoint URL")
    pattern = re.compile(r"SERVICE\s+(SILENT\s+)?<" + re.escape(service) + ">", re.IGNORECASE)
    if not pattern.search(query.text):
        raise ClaimgraphError(f"query {query.name!r} makes no SERVICE call to <{service}>")
    return pattern.sub(lambda m: f"SERVICE {m.group(1) or ''}<{endpoint}>", query.text)


def _term(parameter: Parameter, raw: str, query_name: str) -> Literal | URIRef:
    def bad() -> ClaimgraphError:
        return ClaimgraphError(
            f"--param {parameter.name}={shown(raw)} for query {query_name!r} is not {PARAMETER_TYPES[parameter.type]}"
        )

    if parameter.type == "date":
        try:
            return Literal(dt.date.fromisoformat(raw), datatype=XSD.date)
        except ValueError:
            raise bad() from None
    if parameter.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise bad()
        try:
            return Literal(int(raw))
        except ValueError:  # Python reads at most 4,300 digits
            raise ClaimgraphError(f"--param {parameter.name}={shown(raw)} for query {query_name!r} is longer than "
                                  "any number a query can use") from None
    if parameter.type == "claim":
        if iris.is_slug(raw):
            return iris.claim(raw)
        if raw.startswith("claim:") and iris.is_slug(raw[6:]):
            return iris.claim(raw[6:])
        if raw.startswith(str(CLAIM)) and iris.is_slug(raw[len(CLAIM):]):
            return URIRef(raw)
        raise bad()
    if parameter.type == "iri":
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", raw):
            raise bad()
        return URIRef(raw)
    return Literal(raw)
