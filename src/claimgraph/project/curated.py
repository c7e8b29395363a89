"""The built graph as curated annotations alone make it (`claimgraph query --curated-only`).

A drafted statement is one that carries `cg:extractionConfidence` (drafted by `claimgraph
extract` or `ingest` and not yet promoted). The curated view drops each drafted statement and
what only drafted annotations support, without running the reasoner again:

- every triple of a drafted statement, its text span among them, and every triple of the
  reasoner and the rules (graph/inferred.ttl) that has a drafted statement as subject or object:
  its `cg:dependsOn` and `cg:attributedTo`, and a `cg:withdrawnBy` that a drafted statement
  would make of a curated denial;
- what an article graph holding drafted statements describes, unless a curated statement leads
  to it (a claim a drafted annotation declares and a curated one states again keeps its text,
  figures and deployment): nodes are kept by following links from the curated article graphs
  and the curated statements, and a node a curated article graph describes keeps that
  description alone;
- the claim classes the reasoner derived from statements (`cg:DeniedClaim`,
  `cg:ClaimWithConfirmation`, `cg:ContestedClaim`), made again from the statements left, as the
  ontology defines them.

Status queries join claims to their statements, so a claim confirmed only by a drafted statement
is unconfirmed here. One approximation remains: `cg:dependsOn` of a curated statement is the
reasoner's over all annotations, so an affiliation that only a draft gives one of its actors
still counts, which can make a confirmation look less independent, never more.
"""

from __future__ import annotations

from collections import defaultdict

from ..errors import ClaimgraphError
from .layout import Workspace
from .transaction import reading

CG = "https://w3id.org/claimgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def curated_quads(workspace: Workspace) -> list:
    """The curated view of graph/ (not the ontology) as pyoxigraph quads in the default graph."""
    import pyoxigraph as ox

    confidence = ox.NamedNode(CG + "extractionConfidence")
    rdf_type, statement_class = ox.NamedNode(RDF_TYPE), ox.NamedNode(CG + "Statement")
    claim_of, stance_of = ox.NamedNode(CG + "claim"), ox.NamedNode(CG + "stance")
    confirms, denies = ox.NamedNode(CG + "Confirms"), ox.NamedNode(CG + "Denies")
    denied, confirmed, contested = (ox.NamedNode(CG + name) for name in
                                    ("DeniedClaim", "ClaimWithConfirmation", "ContestedClaim"))

    with reading(workspace.root):
        articles = {path: _parse(workspace, path) for path in workspace.article_graph_files()}
        derived = [quad for path in workspace.graph_files() if path not in articles
                   for quad in _parse(workspace, path)]

    drafted = {q.subject for quads in articles.values() for q in quads if q.predicate == confidence}
    curated_descriptions: dict = defaultdict(list)  # by subject, from article graphs without drafts
    drafted_descriptions: dict = defaultdict(list)  # by subject, from article graphs with drafts
    for quads in articles.values():
        target = drafted_descriptions if any(q.subject in drafted for q in quads) else curated_descriptions
        for quad in quads:
            target[quad.subject].append(quad)

    def description(node) -> list:
        if node in curated_descriptions:
            return curated_descriptions[node]
        return [q for q in drafted_descriptions.get(node, ()) if q.object not in drafted]

    roots = set(curated_descriptions) | {
        node for node, quads in drafted_descriptions.items()
        if node not in drafted and any(q.predicate == rdf_type and q.object == statement_class for q in quads)}
    kept, pending = set(), list(roots)
    while pending:
        node = pending.pop()
        if node in kept or node in drafted:
            continue
        kept.add(node)
        pending.extend(q.object for q in description(node)
                       if not isinstance(q.object, ox.Literal) and q.object not in kept)

    view = [quad for node in kept for quad in description(node)]
    dropped = (set(curated_descriptions) | set(drafted_descriptions)) - kept
    classes = {denied, confirmed, contested}
    view += [q for q in derived if q.subject not in dropped and q.object not in dropped
             and not (q.predicate == rdf_type and q.object in classes)]

    stances, claims = {}, {}
    for quad in view:
        if quad.predicate == stance_of:
            stances[quad.subject] = quad.object
        elif quad.predicate == claim_of:
            claims[quad.subject] = quad.object
    confirmed_claims = {claims[s] for s, stance in stances.items() if stance == confirms and s in claims}
    denied_claims = {claims[s] for s, stance in stances.items() if stance == denies and s in claims}
    for claims_in, cls in ((confirmed_claims, confirmed), (denied_claims, denied),
                           (confirmed_claims & denied_claims, contested)):
        view += [ox.Quad(claim, rdf_type, cls, ox.DefaultGraph()) for claim in sorted(claims_in, key=str)]
    return view


def _parse(workspace: Workspace, path) -> list:
    import pyoxigraph as ox

    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    except (SyntaxError, ValueError) as exc:
        raise ClaimgraphError(f"malformed Turtle: {' '.join(str(exc).split())[:300]}",
                              path=workspace.relative(path)) from None


def open_curated_store(workspace: Workspace):
    """The curated view and the ontology in an in-memory Oxigraph store (see `built.open_store`)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(curated_quads(workspace))
    try:
        store.bulk_load(path=str(workspace.ontology_file), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    except (SyntaxError, ValueError) as exc:
        raise ClaimgraphError(f"malformed Turtle: {' '.join(str(exc).split())[:300]}",
                              path=workspace.relative(workspace.ontology_file)) from None
    return store


def load_curated_graph(workspace: Workspace):
    """The curated view and the ontology in one rdflib graph (see `built.load_graph`)."""
    import pyoxigraph as ox

    from ..rdf.writer import new_graph
    from .built import parse_turtle

    graph = new_graph()
    quads = curated_quads(workspace)
    graph.parse(data=ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                  format=ox.RdfFormat.N_TRIPLES), format="nt")
    parse_turtle(workspace.ontology_file, graph, workspace.relative(workspace.ontology_file))
    return graph
