"""SHACL: the shapes of ontology/shapes.ttl (pySHACL, SHACL-SPARQL constraints included)."""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import BNode, Node

from ..query.terms import short
from .findings import Finding, show


def check_shapes(data: Graph, shapes: Graph, ontology: Graph) -> list[Finding]:
    from pyshacl import validate

    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
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
                                show(focus), _path(report, path), text))
    return sorted(set(findings), key=lambda f: (f.focus, f.check, f.path, f.message))


def _node_shape_name(shapes: Graph, shape: Node | None) -> str:
    """The local name of the node shape a result comes from (property shapes are blank nodes)."""
    if isinstance(shape, BNode):
        shape = shapes.value(predicate=SH.property, object=shape) or shape
    return str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "shape"


def _path(report: Graph, path: Node | None) -> str:
    """A SHACL result path as text: a property, or ^property for an inverse path."""
    if path is None:
        return ""
    if isinstance(path, BNode):
        inverse = report.value(path, SH.inversePath)
        return f"^{short(inverse)}" if inverse is not None else "(complex path)"
    return short(path)
