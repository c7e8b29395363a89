"""All of a project's annotations as RDF in memory: a named graph per article, and their union,
made once, for the checks and the derivation. Nothing here touches the disk."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from ..model.annotation import Annotation
from .rdf import article_graph


@dataclass(frozen=True)
class BuiltGraphs:
    by_article: dict[str, Graph]
    union: Graph

    def __len__(self) -> int:
        return len(self.union)


def build_graphs(annotations: list[Annotation]) -> BuiltGraphs:
    """Each article's graph under its name, in name order, and the union of them all."""
    by_article = {a.article.name: article_graph(a) for a in sorted(annotations, key=lambda a: a.article.name)}
    union = Graph()
    for graph in by_article.values():
        union += graph
    return BuiltGraphs(by_article, union)
