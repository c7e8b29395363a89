"""Check and derive a build's graph in one Oxigraph store: the article graphs and the ontology go
in once, then the SHACL shapes and QC rules run as SPARQL over them and the rules of
queries/rules/ derive graph/inferred.ttl. HermiT is not run here: its check is
`claimgraph validate --owl`, which also proves the rules derive exactly what HermiT does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rdflib import Graph

from ..check import ValidationFailed
from ..check.qc import check_qc_in_store
from ..check.shapes_sparql import check_shapes_in_store
from ..derive.rules import derive_in_store, inferred_ntriples
from ..rdf.writer import sorted_turtle
from . import resources
from .built import load_turtle
from .layout import GENERATED_BY, Workspace
from .preload import Preload

INFERRED_HEADER = (
    f"{GENERATED_BY}: what the SPARQL rules in queries/rules/ derive from ontology/claimgraph.ttl and "
    "graph/*.ttl (`claimgraph validate --owl` checks them against the HermiT reasoner).\n"
    "Origin: <https://w3id.org/claimgraph/id/graph/inferred> prov:wasGeneratedBy the rule activity below.\n"
    "Do not edit: run `claimgraph build`.")


def load_store(workspace: Workspace, sources: list[tuple[bytes | Path, str]], preload: Preload | None = None):
    """An in-memory Oxigraph store with every article graph (Turtle bytes just built, or a graph/
    file kept as it is) and the ontology, all in its default graph; the files kept come from
    `preload` when it holds exactly those."""
    import pyoxigraph as ox

    store = preload.store_of([name for source, name in sources if isinstance(source, Path)]) if preload else None
    if store is not None:
        sources = [(source, name) for source, name in sources if not isinstance(source, Path)]
    else:
        store = ox.Store()
    load_turtle(store, [(source, workspace.relative(source) if isinstance(source, Path) else f"the graph built for {name}")
                        for source, name in [*sources, (workspace.ontology_file, "ontology")]])
    return store


def check_and_derive(workspace: Workspace, sources: list[tuple[bytes | Path, str]], focus: list[str] | None,
                     progress: Callable[[str], None], preload: Preload | None = None) -> tuple[bytes, int, bytes]:
    """Refuse the graph if any check finds a problem; else graph/inferred.ttl's bytes, its number
    of triples, and the same triples as N-Triples (for the on-disk query store).

    `focus` names the articles just added to a project whose other articles were checked before
    (None: check everything). Then the shapes are checked on the new articles' nodes (against the
    whole store, which holds what they refer to), and the QC rules tagged `per-article`, whose
    rows depend on one article's triples alone, on the new articles; the others see the whole store."""
    progress("loading the graph into the store")
    store = load_store(workspace, sources, preload)
    qc_rules = resources.qc_rules(workspace)
    focus_graph = None
    if focus is not None:
        focus_graph = Graph()
        for source, name in sources:
            if name in focus:
                focus_graph.parse(data=source if isinstance(source, bytes) else source.read_bytes(), format="turtle")
        progress(f"checking the SHACL shapes of {len(focus)} new article{'s' if len(focus) != 1 else ''}")
    else:
        progress("checking the SHACL shapes")
    findings = check_shapes_in_store(store, resources.shapes(workspace), focus_graph)
    progress("checking the QC rules")
    per_article = {name: rule for name, rule in qc_rules.items() if "per-article" in rule.tags}
    if focus is None or not per_article:
        findings += check_qc_in_store(store, qc_rules)
    else:
        findings += check_qc_in_store(store, {n: r for n, r in qc_rules.items() if n not in per_article})
        findings += check_qc_in_store(load_store(workspace, [s for s in sources if s[1] in focus]), per_article)
    if findings:
        raise ValidationFailed(findings, "the graph fails validation; nothing was written")
    progress("running the derivation rules")
    derive_in_store(store, resources.derivation_rules(workspace))
    progress("writing the derived triples")
    ntriples = inferred_ntriples(store)  # straight to the writer: an rdflib graph of it costs more than the rules
    return sorted_turtle(ntriples, INFERRED_HEADER), ntriples.count(b"\n"), ntriples
