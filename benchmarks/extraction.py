"""Score `claimgraph extract` against the hand-written gold annotations of the whole corpus, and time it.

    python benchmarks/extraction.py [--runs 3] [--json FILE] [--verbose]

Two parts, reported apart:

  development  the seed (articles/ + annotations/), benchmarks/gold/ and benchmarks/corpus/dev/
  held-out     benchmarks/corpus/heldout/ (kept out of extractor development; score it only to report)

Drafts are made as one `claimgraph ingest` of the whole corpus into an empty project makes them
(src/claimgraph/extract/drafting.py): one spaCy `nlp.pipe` over the texts, oldest article first
(the two parts interleaved by date), each drafted against the claims, deployments and entities of
the DRAFTS before it. An article whose text check or draft raises is caught, counted as failed
and listed; its gold statements stay in every denominator.

Statements, gold and drafted, are taken in text order. Two statements overlap when their quote
spans [start, end) share a character. Same speaker: the same entity id, or the same label once
lower-cased, white space collapsed and a leading "the" removed (nothing else: not speaks_for, not
on_behalf_of).

  lenient      one-to-one greedy matching in text order: each drafted statement takes an unused
               gold statement that overlaps it, preferring one with the same speaker and stance,
               then one with the same speaker, then the largest overlap, then the first. Precision
               = pairs / drafted statements, recall = pairs / gold statements, F1 their harmonic mean.
  strict       one-to-one greedy matching in text order where a pair needs overlap, the same speaker
               and the same stance (each drafted statement takes the first such gold statement).
  speaker      over the lenient pairs, the share with the same speaker.
  date         over the lenient pairs, the share whose `said` expressions resolve (against the
               article's date) to the same interval (earliest and latest day).
  flips        lenient pairs where exactly one side is `denies` (gold denies and the draft does
               not, or the draft denies and gold does not); --verbose lists each one.
  figures      per article, the distinct quantities (measure, value or bounds, qualifier,
               modality) of the claims its statements state, gold and drafted. A gold figure is
               found when a drafted figure of the same article has the same measure and the same
               value (for a range or a vague amount: the same lower and upper bound), matched one
               to one, preferring a drafted figure that is also right; it is right when found with
               the same qualifier and modality as well. Per measure: gold, found, right and
               drafted figures; overall: found / gold and right / gold.
  same-claim   over pairs of lenient-matched gold statements in DIFFERENT articles: gold says
               "same claim" when the two have the same claim id, the drafts when their two drafted
               statements have the same claim id. Precision = pairs both say / pairs the drafts
               say, recall = pairs both say / pairs gold says. Development counts pairs with both
               articles in the development part, held-out pairs with at least one in the held-out
               part. Two more drafts are scored this way only:
                 vs gold     each article drafted against the GOLD annotations of the articles
                             before it (the old benchmark's mode): claim matching without the
                             earlier drafts' errors;
                 dev alone   development drafted alone, by one ingest (its figure equals the
                 2nd ingest  main one when the held-out drafts do not sway it); then held-out
                             drafted by a second ingest, against the development drafts read back
                             as ingest writes them (repaired by `valid_annotation`).
  valid        each draft serialised as `claimgraph extract -o FILE.yaml` writes it (`render`) and
               loaded back with `load_annotation` against its article, claims of other
               annotations allowed; each invalid draft's first error line is printed. The
               statements ingest's repair (`valid_annotation`) would drop are counted, and
               `resolve_claims` over all the repaired drafts (as ingest checks a batch) gives "ok"
               or its first error line.

Throughput is articles per second over the whole corpus: the drafting above (its `nlp.pipe`
included) beside `nlp.pipe` alone over the same texts, in the same process, median of --runs
passes each; the ratio is drafting time over parsing time. The pipeline's load time is reported
apart. --json FILE writes every figure, with each article's misses, spurious statements and
mismatched pairs. Not a test: nothing is asserted, and low scores exit 0.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.extract.draft import render  # noqa: E402
from claimgraph.extract.drafter import Draft, Drafter  # noqa: E402
from claimgraph.extract.drafting import learn  # noqa: E402
from claimgraph.extract.matching import ClaimIndex, KnownProject  # noqa: E402
from claimgraph.extract import furniture  # noqa: E402
from claimgraph.extract.pipeline import gazetteer, load_pipeline  # noqa: E402
from claimgraph.extract.textcheck import check_text  # noqa: E402
from claimgraph.extract.validity import valid_annotation  # noqa: E402
from claimgraph.model import dates  # noqa: E402
from claimgraph.model.annotation import Annotation, load_annotation, resolve_claims  # noqa: E402
from claimgraph.model.article import Article, read_article  # noqa: E402
from claimgraph.model.vocabulary import BOUNDS_ONLY, MEASURES, STANCES  # noqa: E402

BENCH = ROOT / "benchmarks"
DEVELOPMENT, HELD_OUT = "development", "held-out"
SOURCES = [  # (part, source name, articles directory, annotations directory)
    (DEVELOPMENT, "seed", ROOT / "articles", ROOT / "annotations"),
    (DEVELOPMENT, "gold", BENCH / "gold" / "articles", BENCH / "gold" / "annotations"),
    (DEVELOPMENT, "corpus/dev", BENCH / "corpus" / "dev" / "articles", BENCH / "corpus" / "dev" / "annotations"),
    (HELD_OUT, "corpus/heldout", BENCH / "corpus" / "heldout" / "articles",
     BENCH / "corpus" / "heldout" / "annotations"),
]
SHORT = {"asserts": "ASR", "confirms": "CNF", "denies": "DEN", "declines-to-confirm": "DTC",
         "does-not-deny": "DND", "forecasts": "FOR", "speculates": "SPE", "states-conditionally": "CND", None: "-"}


@dataclass
class Case:
    """One article of the corpus: its gold annotation, and its draft once made (or why it failed)."""

    part: str
    source: str
    article: Article
    gold: Annotation
    draft: Draft | None = None
    failure: str | None = None
    invalid: str | None = None  # first error line of the serialised draft, loaded back
    dropped: int | None = None  # statements ingest's repair would drop
    loaded: Annotation | None = None  # the draft as written, loaded back (when valid)
    repaired: Annotation | None = None  # the draft as ingest would write it
    repair_failure: str | None = None


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def corpus() -> list[Case]:
    """Every annotated article, oldest first within each part (as ingest orders them)."""
    cases = []
    for part, source, articles, annotations in SOURCES:
        for gold_path in sorted(annotations.glob("*.yaml")):
            article = read_article(articles / f"{gold_path.stem}.txt")
            gold = load_annotation(gold_path, article, shown_as=gold_path.relative_to(ROOT), foreign_claims=True)
            cases.append(Case(part, source, article, gold))
    return sorted(cases, key=lambda c: (c.part != DEVELOPMENT, c.article.date, c.article.name))


def of_part(cases: list[Case], part: str) -> list[Case]:
    return [c for c in cases if c.part == part]


# --------------------------------------------------------------------------- drafting


def draft_stream(nlp, articles: list[Article], project: KnownProject) -> list[Draft | str]:
    """`draft_articles`' loop as ingest runs it, with each article's failure caught: a Draft, or the
    first line of what the article's check or drafting raised."""
    drafter = Drafter(nlp, ClaimIndex(nlp, project, gazetteer()))
    out: list[Draft | str] = []
    for article, doc in zip(articles, nlp.pipe(furniture.readable(a.body) for a in articles)):
        try:
            check_text(article)
            draft = drafter.draft(article, f"claimgraph extract {article.name}.txt", doc)
        except Exception as exc:  # noqa: BLE001 - a crash on one article is a finding, not the end
            out.append(first_line(exc))
            continue
        learn(project, draft)
        out.append(draft)
    return out


