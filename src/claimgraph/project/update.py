"""The commands that change a project, each all or nothing: read → build → check → derive, all in
memory, then every file switched in at once (see `transaction`).

    build    annotations/ + articles/  → graph/
    ingest   new article texts         → articles/ + annotations/ (drafts) + graph/
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from typing import Callable

from rdflib import Graph

from ..build.dataset import BuiltGraphs, build_graphs
from ..check import ValidationFailed, check_qc_rules, check_shapes, consistency_findings
from ..derive.hermit import derive
from ..derive.rules import derive_by_rules
from ..model.annotation import Annotation, load_annotation, resolve_claims
from ..model.article import read_article
from ..rdf.writer import new_graph, turtle_bytes
from . import resources
from .layout import GENERATED_BY, RESERVED_NAMES, Workspace
from .transaction import Change, commit, disk_error, writing

Progress = Callable[[str], None]


def _quiet(text: str) -> None:
    pass


@dataclass(frozen=True)
class BuiltFile:
    output: str  # relative to the project root
    triples: int
    contents: str
    changed: bool


def read_annotations(workspace: Workspace, names: list[str] | None = None) -> list[Annotation]:
    """Every annotated article of the project, read and checked (claims may refer across articles)."""
    annotations = []
    for name in names if names is not None else workspace.article_names():
        article = read_article(workspace.article_path(name), workspace.relative(workspace.article_path(name)))
        annotations.append(load_annotation(workspace.annotation_path(name), article,
                                           shown_as=workspace.relative(workspace.annotation_path(name)),
                                           foreign_claims=True))
    return annotations


def plan_graph(workspace: Workspace, annotations: list[Annotation], progress: Progress = _quiet
               ) -> tuple[Change, list[BuiltFile]]:
    """graph/ for these annotations, checked and derived; what to write, and a line per file."""
    resolve_claims(annotations)
    progress(f"building the graph of {len(annotations)} article{'s' if len(annotations) != 1 else ''}")
    graphs = build_graphs(annotations)
    ontology = resources.ontology(workspace)
    progress("checking the SHACL shapes")
    findings = check_shapes(graphs.union, resources.shapes(workspace), ontology)
    progress("checking the QC rules")
    findings += check_qc_rules(graphs.union, ontology, resources.qc_rules(workspace))
    progress("reasoning with HermiT")
    try:
        derivation = derive(graphs.union, ontology)
    except OSError as exc:  # HermiT's input goes through temporary files: a full disk fails here first
        raise disk_error(exc, f"run the HermiT reasoner (its temporary files go to {tempfile.gettempdir()})") from None
    findings += consistency_findings(graphs.union, ontology, derivation.consistent)
    if findings:
        raise ValidationFailed(findings, "the graph fails validation; nothing was written")
    progress("running the derivation rules")
    inferred = new_graph()
    inferred += derivation.inferred
    inferred += derive_by_rules(graphs.union, derivation.inferred, resources.derivation_rules(workspace))
    return _graph_change(workspace, annotations, graphs, inferred)


def _graph_change(workspace: Workspace, annotations: list[Annotation], graphs: BuiltGraphs,
                  inferred: Graph) -> tuple[Change, list[BuiltFile]]:
    change, report = Change(), []
    for annotation in sorted(annotations, key=lambda a: a.article.name):
        name = annotation.article.name
        header = (f"{GENERATED_BY} from annotations/{name}.yaml and articles/{name}.txt.\n"
                  "Do not edit: edit the annotation and run `claimgraph build`.")
        relative = workspace.relative(workspace.graph_path(name))
        change.write(relative, turtle_bytes(graphs.by_article[name], header))
        report.append((relative, len(graphs.by_article[name]),
                       f"{len(annotation.claims)} claim{'s' if len(annotation.claims) != 1 else ''}, "
                       f"{len(annotation.statements)} statement{'s' if len(annotation.statements) != 1 else ''}"))
    relative = workspace.relative(workspace.inferred_file)
    change.write(relative, turtle_bytes(inferred, (
        f"{GENERATED_BY}: what the HermiT reasoner (through owlready2) derives from "
        "ontology/claimgraph.ttl and graph/*.ttl, and what the rules in queries/rules/ construct from both.\n"
        "Origin: <https://w3id.org/claimgraph/id/graph/inferred> prov:wasGeneratedBy the reasoning activity below.\n"
        "Do not edit: run `claimgraph build`.")))
    report.append((relative, len(inferred), "derived by HermiT and the rules"))
    keep = {workspace.graph_path(a.article.name) for a in annotations}
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
    built = [BuiltFile(relative, triples, contents, relative in effective.writes)
             for relative, triples, contents in report]
    return change, built


def build_project(workspace: Workspace, progress: Progress = _quiet) -> list[BuiltFile]:
    """`claimgraph build`: check every annotation and write graph/ at once, or nothing."""
    with writing(workspace.root, "claimgraph build"):
        progress("reading the annotations")
        change, built = plan_graph(workspace, read_annotations(workspace), progress)
        progress("writing graph/")
        commit(workspace.root, change, "claimgraph build")
    return built
