"""Score `claimgraph extract` against hand-written gold annotations, and time it.

    python benchmarks/extraction.py [--runs 5]

Gold: the curated seed annotation (annotations/) and the three development articles
(benchmarks/gold/). Each article is drafted the way `claimgraph ingest` drafts it, matched against
the gold annotations of the articles published before it. Micro-averaged precision, recall and F1:

  statements   a drafted statement is right when a gold statement has the same speaker, the same
               stance and an overlapping quote (one-to-one)
  attribution  the same, without the stance
  entities     same id or same label (case and a leading "the" ignored)
  quantities   same (value or bounds, qualifier, measure, modality) in the article
  dates        a drafted statement whose quote overlaps a gold one by the same speaker, with the
               same resolved date interval

Throughput is articles per second after the pipeline is loaded (median of --runs passes over the
four articles), with the pipeline's load time reported apart. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.model import dates  # noqa: E402
from claimgraph.model.annotation import Quantity, load_annotation, resolve_claims  # noqa: E402
from claimgraph.model.article import read_article  # noqa: E402
from claimgraph.extract.matching import ClaimIndex, KnownProject  # noqa: E402
from claimgraph.extract.drafter import Drafter  # noqa: E402
from claimgraph.extract.pipeline import gazetteer, load_pipeline  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold"


def gold_pairs() -> list[tuple[Path, Path]]:
    pairs = [(ROOT / "articles" / f"{p.stem}.txt", p) for p in sorted((ROOT / "annotations").glob("*.yaml"))]
    pairs += [(GOLD / "articles" / f"{p.stem}.txt", p) for p in sorted((GOLD / "annotations").glob("*.yaml"))]
    return sorted(pairs, key=lambda pair: read_article(pair[0]).date)


def load_gold(pairs):
    """Every gold annotation, checked as the project checks them (claims may be declared elsewhere)."""
    return [load_annotation(gold_path, read_article(article_path), foreign_claims=True)
            for article_path, gold_path in pairs]


def draft_all(nlp, pairs, golds):
    """Draft each article against the gold annotations published before it, as ingest would."""
    drafts = []
    for index, (article_path, _) in enumerate(pairs):
        known = KnownProject.from_annotations(golds[:index])
        drafter = Drafter(nlp, ClaimIndex(nlp, known, gazetteer()))
        drafts.append(drafter.draft(read_article(article_path), "benchmark"))
    return drafts


def _label(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(text.lower().split()))


def _overlap(a, b) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _match(predicted, gold, same) -> int:
    """One-to-one greedy matching in text order; the number of matched pairs."""
    used, matched = set(), 0
    for p in predicted:
        for index, g in enumerate(gold):
            if index not in used and same(p, g):
                used.add(index)
                matched += 1
                break
    return matched


class Score:
    def __init__(self):
        self.right = self.predicted = self.gold = 0

    def add(self, right: int, predicted: int, gold: int) -> None:
        self.right += right
        self.predicted += predicted
        self.gold += gold

    def line(self, name: str) -> str:
        p = self.right / self.predicted if self.predicted else 0.0
        r = self.right / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (f"{name:12} precision {p:.3f} ({self.right}/{self.predicted})  recall {r:.3f} "
                f"({self.right}/{self.gold})  F1 {f:.3f}")


def _figure(q: Quantity) -> tuple:
    """What makes two figures the same: the amount (or its bounds), how it is qualified, measure, modality."""
    return (q.value, q.lower, q.upper, q.qualifier, q.measure, q.modality)


def score(golds, drafts) -> dict[str, Score]:
    scores = {name: Score() for name in ("statements", "attribution", "entities", "quantities", "dates")}
    claims = resolve_claims(golds)
    for gold, draft in zip(golds, drafts):
        article = gold.article
        predicted = draft.annotation["statements"]
        labels = {e["id"]: _label(e["label"]) for e in draft.annotation["entities"]}
        gold_labels = {e.id: _label(e.label) for e in gold.entities.values()}
        gold_statements = [{"speaker": s.speaker, "stance": s.stance, "start": s.start, "end": s.end,
                            "said": (s.said.interval.earliest, s.said.interval.latest)} for s in gold.statements]

        def same_speaker(p, g):
            return p["speaker"] == g["speaker"] or labels.get(p["speaker"]) == gold_labels.get(g["speaker"])

        scores["statements"].add(_match(predicted, gold_statements, lambda p, g: same_speaker(p, g) and
                                         p["stance"] == g["stance"] and _overlap(p, g)),
                                 len(predicted), len(gold_statements))
        scores["attribution"].add(_match(predicted, gold_statements, lambda p, g: same_speaker(p, g) and _overlap(p, g)),
                                  len(predicted), len(gold_statements))

        def same_date(p, g):
            interval = dates.resolve(p["said"], article.date)
            return same_speaker(p, g) and _overlap(p, g) and (interval.earliest, interval.latest) == g["said"]

        scores["dates"].add(_match(predicted, gold_statements, same_date), len(predicted), len(gold_statements))
        predicted_entities = {(e["id"], _label(e["label"])) for e in draft.annotation["entities"]}
        right = sum(1 for gid, glabel in gold_labels.items()
                    if any(pid == gid or plabel == glabel for pid, plabel in predicted_entities))
        scores["entities"].add(right, len(predicted_entities), len(gold_labels))
        context = {"article_date": article.date}
        predicted_figures = {_figure(Quantity.model_validate(q, context=context))
                             for s in draft.report for q in s["quantities"]}
        gold_figures = {_figure(q) for s in gold.statements for q in claims[s.claim].quantities}
        scores["quantities"].add(len(predicted_figures & gold_figures), len(predicted_figures), len(gold_figures))
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed passes over the articles (default 5)")
    args = parser.parse_args()
    started = time.perf_counter()
    nlp = load_pipeline()
    load_seconds = time.perf_counter() - started
    pairs = gold_pairs()
    golds = load_gold(pairs)
    drafts = draft_all(nlp, pairs, golds)
    for name, result in score(golds, drafts).items():
        print(result.line(name))
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        draft_all(nlp, pairs, golds)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    characters = sum(len(read_article(a).body) for a, _ in pairs)
    print(f"throughput   {len(pairs) / median:.1f} articles/s ({characters / median / 1000:.0f}k characters/s; "
          f"{len(pairs)} articles, {characters:,} characters, median of {args.runs} passes: {median:.3f} s); "
          f"pipeline {nlp.meta['name']} {nlp.meta['version']} loads in {load_seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
