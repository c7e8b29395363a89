"""Every draft is a valid annotation: `claimgraph ingest` never fails on its own draft.

What the project's checks refuse in a draft is repaired or dropped, per statement, with one warning
line each on standard error and a count at the end (src/claimgraph/extract/validity.py). Here the
development corpus is drafted whole and ingested, perturbed copies of a few of its articles are
ingested, and a second ingest is checked to match claims exactly as one ingest of the same
articles does (claims read back from annotation files are keyed as the drafts made them).

The corpus ingests take most of this file's time: building the graph costs a few seconds per
article (SHACL, QC rules, HermiT), so the whole development corpus is drafted and checked in
memory, and ten of its articles are ingested and built by the CLI (then two more by a second
ingest).
"""

from __future__ import annotations

import copy
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml

from claimgraph.extract.draft import render
from claimgraph.extract.drafting import draft_articles
from claimgraph.extract.validity import repair_annotation
from claimgraph.model.annotation import annotation_from_data, load_annotation, resolve_claims
from claimgraph.model.article import read_article
from conftest import REPO, SEED, SMALL_BASE, cli, copy_project

CORPUS = sorted([*(REPO / "benchmarks" / "gold" / "articles").glob("*.txt"),
                 *(REPO / "benchmarks" / "corpus" / "dev" / "articles").glob("*.txt")], key=lambda p: p.name)
FIRST = CORPUS[:10]  # 2024-10-25 to 2024-11-20: the Putin non-denial and the UN council clash among them
SECOND = [p for p in CORPUS if p.name.startswith("2024-12-19-")]  # later reporting restating earlier claims
PERTURBED = ["2024-10-25-pyongyang-calls-dispatch-lawful", "2024-12-19-nis-at-least-100-killed",
             "2025-04-29-un-council-speakers-on-pyongyang-admission"]
WARNING = re.compile(r"claimgraph: warning: articles/(?P<article>[\w-]+)\.txt: statement (?P<statement>s\d+) "
                     r"\(['\"].*['\"]\) dropped: \S.*")
PROGRESS = re.compile(r"claimgraph: (?!warning: ).* \(\d+\.\d s\)")  # with CLAIMGRAPH_PROGRESS=1
COUNT = re.compile(r"claimgraph: warning: (\d+) drafted statements? dropped as invalid, from (\d+) of (\d+) articles?; "
                   r"the articles and the rest of their drafts were added")


def _seed_annotation():
    article = read_article(REPO / "articles" / f"{SEED}.txt", f"articles/{SEED}.txt")
    return load_annotation(REPO / "annotations" / f"{SEED}.yaml", article, shown_as=f"annotations/{SEED}.yaml",
                           foreign_claims=True)


def _draft_of(root: Path, name: str) -> dict:
    return yaml.safe_load((root / "annotations" / f"{name}.yaml").read_text(encoding="utf-8"))


def _check_warnings(err: str, articles: list[str]) -> list[re.Match]:
    """Standard error holds warnings only: one line per dropped statement, then the count."""
    lines = [line for line in err.splitlines() if not PROGRESS.fullmatch(line)]
    if not lines:
        return []
    *each, count = lines
    matches = [WARNING.fullmatch(line) for line in each]
    assert all(matches), err
    assert {m["article"] for m in matches} <= set(articles)
    total = COUNT.fullmatch(count)
    assert total and int(total[1]) == len(each) and int(total[3]) == len(articles), err
    return matches


def _check_built(root: Path, out: str, names: list[str]) -> None:
    """Each article's graph was built."""
    for name in names:
        assert (root / "graph" / f"{name}.ttl").is_file(), name
        assert re.search(rf"^graph/{name}\.ttl: \d+ triples, ", out, re.M), name


def _check_ingested(root: Path, out: str, names: list[str]) -> None:
    """Each article is in articles/, its draft in annotations/ and its graph in graph/."""
    for name in names:
        assert (root / "articles" / f"{name}.txt").is_file()
        draft = _draft_of(root, name)
        assert draft["draft"]["made_by"] == f"claimgraph extract articles/{name}.txt"
        assert (root / "graph" / f"{name}.ttl").is_file(), name
        assert re.search(rf"^graph/{name}\.ttl: \d+ triples, \d+ claims?, {len(draft['statements'])} statements?",
                         out, re.M), name


# --------------------------------------------------------------------------- the whole corpus, drafted


@pytest.fixture(scope="module")
def one_ingest():
    """The whole development corpus drafted as one `claimgraph ingest` of it drafts it, after the seed."""
    return draft_articles(CORPUS, known=[_seed_annotation()])


