"""What each subcommand does: read its arguments, call the stage that does the work, print the result.

Heavy libraries (rdflib, owlready2, spaCy) are imported inside the commands, so `--help` is instant.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ClaimgraphError
from .progress import Progress

WIKIDATA_SERVICE = "https://query.wikidata.org/sparql"


def _workspace(args):
    from ..project.layout import find_workspace

    return find_workspace(args.root)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def out(text: str | bytes) -> None:
    """Write to standard output; a full disk or closed pipe is reported by `main`."""
    if isinstance(text, bytes) and hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    elif isinstance(text, bytes):  # a text-only stream (tests capture output so)
        sys.stdout.write(text.decode("utf-8"))
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _print_built(built, listed: int = 20) -> None:
    """A line per file written; the unchanged ones too, unless there are more than `listed` (an
    archive of thousands of articles): then their count."""
    unchanged = [item for item in built if not item.changed]
    for item in built:
        if item.changed or len(unchanged) <= listed:
            state = "written" if item.changed else "unchanged"
            out(f"{item.output}: {_plural(item.triples, 'triple')}, {item.contents} ({state})\n")
    if len(unchanged) > listed:
        out(f"{_plural(len(unchanged), 'file')} unchanged ({_plural(sum(i.triples for i in unchanged), 'triple')})\n")


def build(args) -> int:
    from ..project.preload import Preload

    workspace = _workspace(args)
    preload = Preload(workspace)  # reads graph/ while the build's code is imported
    from ..project.update import build_project

    with Progress() as progress:
        built = build_project(workspace, progress, preload)
    _print_built(built)
    return 0


def finding_rows(findings):
    from rdflib import Literal

    from ..query.results import Rows

    columns = ["check", "focus", "path", "message"]
    return Rows(columns, [{c: Literal(v) for c, v in f.as_dict().items()} for f in findings])


def validate(args) -> int:
    import json

    from ..check import check_graph
    from ..project import resources
    from ..project.built import load_graph
    from ..query.results import to_table
    from ..rdf.parse import load_untrusted

    workspace = _workspace(args)
    if args.owl:
        from ..derive.hermit import require_java

        require_java()
    with Progress() as progress:
        progress("reading the graph")
        if args.files:
            data = load_untrusted([Path(f) for f in args.files], workspace.relative)
        else:
            data = load_graph(workspace, with_ontology=False)
        findings = check_graph(data, resources.ontology(workspace), resources.shapes(workspace),
                               resources.qc_rules(workspace), progress=progress)
        if args.owl:
            progress("reasoning with HermiT")
            findings += _owl_findings(workspace, data if args.files else None)
    if args.format == "json":
        out(json.dumps({"conforms": not findings, "findings": [f.as_dict() for f in findings]}, indent=2,
                       ensure_ascii=False) + "\n")
    elif findings:
        out(to_table(finding_rows(findings)))
    else:
        out(f"conforms: {_plural(len(data), 'triple')} pass the SHACL shapes and the QC rules"
            + ("; HermiT finds them consistent with the ontology and derives what the rules derived" if args.owl
               else "") + "\n")
    return 1 if findings else 0


def _owl_findings(workspace, files_data):
    """HermiT against the SPARQL rules: on the given files, against the rules run on them; on the built
    graph, against what the build wrote to graph/inferred.ttl (the other files of graph/ are the data)."""
    from rdflib import Graph

    from ..check import owl_findings
    from ..derive.hermit import INFERRED_GRAPH
    from ..derive.rules import infer_graph
    from ..project import resources
    from ..project.built import load_named_graphs

    ontology = resources.ontology(workspace)
    if files_data is not None:
        derived = infer_graph(files_data, ontology, resources.derivation_rules(workspace))
        return owl_findings(files_data, ontology, derived, "the rules of queries/rules/")
    graphs = load_named_graphs(workspace)
    derived, data = graphs.pop(INFERRED_GRAPH), Graph()
    for graph in graphs.values():
        data += graph
    return owl_findings(data, ontology, derived, workspace.relative(workspace.inferred_file))


def queries(args) -> int:
    from ..project import resources

    catalogue = resources.saved_queries(_workspace(args))
    width = max((len(name) for name in catalogue), default=0)
    for name, saved in catalogue.items():
        params = "".join(f" --param {p}=<{spec.type}>" for p, spec in saved.parameters.items())
        out(f"{name.ljust(width)}  {saved.summary}{params}\n")
    return 0


def query(args) -> int:
    from ..project import resources
    from ..query import catalogue, results
    from ..query.engines import make_engine

    workspace = None
    if not args.endpoint or not args.name.endswith(".rq"):
        workspace = _workspace(args)
    saved = catalogue.find(resources.saved_queries(workspace) if workspace else {}, args.name)
    bindings = catalogue.bind(saved, catalogue.parse_assignments(args.param))
    engine = make_engine(args.engine, workspace, args.endpoint, args.timeout, args.curated_only)
    _check_claims_exist(saved, bindings, engine)
    text = catalogue.map_service(saved, WIKIDATA_SERVICE, args.wikidata_endpoint) if args.wikidata_endpoint else None
    rows = engine.select(saved, bindings, text)
    out(results.render(rows, args.format))
    return 0


def _check_claims_exist(saved, bindings, engine) -> None:
    for name, parameter in saved.parameters.items():
        claim = bindings[f"_{name}"]
        if parameter.type == "claim" and not engine.ask(
                f"ASK {{ {claim.n3()} a <https://w3id.org/claimgraph/ontology#Claim> }}"):
            raise ClaimgraphError(f"--param {name}: no claim {claim} in the graph")


def link(args) -> int:
    from rdflib import Literal

    from ..link.linker import link_project
    from ..query.results import Rows, to_table
    from ..rdf.sparql import WIKIDATA_ENDPOINT, SparqlClient

    workspace = _workspace(args)
    endpoint = args.endpoint or WIKIDATA_ENDPOINT
    client = SparqlClient(endpoint, cache_dir=workspace.cache_dir / "sparql", offline=args.offline,
                          deadline=args.timeout)
    with Progress() as progress:
        outcomes = link_project(workspace, client, progress)
    columns = ["entity", "label", "outcome", "wikidata", "score", "detail"]
    rows = [{"entity": r.entity, "label": Literal(r.label), "outcome": Literal(r.outcome),
             "wikidata": Literal(r.qid or ""), "score": Literal("" if r.score is None else str(r.score)),
             "detail": Literal(r.detail)} for r in outcomes]
    out(to_table(Rows(columns, rows)))
    made = sum(1 for r in outcomes if r.qid)
    out(f"{made} linked, {len(outcomes) - made} left unlinked; {_plural(client.requests, 'request')} to {endpoint}; "
        f"wrote {workspace.relative(workspace.links_file)}\n")
    return 0


def push(args) -> int:
    from ..publish.push import push as push_graphs

    workspace = _workspace(args)
    with Progress() as progress:
        pushed = push_graphs(workspace, args.endpoint, args.graph_store, args.query_endpoint, args.batch,
                             args.timeout, progress)
    for item in pushed:
        out(f"<{item.graph}>: {_plural(item.triples, 'triple')} in {_plural(item.requests, 'request')}, "
            f"{item.stored:,} stored\n")
    return 0


def serve(args) -> int:
    from ..publish.serve import serve_forever

    serve_forever(_workspace(args), args.host, args.port)
    return 0


def report(args) -> int:
    from ..project import resources
    from ..project.built import open_store
    from ..project.transaction import reading
    from ..web.desk import Desk
    from ..web.pages import Pages
    from ..web.report import check_target, write_report

    workspace = _workspace(args)
    check_target(Path(args.output))
    with Progress() as progress:
        progress("reading the graph")
        with reading(workspace.root):
            desk = Desk(open_store(workspace), resources.saved_queries(workspace), workspace)
        progress("writing the pages")
        written = write_report(Pages(desk, live=False), Path(args.output))
    out(f"{args.output}: {_plural(written, 'file')} (open {Path(args.output) / 'index.html'})\n")
    return 0


def extract(args) -> int:
    from ..extract.draft import render
    from ..extract.drafting import draft_articles
    from ..project.files import check_output, write_output
    from ..project.ingest import refuse_curated

    try:
        workspace = _workspace(args)
    except ClaimgraphError:
        workspace = None  # outside a project: nothing to match claims against
    if args.output:
        check_output(args.output)
        refuse_curated(Path(args.output))
    with Progress() as progress:
        ((article, draft),) = draft_articles([Path(args.article)], workspace, args.model, progress)
    shown = workspace.relative(article.path) if workspace else Path(args.article).name
    data = render(article, draft, args.format, shown)
    if args.output:
        write_output(args.output, data)
        print(f"{args.output}: {_plural(len(draft.annotation['statements']), 'statement')} about "
              f"{_plural(len(draft.annotation['claims']), 'claim')} ({len(draft.reused_claims)} already in the "
              f"project), confidence {draft.annotation['draft']['confidence']}", file=sys.stderr)
    else:
        out(data)
    return 0


def ingest(args) -> int:
    from ..changes import new_changes, project_changes
    from ..project.ingest import ingest as ingest_articles

    workspace = _workspace(args)
    with Progress() as progress:
        progress("reading the claims' status before")
        try:
            before = project_changes(workspace)
        except ClaimgraphError:  # a broken graph/ is rebuilt by the ingest; what it said before is unknown
            before = None
        ingested, built = ingest_articles(workspace, [Path(a) for a in args.articles], args.model, progress)
        progress("reading the claims' status after")
        brought = None if before is None else new_changes(before, project_changes(workspace))
    for item in ingested:
        out(f"{item.annotation}: drafted {_plural(item.statements, 'statement')} "
            f"({_plural(item.claims_reused, 'claim')} already in the project"
            + (f"; {_plural(item.dropped, 'statement')} dropped as invalid" if item.dropped else "") + ")\n")
    _print_built(built)
    if brought is not None:
        _print_status_changes(brought)
    return 0


def _print_status_changes(brought) -> None:
    """What an ingest changed in the claims' standing; claims merely reported are counted, not listed."""
    changed = [c for c in brought if not c.first_report]
    reported = len(brought) - len(changed)
    out(_plural(len(changed), "claim status change") + (f" ({_plural(reported, 'new claim')} reported, unconfirmed)"
                                                         if reported else "") + (":" if changed else "") + "\n")
    for change in changed:
        out(f"  {change.line()}\n")


