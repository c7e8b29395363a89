"""The desk's pages as HTML, rendered with Jinja2 from what `desk` reads: the same templates for
the live app and the static report, so the two never drift. Every link is relative (a page
knows how deep it lies), so a report opened from a folder with file:// works as the app does.

URL layout, the same in both: index.html (the board), claims/KEY.html, actors/KEY.html,
figures.html, changes.html, queries/index.html, queries/NAME.html, static/…; the app alone
adds sparql.html, changes.atom and the CSV/JSON downloads with parameters.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass

import jinja2
from markupsafe import Markup
from rdflib import XSD, Literal, URIRef

from ..errors import ClaimgraphError
from ..query.catalogue import PARAMETER_TYPES, SavedQuery
from ..query.results import Rows
from ..query.terms import short
from ..rdf.namespaces import CLAIM, ENTITY
from .desk import STATUSES, Desk, local

SHOWN_ROWS = 200  # rows of an answer a page shows (1,000 long rows took Chromium a second to lay out); downloads hold all
_NUMBERS = {XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger}


def day(value: dt.date | str | None) -> str:
    """A date as an analyst reads it: 23 Oct 2024."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.day} {value:%b %Y}"


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    title: str = ""
    number: bool = False
    status: bool = False  # a claim status, shown in its colour


