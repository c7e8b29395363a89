"""The build's checks on Oxigraph against the same checks on pySHACL and rdflib, in one process.

    python benchmarks/checks_on_oxigraph.py                        # seed and corpus, each engine
    python benchmarks/checks_on_oxigraph.py --archive DIR          # also a generated archive:
    python benchmarks/archive.py --articles 1000 DIR                 (made first, by this)

For each graph: triples, time to load it into an in-memory Oxigraph store, the SHACL shapes
compiled to SPARQL (check_shapes_in_store) and the QC rules (check_qc_in_store) on that store,
against pySHACL (check_shapes) and rdflib (check_qc_rules) on the same graph; both must give the
same findings. On the archive, pySHACL and rdflib run only up to --baseline-max triples (pySHACL
takes minutes on a few thousand), and the check of one article's nodes (focus_graph) is timed:
what an incremental build pays per changed article. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.build.dataset import build_graphs  # noqa: E402
from claimgraph.check.qc import check_qc_in_store, check_qc_rules  # noqa: E402
from claimgraph.check.shacl import check_shapes  # noqa: E402
from claimgraph.check.shapes_sparql import check_shapes_in_store  # noqa: E402
from claimgraph.model.annotation import load_annotation  # noqa: E402
from claimgraph.model.article import read_article  # noqa: E402
from claimgraph.query.catalogue import load_catalogue  # noqa: E402

SHAPES = Graph().parse(ROOT / "ontology" / "shapes.ttl")
ONTOLOGY = Graph().parse(ROOT / "ontology" / "claimgraph.ttl")
RULES = load_catalogue(ROOT / "queries" / "qc")
CORPUS = [(ROOT / "articles", ROOT / "annotations"),
          (ROOT / "benchmarks" / "gold" / "articles", ROOT / "benchmarks" / "gold" / "annotations"),
          (ROOT / "benchmarks" / "corpus" / "dev" / "articles", ROOT / "benchmarks" / "corpus" / "dev" / "annotations"),
          (ROOT / "benchmarks" / "corpus" / "heldout" / "articles",
           ROOT / "benchmarks" / "corpus" / "heldout" / "annotations")]


def graphs_of(sources) -> dict[str, Graph]:
    loaded = [load_annotation(path, read_article(articles / f"{path.stem}.txt"), shown_as=path.name,
                              foreign_claims=True)
              for articles, annotations in sources for path in sorted(annotations.glob("*.yaml"))]
    return build_graphs(loaded).by_article


def timed(run):
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def measure(name: str, by_article: dict[str, Graph], baseline_max: int) -> None:
    union = Graph()
    for graph in by_article.values():
        union += graph
    nt = union.serialize(format="nt", encoding="utf-8") + ONTOLOGY.serialize(format="nt", encoding="utf-8")

    def load():
        store = ox.Store()
        store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
        return store

    store, load_s = timed(load)
    shapes, shapes_s = timed(lambda: check_shapes_in_store(store, SHAPES))
    qc, qc_s = timed(lambda: check_qc_in_store(store, RULES))
    print(f"\n{name}: {len(by_article)} articles, {len(union):,} triples (+{len(ONTOLOGY):,} ontology)")
    print(f"  load into Oxigraph          {load_s:8.2f} s")
    print(f"  SHACL on Oxigraph           {shapes_s:8.2f} s   {len(shapes)} findings")
    print(f"  QC rules on Oxigraph        {qc_s:8.2f} s   {len(qc)} findings")
    last = by_article[sorted(by_article)[-1]]
    one, one_s = timed(lambda: check_shapes_in_store(store, SHAPES, focus_graph=last))
    print(f"  SHACL, one article's nodes  {one_s:8.3f} s   ({len(last)} triples, {len(one)} findings)")
    if len(union) > baseline_max:
        print(f"  pySHACL and rdflib not run: over --baseline-max {baseline_max:,} triples")
        return
    reference, pyshacl_s = timed(lambda: check_shapes(union, SHAPES, ONTOLOGY))
    rdflib_qc, rdflib_s = timed(lambda: list(dict.fromkeys(check_qc_rules(union, ONTOLOGY, RULES))))
    print(f"  SHACL on pySHACL            {pyshacl_s:8.2f} s   {pyshacl_s / shapes_s:6.0f}x Oxigraph's time"
          f"   same findings: {reference == shapes}")
    print(f"  QC rules on rdflib          {rdflib_s:8.2f} s   {rdflib_s / qc_s:6.0f}x Oxigraph's time"
          f"   same findings: {rdflib_qc == qc}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, help="a project made by benchmarks/archive.py")
    parser.add_argument("--baseline-max", type=int, default=15_000,
                        help="run pySHACL and rdflib only on graphs up to this many triples")
    args = parser.parse_args()
    measure("seed", graphs_of(CORPUS[:1]), args.baseline_max)
    for source in CORPUS[1:]:
        measure(str(source[1].parent.relative_to(ROOT)), graphs_of([source]), args.baseline_max)
    if args.archive:
        by_article, read_s = timed(lambda: graphs_of([(args.archive / "articles", args.archive / "annotations")]))
        print(f"\n(read and built the archive's graphs in {read_s:.1f} s)")
        measure(f"archive {args.archive.name}", by_article, args.baseline_max)
    return 0


if __name__ == "__main__":
    sys.exit(main())
