"""SHACL on Oxigraph: the shapes compiled to SPARQL SELECT queries and run in the store the build
already holds, instead of pySHACL over rdflib (13 s for eight articles, and it grows with the
whole graph on every build).

A node shape gives one query per message: its property shapes, its node-level constraints and
each of its SHACL-SPARQL constraints. A query finds the focus nodes that break the constraint,
so findings are those of `check_shapes` (pySHACL) — same check, focus, path, message — which
tests/test_shapes_sparql.py proves on the seed, every annotated corpus article and a catalogue of
broken graphs. A component this compiler does not know raises a ClaimgraphError naming its
shape: a constraint is never skipped in silence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from ..errors import ClaimgraphError
from ..query.terms import TsvTerms, short
from .findings import Finding, show

# What a shape may say besides its constraints (sh:message and sh:path are read with them).
_DESCRIPTIVE = {RDF.type, SH.targetClass, SH.property, SH.message, SH.path, SH.name, SH.description, SH.order,
                SH.group, SH.declare}
# Value types whose lexical form SPARQL can check by a cast: pySHACL rejects ill-typed literals.
_CASTABLE = {XSD.integer, XSD.decimal, XSD.boolean, XSD.date, XSD.dateTime, XSD.double, XSD.float, XSD.time}
_NODE_KINDS = {SH.IRI: "!isIRI({v})", SH.BlankNode: "!isBlank({v})", SH.Literal: "!isLiteral({v})",
               SH.BlankNodeOrIRI: "isLiteral({v})", SH.BlankNodeOrLiteral: "isIRI({v})",
               SH.IRIOrLiteral: "isBlank({v})"}
# pySHACL's own text for a constraint without sh:message, where it depends on the shape alone.
_DEFAULT_MESSAGES = {SH.nodeKind: "Value is not of Node Kind {}", SH["class"]: "Value does not have class {}",
                     SH.datatype: "Value is not Literal with datatype {}"}
# Stands before a class in a compiled query for the list of it and its subclasses in the store:
# a type filtered by that list is 3 times faster in Oxigraph than the path rdf:type/rdfs:subClassOf*.
_SUBCLASSES = "SUBCLASSES-OF"
_SUBCLASSES_OF = re.compile(_SUBCLASSES + "<([^>]*)>")
# SHACL-SPARQL forbids these in a constraint's query, so pre-binding $this is inserting it.
_FORBIDDEN_IN_SELECT = re.compile(r"\b(MINUS|SERVICE|VALUES)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ShapeQuery:
    """One query of a node shape: rows are focus nodes (and SHACL-SPARQL variables) that fail."""
    check: str  # shacl:<node shape>
    target_classes: tuple[URIRef, ...]
    path: str  # as check_shapes writes it: cg:speaker, ^cg:claim, or ""
    message: str  # a SHACL-SPARQL message takes {?var} from its row, as in pySHACL
    where: str  # the WHERE clause's body, after the pattern that binds ?this to the targets
    head: str = "SELECT DISTINCT ?this"  # a SHACL-SPARQL constraint keeps its own projection
    tail: str = ""


def check_shapes_in_store(store, shapes: Graph, focus_graph: Graph | None = None) -> list[Finding]:
    """The findings `check_shapes(data, shapes, ontology)` gives, from an Oxigraph store holding the
    data and the ontology in its default graph (as `project.built.open_store` does).

    `focus_graph` narrows the focus nodes to the subjects and objects of its triples, e.g. the
    graphs of the articles a build changed, while everything a constraint reads (values, their
    classes, statements about a claim in other articles) still comes from the whole store. So the
    findings are exactly those of the whole check whose focus node is in `focus_graph`: a check of
    one article alone would miss a second label an actor got in another article, or a statement
    whose claim is declared elsewhere. The ontology is read from the store, so class targets follow
    rdfs:subClassOf there as pySHACL follows it in data plus ontology.
    """
    focus = None if focus_graph is None else _focus_nodes(focus_graph)
    types = None if focus is None else _types(store, focus)
    subclasses: dict[str, list[str]] = {}

    def listed(cls: str) -> list[str]:
        if cls not in subclasses:
            subclasses[cls] = _subclasses(store, cls)
        return subclasses[cls]

    findings = set()
    terms = TsvTerms()
    for query in compile_shapes(shapes):
        where = _SUBCLASSES_OF.sub(lambda m: ", ".join(f"<{c}>" for c in listed(m[1])), query.where)
        classes = sorted({c for cls in query.target_classes for c in listed(str(cls))})
        targets = _targets(classes, types, any(isinstance(n, BNode) for n in focus or ()))
        if targets is None:
            continue
        text = f"{query.head} WHERE {{ {targets} {where} }} {query.tail}"
        for row in _rows(store, text, terms):
            if focus is not None and row["this"] not in focus:
                continue
            path = query.path if row.get("path") is None else short(row["path"])
            findings.add(Finding(query.check, show(row["this"]), path, _fill(query.message, row)))
    return sorted(findings, key=lambda f: (f.focus, f.check, f.path, f.message))


def compile_shapes(shapes: Graph) -> list[ShapeQuery]:
    """Every node shape with a target, as queries; a constraint not compiled is an error."""
    queries = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(SH.targetClass, None)),
                        key=str):
        targets = tuple(sorted(shapes.objects(shape, SH.targetClass)))
        if not targets:
            continue
        queries += _ShapeCompiler(shapes, shape, targets).queries()
    return queries


class _ShapeCompiler:
    """One node shape: constraints into SPARQL filters true when a focus or value node fails."""

    def __init__(self, shapes: Graph, shape: URIRef, targets: tuple[URIRef, ...]):
        self.g, self.shape, self.targets = shapes, shape, targets
        self.check = f"shacl:{str(shape).rsplit('#', 1)[-1] if isinstance(shape, URIRef) else 'shape'}"
        self.names = itertools.count()

    def queries(self) -> list[ShapeQuery]:
        queries = []
        for prop in sorted(self.g.objects(self.shape, SH.property), key=str):
            self._only(prop, {SH.path, SH.message, RDF.type, SH.name, SH.description, SH.order, SH.group},
                       self._components(prop))
            queries += self._queries(prop, self._failures(prop, "?this", self._path(prop)), self._path_text(prop))
        unknown = ({p for p in self.g.predicates(self.shape) if p.startswith(SH)} - _DESCRIPTIVE - {SH.sparql}
                   - set(self._VALUE_COMPONENTS) - {SH.flags})
        queries += self._queries(self.shape, self._node_failures(self.shape, "?this", unknown), "")
        for constraint in sorted(self.g.objects(self.shape, SH.sparql), key=str):
            queries.append(self._sparql(constraint))
        return queries

    def _queries(self, shape: Node, failures: list[tuple[URIRef, str]], path: str) -> list[ShapeQuery]:
        """One query per message: with sh:message, one for all; else pySHACL's text per component."""
        message = self._message(shape)
        by_message: dict[str, list[str]] = {}
        for component, condition in failures:
            by_message.setdefault(message or self._default_message(shape, component), []).append(condition)
        return [ShapeQuery(self.check, self.targets, path, text,
                           f"FILTER ({' || '.join(conditions)})") for text, conditions in by_message.items()]

    # --- shapes: what makes a node fail one

    def _node_failures(self, shape: Node, node: str, unknown: set) -> list[tuple[URIRef, str]]:
        """Constraints of a node shape on the node itself: its own, or an sh:or / sh:xone member's."""
        if unknown:
            raise self._unsupported(shape, unknown)
        return [(component, self._value_failure(shape, component, value, node))
                for component, value in self._value_components(shape)]

    def _failures(self, prop: Node, node: str, path: str) -> list[tuple[URIRef, str]]:
        """Constraints of a property shape on `node`: counts, comparisons, then each value."""
        failures = []
        for component, value in sorted(self.g.predicate_objects(prop)):
            if component == SH.minCount:
                failures.append((component, f"NOT EXISTS {{ {self._distinct_values(node, path, int(value))} }}"))
            elif component == SH.maxCount:
                failures.append((component, f"EXISTS {{ {self._distinct_values(node, path, int(value) + 1)} }}"))
            elif component == SH.lessThanOrEquals:
                a, b = self._fresh(), self._fresh()
                failures.append((component, f"EXISTS {{ {node} {path} {a} . {node} <{value}> {b} "
                                            f"FILTER (!COALESCE({a} <= {b}, false)) }}"))
        for component, value in self._value_components(prop):
            v = self._fresh()
            failures.append((component, f"EXISTS {{ {node} {path} {v} "
                                        f"FILTER ({self._value_failure(prop, component, value, v)}) }}"))
        return failures

    def _conforms(self, shape: Node, node: str) -> str:
        """A filter true when `node` conforms to a shape given in sh:or / sh:xone."""
        if (shape, SH.path, None) in self.g:
            self._only(shape, {SH.path, RDF.type}, self._components(shape))
            failures = self._failures(shape, node, self._path(shape))
        else:
            unknown = {p for p in self.g.predicates(shape) if p != RDF.type} - self._components(shape)
            failures = self._node_failures(shape, node, unknown)
        return f"!({' || '.join(c for _, c in failures)})" if failures else "true"

    # --- components

    _VALUE_COMPONENTS = (SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.minLength, SH.minInclusive,
                         SH.maxInclusive, SH.pattern, SH["or"], SH.xone)
    _COUNT_COMPONENTS = (SH.minCount, SH.maxCount, SH.lessThanOrEquals)

    def _components(self, shape: Node) -> set:
        present = set(self.g.predicates(shape))
        allowed = set(self._VALUE_COMPONENTS) | {SH.flags}
        if (shape, SH.path, None) in self.g:
            allowed |= set(self._COUNT_COMPONENTS)
        return present & allowed

    def _value_components(self, shape: Node) -> list[tuple[URIRef, Node]]:
        return sorted((c, v) for c, v in self.g.predicate_objects(shape)
                      if c in self._VALUE_COMPONENTS)

    def _value_failure(self, shape: Node, component: URIRef, value: Node, v: str) -> str:
        """A filter true when the single node `v` breaks one value constraint, as pySHACL judges it."""
        if component == SH["class"]:
            cls = self._fresh()  # the subclasses are the store's, filled in when the query runs
            return f"NOT EXISTS {{ {v} a {cls} FILTER ({cls} IN ({_SUBCLASSES}<{value}>)) }}"
        if component == SH.datatype:
            return f"!({_has_datatype(v, value)})"
        if component == SH.nodeKind:
            if value not in _NODE_KINDS:
                raise self._unsupported(shape, {component}, f"sh:nodeKind {value.n3(self.g.namespace_manager)}")
            return _NODE_KINDS[value].format(v=v)
        if component == SH["in"]:
            members = list(Collection(self.g, value))
            return f"!({' || '.join(f'sameTerm({v}, {_sparql_term(m)})' for m in members) or 'false'})"
        if component == SH.minLength:
            return f"(isBlank({v}) || STRLEN(STR({v})) < {int(value)})"
        if component == SH.minInclusive:
            return f"!COALESCE({v} >= {_sparql_term(value)}, false)"
        if component == SH.maxInclusive:
            return f"!COALESCE({v} <= {_sparql_term(value)}, false)"
        if component == SH.pattern:
            flags = self.g.value(shape, SH.flags)
            pattern = _sparql_term(Literal(str(value)))
            with_flags = f", {_sparql_term(Literal(str(flags)))}" if flags is not None else ""
            return f"!COALESCE(!isBlank({v}) && REGEX(STR({v}), {pattern}{with_flags}), false)"
        if component == SH["or"]:
            return f"!({' || '.join(self._conforms(s, v) for s in Collection(self.g, value))})"
        if component == SH.xone:
            count = " + ".join(f"IF({self._conforms(s, v)}, 1, 0)" for s in Collection(self.g, value))
            return f"({count}) != 1"
        raise self._unsupported(shape, {component})

    def _sparql(self, constraint: Node) -> ShapeQuery:
        """A SHACL-SPARQL constraint: its SELECT with the focus nodes bound where $this is pre-bound."""
        self._only(constraint, {RDF.type, SH.message, SH.prefixes, SH.select}, set())
        select = self.g.value(constraint, SH.select)
        if select is None:
            raise self._unsupported(constraint, {SH.sparql}, "an sh:sparql constraint without sh:select")
        text = str(select)
        if _FORBIDDEN_IN_SELECT.search(text):
            raise self._unsupported(constraint, {SH.select}, "MINUS, SERVICE or VALUES in an sh:select")
        opening = text.index("{")
        closing = text.rindex("}")
        head = re.sub(r"\bWHERE\s*$", "", text[:opening].rstrip(), flags=re.IGNORECASE).rstrip()
        if "?failure" in head or "$failure" in head:
            raise self._unsupported(constraint, {SH.select}, "?failure in an sh:select")
        if not re.search(r"[?$]this\b|\*", head):  # pre-bound, so a finding's focus even when not selected
            head = re.sub(r"\bSELECT(\s+DISTINCT|\s+REDUCED)?", lambda m: m[0] + " ?this", head, count=1,
                          flags=re.IGNORECASE)
        prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in self._prefixes(constraint))
        # pySHACL gives the result the constraint's message and the shape's; check_shapes reads the first
        message = self._message(constraint) or self._message(self.shape) or ""
        return ShapeQuery(self.check, self.targets, "", message, text[opening + 1:closing],
                          prefixes + head, text[closing + 1:])

    # --- helpers

    def _path(self, prop: Node) -> str:
        path = self.g.value(prop, SH.path)
        if isinstance(path, URIRef):
            return f"<{path}>"
        inverse = self.g.value(path, SH.inversePath) if isinstance(path, BNode) else None
        if isinstance(inverse, URIRef) and len(set(self.g.predicates(path))) == 1:
            return f"^<{inverse}>"
        raise self._unsupported(prop, {SH.path}, "an sh:path other than a property or [ sh:inversePath property ]")

    def _path_text(self, prop: Node) -> str:
        """The path as check_shapes writes it: a property, or ^property for an inverse path."""
        path = self.g.value(prop, SH.path)
        return f"^{short(self.g.value(path, SH.inversePath))}" if isinstance(path, BNode) else short(path)

    def _distinct_values(self, node: str, path: str, n: int) -> str:
        """A pattern matching when `node` has at least n distinct values on `path`."""
        values = [self._fresh() for _ in range(n)]
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(values, 2))
        return " ".join(f"{node} {path} {v} ." for v in values) + (f" FILTER ({distinct})" if distinct else "")

    def _message(self, shape: Node) -> str | None:
        messages = list(self.g.objects(shape, SH.message))
        if len(messages) > 1:
            raise self._unsupported(shape, {SH.message}, "more than one sh:message on a shape")
        return str(messages[0]) if messages else None

    def _default_message(self, shape: Node, component: URIRef) -> str:
        if component not in _DEFAULT_MESSAGES:
            name = component.n3(self.g.namespace_manager)
            raise ClaimgraphError(f"shape {self.check.removeprefix('shacl:')}: its {name} constraint needs an "
                                  "sh:message (pySHACL's default text for it names data nodes, which the SPARQL "
                                  "checks do not reproduce)")
        value = self.g.value(shape, component)
        return _DEFAULT_MESSAGES[component].format(value.n3(namespace_manager=self.g.namespace_manager))

    def _prefixes(self, constraint: Node) -> list[tuple[str, str]]:
        declared = []
        for ontology in self.g.objects(constraint, SH.prefixes):
            for declaration in self.g.objects(ontology, SH.declare):
                declared.append((str(self.g.value(declaration, SH.prefix)),
                                 str(self.g.value(declaration, SH.namespace))))
        return sorted(declared)

    def _only(self, node: Node, allowed: set, components: set) -> None:
        unknown = {p for p in self.g.predicates(node) if p.startswith(SH)} - allowed - components
        if unknown:
            raise self._unsupported(node, unknown)

    def _unsupported(self, node: Node, components: set, what: str | None = None) -> ClaimgraphError:
        where = self.check.removeprefix("shacl:") + ("" if node == self.shape else f" (in {show(node)})")
        return ClaimgraphError(f"shape {where}: the SPARQL checks do not support "
                               f"{what or ', '.join(sorted(c.n3(self.g.namespace_manager) for c in components))}")

    def _fresh(self) -> str:
        return f"?v{next(self.names)}"