def _statements(draft_annotation: dict) -> list[tuple]:
    return [(s["start"], s["end"], s["speaker"], s["stance"], s["claim"]) for s in draft_annotation["statements"]]


@pytest.mark.slow
def test_every_draft_of_the_development_corpus_is_valid_alone_and_together(one_ingest):
    """Each draft of the whole development corpus, as written, loads back as a valid annotation, and
    all of them pass the project's checks across annotations with nothing more to repair."""
    seed = _seed_annotation()
    annotations, conditional, reused = [seed], [], 0
    for article, draft in one_ingest:
        assert draft.annotation["statements"], article.name
        where = f"annotations/{article.name}.yaml"
        written = yaml.safe_load(render(article, draft, "yaml", f"articles/{article.name}.txt"))
        annotation_from_data(written, article, where, foreign_claims=True)  # as written, valid
        annotation, dropped = repair_annotation(copy.deepcopy(draft.annotation), article, where, others=annotations)
        assert dropped == [], [d.line(article.name) for d in dropped]
        annotations.append(annotation)
        # a conditional statement states a conditional claim, its own or one of the same condition
        assert not [d for d in draft.dropped if "condition" in d.reason], [d.line(article.name) for d in draft.dropped]
        conditional += [s for s in annotation.statements if s.stance == "states-conditionally"]
        # the claims it takes from the project or from earlier drafts are the ones it reports as reused
        assert draft.reused_claims == list(dict.fromkeys(s.claim for s in annotation.statements
                                                         if s.claim not in annotation.claims)), article.name
        reused += bool(draft.reused_claims)
    claims = resolve_claims(annotations)
    assert conditional and all(claims[s.claim].condition for s in conditional)
    assert reused >= len(CORPUS) // 2  # the reporting restates itself: most articles take up earlier claims


# --------------------------------------------------------------------------- ingest, then ingest again


@pytest.mark.slow
def test_claims_read_back_from_files_match_as_claims_drafted_in_the_same_run(one_ingest, tmp_path):
    """The corpus in two ingests: the second half drafted against the first half's drafts as ingest
    writes them and reads them back; every statement of the second half states the claim it states
    when the whole corpus is drafted at once."""
    seed = _seed_annotation()
    half = len(CORPUS) // 2
    known = [seed]
    for article, draft in one_ingest[:half]:
        path = tmp_path / f"{article.name}.yaml"
        path.write_bytes(render(article, draft, "yaml", f"articles/{article.name}.txt"))
        known.append(load_annotation(path, article, shown_as=f"annotations/{article.name}.yaml", foreign_claims=True))
    later = draft_articles([article for article, _ in one_ingest[half:]], known=known)
    drafted_first = {claim["id"] for _, draft in one_ingest[:half] for claim in draft.annotation["claims"]}
    for (article, draft), (_, again) in zip(one_ingest[half:], later):
        assert _statements(again.annotation) == _statements(draft.annotation), article.name
    assert {c for _, d in later for c in d.reused_claims} & drafted_first


@pytest.mark.slow
def test_the_corpus_ingests_and_a_second_ingest_matches_claims_as_one_ingest(tmp_path):
    """Ten articles of the corpus in one `claimgraph ingest` (among them the two that stopped it:
    a conditional statement on an earlier article's claim, a place as an affiliation), then two
    later ones in a second ingest, which reads the first one's drafts back from their files."""
    root = copy_project(tmp_path / "project")
    code, out, err = cli("--root", root, "ingest", *FIRST)
    assert code == 0, err
    first = [p.stem for p in FIRST]
    _check_warnings(err, first)
    _check_ingested(root, out, first)
    drafted_first = {c["id"]: name for name in first for c in _draft_of(root, name)["claims"]}

    code, out, err = cli("--root", root, "ingest", *SECOND)
    assert code == 0, err
    second = [p.stem for p in SECOND]
    _check_warnings(err, second)
    _check_ingested(root, out, second)
    _check_built(root, out, [SEED, *first])

    # the same drafts as one ingest of both batches makes: every statement states the same claim
    seed = _seed_annotation()
    together = {a.name: d for a, d in draft_articles([*FIRST, *SECOND], known=[seed]) if a.name in second}
    reused = []
    for name in second:
        written = _draft_of(root, name)
        assert _statements(written) == _statements(together[name].annotation), name
        declared = {c["id"] for c in written["claims"]}
        taken = sorted({s["claim"] for s in written["statements"]} - declared)
        assert re.search(rf"^annotations/{name}\.yaml: drafted {len(written['statements'])} statements? "
                         rf"\({len(taken)} claims? already in the project", out, re.M), out
        reused += [(name, claim, drafted_first[claim]) for claim in taken if claim in drafted_first]
    # a claim drafted by the first ingest, read back from its file, is stated again by the second
    assert reused, "no article of the second ingest restates a claim drafted in the first"


