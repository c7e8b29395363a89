"""Draft several articles in publication order, each against the claims of the project and of the
drafts before it, so that a claim reported again is the same Claim. The texts are parsed with
`nlp.pipe`, on every core when there are many of them (parsing is most of the time, and each
article's parse is independent; the drafting after it is not, so it stays in this process);
nothing here writes a file."""

from __future__ import annotations

import math
import os
from pathlib import Path

from ..errors import ClaimgraphError
from ..model.annotation import Annotation
from ..model.article import Article, read_article
from . import furniture
from .drafter import Draft, Drafter
from .matching import ClaimIndex, KnownProject
from .pipeline import gazetteer, load_pipeline
from .textcheck import check_text

# From this many articles on, parse on every core. Starting the worker processes (each a fork of
# this one, fed texts and returning parses through pipes) takes about 0.45 s, as long as parsing
# one article: on two processes, two articles were slower than on one, four no slower, and all 21
# of the development corpus drafted 1.8 times as fast (benchmarks/draft_processes.py).
PARALLEL_FROM = 4


def draft_articles(sources: list[Path | Article], workspace=None, model: str | None = None, progress=None,
                   known: list[Annotation] | None = None, shown=None, processes: int | None = None
                   ) -> list[tuple[Article, Draft]]:
    """Read (if given paths), check and draft every article, oldest first. `known` are the project's
    annotations to match claims against (read from `workspace` when not given); `shown(article)`
    is how a draft names its article in its header and command. `processes` parse the texts
    (default: one per core from PARALLEL_FROM articles on, else one); the drafts are the same."""
    step = progress or (lambda text: None)
    articles = [source if isinstance(source, Article) else read_article(source) for source in sources]
    for article in articles:
        check_text(article)
    names = [a.name for a in articles]
    for name in set(names):
        if names.count(name) > 1:
            raise ClaimgraphError(f"two articles are named {name!r}; each article needs its own file name")
    articles.sort(key=lambda a: (a.date, a.name))
    if known is None:
        known = _project_annotations(workspace, set(names))
    step("loading the spaCy pipeline")
    nlp = load_pipeline(model)
    project = KnownProject.from_annotations(known)
    drafter = Drafter(nlp, ClaimIndex(nlp, project, gazetteer()))
    drafts = []
    docs = parse(nlp, [furniture.readable(a.body) for a in articles], processes)
    for number, (article, doc) in enumerate(zip(articles, docs), start=1):
        step(f"drafting {number}/{len(articles)}: {article.name}")
        where = shown(article) if shown else article.path.name
        draft = drafter.draft(article, f"claimgraph extract {where}", doc)
        drafts.append((article, draft))
        learn(project, draft)
    return drafts


def parse(nlp, texts: list[str], processes: int | None = None):
    """The parses of `texts`, in order, with `processes` worker processes (see draft_articles)."""
    if processes is None:
        processes = _cores() if len(texts) >= PARALLEL_FROM else 1
    processes = max(1, min(processes, len(texts)))
    if processes == 1:
        return nlp.pipe(texts)
    # small batches, so that every process gets some of the texts (a batch goes to one process)
    return nlp.pipe(texts, n_process=processes, batch_size=max(1, math.ceil(len(texts) / (processes * 4))))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def learn(project: KnownProject, draft: Draft) -> None:
    """What a draft declares becomes known, so that the next article's claims can be matched to it."""
    for section in ("entities", "deployments", "claims"):
        known = getattr(project, section)
        for record in draft.annotation.get(section, []):
            known.setdefault(record["id"], record)


def _project_annotations(workspace, leave_out: set[str]) -> list[Annotation]:
    """The project's annotations (but those of the articles being drafted), to match claims against."""
    if workspace is None or not workspace.annotations_dir.is_dir():
        return []
    from ..project.update import read_annotations

    names = [n for n in workspace.article_names() if n not in leave_out]
    return read_annotations(workspace, names) if names else []
