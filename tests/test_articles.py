"""Article files: both header forms, and every kind of unreadable input refused with its reason."""

import datetime as dt

import pytest

from claimgraph.model.article import read_article
from claimgraph.errors import ClaimgraphError
from conftest import REPO, SEED


def test_seed_article_date_prefix_and_body(seed_body):
    article = read_article(REPO / "articles" / f"{SEED}.txt")
    assert article.date == dt.date(2024, 10, 24)
    assert article.name == SEED
    assert article.body == seed_body
    assert article.body.startswith("Thousands of North Korean soldiers")
    assert article.body.endswith("military cooperation with Pyongyang.")


def test_key_value_header_as_in_the_development_articles(tmp_path):
    path = tmp_path / "2024-10-28-nato.txt"
    path.write_text(
        "date: 2024-10-28\noutlet: Test Wire\ntitle: NATO confirms\n\nNATO Secretary General Mark Rutte said...\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.date == dt.date(2024, 10, 28)
    assert article.outlet == "Test Wire"
    assert article.title == "NATO confirms"
    assert article.body == "NATO Secretary General Mark Rutte said..."


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "article is empty"),
        (b"   \n\n", "article is empty"),
        (b"date 2024-10-24 caf\xe9 society", "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "NUL bytes"),
        (b"Just a body with no date at all.", "no date header"),
        (b"date 2024-13-40 Body text here.", "is not a date"),
        (b"date: 2024-10-24\ntitle: x\nno blank line then body", "not followed by a blank line"),
        (b"date: 2024-10-24\n\n   \n", "no body text"),
    ],
)
def test_bad_articles_are_refused_with_the_file_named(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ClaimgraphError) as error:
        read_article(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_missing_article(tmp_path):
    with pytest.raises(ClaimgraphError, match="article file not found"):
        read_article(tmp_path / "nope.txt")
