"""Refuse text the English extractor cannot read: too long, too short, or not English."""

from __future__ import annotations

import re

from ..errors import ClaimgraphError
from ..model.article import Article

MAX_BODY_CHARS = 100_000  # about fifteen thousand words: far beyond a news report
MIN_WORDS = 12
MIN_ENGLISH_SHARE = 0.2  # share of words that are English function words; news English is 0.35-0.5


def check_text(article: Article, where: object = None) -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    where = where or article.path
    body = article.body
    if len(body) > MAX_BODY_CHARS:
        raise ClaimgraphError(f"article body is {len(body):,} characters; extraction takes up to "
                              f"{MAX_BODY_CHARS:,} (one news article)", path=where)
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", body.lower())
    if len(words) < MIN_WORDS:
        raise ClaimgraphError(f"article body has {len(words)} words; too little text to extract claims from",
                              path=where)
    english = sum(1 for word in words if word in STOP_WORDS) / len(words)
    if english < MIN_ENGLISH_SHARE:
        raise ClaimgraphError(f"article does not look like English ({english:.0%} of its words are English "
                              f"function words, against {MIN_ENGLISH_SHARE:.0%} at least); the extractor reads "
                              "English only", path=where)
