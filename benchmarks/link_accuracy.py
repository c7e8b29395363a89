"""Precision and recall of `claimgraph link` against the gold list, on a real SPARQL server.

    python benchmarks/link_accuracy.py

Copies the project's inputs (and the ambiguity test article) to a temporary directory, removes
the hand-curated Wikidata ids, builds, serves tests/fixtures/wikidata-fixture.ttl with Oxigraph
on 127.0.0.1, runs the linker, and scores its links against benchmarks/gold/wikidata-links.yaml.
A link is a true positive when it is the gold item, a false positive otherwise; a gold item not
linked is a false negative. Entities whose gold is null count as correct when left unlinked.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the test servers live with the tests, not in the package

from claimgraph.link.linker import link_project  # noqa: E402
from claimgraph.project.layout import find_workspace  # noqa: E402
from claimgraph.project.update import build_project  # noqa: E402
from claimgraph.rdf.namespaces import ENTITY  # noqa: E402
from claimgraph.rdf.sparql import SparqlClient  # noqa: E402
from support.servers import oxigraph_server, strip_curated_links  # noqa: E402
AMBIGUITY = REPO / "tests" / "fixtures" / "ambiguity"


def main() -> int:
    gold_by_article = yaml.safe_load((REPO / "benchmarks" / "gold" / "wikidata-links.yaml").read_text())
    gold = {key: qid for article in gold_by_article.values() for key, qid in article.items()}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        for part in ("articles", "annotations", "ontology", "queries"):
            shutil.copytree(REPO / part, root / part)
        for path in AMBIGUITY.iterdir():
            shutil.copy(path, root / ("articles" if path.suffix == ".txt" else "annotations") / path.name)
        strip_curated_links(root)
        workspace = find_workspace(root)
        build_project(workspace)
        with oxigraph_server(REPO / "tests" / "fixtures" / "wikidata-fixture.ttl") as endpoint:
            client = SparqlClient(endpoint)
            started = time.perf_counter()
            results = link_project(workspace, client)
            seconds = time.perf_counter() - started

    tp = fp = fn = tn = 0
    print(f"{'entity':36} {'gold':10} {'linked':10} {'outcome':16} verdict")
    for result in sorted(results, key=lambda r: str(r.entity)):
        key = str(result.entity)[len(ENTITY):]
        expected = gold.get(key, "(no gold)")
        if result.qid and result.qid == expected:
            verdict, tp = "correct link", tp + 1
        elif result.qid:
            verdict, fp = "WRONG link", fp + 1
            fn += expected not in (None, "(no gold)")
        elif expected is None:
            verdict, tn = "correctly unlinked", tn + 1
        else:
            verdict, fn = "MISSED", fn + 1
        print(f"{key:36} {str(expected):10} {str(result.qid or '-'):10} {result.outcome:16} {verdict}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\nentities: {len(results)}; links made: {tp + fp}; gold links: {tp + fn}; correctly unlinked: {tn}")
    print(f"precision {precision:.3f} ({tp}/{tp + fp}), recall {recall:.3f} ({tp}/{tp + fn}); "
          f"{client.requests} requests, {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
