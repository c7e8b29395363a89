"""Check a graph three ways: SHACL shapes, QC rules in SPARQL, and OWL consistency with HermiT.

Each problem becomes a Finding with its focus node, path and message, whichever check found it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import BNode, Node

from . import reasoning
from .catalogue import load_catalogue
from .errors import ClaimgraphError
from .results import short
from .store import parse_turtle
from .workspace import Workspace


@dataclass(frozen=True)
class Finding:
    check: str
    focus: str
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "focus": self.focus, "path": self.path, "message": self.message}


class ValidationFailed(ClaimgraphError):
    """The graph has findings; exit status 1 ("ran fine, found problems")."""

    exit_code = 1

    def __init__(self, findings: list[Finding], what: str):
        self.findings = findings
        super().__init__(f"{what}: {len(findings)} problem{'s' if len(findings) != 1 else ''} found")


def shapes_file(workspace: Workspace) -> Path:
    return workspace.ontology_file.with_name("shapes.ttl")


def qc_dir(workspace: Workspace) -> Path:
    return workspace.queries_dir / "qc"


def validate(workspace: Workspace, data: Graph, *, derive: bool = False) -> tuple[list[Finding], reasoning.ReasoningResult]:
    """All findings for `data`, and HermiT's result (with derived triples when `derive`)."""
    ontology = Graph()
    parse_turtle(workspace.ontology_file, ontology, workspace.relative(workspace.ontology_file))
    findings = check_shapes(workspace, data, ontology) + check_qc_rules(workspace, data, ontology)
    result = reasoning.reason(data, ontology, derive=derive)
    findings += [Finding("owl", _show(clash.focus), "rdf:type", f"HermiT: inconsistent: {_show(clash.focus)} {clash.message}")
                 for clash in result.clashes]
    if not result.consistent and not result.clashes:
        findings.append(Finding("owl", "(graph)", "", "HermiT finds the graph inconsistent with the ontology; "
                                                      "no individual has disjoint types, so look at functional and "
                                                      "hasValue axioms"))
    return findings, result


def check_shapes(workspace: Workspace, data: Graph, ontology: Graph) -> list[Finding]:
    from pyshacl import validate as shacl_validate

    shapes = Graph()
    parse_turtle(shapes_file(workspace), shapes, workspace.relative(shapes_file(workspace)))
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                         abort_on_first=False, allow_warnings=True)
    if conforms:
        return []
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        text = str(message) if message is not None else f"violates {short(report.value(result, SH.sourceConstraintComponent))}"
        findings.append(Finding(f"shacl:{_node_shape_name(shapes, report.value(result, SH.sourceShape))}",
                                _show(focus), _path(report, path), text))
    return sorted(set(findings), key=lambda f: (f.focus, f.check, f.path, f.message))


def _node_shape_name(shapes: Graph, shape: Node | None) -> str:
    """The local name of the node shape a result comes from (property shapes are blank nodes)."""
    if isinstance(shape, BNode):
        shape = shapes.value(predicate=SH.property, object=shape) or shape
    return str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "shape"


def check_qc_rules(workspace: Workspace, data: Graph, ontology: Graph) -> list[Finding]:
    union = Graph()
    for graph in (data, ontology):
        for triple in graph:
            union.add(triple)
    findings = []
    for name, rule in load_catalogue(qc_dir(workspace)).items():
        for row in union.query(rule.text):
            findings.append(Finding(f"qc:{name.removesuffix('-violation')}", _show(row.focus),
                                    "" if row.path is None else short(row.path), str(row.message)))
    return findings


def _show(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return short(node)


def _path(report: Graph, path: Node | None) -> str:
    """A SHACL result path as text: a property, or ^property for an inverse path."""
    if path is None:
        return ""
    if isinstance(path, BNode):
        inverse = report.value(path, SH.inversePath)
        return f"^{short(inverse)}" if inverse is not None else "(complex path)"
    return short(path)


def load_files(paths: list[Path], workspace: Workspace) -> Graph:
    """The union of RDF files given on the command line; unreadable ones are errors."""
    from rdflib.util import guess_format

    data = Graph()
    for path in paths:
        shown = workspace.relative(path)
        if not Path(path).is_file():
            raise ClaimgraphError("file not found", path=shown)
        fmt = guess_format(str(path)) or "turtle"
        try:
            data.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises many unrelated types for bad syntax
            raise ClaimgraphError(f"cannot read as {fmt}: {' '.join(str(exc).split())[:300]}", path=shown) from None
    return data