def changes(args) -> int:
    import json

    from rdflib import Literal

    from ..changes import all_changes, watched, watched_first
    from ..project.built import open_store
    from ..query.results import Rows, to_table

    workspace = _workspace(args)
    store = open_store(workspace)
    watching = watched(workspace, store)
    found = watched_first(all_changes(store, args.since), watching)
    if args.format == "json":
        out(json.dumps({"changes": [{**c.as_dict(), "watched": c.claim in watching} for c in found]}, indent=2,
                       ensure_ascii=False) + "\n")
        return 0
    if not found:
        out("no status changes" + (f" since {args.since.isoformat()}" if args.since else "") + "\n")
        return 0
    columns = ["watched", "on", "claim", "before", "after", "speakers", "article"]
    rows = [{"watched": Literal("*" if c.claim in watching else ""), "on": Literal(c.on.isoformat()),
             "claim": Literal(c.claim_text), "before": Literal(c.before or "new"), "after": Literal(c.after),
             "speakers": Literal(c.speakers), "article": Literal(c.article)} for c in found]
    out(to_table(Rows(columns, rows)))
    return 0


def watch(args) -> int:
    from ..changes.watchlist import read_watchlist, watch as follow
    from ..project.built import open_store

    workspace = _workspace(args)
    if args.target is None:
        if args.remove:
            raise ClaimgraphError("--remove needs the claim or query to stop following")
        watchlist = read_watchlist(workspace)
        for claim in watchlist.claims:
            out(f"claim {claim}\n")
        for query in watchlist.queries:
            out(f"query {query}\n")
        if not watchlist.claims and not watchlist.queries:
            out("nothing is watched; `claimgraph watch CLAIM|QUERY` follows a claim or a saved query\n")
        return 0
    kind, name = follow(workspace, open_store(workspace), args.target, args.remove)
    out(f"{'stopped watching' if args.remove else 'watching'} the {kind} {name} (watch.yaml)\n")
    return 0


