"""The commands that change a project, each all or nothing: read → build → check → derive, all in
memory, then every file switched in at once (see `transaction`).

    build    annotations/ + articles/  → graph/
    ingest   new article texts         → articles/ + annotations/ (drafts) + graph/

A build reads, builds and checks only the articles whose text or annotation changed since the
last build (graph/manifest.json); the rest of graph/ is loaded as it is. The checks and the
derivation run as SPARQL on one Oxigraph store holding the whole graph and the ontology.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable

from ..build.rdf import article_turtle
from ..errors import ClaimgraphError
from ..model.annotation import Annotation, check_claims, claim_refs, load_annotation
from ..model.article import read_article
from . import manifest, query_store
from .layout import GENERATED_BY, RESERVED_NAMES, Workspace
from .manifest import ArticleEntry
from .transaction import Change, commit, writing
from .preload import Preload
from .verify import check_and_derive

Progress = Callable[[str], None]
# Below this many articles to read, one process does it: starting workers costs more than it saves.
PARALLEL_FROM = 40


def _quiet(text: str) -> None:
    pass


@dataclass(frozen=True)
class BuiltFile:
    output: str  # relative to the project root
    triples: int
    contents: str
    changed: bool


@dataclass(frozen=True)
class ArticlePart:
    """One article's share of a build: its manifest entry, and its graph's Turtle if it was (re)built
    (None: graph/NAME.ttl is still right and is loaded as it is)."""

    name: str
    entry: ArticleEntry
    turtle: bytes | None


def read_annotations(workspace: Workspace, names: list[str] | None = None) -> list[Annotation]:
    """Every annotated article of the project, read and checked (claims may refer across articles)."""
    return [_read(workspace, name) for name in (names if names is not None else workspace.article_names())]


def _read(workspace: Workspace, name: str) -> Annotation:
    article = read_article(workspace.article_path(name), workspace.relative(workspace.article_path(name)))
    return load_annotation(workspace.annotation_path(name), article,
                           shown_as=workspace.relative(workspace.annotation_path(name)), foreign_claims=True)


def build_part(annotation: Annotation, annotation_bytes: bytes) -> ArticlePart:
    """An article's graph as Turtle, and its manifest entry."""
    name = annotation.article.name
    header = (f"{GENERATED_BY} from annotations/{name}.yaml and articles/{name}.txt.\n"
              "Do not edit: edit the annotation and run `claimgraph build`.")
    turtle, triples = article_turtle(annotation, header)
    contents = (f"{len(annotation.claims)} claim{'s' if len(annotation.claims) != 1 else ''}, "
                f"{len(annotation.statements)} statement{'s' if len(annotation.statements) != 1 else ''}")
    entry = ArticleEntry(manifest.digest(annotation.article.raw, annotation_bytes), manifest.digest(turtle),
                         triples, contents, claim_refs(annotation))
    return ArticlePart(name, entry, turtle)


def _read_and_build(job: tuple[Workspace, str]) -> ArticlePart | str:
    """Read one article and its annotation from disk and build its part; an error comes back as its
    message (a worker process's exception would lose what makes it one line)."""
    workspace, name = job
    try:
        annotation_bytes = workspace.annotation_path(name).read_bytes()
        return build_part(_read(workspace, name), annotation_bytes)
    except ClaimgraphError as exc:
        return str(exc)
    except OSError as exc:
        return f"{workspace.relative(workspace.annotation_path(name))}: cannot read: {exc.strerror}"


def _build_parts(workspace: Workspace, names: list[str]) -> list[ArticlePart]:
    """Read and build these articles, on every core when there are many; the first error in name
    order is raised, as one process would."""
    jobs = [(workspace, name) for name in names]
    workers = min(os.cpu_count() or 1, 8)
    if len(names) < PARALLEL_FROM or workers < 2:
        results = map(_read_and_build, jobs)
    else:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_read_and_build, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    parts = []
    for result in results:
        if isinstance(result, str):
            raise ClaimgraphError(result)
        parts.append(result)
    return parts


def plan_build(workspace: Workspace, progress: Progress = _quiet, preload: Preload | None = None
               ) -> tuple[Change, list[BuiltFile], list[str] | None, bytes | None]:
    """graph/ for the project's annotations on disk, reading only those that changed since the last
    build; the articles it adds, if adding them is all it does (None if it does more); and the
    derived triples as N-Triples if it derived them again. `preload` has read graph/ already."""
    recipe = manifest.recipe(workspace)
    last = manifest.read_manifest(workspace, recipe)
    names = workspace.article_names()
    read = preload.graph_bytes() if preload is not None else {}
    parts: dict[str, ArticlePart] = {}
    fresh = []
    for name in names:
        entry = last.articles.get(name)
        graph = manifest.digest(read[name]) if name in read else _digest_of(workspace.graph_path(name))
        if entry is not None and entry.source == manifest.source_digest(workspace, name) and entry.graph == graph:
            parts[name] = ArticlePart(name, entry, None)
        else:
            fresh.append(name)
    if preload is not None and len(fresh) >= PARALLEL_FROM:
        preload.finish()  # worker processes come next
    progress(f"reading and building {len(fresh)} of {len(names)} article{'s' if len(names) != 1 else ''}")
    parts.update((part.name, part) for part in _build_parts(workspace, fresh))
    return _plan(workspace, [parts[name] for name in names], last, recipe, progress, preload)