def _has_datatype(v: str, datatype: Node) -> str:
    """A literal of this datatype with a well-formed lexical form (pySHACL fails ill-typed ones)."""
    test = f"isLiteral({v}) && sameTerm(DATATYPE({v}), <{datatype}>)"
    if datatype in _CASTABLE:
        test += f" && COALESCE(<{datatype}>(STR({v})) = {v}, false)"
    return test


def _sparql_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        suffix = f"@{term.language}" if term.language else f"^^<{term.datatype}>" if term.datatype else ""
        return f'"{text}"{suffix}'
    raise ClaimgraphError(f"a blank node cannot stand as a value in a shape: {show(term)}")


def _targets(classes: list[str], types: dict[str, set[str]] | None, blank_focus: bool) -> str | None:
    """The pattern binding ?this to the instances of these classes, or to those among the focus
    nodes (None if none is): named in VALUES, so Oxigraph looks up each one instead of reading every
    instance of the class. A query cannot name a blank node of the store, so with blank nodes in
    focus every blank instance is bound and the findings are filtered afterwards."""
    listed = " ".join(f"<{c}>" for c in classes)
    typed = f"VALUES ?targetClass {{ {listed} }} ?this a ?targetClass ."
    if types is None:
        return typed
    named = sorted(node for node, its in types.items() if its.intersection(classes))
    if not named and not blank_focus:
        return None
    values = f"VALUES ?this {{ {' '.join(f'<{n}>' for n in named)} }}"
    return f"{{ {values} }} UNION {{ {typed} FILTER (isBlank(?this)) }}" if blank_focus else values