def empty_project() -> KnownProject:
    return KnownProject({}, {}, {})


def by_date(cases: list[Case]) -> list[Case]:
    return sorted(cases, key=lambda c: (c.article.date, c.article.name))


def draft_corpus(nlp, cases: list[Case]) -> None:
    """The whole corpus drafted as one `claimgraph ingest` of it, from an empty project."""
    ordered = by_date(cases)
    _keep(ordered, draft_stream(nlp, [c.article for c in ordered], empty_project()))
    check_validity(ordered)


def second_ingest(nlp, cases: list[Case]) -> dict[str, list[dict]]:
    """Development ingested first, then held-out in a second ingest, which reads the development
    drafts back as ingest wrote them (repaired); per article name, its drafted statements."""
    development, held_out = by_date(of_part(cases, DEVELOPMENT)), by_date(of_part(cases, HELD_OUT))
    out, known = {}, []
    for case, draft in zip(development, draft_stream(nlp, [c.article for c in development], empty_project())):
        if isinstance(draft, Draft):
            out[case.article.name] = drafted_statements(case.article, draft)
            try:
                known.append(valid_annotation(copy.deepcopy(draft.annotation), case.article, case.article.name)[0])
            except Exception:  # noqa: BLE001 - ingest would have refused the whole batch; leave it out
                pass
    project = KnownProject.from_annotations(known)
    for case, draft in zip(held_out, draft_stream(nlp, [c.article for c in held_out], project)):
        if isinstance(draft, Draft):
            out[case.article.name] = drafted_statements(case.article, draft)
    return out