class Pages:
    """Renders each page; `live` pages link to what only a server can answer (SPARQL, the feed)."""

    def __init__(self, desk: Desk, live: bool):
        self.desk, self.live = desk, live
        self.env = jinja2.Environment(loader=jinja2.PackageLoader("claimgraph.web", "templates"),
                                      autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True)
        self.env.filters["day"] = day
        self.env.globals.update(statuses=STATUSES, live=live, claim_key=lambda iri: local(iri, CLAIM),
                                actor_key=lambda iri: local(iri, ENTITY), label=desk.label, claim_text=desk.claim_text,
                                newest=desk.newest)

    def render(self, template: str, depth: int, **context) -> str:
        root = "../" * depth
        return self.env.get_template(template).render(root=root, **context)

    # --- pages ---------------------------------------------------------------------------------

    def board(self, on: dt.date) -> str:
        rows = self.desk.board(on)
        choices = {name: sorted({value for row in rows for value in getattr(row, name)})
                   for name in ("sources", "articles", "measures")}
        timeline = None if self.live else json.dumps(self.desk.timeline(), ensure_ascii=False, separators=(",", ":"))
        return self.render("board.html", 0, rows=rows, on=on, oldest=self.desk.oldest, newest=self.desk.newest,
                           choices=choices, title="Claim board",
                           timeline=timeline and Markup(timeline.replace("</", "<\\/")))

    def claim(self, key: str) -> str:
        page = self.desk.claim(key)
        return self.render("claim.html", 1, page=page, title=page.text, history=self._history(page.iri),
                           picture=self._picture("claim_graph_svg", page.iri))

    def actor(self, key: str) -> str:
        page = self.desk.actor(key)
        return self.render("actor.html", 1, page=page, title=page.label,
                           picture=self._picture("actor_graph_svg", page.iri))

    def figures(self) -> str:
        return self.render("figures.html", 0, title="Figures", chart=self.figures_svg())

    def changes(self) -> str:
        from .. import changes

        found = self.desk.changes
        watched = changes.watched(self.desk.workspace, self.desk.store)
        ordered = changes.watched_first(found, watched)
        return self.render("changes.html", 0, title="Status changes", changes=ordered, watched=watched)

    def query_index(self) -> str:
        return self.render("queries.html", 1, title="Saved queries", queries=self.desk.queries)

    def query(self, name: str, values: dict[str, str], run: bool) -> str:
        """A saved query as a form; its answer once every parameter has a value (and, for one that
        calls another endpoint with SERVICE, only when asked: that leaves the machine)."""
        query = self.desk.saved(name)
        values = {**self.defaults(query), **{k: v for k, v in values.items() if v}}
        rows, error = None, None
        if run or self.runs_unasked(query, values):
            try:
                rows = self.desk.run(query, values)
            except ClaimgraphError as exc:
                error = str(exc)
        return self.render("query.html", 1, title=query.summary, query=query, values=values, rows=rows,
                           table=self.table(rows, 1) if rows else None, error=error, kinds=PARAMETER_TYPES,
                           calls_out=self.calls_out(query), text=self.bound_text(query, values),
                           claims=self.desk.claim_keys())

    def runs_unasked(self, query: SavedQuery, values: dict[str, str]) -> bool:
        """Whether a query's page shows its answer as it opens: every parameter given, no SERVICE call."""
        return not self.calls_out(query) and all(values.get(name) for name in query.parameters)

    def sparql(self, text: str, rows: Rows | None, error: str | None) -> str:
        return self.render("sparql.html", 0, title="SPARQL", text=text, error=error,
                           table=self.table(rows, 0) if rows else None, count=len(rows.rows) if rows else 0)

    def error(self, message: str, depth: int, status: int) -> str:
        return self.render("error.html", depth, title="Not found" if status == 404 else "Error", message=message)

    # --- parts ---------------------------------------------------------------------------------

    def warm(self) -> None:
        """Work out at start what the first visitor of a page would otherwise wait for: the status
        changes (the board's statuses) and the figures chart (8 s each on 1,000 articles)."""
        self.desk.changes
        self.figures_svg()

    @functools.cache  # the graph does not change while a desk reads it
    def figures_svg(self) -> str:
        from .. import pictures

        return pictures.figures_svg(self.desk.store, queries=self.desk.queries)

    def figures_png(self) -> bytes:
        from .. import pictures

        return pictures.figures_png(self.desk.store, queries=self.desk.queries)

    def _picture(self, function: str, iri: str) -> str | None:
        from .. import pictures

        try:
            return getattr(pictures, function)(self.desk.store, iri)
        except ClaimgraphError as exc:
            return f'<p class="note">No picture: {jinja2.utils.markupsafe.escape(str(exc))}</p>'

    def _history(self, iri: str):
        from .. import changes

        return changes.status_history(self.desk.store, iri)

    def defaults(self, query: SavedQuery) -> dict[str, str]:
        """A date parameter starts at the newest day anything was said by; others start empty."""
        return {name: self.desk.newest.isoformat() for name, p in query.parameters.items() if p.type == "date"}

    @staticmethod
    def calls_out(query: SavedQuery) -> bool:
        return "SERVICE" in query.text.upper()

    def bound_text(self, query: SavedQuery, values: dict[str, str]) -> str:
        """The query text with its parameters bound, for the SPARQL page; unbound if they do not bind."""
        from ..query.catalogue import bind, with_parameters

        try:
            return with_parameters(query, bind(query, values))
        except ClaimgraphError:
            return query.text

    def table(self, rows: Rows, depth: int) -> dict:
        root = "../" * depth
        return {"columns": rows.variables, "total": len(rows.rows),
                "rows": [[self.cell(row.get(column), root) for column in rows.variables]
                         for row in rows.rows[:SHOWN_ROWS]]}

    def cell(self, term, root: str) -> Cell:
        """A term as it reads: a claim or an actor links to its page, a number has its thousands
        separated, a literal is its value, any other IRI its label or prefixed name."""
        if term is None:
            return Cell("")
        if isinstance(term, Literal):
            if term.datatype in _NUMBERS and isinstance(term.value, int):
                return Cell(f"{term.value:,}", number=True)
            if term.datatype in (XSD.decimal, XSD.double, XSD.float):
                return Cell(str(term), number=True)
            return Cell(str(term), status=str(term) in STATUSES)
        text = str(term)
        if isinstance(term, URIRef) and text.startswith(str(CLAIM)):
            key = local(text, CLAIM)
            return Cell(key, f"{root}claims/{key}.html", self.desk.claim_text(text))
        if isinstance(term, URIRef) and text.startswith(str(ENTITY)) and text in self.desk.labels:
            return Cell(self.desk.label(text), f"{root}actors/{local(text, ENTITY)}.html", short(term))
        if text in self.desk.labels:
            return Cell(self.desk.label(text), title=short(term))
        return Cell(short(term))