def _types(store, focus: set[Node]) -> dict[str, set[str]]:
    """The classes of each named focus node, read once for all the shapes."""
    import pyoxigraph as ox

    named = " ".join(f"<{n}>" for n in sorted(n for n in focus if isinstance(n, URIRef)))
    types: dict[str, set[str]] = {}
    for row in store.query(f"SELECT ?this ?type WHERE {{ VALUES ?this {{ {named} }} ?this a ?type }}"):
        if isinstance(row["type"], ox.NamedNode):
            types.setdefault(row["this"].value, set()).add(row["type"].value)
    return types


def _subclasses(store, cls: str) -> list[str]:
    """The class and its subclasses in the store (data and ontology), as pySHACL finds targets."""
    query = (f"SELECT DISTINCT ?c WHERE {{ ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{cls}> "
             "FILTER (isIRI(?c)) }")
    return [row["c"].value for row in store.query(query)]


def _focus_nodes(graph: Graph) -> set[Node]:
    return set(graph.subjects()) | {o for o in graph.objects() if not isinstance(o, Literal)}


def _rows(store, text: str, terms: TsvTerms) -> list[dict]:
    import pyoxigraph as ox

    try:
        solutions = store.query(text)
    except SyntaxError as exc:
        raise ClaimgraphError(f"a SHACL constraint compiled to SPARQL that Oxigraph cannot parse: {exc}") from None
    variables = [v.value for v in solutions.variables]
    lines = solutions.serialize(format=ox.QueryResultsFormat.TSV).decode().split("\n")[1:-1]
    return [dict(zip(variables, map(terms.__getitem__, line.split("\t")))) for line in lines]


def _fill(message: str, row: dict) -> str:
    """{?var} and {$var} in a message replaced as pySHACL does (re.sub, the value as text; an
    unbound ?value of a node shape's constraint is the focus node)."""
    if "{" not in message:
        return message
    bound = {**row, "value": row["this"] if row.get("value") is None else row["value"]}
    for var, value in bound.items():
        if value is not None and "{" in message:
            message = re.sub("{{[?$]{}}}".format(var), str(value), message)
    return message