def plan_graph(workspace: Workspace, annotations: list[Annotation], progress: Progress = _quiet,
               pending: dict[str, bytes] | None = None) -> tuple[Change, list[BuiltFile]]:
    """graph/ for these annotations, already read (ingest and promote hold new ones in memory);
    `pending` has the bytes of annotation files about to be written, by path relative to the root."""
    recipe = manifest.recipe(workspace)
    last = manifest.read_manifest(workspace, recipe)
    pending = pending or {}
    progress(f"building the graph of {len(annotations)} article{'s' if len(annotations) != 1 else ''}")
    parts = []
    for annotation in sorted(annotations, key=lambda a: a.article.name):
        path = workspace.annotation_path(annotation.article.name)
        data = pending.get(workspace.relative(path))
        parts.append(build_part(annotation, data if data is not None else path.read_bytes()))
    change, built, _, _ = _plan(workspace, parts, last, recipe, progress)
    return change, built


def _plan(workspace: Workspace, parts: list[ArticlePart], last: manifest.Manifest, recipe: str,
          progress: Progress, preload: Preload | None = None
          ) -> tuple[Change, list[BuiltFile], list[str] | None, bytes | None]:
    """Check the claims across articles, check and derive the whole graph, and say what to write."""
    check_claims([part.entry.claims for part in parts])
    previous = last.articles
    new = {p.name for p in parts if p.name not in previous}
    changed = {p.name for p in parts if p.name not in new and previous[p.name].graph != p.entry.graph}
    removed = set(previous) - {p.name for p in parts}
    # Only articles added to an unchanged project leave every other node's checks as they were;
    # an edit or a removal can break a node another article holds (a claim left with no statement).
    focus = sorted(new) if previous and not changed and not removed else None
    if focus == [] and last.inferred == _digest_of(workspace.inferred_file):
        inferred = None  # nothing changed since the last build, which checked and derived this very graph
        made = last
    else:
        sources = [(part.turtle if part.turtle is not None else workspace.graph_path(part.name), part.name)
                   for part in parts]
        inferred = check_and_derive(workspace, sources, focus, progress, preload)
        made = manifest.Manifest({}, manifest.digest(inferred[0]), inferred[1])
    made = manifest.Manifest({part.name: part.entry for part in parts}, made.inferred, made.inferred_triples)
    return (*_graph_change(workspace, parts, inferred, made, recipe), focus, inferred and inferred[2])


def _digest_of(path) -> str | None:
    try:
        return manifest.digest(path.read_bytes())
    except OSError:
        return None


def _graph_change(workspace: Workspace, parts: list[ArticlePart], inferred: tuple[bytes, int, bytes] | None,
                  made: manifest.Manifest, recipe: str) -> tuple[Change, list[BuiltFile]]:
    change, built = Change(), []
    graph_dir = workspace.relative(workspace.graph_dir)
    for part in parts:
        relative = f"{graph_dir}/{part.name}.ttl"
        if part.turtle is not None:
            change.write(relative, part.turtle)
        built.append((relative, part.entry.triples, part.entry.contents))
    relative = workspace.relative(workspace.inferred_file)
    if inferred is not None:
        change.write(relative, inferred[0])
    built.append((relative, made.inferred_triples, "derived by the rules in queries/rules/"))
    change.write(workspace.relative(workspace.manifest_file), manifest.manifest_bytes(recipe, made))
    keep = {workspace.graph_path(part.name) for part in parts}
    for path in sorted(workspace.graph_dir.glob("*.ttl")) if workspace.graph_dir.is_dir() else []:
        if path.stem in RESERVED_NAMES or path in keep:
            continue
        try:
            generated = path.read_text(encoding="utf-8", errors="replace").startswith(f"# {GENERATED_BY}")
        except OSError:
            generated = False
        if generated:  # its annotation is gone; files made by hand are left alone
            change.delete(workspace.relative(path))
    effective = change.effective(workspace.root)
    return change, [BuiltFile(relative, triples, contents, relative in effective.writes)
                    for relative, triples, contents in built]


def build_project(workspace: Workspace, progress: Progress = _quiet, preload: Preload | None = None
                  ) -> list[BuiltFile]:
    """`claimgraph build`: check every annotation and write graph/ at once, or nothing."""
    with writing(workspace.root, "claimgraph build"):
        progress("reading the annotations")
        before = query_store.current_stamp(workspace)
        change, built, added, inferred = plan_build(workspace, progress, preload)
        progress("writing graph/")
        commit(workspace.root, change, "claimgraph build")
        progress("updating the query store")
        query_store.refresh(workspace, added, before, inferred)
    return built


