"""Status changes and pictures on a synthetic archive: how long each takes, and what replaying the
status rules in Python saves over running the saved query `status-as-of` once per reporting day.

    python benchmarks/changes_and_pictures.py [--articles 1000] [--seed 0]

Writes the archive (benchmarks/archive.py) into a temporary directory, builds it, and prints the
time to load the store; `all_changes` against the baseline it replaces (the saved query
status-as-of on every day a statement counts from, in the same process: timed on --sample days
spread over the archive and scaled to all of them, since each takes seconds); the figures chart
as SVG and PNG; and the who-said-what picture of the most-discussed claim. Not a test.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import write_archive  # noqa: E402


def timed(what: str, call):
    started = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - started
    print(f"{what:<48} {seconds:8.2f} s")
    return result, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles in the archive (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="the archive's random seed (default 0)")
    parser.add_argument("--sample", type=int, default=8,
                        help="days to run the baseline status-as-of on, spread over the archive (default 8)")
    args = parser.parse_args()

    from claimgraph.changes import all_changes
    from claimgraph.cli import main as claimgraph
    from claimgraph.pictures import claim_graph_svg, figures_png, figures_svg
    from claimgraph.project import resources
    from claimgraph.project.built import open_store
    from claimgraph.project.layout import find_workspace
    from claimgraph.query import catalogue
    from claimgraph.query.engines import OxigraphEngine

    with tempfile.TemporaryDirectory(prefix="claimgraph-changes-bench-") as directory:
        root = Path(directory) / "archive"
        write_archive(root, args.articles, seed=args.seed)
        def build() -> int:
            with contextlib.redirect_stdout(io.StringIO()):  # the build's line per article
                return claimgraph(["--root", str(root), "build"])

        timed(f"build {args.articles:,} articles", build)
        workspace = find_workspace(root)
        store, _ = timed("load the store", lambda: open_store(workspace))
        queries = resources.saved_queries(workspace)
        print(f"{len(store):,} triples")

        changes, replay = timed("all_changes (one query, replayed in Python)", lambda: all_changes(store))
        saved = queries["status-as-of"]
        engine = OxigraphEngine(workspace)  # the saved query's own path, on its own copy of the graph
        days = sorted({dt.date.fromisoformat(row["day"].value) for row in store.query(
            "SELECT DISTINCT ?day WHERE { ?s <https://w3id.org/claimgraph/ontology#dateSaid>/"
            "<https://w3id.org/claimgraph/ontology#latest> ?day }")})
        sample = days[::max(1, len(days) // args.sample)][:args.sample]
        _, sampled = timed(f"baseline: status-as-of on {len(sample)} of the {len(days)} days",
                           lambda: [engine.select(saved, catalogue.bind(saved, {"date": d.isoformat()})) for d in sample])
        baseline = sampled / len(sample) * len(days)
        print(f"{len(changes):,} changes ({sum(not c.first_report for c in changes):,} of standing); status-as-of on all "
              f"{len(days)} days would take about {baseline:,.0f} s, {baseline / replay:,.0f}x the replay")

        svg, _ = timed("figures_svg (first, altair and vl-convert start)", lambda: figures_svg(store, queries=queries))
        timed("figures_svg (again)", lambda: figures_svg(store, queries=queries))
        png, _ = timed("figures_png", lambda: figures_png(store, queries=queries))
        print(f"chart: {len(svg):,} bytes of SVG, {len(png):,} bytes of PNG")
        busiest, statements = collections.Counter(row["claim"].value for row in store.query(
            "SELECT ?claim ?s WHERE { ?s <https://w3id.org/claimgraph/ontology#claim> ?claim }")).most_common(1)[0]
        picture, _ = timed(f"claim_graph_svg ({statements} statements)", lambda: claim_graph_svg(store, busiest))
        print(f"graph picture: {len(picture):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