def review(args) -> int:
    import json

    from rdflib import Literal

    import textwrap

    from ..project.review import drafted_statements
    from ..query.results import Rows, to_table
    from ..query.table import terminal_width
    from ..rdf.namespaces import CLAIM

    workspace = _workspace(args)
    found, total = drafted_statements(workspace, args.names, args.below)
    if args.format == "json":
        out(json.dumps({"statements": [d.as_dict() for d in found]}, indent=2, ensure_ascii=False) + "\n")
        return 0
    if not total:
        out("no drafted statements: every annotation" + (" named" if args.names else "") + " is curated\n")
        return 0
    columns = ["confidence", "annotation", "statement", "speaker", "stance", "claim", "text", "sentence"]
    rows = [{"confidence": Literal("" if d.confidence is None else str(d.confidence)),
             "annotation": Literal(d.annotation + ("" if d.line is None else f":{d.line}")),
             "statement": Literal(d.statement), "speaker": Literal(d.speaker), "stance": Literal(d.stance),
             "claim": CLAIM[d.claim], "text": Literal(d.claim_text or ""), "sentence": Literal(d.marked_sentence)}
            for d in found]
    if rows:
        out(to_table(Rows(columns, rows)))
    first = min(found, key=lambda d: (d.confidence is not None, d.confidence or 0), default=None)
    shown = _plural(len(found), "drafted statement") + (
        f" of {total:,} below confidence {args.below}" if args.below is not None else "")
    out(textwrap.fill(
        f"{shown}, least confident first, the quote between « and ». Correct the annotation against its "
        "article, then `claimgraph promote NAME` checks it, makes it curated and rebuilds graph/"
        + (f" (here: `claimgraph promote {first.article}`)" if first else "") + ".",
        terminal_width(), break_long_words=False, break_on_hyphens=False) + "\n")
    return 0


def promote(args) -> int:
    from ..project.promote import promote as promote_annotation

    with Progress() as progress:
        promoted, built = promote_annotation(_workspace(args), args.name, progress)
    out(f"{promoted.annotation}: promoted to curated ({_plural(promoted.statements, 'statement')} checked; the "
        f"`draft:` block and {_plural(promoted.confidences, 'confidence')} removed)\n")
    _print_built(built)
    return 0


def export(args) -> int:
    from ..project.files import check_output, write_output
    from ..publish.export import export as export_graph

    if args.output:
        check_output(args.output)
    data = export_graph(_workspace(args), args.format)
    if args.output:
        write_output(args.output, data)
    else:
        out(data)
    return 0


COMMANDS = {"build": build, "validate": validate, "queries": queries, "query": query, "link": link, "push": push,
            "serve": serve, "extract": extract, "ingest": ingest, "review": review, "promote": promote,
            "report": report,
            "changes": changes, "watch": watch,
            "export": export}
