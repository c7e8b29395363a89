"""Drafting on several processes: what spaCy's `nlp.pipe(n_process=...)` saves, and from how many articles.

    python benchmarks/draft_processes.py [--runs 3] [--processes 2]

On the development corpus (benchmarks/corpus/dev/articles, 21 articles): `nlp.pipe` alone over
the first 2, 4, 8, ... articles on one process and on --processes, to find where starting the
worker processes pays (drafting.PARALLEL_FROM is set from it); then `draft_articles` over all of
them both ways, with the ratio, and whether the drafts are the same. Wall-clock seconds, the
median of --runs, after one warm-up; the pipeline is loaded before timing. On a machine whose
cores are busy with other work the parallel figures are worse than they would be on idle cores.
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from claimgraph.extract import furniture
from claimgraph.extract.drafting import PARALLEL_FROM, draft_articles, parse
from claimgraph.extract.pipeline import DEFAULT_MODEL, load_pipeline
from claimgraph.model.article import read_article

DEV = Path(__file__).resolve().parent / "corpus" / "dev" / "articles"


def timed(run, runs: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    articles = [read_article(path) for path in sorted(DEV.glob("*.txt"))]
    texts = [furniture.readable(a.body) for a in articles]
    nlp = load_pipeline(DEFAULT_MODEL)
    print(f"# python benchmarks/draft_processes.py {' '.join(sys.argv[1:] if argv is None else argv)}".rstrip())
    print(f"# {len(articles)} articles, {sum(map(len, texts)):,} characters; {os.cpu_count()} cores; "
          f"median of {args.runs}; PARALLEL_FROM = {PARALLEL_FROM}")
    print(f"{'articles':>8} {'1 process':>10} {f'{args.processes} processes':>12} {'ratio':>7}")
    counts = sorted({n for n in (2, 4, 8, 12, 16, len(texts)) if n <= len(texts)})  # one text: one process
    for count in counts:
        one = timed(lambda: list(parse(nlp, texts[:count], 1)), args.runs)
        several = timed(lambda: list(parse(nlp, texts[:count], args.processes)), args.runs)
        print(f"{count:>8} {one:>9.2f}s {several:>11.2f}s {one / several:>6.2f}x", flush=True)

    def drafts(processes: int) -> list:
        return [draft.annotation for _, draft in draft_articles(articles, known=[], model=DEFAULT_MODEL,
                                                                processes=processes)]

    one = timed(lambda: drafts(1), args.runs)
    several = timed(lambda: drafts(args.processes), args.runs)
    same = drafts(1) == drafts(args.processes)
    print(f"draft_articles over {len(articles)} articles: 1 process {one:.2f}s, {args.processes} processes "
          f"{several:.2f}s, speed-up {one / several:.2f}x; drafts {'identical' if same else 'DIFFERENT'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
