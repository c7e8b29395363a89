"""Load a large synthetic corpus into the Oxigraph server and answer every saved query over HTTP.

    python benchmarks/server.py --size 1e7          # the 10M-triple run of benchmarks/README.md

For when one machine's memory is not enough for the embedded engine: the corpus (benchmarks/
corpus.py) is bulk-loaded with `oxigraph load` into an on-disk store, served on 127.0.0.1 with the
union of its named graphs as default graph, and each saved query runs through claimgraph's remote
path (SPARQLWrapper, parameters bound as for embedded queries). Prints generation and load times,
and each query's latency and row count. Not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402
from scale import PARAMETERS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, default=1e7, help="triples (default 1e7)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per query (default 1800)")
    args = parser.parse_args()

    from claimgraph.query.catalogue import bind, load_catalogue
    from claimgraph.query.remote import RemoteEngine
    from claimgraph.errors import ClaimgraphError
    from claimgraph.publish.serve import running_server

    with tempfile.TemporaryDirectory(prefix="claimgraph-server-bench-") as directory:
        root = Path(directory) / "corpus"
        started = time.perf_counter()
        generate(root, int(args.size))
        lines = sum(1 for path in (root / "graph").glob("*.ttl") for _ in path.open("rb"))
        print(f"generated {lines:,} triples in {time.perf_counter() - started:.1f} s", flush=True)
        sources = [(path, f"https://w3id.org/claimgraph/id/graph/{path.stem}") for path in
                   sorted((root / "graph").glob("*.ttl"))]
        sources.append((root / "ontology" / "claimgraph.ttl", "https://w3id.org/claimgraph/id/graph/ontology"))
        started = time.perf_counter()
        with running_server(sources, startup_seconds=600) as url:
            print(f"loaded and serving in {time.perf_counter() - started:.1f} s at {url}", flush=True)
            engine = RemoteEngine(url, timeout=args.timeout)
            total = 0.0
            for name, saved in load_catalogue(root / "queries").items():
                if "SERVICE" in saved.text:
                    continue
                started = time.perf_counter()
                try:
                    rows = engine.select(saved, bind(saved, PARAMETERS.get(name, {})))
                except ClaimgraphError as exc:  # a query past --timeout: report it, go on
                    print(f"{name:18} gave no answer after {time.perf_counter() - started:.0f} s: {exc}", flush=True)
                    continue
                elapsed = time.perf_counter() - started
                total += elapsed
                print(f"{name:18} {elapsed:9.2f} s  {len(rows.rows):>9,} rows", flush=True)
            print(f"{'all queries':18} {total:9.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
