"""Load, query and export figures for the embedded engines on synthetic corpora of growing size.

    python benchmarks/scale.py                      # 10k, 100k and 1M triples; rdflib up to 100k
    python benchmarks/scale.py --sizes 1e4 1e5 --rdflib-max 1e5

Each (engine, size) runs in its own child process, so peak memory (ru_maxrss) is its own.
Figures: load time, each saved query's latency after a warm-up run of the same query (the median
of 3 runs on Oxigraph, one run on rdflib), export time, peak memory; for Oxigraph also claimgraph's
query path (engine.select, which binds parameters and turns results into rdflib terms) against raw
pyoxigraph on the same SPARQL.
Ratios compare the engines in the same run. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import count_triples, generate  # noqa: E402

PARAMETERS = {"status-as-of": {"date": "2024-06-30"}, "provenance": {"claim": "claim-3"}}


def measure(engine_name: str, root: Path, query_limit: float) -> dict:
    """Run in a child process: load, query, export with one engine; return the figures."""
    from claimgraph.query.catalogue import bind, load_catalogue, with_parameters
    from claimgraph.query.engines import OxigraphEngine, RdflibEngine
    from claimgraph.project.layout import find_workspace

    workspace = find_workspace(root)
    started = time.perf_counter()
    engine = OxigraphEngine(workspace) if engine_name == "oxigraph" else RdflibEngine(workspace)
    figures = {"load_s": time.perf_counter() - started, "queries": {}, "raw": {}}
    catalogue = load_catalogue(workspace.queries_dir)
    runs = 3 if engine_name == "oxigraph" else 1  # the median of 3 where a run is short; rdflib's are not
    for name, saved in catalogue.items():
        if "SERVICE" in saved.text:
            continue
        bindings = bind(saved, PARAMETERS.get(name, {}))
        try:
            with _time_limit(query_limit):
                engine.select(saved, bindings)  # warm-up
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    rows = engine.select(saved, bindings)
                    times.append(time.perf_counter() - started)
                figures["queries"][name] = [statistics.median(times), len(rows.rows)]
        except TimeoutError:
            figures["queries"][name] = [None, None]
            continue
        if engine_name == "oxigraph":
            text = with_parameters(saved, bindings)
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                for solution in engine.store.query(text):
                    tuple(solution)  # every value, the fastest way pyoxigraph hands them out
                times.append(time.perf_counter() - started)
            figures["raw"][name] = statistics.median(times)
    started = time.perf_counter()
    if engine_name == "oxigraph":
        import pyoxigraph as ox

        engine.store.dump(format=ox.RdfFormat.N_QUADS)
    else:
        engine.graph.serialize(format="turtle")
    figures["export_s"] = time.perf_counter() - started
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


class _time_limit:
    """SIGALRM after `seconds`: stops rdflib (pure Python) runaway queries."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        signal.signal(signal.SIGALRM, self._raise)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_REAL, 0)

    @staticmethod
    def _raise(signum, frame):
        raise TimeoutError


def startup(runs: int = 5) -> float:
    """Median wall time of `claimgraph query unconfirmed` on the seed graph, in seconds."""
    repo = Path(__file__).resolve().parents[1]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "claimgraph", "--root", str(repo), "query", "unconfirmed"],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _child(engine: str, root: Path, limit: float) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", engine, str(root), "--query-limit", str(limit)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _fmt(seconds) -> str:
    return "timeout" if seconds is None else f"{seconds:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e4, 1e5, 1e6])
    parser.add_argument("--rdflib-max", type=float, default=1e5, help="largest size rdflib is run at")
    parser.add_argument("--query-limit", type=float, default=120.0, help="seconds before a query is given up")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], Path(args.child[1]), args.query_limit)))
        return 0

    print(f"start-up: `claimgraph query unconfirmed` on the seed graph, median of 5: {startup():.3f} s")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(Path(tmp) / "corpus", int(size))
            triples = count_triples(root)
            results = {"oxigraph": _child("oxigraph", root, args.query_limit)}
            if size <= args.rdflib_max:
                results["rdflib"] = _child("rdflib", root, args.query_limit)
        print(f"\n== {triples:,} triples")
        ox, rl = results["oxigraph"], results.get("rdflib")
        print(f"{'':16} {'oxigraph':>10} {'rdflib':>10} {'ratio':>7} {'rows':>7} {'raw pyoxigraph':>15} {'overhead':>9}")
        line = lambda label, a, b: print(f"{label:16} {_fmt(a):>10} {_fmt(b) if rl else '-':>10} "
                                         f"{(b / a if rl and a and b else float('nan')):>7.1f}")
        line("load (s)", ox["load_s"], rl and rl["load_s"])
        total_ox = total_rl = total_raw = 0.0
        rdflib_timeouts = 0
        for name, (seconds, rows) in ox["queries"].items():
            theirs = rl["queries"][name][0] if rl else None
            raw = ox["raw"].get(name)
            total_ox += seconds or 0
            total_raw += raw or 0
            if rl:
                total_rl += theirs or args.query_limit  # a timeout counts as the limit: the total is a lower bound
                rdflib_timeouts += theirs is None
            ratio = f"{theirs / seconds:7.1f}" if theirs and seconds else "      -"
            overhead = f"{seconds / raw:9.2f}" if raw and seconds else "        -"
            print(f"{name:16} {_fmt(seconds):>10} {_fmt(theirs) if rl else '-':>10} {ratio} {rows:>7} {_fmt(raw):>15} {overhead}")
        at_least = ">" if rdflib_timeouts else ""
        print(f"{'all queries':16} {total_ox:>10.3f} {(f'{at_least}{total_rl:.3f}' if rl else '-'):>10} "
              f"{(f'{at_least}{total_rl / total_ox:.1f}' if rl else '-'):>7} {'':>7} {total_raw:>15.3f} "
              f"{total_ox / total_raw:>9.2f}")
        if rdflib_timeouts:
            print(f"({rdflib_timeouts} rdflib queries passed the {args.query_limit:.0f} s limit and count as "
                  f"{args.query_limit:.0f} s: rdflib's total and the ratio are lower bounds)")
        line("export (s)", ox["export_s"], rl and rl["export_s"])
        rdflib_peak = f"{rl['peak_mb']:.0f}" if rl else "-"
        print(f"{'peak memory (MB)':16} {ox['peak_mb']:>10.0f} {rdflib_peak:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
