"""Drafting parses on several processes when there are many articles (spaCy's n_process): the
drafts must be exactly those of one process."""

from __future__ import annotations

from claimgraph.extract.drafting import draft_articles, parse
from claimgraph.extract.pipeline import DEFAULT_MODEL, load_pipeline
from claimgraph.model.article import read_article
from conftest import REPO

DEV = sorted((REPO / "benchmarks" / "corpus" / "dev" / "articles").glob("*.txt"))[:6]


def test_parses_on_two_processes_are_those_of_one():
    nlp = load_pipeline(DEFAULT_MODEL)
    texts = [read_article(path).body for path in DEV]
    one = [doc.to_json() for doc in parse(nlp, texts, 1)]
    two = [doc.to_json() for doc in parse(nlp, texts, 2)]
    assert len(two) == len(DEV)
    assert [doc["text"] for doc in two] == texts  # in the order given
    assert two == one


def test_drafts_on_two_processes_are_those_of_one():
    articles = [read_article(path) for path in DEV]

    def drafts(processes: int) -> list:
        return [(article.name, draft.annotation, draft.report)
                for article, draft in draft_articles(articles, known=[], model=DEFAULT_MODEL, processes=processes)]

    one = drafts(1)
    assert sum(len(annotation["statements"]) for _, annotation, _ in one) > 20
    assert drafts(2) == one