def _keep(cases: list[Case], drafts: list[Draft | str]) -> None:
    for case, draft in zip(cases, drafts):
        if isinstance(draft, str):
            case.failure = draft
        else:
            case.draft = draft


def draft_against_gold(nlp, cases: list[Case]) -> dict[str, list[dict]]:
    """Each article drafted against the GOLD annotations of the articles before it (the old
    benchmark's mode); per article name, its drafted statements, with the ids of claims new to
    the draft made unique to the article (as ingest's one claim index would keep them)."""
    out = {}
    ordered = by_date(cases)
    for index, case in enumerate(ordered):
        known = KnownProject.from_annotations([c.gold for c in ordered[:index]])
        gold_claims = set(known.claims)
        (draft,) = draft_stream(nlp, [case.article], known)
        if isinstance(draft, str):
            continue
        statements = drafted_statements(case.article, draft)
        for s in statements:
            if s["claim"] not in gold_claims:
                s["claim"] = f"{case.article.name}/{s['claim']}"
        out[case.article.name] = statements
    return out


# --------------------------------------------------------------------------- validity


def check_validity(cases: list[Case]) -> None:
    """Serialise each draft as `claimgraph extract` does and load it back; repair a copy as ingest does."""
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            if case.draft is None:
                continue
            name = case.article.name
            shown = f"annotations/{name}.yaml"
            path = Path(tmp) / f"{name}.yaml"
            try:
                path.write_bytes(render(case.article, case.draft, "yaml", f"articles/{name}.txt"))
                case.loaded = load_annotation(path, case.article, shown_as=shown, foreign_claims=True)
            except Exception as exc:  # noqa: BLE001
                case.invalid = first_line(exc)
            try:
                case.repaired, case.dropped = valid_annotation(copy.deepcopy(case.draft.annotation), case.article,
                                                               f"{shown} (draft)")
            except Exception as exc:  # noqa: BLE001
                case.repair_failure = first_line(exc)


def cross_references(cases: list[Case]) -> str:
    """`resolve_claims` over the drafts as ingest repairs them, as ingest then checks them: 'ok' or
    its first error line."""
    try:
        resolve_claims([c.repaired for c in cases if c.repaired is not None])
    except Exception as exc:  # noqa: BLE001
        return first_line(exc)
    return "ok"


# --------------------------------------------------------------------------- statements


def label(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(text.lower().split()))


def _interval(expression, article_date):
    try:
        interval = dates.resolve(expression, article_date)
    except Exception:  # noqa: BLE001 - an unreadable date is simply not the same date
        return None
    return interval.earliest, interval.latest


def gold_statements(gold: Annotation) -> list[dict]:
    out = []
    for s in gold.statements:
        entity = gold.entities.get(s.speaker)
        out.append({"start": s.start, "end": s.end, "quote": s.quote, "speaker": s.speaker,
                    "label": label(entity.label) if entity else s.speaker, "stance": s.stance, "claim": s.claim,
                    "said": (s.said.interval.earliest, s.said.interval.latest), "date": s.said.expression})
    return sorted(out, key=lambda s: (s["start"], s["end"]))


