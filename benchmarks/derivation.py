"""Derivation time: the SPARQL rules on Oxigraph (`derive.rules.infer`) against HermiT
(`derive.hermit.derive`), which they replace in `claimgraph build`.

    python benchmarks/derivation.py                       # seed, curated corpus, synthetic 100k and 1M
    python benchmarks/derivation.py --synthetic 1e5       # a smaller synthetic run

Graphs: the seed project; the largest union of curated annotations that a project could hold (the
seed and every annotation of benchmarks/ whose claims resolve with it: the corpus was annotated
article by article and some articles declare a reported claim differently, which HermiT would find
inconsistent); and benchmarks/corpus.py's synthetic corpus (rules only: HermiT would take hours).
Columns (the median of 3 runs; HermiT runs once): load = the data and ontology into the store;
rules = `derive_in_store` (the rules run in the store); +nt = that and reading the result back as
N-Triples (`inferred_ntriples`); infer() = the rules and the result as an rdflib graph; HermiT =
`derive` on the same graph, and whether it derives exactly the rules' triples but cg:withdrawnBy.
The ratio compares the two in the same run. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402

from claimgraph.build.dataset import build_graphs  # noqa: E402
from claimgraph.derive.hermit import derive  # noqa: E402
from claimgraph.derive.rules import derive_in_store, infer, inferred_ntriples, without_provenance  # noqa: E402
from claimgraph.errors import ClaimgraphError  # noqa: E402
from claimgraph.model.annotation import load_annotation, resolve_claims  # noqa: E402
from claimgraph.model.article import read_article  # noqa: E402
from claimgraph.query.catalogue import load_catalogue  # noqa: E402
from claimgraph.rdf.namespaces import CG  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology" / "claimgraph.ttl"
PARTS = [(REPO / "articles", REPO / "annotations")] + [
    (REPO / "benchmarks" / part / "articles", REPO / "benchmarks" / part / "annotations")
    for part in ("gold", "corpus/dev", "corpus/heldout")]


def curated_graphs() -> dict[str, Graph]:
    """The seed project, and the largest union of curated annotations whose claims resolve together."""
    seed, *others = [[load_annotation(path, read_article(articles / f"{path.stem}.txt"), shown_as=path.name,
                                      foreign_claims=True) for path in sorted(annotations.glob("*.yaml"))]
                     for articles, annotations in PARTS]
    together = list(seed)
    for annotation in [a for part in others for a in part]:
        try:
            resolve_claims(together + [annotation])
            together.append(annotation)
        except ClaimgraphError:
            continue
    resolve_claims(seed)
    seed_graph = build_graphs(seed).union
    resolve_claims(together)
    return {"seed": seed_graph, f"curated ({len(together)} articles)": build_graphs(together).union}


def store_of(ntriples: bytes) -> tuple[ox.Store, int, float]:
    """A store as the build gives `infer` (data and ontology in the default graph), its size, its load time."""
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    store.bulk_load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    return store, len(store), time.perf_counter() - started


def median_time(run, times: int = 3) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


def time_rules(store: ox.Store, rules) -> tuple[float, float, float, Graph]:
    """The rules in the store; they and their output as N-Triples; infer() (into rdflib); its result."""
    in_store = median_time(lambda: derive_in_store(store, rules))
    as_ntriples = median_time(lambda: (derive_in_store(store, rules), inferred_ntriples(store)))
    as_rdflib = median_time(lambda: infer(store, rules))
    return in_store, as_ntriples, as_rdflib, without_provenance(infer(store, rules))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=float, nargs="*", default=[1e5, 1e6], metavar="TRIPLES",
                        help="sizes of the synthetic corpus to run the rules on (default 1e5 1e6)")
    args = parser.parse_args()
    rules = load_catalogue(REPO / "queries" / "rules")
    ontology = Graph().parse(ONTOLOGY, format="turtle")
    print(f"{'graph':<22} {'triples':>9} {'load':>6} {'rules':>7} {'+nt':>7} {'infer()':>8} {'HermiT':>7} "
          f"{'HermiT/infer()':>14}  derived: rules (withdrawals) / HermiT")
    for name, data in curated_graphs().items():
        store, _, load = store_of(data.serialize(format="nt", encoding="utf-8"))
        in_store, as_ntriples, as_rdflib, derived = time_rules(store, rules)
        started = time.perf_counter()
        hermit = derive(data, ontology)
        hermit_s = time.perf_counter() - started
        withdrawn = {t for t in derived if t[1] == CG.withdrawnBy}
        by_hermit = set(without_provenance(hermit.inferred))
        same = hermit.consistent and set(derived) - withdrawn == by_hermit
        print(f"{name:<22} {len(data):>9,} {load:>5.2f}s {in_store:>6.3f}s {as_ntriples:>6.3f}s {as_rdflib:>7.3f}s "
              f"{hermit_s:>6.1f}s {hermit_s / as_rdflib:>13.0f}×  {len(derived) - len(withdrawn)} "
              f"({len(withdrawn)}) / {len(by_hermit)}{' equal' if same else ' DIFFERENT'}", flush=True)
    for target in args.synthetic:
        with tempfile.TemporaryDirectory(prefix="claimgraph-derivation-") as directory:
            root = generate(Path(directory) / "project", int(target))
            corpus = (root / "graph" / "corpus.ttl").read_bytes()  # its own inferred.ttl is left out
        store, size, load = store_of(corpus)
        in_store, as_ntriples, as_rdflib, derived = time_rules(store, rules)
        print(f"{'synthetic':<22} {size:>9,} {load:>5.2f}s {in_store:>6.3f}s {as_ntriples:>6.3f}s {as_rdflib:>7.3f}s "
              f"{'-':>7} {'-':>14}  {len(derived)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
