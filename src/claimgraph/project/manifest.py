"""graph/manifest.json: what each article's graph was built from, by content digest, so that a
build reads, builds and checks again only the articles whose text or annotation changed.

An entry is trusted only while everything it was made from is the same: the article's text and
annotation (their digest), the graph file it produced (its digest: a graph/ file edited or
restored by hand is rebuilt), and the recipe (the ontology, shapes, rules and the code that makes
an article's graph). The manifest holds content only, no times or paths of this machine, so a
project built at once and built article by article has the same manifest, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources as package_files

from ..model.annotation import ClaimRefs
from .layout import GENERATED_BY, Workspace

VERSION = 1
# the code an article's graph and its checks depend on: a change to any of it rebuilds everything
_RECIPE_MODULES = ("build/rdf.py", "model/annotation.py", "model/dates.py", "model/vocabulary.py",
                   "rdf/iris.py", "rdf/namespaces.py", "rdf/writer.py")


@dataclass(frozen=True)
class ArticleEntry:
    source: str  # digest of the article's text and its annotation
    graph: str  # digest of graph/NAME.ttl as built
    triples: int
    contents: str  # "14 claims, 26 statements", for the build's report
    claims: ClaimRefs

    def as_record(self) -> dict:
        return {"source": self.source, "graph": self.graph, "triples": self.triples, "contents": self.contents,
                "claims": self.claims.as_record()}

    @classmethod
    def from_record(cls, record: dict) -> "ArticleEntry":
        return cls(record["source"], record["graph"], record["triples"], record["contents"],
                   ClaimRefs.from_record(record["claims"]))


def digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(hashlib.sha256(part).digest())
    return hasher.hexdigest()


def source_digest(workspace: Workspace, name: str) -> str | None:
    """The digest of an article's text and annotation as they are on disk (None if either is unreadable)."""
    try:
        return digest(workspace.article_path(name).read_bytes(), workspace.annotation_path(name).read_bytes())
    except OSError:
        return None


def recipe(workspace: Workspace) -> str:
    """The digest of everything besides the articles that the built graph depends on."""
    files = [workspace.ontology_file, workspace.shapes_file]
    for folder in (workspace.queries_dir / "qc", workspace.queries_dir / "rules"):
        files += sorted(folder.glob("*.rq")) if folder.is_dir() else []
    parts = []
    for path in files:
        try:
            parts.append(path.name.encode("utf-8") + b"\0" + path.read_bytes())
        except OSError:
            parts.append(path.name.encode("utf-8"))
    code = package_files.files("claimgraph")
    parts += [code.joinpath(module).read_bytes() for module in _RECIPE_MODULES]
    return digest(*parts)


@dataclass(frozen=True)
class Manifest:
    articles: dict[str, ArticleEntry]
    inferred: str = ""  # digest of graph/inferred.ttl as built
    inferred_triples: int = 0


def read_manifest(workspace: Workspace, expected_recipe: str) -> Manifest:
    """What the last build made, or an empty manifest if there is none, it is unreadable, or the
    recipe changed since (then everything is built afresh: never a wrong reuse)."""
    try:
        record = json.loads(workspace.manifest_file.read_text(encoding="utf-8"))
        if record.get("version") != VERSION or record.get("recipe") != expected_recipe:
            return Manifest({})
        return Manifest({name: ArticleEntry.from_record(entry) for name, entry in record["articles"].items()},
                        record["inferred"]["graph"], record["inferred"]["triples"])
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return Manifest({})


def manifest_bytes(recipe_digest: str, made: Manifest) -> bytes:
    """JSON with an article a line: quick to write for thousands, and a diff shows which changed."""
    head = {"generated_by": f"{GENERATED_BY}; what each graph/ file was built from, so that the next build "
                            "rebuilds only what changed. Do not edit: run `claimgraph build`.",
            "version": VERSION, "recipe": recipe_digest,
            "inferred": {"graph": made.inferred, "triples": made.inferred_triples}}
    lines = [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in head.items()]
    articles = ",\n".join(f"  {json.dumps(name, ensure_ascii=False)}: "
                          f"{json.dumps(made.articles[name].as_record(), ensure_ascii=False)}"
                          for name in sorted(made.articles))
    return ("{\n" + ",\n".join(lines) + ',\n "articles": {\n' + articles + "\n }\n}\n").encode("utf-8")