def drafted_statements(article: Article, draft: Draft) -> list[dict]:
    out = []
    for s in draft.report:
        out.append({"start": s["start"], "end": s["end"], "quote": s["quote"], "speaker": s["speaker_id"],
                    "label": label(s["speaker"]), "stance": s["stance"], "claim": s["claim_id"],
                    "said": _interval(s["said"], article.date), "date": s["said"], "quantities": s["quantities"]})
    return sorted(out, key=lambda s: (s["start"], s["end"]))


def overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def same_speaker(a: dict, b: dict) -> bool:
    return a["speaker"] == b["speaker"] or a["label"] == b["label"]


def lenient_pairs(drafted: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """(drafted index, gold index) pairs: greedy, one to one, in text order."""
    used, pairs = set(), []
    for d_index, d in enumerate(drafted):
        options = [g_index for g_index, g in enumerate(gold) if g_index not in used and overlap(d, g)]
        if not options:
            continue
        best = max(options, key=lambda i: (same_speaker(d, gold[i]) and d["stance"] == gold[i]["stance"],
                                           same_speaker(d, gold[i]), overlap(d, gold[i]), -i))
        used.add(best)
        pairs.append((d_index, best))
    return pairs


def strict_matches(drafted: list[dict], gold: list[dict]) -> int:
    used, matched = set(), 0
    for d in drafted:
        for g_index, g in enumerate(gold):
            if g_index not in used and overlap(d, g) and same_speaker(d, g) and d["stance"] == g["stance"]:
                used.add(g_index)
                matched += 1
                break
    return matched


# --------------------------------------------------------------------------- figures


def _decimal(value):
    return None if value is None else Decimal(str(value))


def figure(q) -> dict:
    """A quantity (a gold model or a drafted record) as the fields figures are compared on."""
    get = (lambda k: getattr(q, k)) if not isinstance(q, dict) else q.get
    qualifier = get("qualifier") or "exactly"
    return {"measure": get("measure") or "troop-strength", "qualifier": qualifier, "modality": get("modality"),
            "amount": (("bounds", _decimal(get("lower")), _decimal(get("upper"))) if qualifier in BOUNDS_ONLY
                       else ("value", _decimal(get("value"))))}


def _distinct(figures: list[dict]) -> list[dict]:
    seen, out = set(), []
    for f in figures:
        key = (f["measure"], f["qualifier"], f["modality"], f["amount"])
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def gold_figures(gold: Annotation, claims: dict) -> list[dict]:
    stated = [claims[s.claim] for s in gold.statements if s.claim in claims]
    return _distinct([figure(q) for claim in stated for q in claim.quantities])


def drafted_figures(statements: list[dict]) -> list[dict]:
    return _distinct([figure(q) for s in statements for q in s["quantities"]])


def match_figures(gold: list[dict], drafted: list[dict]) -> list[tuple[dict, dict | None]]:
    used, out = set(), []

    def right(g, d):
        return g["qualifier"] == d["qualifier"] and g["modality"] == d["modality"]

    for g in gold:
        options = [i for i, d in enumerate(drafted) if i not in used and d["measure"] == g["measure"]
                   and d["amount"] == g["amount"]]
        best = max(options, key=lambda i: right(g, drafted[i]), default=None)
        if best is not None:
            used.add(best)
        out.append((g, drafted[best] if best is not None else None))
    return out


# --------------------------------------------------------------------------- scoring


class Tally:
    """Counts added up over articles."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.stances: Counter = Counter()
        self.figures: dict[str, Counter] = {m: Counter() for m in MEASURES}
        self.flips: list[dict] = []

    def add(self, **counts) -> None:
        self.counts.update(counts)


def score_case(case: Case, claims: dict, tally: Tally, detail: dict) -> None:
    """Add one article to `tally`, and its misses, spurious statements and mismatches to `detail`."""
    gold = gold_statements(case.gold)
    drafted = drafted_statements(case.article, case.draft) if case.draft else []
    pairs = lenient_pairs(drafted, gold)
    tally.add(gold=len(gold), drafted=len(drafted), lenient=len(pairs), strict=strict_matches(drafted, gold))
    detail.update(gold=len(gold), drafted=len(drafted), lenient=len(pairs), misses=[], spurious=[], mismatches=[])
    for d_index, g_index in pairs:
        d, g = drafted[d_index], gold[g_index]
        tally.stances[(g["stance"], d["stance"])] += 1
        speaker_ok, date_ok = same_speaker(d, g), d["said"] == g["said"]
        tally.add(speaker=speaker_ok, date=date_ok)
        if (g["stance"] == "denies") != (d["stance"] == "denies"):
            tally.flips.append({"article": case.article.name, "quote": g["quote"][:70], "gold": g["stance"],
                                "drafted": d["stance"]})
        if not (speaker_ok and date_ok and g["stance"] == d["stance"]):
            detail["mismatches"].append({"gold_quote": g["quote"][:90], "drafted_quote": d["quote"][:90],
                                         "gold_speaker": g["speaker"], "drafted_speaker": d["speaker"],
                                         "gold_stance": g["stance"], "drafted_stance": d["stance"],
                                         "gold_date": g["date"], "drafted_date": d["date"]})
    matched_gold = {g for _, g in pairs}
    matched_drafted = {d for d, _ in pairs}
    for g_index, g in enumerate(gold):
        if g_index not in matched_gold:
            tally.stances[(g["stance"], None)] += 1
            detail["misses"].append({"quote": g["quote"][:90], "speaker": g["speaker"], "stance": g["stance"]})
    for d_index, d in enumerate(drafted):
        if d_index not in matched_drafted:
            tally.stances[(None, d["stance"])] += 1
            detail["spurious"].append({"quote": d["quote"][:90], "speaker": d["speaker"], "stance": d["stance"]})
    drafted_figs = drafted_figures(drafted)
    for g, d in match_figures(gold_figures(case.gold, claims), drafted_figs):
        right = d is not None and g["qualifier"] == d["qualifier"] and g["modality"] == d["modality"]
        tally.figures[g["measure"]].update(gold=1, found=d is not None, right=right)
    for d in drafted_figs:
        tally.figures.setdefault(d["measure"], Counter()).update(drafted=1)


def claim_pairs(cases: list[Case], drafted_by_name: dict[str, list[dict]]) -> list[tuple]:
    """Every lenient pair of the articles drafted, as (article, gold claim, drafted claim)."""
    out = []
    for case in cases:
        drafted = drafted_by_name.get(case.article.name)
        if drafted is None:
            continue
        gold = gold_statements(case.gold)
        out += [(case.article.name, gold[g]["claim"], drafted[d]["claim"]) for d, g in lenient_pairs(drafted, gold)]
    return out


def same_claim(pairs: list[tuple], counts_pair) -> dict:
    """Pairwise same-claim precision and recall over matched statements of different articles."""
    both = gold_same = drafted_same = 0
    for (article_a, gold_a, drafted_a), (article_b, gold_b, drafted_b) in combinations(pairs, 2):
        if article_a == article_b or not counts_pair(article_a, article_b):
            continue
        g, d = gold_a == gold_b, drafted_a == drafted_b
        both += g and d
        gold_same += g
        drafted_same += d
    return {"both": both, "gold": gold_same, "drafted": drafted_same}


def rate(right: int, total: int) -> float:
    return right / total if total else 0.0


def accuracy(right: int, pairs: int) -> dict:
    return {"right": right, "pairs": pairs, "accuracy": round(rate(right, pairs), 3)}


def prf(right: int, predicted: int, gold: int) -> dict:
    p, r = rate(right, predicted), rate(right, gold)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            "right": right, "predicted": predicted, "gold": gold}


def score(cases: list[Case], variants: dict[str, dict[str, list[dict]]]) -> dict:
    """Every figure per part. `variants` are other drafts of the articles (per article name, its
    drafted statements) scored for same-claim only."""
    claims: dict = {}
    for case in cases:
        for claim in case.gold.claims.values():
            claims.setdefault(claim.id, claim)
    held_out = {c.article.name for c in of_part(cases, HELD_OUT)}
    counted = {DEVELOPMENT: lambda a, b: a not in held_out and b not in held_out,
               HELD_OUT: lambda a, b: a in held_out or b in held_out}
    drafts = {c.article.name: drafted_statements(c.article, c.draft) for c in cases if c.draft is not None}
    modes = {"same_claim": claim_pairs(cases, drafts),
             **{f"same_claim_{name}": claim_pairs(cases, drafted) for name, drafted in variants.items()}}
    report, details = {}, {}
    for part in (DEVELOPMENT, HELD_OUT):
        tally, part_cases = Tally(), of_part(cases, part)
        for case in part_cases:
            details[case.article.name] = detail = {"part": part, "failure": case.failure, "invalid": case.invalid,
                                                   "dropped": case.dropped}
            score_case(case, claims, tally, detail)
        c = tally.counts
        report[part] = {
            "articles": len(part_cases),
            "sources": {source: n for _, source, *_ in SOURCES
                        if (n := sum(1 for case in part_cases if case.source == source))},
            "failed": {case.article.name: case.failure for case in part_cases if case.failure},
            "lenient": prf(c["lenient"], c["drafted"], c["gold"]),
            "strict": prf(c["strict"], c["drafted"], c["gold"]),
            "speaker": accuracy(c["speaker"], c["lenient"]),
            "date": accuracy(c["date"], c["lenient"]),
            "stances": [[g, d, n] for (g, d), n in sorted(tally.stances.items(), key=lambda x: str(x[0]))],
            "flips": tally.flips,
            "figures": {m: dict(counts) for m, counts in tally.figures.items()},
            "valid": {"valid": sum(1 for case in part_cases if case.loaded is not None),
                      "drafted": sum(1 for case in part_cases if case.draft is not None),
                      "invalid": {case.article.name: case.invalid for case in part_cases if case.invalid},
                      "dropped_by_repair": sum(case.dropped or 0 for case in part_cases),
                      "repair_failed": {case.article.name: case.repair_failure for case in part_cases
                                        if case.repair_failure}},
        }
        for mode, pairs in modes.items():
            sc = same_claim(pairs, counted[part])
            report[part][mode] = {**sc, **prf(sc["both"], sc["drafted"], sc["gold"])}
    return {"parts": report, "cross_references": cross_references(by_date(cases)), "articles": details}


# --------------------------------------------------------------------------- timing


def throughput(nlp, cases: list[Case], runs: int) -> dict:
    articles = sorted((c.article for c in cases), key=lambda a: (a.date, a.name))
    texts = [furniture.readable(a.body) for a in articles]
    drafting, parsing = [], []
    for _ in range(runs):
        started = time.perf_counter()
        list(nlp.pipe(texts))
        parsing.append(time.perf_counter() - started)
        started = time.perf_counter()
        draft_stream(nlp, articles, empty_project())
        drafting.append(time.perf_counter() - started)
    draft_s, parse_s = statistics.median(drafting), statistics.median(parsing)
    return {"articles": len(texts), "characters": sum(map(len, texts)), "runs": runs,
            "drafting_seconds": round(draft_s, 3), "parsing_seconds": round(parse_s, 3),
            "drafting_articles_per_second": round(len(texts) / draft_s, 2),
            "parsing_articles_per_second": round(len(texts) / parse_s, 2), "ratio": round(draft_s / parse_s, 2)}


# --------------------------------------------------------------------------- output


def prf_line(name: str, s: dict) -> str:
    return (f"{name:13}precision {s['precision']:.3f} ({s['right']}/{s['predicted']})  recall {s['recall']:.3f} "
            f"({s['right']}/{s['gold']})  F1 {s['f1']:.3f}")


def stance_table(rows: list) -> list[str]:
    counts = {(g, d): n for g, d, n in rows}
    order = [*STANCES, None]
    used = [s for s in order if any(counts.get((s, o)) or counts.get((o, s)) for o in order)]
    lines = ["  gold\\draft " + "".join(f"{SHORT[s]:>5}" for s in used)]
    for g in used:
        lines.append(f"  {SHORT[g]:10} " + "".join(f"{counts.get((g, d), 0) or '.':>5}" for d in used))
    return lines


def print_part(part: str, r: dict, verbose: bool) -> None:
    sources = ", ".join(f"{name} {n}" for name, n in r["sources"].items())
    print(f"== {part}: {r['articles']} articles ({sources}); {r['lenient']['gold']} gold statements, "
          f"{r['lenient']['predicted']} drafted; {len(r['failed'])} failed")
    print(prf_line("lenient", r["lenient"]))
    print(prf_line("strict", r["strict"]))
    for name in ("speaker", "date"):
        s = r[name]
        print(f"{name:13}accuracy {s['accuracy']:.3f} ({s['right']}/{s['pairs']} lenient pairs)")
    flips = r["flips"]
    lost = sum(1 for f in flips if f["gold"] == "denies")
    print(f"{'flips':13}{len(flips)} (gold denies, draft not: {lost}; draft denies, gold not: {len(flips) - lost})")
    if verbose:
        for f in flips:
            print(f"  {f['article']}: {f['quote']!r}: gold {f['gold']}, drafted {f['drafted']}")
    later = "  dev alone" if part == DEVELOPMENT else "  2nd ingest"
    for key, name in (("same_claim", "same-claim"), ("same_claim_vs_gold", "  vs gold"),
                      ("same_claim_second_ingest", later)):
        if key in r:
            print(prf_line(name, r[key]))
    figures = r["figures"]
    gold = sum(f.get("gold", 0) for f in figures.values())
    found = sum(f.get("found", 0) for f in figures.values())
    right = sum(f.get("right", 0) for f in figures.values())
    print(f"{'figures':13}found {rate(found, gold):.3f} ({found}/{gold})  right {rate(right, gold):.3f} "
          f"({right}/{gold})  drafted {sum(f.get('drafted', 0) for f in figures.values())}")
    for measure, f in figures.items():
        if any(f.values()):
            print(f"  {measure:15} " + "  ".join(f"{k} {f.get(k, 0):3}" for k in ("gold", "found", "right", "drafted")))
    v = r["valid"]
    print(f"{'valid':13}{rate(v['valid'], v['drafted']):.3f} ({v['valid']}/{v['drafted']} drafts load back); "
          f"ingest's repair would drop {v['dropped_by_repair']} statements")
    for name, error in v["invalid"].items():
        print(f"  invalid {name}: {error}")
    for name, error in v["repair_failed"].items():
        print(f"  repair failed {name}: {error}")
    for name, error in r["failed"].items():
        print(f"  failed {name}: {error}")
    print("stances (rows gold, columns drafted, lenient pairs; '-' unmatched; " +
          ", ".join(f"{v}={k}" for k, v in SHORT.items() if k) + ")")
    for line in stance_table(r["stances"]):
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed passes over the articles (default 3)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write every figure, and each article's misses, as JSON")
    parser.add_argument("--verbose", action="store_true", help="list each polarity flip")
    args = parser.parse_args()
    begun = time.perf_counter()
    started = time.perf_counter()
    nlp = load_pipeline()
    load_seconds = time.perf_counter() - started
    cases = corpus()
    draft_corpus(nlp, cases)
    variants = {"vs_gold": draft_against_gold(nlp, cases), "second_ingest": second_ingest(nlp, cases)}
    result = score(cases, variants)
    for part in (DEVELOPMENT, HELD_OUT):
        print_part(part, result["parts"][part], args.verbose)
        print()
    print(f"== whole corpus: claims across the repaired drafts (resolve_claims, as ingest checks them): "
          f"{result['cross_references']}")
    speed = throughput(nlp, cases, max(1, args.runs))
    print(f"throughput   drafting {speed['drafting_articles_per_second']:.1f} articles/s, nlp.pipe alone "
          f"{speed['parsing_articles_per_second']:.1f} articles/s, ratio {speed['ratio']:.2f} "
          f"({speed['articles']} articles, {speed['characters']:,} characters, median of {speed['runs']}: "
          f"{speed['drafting_seconds']:.3f} s against {speed['parsing_seconds']:.3f} s); "
          f"pipeline {nlp.meta['name']} {nlp.meta['version']} loads in {load_seconds:.2f} s")
    print(f"(benchmark ran in {time.perf_counter() - begun:.0f} s)")
    if args.json:
        result["throughput"] = {**speed, "pipeline": f"{nlp.meta['name']} {nlp.meta['version']}",
                                "load_seconds": round(load_seconds, 2)}
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
