"""`claimgraph ingest`: add new articles to a project, all at once or not at all.

In memory: read and check every new article, draft each (oldest first) against the claims the
project holds and the drafts before it, make each draft a valid annotation, build the graph
over the existing annotations plus the new ones, check and derive it. Only then are the
articles, their drafts and graph/ switched in together (see `transaction`).
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ClaimgraphError
from ..extract.draft import render
from ..extract.drafting import draft_articles
from ..extract.validity import repair_annotation
from ..model.article import read_article
from .layout import Workspace, check_article_name
from . import query_store
from .transaction import Change, commit, writing
from .update import plan_graph, read_annotations


@dataclass(frozen=True)
class Ingested:
    annotation: str  # relative to the project root
    statements: int
    claims_reused: int  # claims it states that the project (or an earlier draft of the batch) declares
    dropped: int  # drafted statements dropped as invalid


def refuse_curated(path: Path, shown: object = None,
                   hint: str = "write the draft to another file with -o FILE") -> None:
    """A curated annotation (one without a `draft:` block) is never overwritten by a draft."""
    if not path.is_file():
        return
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        data = None
    if not (isinstance(data, dict) and "draft" in data):
        raise ClaimgraphError(f"is a curated annotation (it has no `draft:` block); a draft never overwrites it: {hint}",
                              path=shown or path)


def ingest(workspace: Workspace, paths: list[Path], model: str | None = None, progress=None, warn=None):
    """Draft the articles into annotations/, copy them into articles/, rebuild graph/: one switch.

    A drafted statement the checks refuse is dropped, never the ingest: `warn(line)` (standard error
    by default) gets one line per dropped statement (article, statement, why) and then the count."""
    step = progress or (lambda text: None)
    command = "claimgraph ingest " + " ".join(Path(p).name for p in paths)
    with writing(workspace.root, command[:200]):
        articles = []
        for path in paths:
            article = read_article(path)
            check_article_name(article.name, path)
            target = workspace.article_path(article.name)
            if target.is_file() and target.read_bytes() != article.raw:
                raise ClaimgraphError(f"{workspace.relative(target)} already holds a different article of this name; "
                                      "rename the new one", path=path)
            refuse_curated(workspace.annotation_path(article.name), workspace.relative(workspace.annotation_path(article.name)),
                           f"the article is already in the project; `claimgraph extract {Path(path).name} -o FILE` "
                           "drafts it elsewhere")
            articles.append(article)
        new_names = {a.name for a in articles}
        step("reading the project's annotations")
        existing = read_annotations(workspace, [n for n in _annotated(workspace) if n not in new_names])
        drafts = draft_articles(articles, model=model, progress=step, known=existing,
                                shown=lambda a: f"articles/{a.name}.txt")
        change, ingested, annotations, warnings = Change(), [], list(existing), []
        for article, draft in drafts:
            in_project = dataclasses.replace(article, path=workspace.article_path(article.name))
            annotation_path = workspace.relative(workspace.annotation_path(article.name))
            # the draft is valid alone; here it is checked with the project's other annotations too
            annotation, also = repair_annotation(draft.annotation, in_project, f"{annotation_path} (draft)",
                                                 others=annotations)
            dropped = [*draft.dropped, *also]
            if dropped:
                draft.annotation["draft"]["dropped"] = len(dropped)
            shown = f"articles/{article.name}.txt"
            warnings += [f"claimgraph: warning: {d.line(shown)}" for d in dropped]
            annotations.append(annotation)
            change.write(workspace.relative(workspace.article_path(article.name)), article.raw)
            change.write(annotation_path, render(in_project, draft, "yaml", shown))
            ingested.append(Ingested(annotation_path, len(draft.annotation["statements"]),
                                     len(annotation.foreign_claims), len(dropped)))
        graph_change, built = plan_graph(workspace, annotations, step, pending=change.writes)
        change.writes.update(graph_change.writes)
        change.deletes |= graph_change.deletes
        step("writing the articles, their drafts and graph/")
        commit(workspace.root, change, command[:200])
        query_store.refresh(workspace, None, None)
    if warnings:
        total = sum(item.dropped for item in ingested)
        drafts_with = sum(1 for item in ingested if item.dropped)
        warnings.append(f"claimgraph: warning: {total} drafted statement{'s' if total != 1 else ''} dropped as "
                        f"invalid, from {drafts_with} of {len(ingested)} article{'s' if len(ingested) != 1 else ''}; "
                        "the articles and the rest of their drafts were added")
    for line in warnings:
        (warn or _warn)(line)
    return ingested, built


def _warn(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _annotated(workspace: Workspace) -> list[str]:
    return workspace.article_names() if workspace.annotations_dir.is_dir() and \
        any(workspace.annotations_dir.glob("*.yaml")) else []