# --------------------------------------------------------------------------- perturbed copies


def _paragraphs(path: Path) -> tuple[str, list[str]]:
    header, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    return header, [p for p in body.strip().split("\n\n") if p.strip()]


def _dateline(date: str) -> str:
    year, month, day = (int(x) for x in date.split("-"))
    months = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
    return f"SEOUL, {months[month - 1]} {day} (Reuters) - "


def _split_quote(paragraphs: list[str]) -> list[str]:
    """The longest direct quote cut in two around "he said,": "A B," he said, "C D"."""
    quotes = [(len(m.group(1).split()), i, m) for i, p in enumerate(paragraphs)
              for m in re.finditer(r'"([^"\n]+)"', p)]
    words, index, match = max(quotes, key=lambda q: q[0])
    assert words >= 6
    parts = match.group(1).split()
    first, second = " ".join(parts[:words // 2]).rstrip(",;:"), " ".join(parts[words // 2:])
    paragraph = paragraphs[index]
    paragraphs = list(paragraphs)
    paragraphs[index] = f'{paragraph[:match.start()]}"{first}," he said, "{second}"{paragraph[match.end():]}'
    return paragraphs


def perturbed(path: Path) -> dict[str, str]:
    """Copies of an article as wire copy varies it: a byline line and a wire dateline added; the
    paragraphs in another order, with a direct quote split around "he said,"."""
    header, paragraphs = _paragraphs(path)
    date = re.search(r"^date: (\S+)$", header, re.M).group(1)
    shuffled = list(paragraphs)
    random.Random(path.stem).shuffle(shuffled)
    variants = {
        "wire": ["By Jane Whitaker and Min-ji Park", _dateline(date) + paragraphs[0], *paragraphs[1:]],
        "reordered": _split_quote(shuffled),
    }
    out = {}
    for kind, body in variants.items():
        assert body != paragraphs, (path.stem, kind)
        out[kind] = header + "\n\n" + "\n\n".join(body) + "\n"
    return out


@pytest.mark.slow
def test_perturbed_copies_of_articles_each_ingest_on_top_of_the_seed(tmp_path):
    written = []
    for name in PERTURBED:
        for kind, text in perturbed(next(p for p in CORPUS if p.stem == name)).items():
            path = tmp_path / "variants" / f"{name}-{kind}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    root = copy_project(tmp_path / "project")
    code, out, err = cli("--root", root, "ingest", *written)
    assert code == 0, err
    names = [p.stem for p in written]
    _check_warnings(err, names)
    _check_ingested(root, out, names)
    for name in names:  # each copy is read: its draft has statements, quotes cut from its own text
        body = read_article(root / "articles" / f"{name}.txt").body
        statements = _draft_of(root, name)["statements"]
        assert statements, name
        assert all(body[s["start"]:s["end"]] == s["quote"] for s in statements), name
    for name in PERTURBED:  # the later copy ("wire") restates the claims of the earlier ("reordered")
        draft = _draft_of(root, f"{name}-wire")
        declared = {c["id"] for c in draft["claims"]}
        again = [s for s in draft["statements"] if s["claim"] not in declared]
        assert 2 * len(again) >= len(draft["statements"]), name


# --------------------------------------------------------------------------- what cannot be made valid


def _bad_draft() -> dict:
    """A draft with the mistakes real copy has led the rules into."""
    statement = {"certainty": "certain", "said": "on Monday", "direct": False, "verb": "said"}
    body = read_article(REPO / "articles" / f"{SEED}.txt").body
    first = body[:40]
    return {
        "draft": {"made_by": "test", "confidence": 0.5},
        "entities": [
            {"id": "north-korea", "type": "Country", "label": "North Korea"},
            {"id": "seoul", "type": "City", "label": "Seoul"},  # a dateline read as a speaker
            {"id": "north", "type": "Place", "label": "North"},
            {"id": "official", "type": "AnonymousSource", "label": "an official", "affiliation": ["north"]},
            {"id": "kim", "type": "Person", "label": "Kim", "affiliation": ["north-korea", "north"]},
        ],
        "claims": [
            {"id": "own-claim", "text": "Troops were sent."},
            {"id": "north-korea-deployed-troops-to-russia", "text": "Something else entirely."},  # the seed's id
        ],
        "statements": [
            {"id": "s01", "speaker": "seoul", "claim": "own-claim", "stance": "asserts", "quote": first,
             "start": 0, "end": 40, **statement},
            {"id": "s02", "speaker": "official", "claim": "own-claim", "stance": "asserts", "quote": first,
             "start": 0, "end": 40, **statement},
            {"id": "s03", "speaker": "kim", "claim": "north-korea-deployed-troops-to-russia", "stance": "asserts",
             "quote": first, "start": 0, "end": 40, **{**statement, "said": "on 2099-01-01"}},
            {"id": "s04", "speaker": "kim", "claim": "mission-of-north-korean-troops-unknown",
             "stance": "states-conditionally", "quote": first, "start": 0, "end": 40, **statement},
            {"id": "s05", "speaker": "kim", "claim": "no-such-claim", "stance": "asserts", "quote": first,
             "start": 0, "end": 40, **statement},
        ],
    }


def test_a_draft_is_repaired_field_by_field_and_every_dropped_statement_says_why():
    seed = _seed_annotation()
    article = read_article(REPO / "articles" / f"{SEED}.txt")
    data = _bad_draft()
    annotation, dropped = repair_annotation(data, article, "draft.yaml", others=[seed])
    assert sorted(d.statement for d in dropped) == ["s01", "s04", "s05"]
    reasons = {d.statement: d.reason for d in dropped}
    assert reasons["s01"] == "statements[0] (s01).speaker: 'seoul' is a City; expected an actor"
    assert "states-conditionally needs a 'condition'" in reasons["s04"]
    assert "'no-such-claim' is not a claim" in reasons["s05"]
    line = dropped[0].line("articles/x.txt")
    assert "\n" not in line and line.startswith("articles/x.txt: statement s01 ('") and "'seoul' is a City" in line
    # what could be kept was kept, less what was wrong in it
    entities = {e["id"]: e for e in data["entities"]}
    assert entities["official"]["type"] == "Person" and "affiliation" not in entities["official"]
    assert entities["kim"]["affiliation"] == ["north-korea"]
    s03 = next(s for s in data["statements"] if s["id"] == "s03")
    assert s03["said"] == "not stated"
    # the seed declares this id otherwise: the draft's own claim got an id of its own
    assert s03["claim"] == "north-korea-deployed-troops-to-russia-2"
    assert set(annotation.claims) == {"own-claim", "north-korea-deployed-troops-to-russia-2"}
    resolve_claims([seed, annotation])


def test_without_the_project_a_draft_is_repaired_against_the_claims_it_knows():
    seed = _seed_annotation()
    article = read_article(REPO / "articles" / f"{SEED}.txt")
    known = {claim_id: claim for claim_id, claim in seed.claims.items()}
    data = _bad_draft()
    data["claims"].pop(1)
    data["statements"].pop(2)
    _, dropped = repair_annotation(data, article, "draft.yaml", known_claims=known)
    assert sorted(d.statement for d in dropped) == ["s01", "s04", "s05"]
    # and a draft that cannot be made valid at all keeps the article, with no statements
    hopeless = _bad_draft()
    hopeless["claims"] = "a claim"
    annotation, dropped = repair_annotation(hopeless, article, "draft.yaml")
    assert annotation.statements == () and annotation.draft.made_by == "test" and len(dropped) == 5
    assert all(d.reason == "the draft could not be made valid (claims: expected a list)" for d in dropped)


def test_ingest_warns_once_per_dropped_statement_and_counts_them(project, monkeypatch):
    """A statement the drafter got wrong in a way only the project shows (it states a claim that
    nowhere exists) is dropped by ingest with a warning; the article and the rest go in. (The seed's
    annotation is the smallest valid one, to build quickly.)"""
    from claimgraph.project import ingest as ingest_module

    real = ingest_module.draft_articles

    def mistaken(*args, **kwargs):
        drafts = real(*args, **kwargs)
        for _, draft in drafts:
            draft.annotation["statements"][0]["claim"] = "a-claim-nobody-declared"
        return drafts

    monkeypatch.setattr(ingest_module, "draft_articles", mistaken)
    root = project
    shutil.copy(SMALL_BASE, root / "annotations" / f"{SEED}.yaml")
    article = min((REPO / "benchmarks" / "gold" / "articles").glob("*.txt"), key=lambda p: p.stat().st_size)
    code, out, err = cli("--root", root, "ingest", article)
    assert code == 0, err
    (warning,) = _check_warnings(err, [article.stem])
    assert warning["statement"] == "s01" and "'a-claim-nobody-declared' is not a claim" in warning.group(0)
    draft = _draft_of(root, article.stem)
    assert draft["draft"]["dropped"] == 1 and "s01" not in {s["id"] for s in draft["statements"]}
    assert "1 statement dropped as invalid)" in out
    _check_ingested(root, out, [article.stem])
