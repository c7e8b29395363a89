"""What the desk's pages show, read from the built graph in an in-process Oxigraph store.

Each page asks the store a few whole-graph questions and shapes the answers in Python: statuses
come from the project's own saved query `status-as-of` (so the board says what `claimgraph query
status-as-of` says), and how many independent sources stand behind a claim comes from the
`cg:dependsOn` actors the reasoner derived: statements that share an actor are one source.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from ..errors import ClaimgraphError, shown
from ..query import catalogue
from ..query.engines import OxigraphEngine
from ..query.results import Rows
from ..rdf.namespaces import ARTICLE, CLAIM, ENTITY

PREFIXES = """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""
CG = "https://w3id.org/claimgraph/ontology#"
ASSERTING = {CG + "Asserts", CG + "Forecasts", CG + "Speculates", CG + "StatesConditionally"}
STATUSES = ("confirmed", "disputed", "denied", "unconfirmed")  # the board's order: most standing first
STANCE_GROUPS = {"asserted": ASSERTING, "confirmed": {CG + "Confirms"}, "denied": {CG + "Denies"}}

_STATEMENTS = PREFIXES + """
SELECT ?statement ?claim ?stance ?stanceLabel ?certainty ?speaker ?speakerLabel ?onBehalfOf ?relayedVia ?latest
       ?said ?expression ?verb ?article ?published ?quote ?begin ?end ?direct ?comment ?drafted
WHERE {
  ?statement a cg:Statement ;
             cg:claim ?claim ;
             cg:stance ?stance ;
             cg:speaker ?speaker ;
             cg:dateSaid ?interval ;
             cg:reportedIn ?article ;
             cg:textSpan ?span .
  ?interval cg:latest ?latest ;
            rdfs:label ?said .
  ?span nif:anchorOf ?quote ;
        nif:beginIndex ?begin ;
        nif:endIndex ?end .
  ?stance rdfs:label ?stanceLabel .
  ?speaker rdfs:label ?speakerLabel .
  OPTIONAL { ?statement cg:certainty/rdfs:label ?certainty }
  OPTIONAL { ?statement cg:onBehalfOf ?onBehalfOf }
  OPTIONAL { ?statement cg:relayedVia ?relayedVia }
  OPTIONAL { ?statement cg:dateExpression ?expression }
  OPTIONAL { ?statement cg:reportingVerb ?verb }
  OPTIONAL { ?statement cg:isDirectQuote ?direct }
  OPTIONAL { ?statement rdfs:comment ?comment }
  OPTIONAL { ?statement cg:extractionConfidence ?drafted }
  OPTIONAL { ?article schema:datePublished ?published }
}"""
_CLAIMS = PREFIXES + """
SELECT ?claim ?text ?condition ?measure WHERE {
  ?claim a cg:Claim ; cg:claimText ?text .
  OPTIONAL { ?claim cg:condition ?condition }
  OPTIONAL { ?claim cg:statesQuantity/cg:measure/rdfs:label ?measure }
}"""
_DEPENDS = PREFIXES + "SELECT ?statement ?actor WHERE { ?statement a cg:Statement ; cg:dependsOn ?actor }"
_ACTORS = PREFIXES + """
SELECT ?actor ?label ?kind ?role WHERE {
  ?actor rdfs:label ?label .
  FILTER STRSTARTS(STR(?actor), "%s")
  OPTIONAL { ?actor a ?type . ?type rdfs:label ?kind . FILTER STRSTARTS(STR(?type), STR(cg:)) }
  OPTIONAL { ?actor cg:role ?role }
}""" % ENTITY
_TIES = PREFIXES + """
SELECT ?actor ?relation ?other WHERE {
  VALUES ?relation { cg:speaksFor cg:affiliation }
  ?actor ?relation ?other .
}"""
_LABELS = PREFIXES + "SELECT ?term ?label WHERE { ?term rdfs:label ?label FILTER (!isBLANK(?term)) }"


def local(iri: str, namespace) -> str:
    """The key of an IRI in one of claimgraph's namespaces (a claim's or an actor's page name)."""
    return iri[len(str(namespace)):]


@dataclass
class Statement:
    iri: str
    claim: str
    stance: str
    stance_label: str
    certainty: str
    speaker: str
    speaker_label: str
    on_behalf_of: str | None
    relayed_via: str | None
    latest: dt.date
    said: str
    expression: str
    verb: str
    article: str
    published: dt.date | None
    quote: str
    begin: int
    end: int
    direct: bool
    comment: str
    drafted: str | None
    depends_on: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return self.iri.rsplit("/", 1)[1]

    @property
    def article_name(self) -> str:
        return local(self.article, ARTICLE)


@dataclass
class BoardRow:
    claim: str
    text: str
    status: str
    counts: dict[str, int]
    first: dt.date | None
    last: dt.date | None
    sources: list[str]
    articles: list[str]
    measures: list[str]
    drafted: int

    @property
    def key(self) -> str:
        return local(self.claim, CLAIM)


@dataclass
class Source:
    """Statements that count as one source, and why (each sentence a `cg:dependsOn` chain)."""
    statements: list[Statement]
    reasons: list[str]


@dataclass
class Lit:
    """A quote in its article's paragraph: the text before it, the quote at its NIF offsets, after."""
    before: str
    quote: str
    after: str


@dataclass
class ClaimPage:
    iri: str
    text: str
    condition: str
    measures: list[str]
    status: str | None
    statements: list[Statement]
    lit: dict[str, Lit]
    sources: list[Source]

    @property
    def key(self) -> str:
        return local(self.iri, CLAIM)


@dataclass
class ActorPage:
    iri: str
    label: str
    kind: str
    role: str
    speaks_for: list[tuple[str, str]]
    belongs_to: list[tuple[str, str]]
    spoken_for_by: list[tuple[str, str]]
    members: list[tuple[str, str]]
    said: list[Statement]
    attributed: list[Statement]

    @property
    def key(self) -> str:
        return local(self.iri, ENTITY)


def _rows(store, text: str) -> list[dict[str, str | None]]:
    """A SELECT's solutions as the lexical values of their terms (None where unbound)."""
    solutions = store.query(text)
    names = [v.value for v in solutions.variables]
    return [{name: None if solution[name] is None else solution[name].value for name in names}
            for solution in solutions]


class _StoreEngine(OxigraphEngine):
    """The saved-query engine of `claimgraph query` on a store already loaded (loaded once per desk)."""

    def __init__(self, store):  # not super().__init__(), which would open a store of its own
        self.store, self.deadline, self.workspace = store, None, None


class Desk:
    """The built graph, loaded once, and every question a page asks of it."""

    def __init__(self, store, queries: dict[str, catalogue.SavedQuery], workspace):
        self.store = store
        self.workspace = workspace  # for what the analyst watches (`claimgraph watch`)
        self.queries = queries
        self.engine = _StoreEngine(store)
        self.labels = {row["term"]: row["label"] for row in _rows(store, _LABELS)}
        self._claims = self._read_claims()
        self._actors = self._read_actors()
        self._ties = self._read_ties()
        self.statements = self._read_statements()
        for row in _rows(store, _DEPENDS):
            if row["statement"] in self.statements:
                self.statements[row["statement"]].depends_on.add(row["actor"])
        self.by_claim: dict[str, list[Statement]] = defaultdict(list)
        for statement in sorted(self.statements.values(), key=_in_time):
            self.by_claim[statement.claim].append(statement)
        self.newest = max((s.latest for s in self.statements.values()), default=dt.date.today())
        self.oldest = min((s.latest for s in self.statements.values()), default=self.newest)

    # --- reading the graph once ----------------------------------------------------------------

    def _read_statements(self) -> dict[str, Statement]:
        found = {}
        for row in _rows(self.store, _STATEMENTS):
            if row["statement"] in found:  # a second certainty, comment or date label: keep the first
                continue
            found[row["statement"]] = Statement(
                row["statement"], row["claim"], row["stance"], row["stanceLabel"], row["certainty"] or "",
                row["speaker"], row["speakerLabel"], row["onBehalfOf"], row["relayedVia"],
                dt.date.fromisoformat(row["latest"]), row["said"], row["expression"] or "", row["verb"] or "",
                row["article"], dt.date.fromisoformat(row["published"]) if row["published"] else None,
                row["quote"], int(row["begin"]), int(row["end"]), row["direct"] == "true", row["comment"] or "",
                row["drafted"])
        return found

    def _read_claims(self) -> dict[str, dict]:
        claims: dict[str, dict] = {}
        for row in _rows(self.store, _CLAIMS):
            claim = claims.setdefault(row["claim"], {"text": row["text"], "condition": row["condition"] or "",
                                                     "measures": set()})
            if row["measure"]:
                claim["measures"].add(row["measure"])
        return claims

    def _read_actors(self) -> dict[str, dict]:
        actors: dict[str, dict] = {}
        for row in _rows(self.store, _ACTORS):
            actor = actors.setdefault(row["actor"], {"label": row["label"], "kinds": set(), "role": ""})
            if row["kind"]:
                actor["kinds"].add(row["kind"])
            actor["role"] = actor["role"] or row["role"] or ""
        return actors

    def _read_ties(self) -> dict[str, list[tuple[str, str]]]:
        """Each actor's asserted ties upwards: (relation, actor), speaking for before belonging to."""
        ties: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for row in _rows(self.store, _TIES):
            ties[row["actor"]].add((row["relation"].removeprefix(CG), row["other"]))
        return {actor: sorted(found, key=lambda tie: (tie[0] != "speaksFor", tie[1])) for actor, found in ties.items()}

    def label(self, iri: str | None) -> str:
        if iri is None:
            return ""
        return self.labels.get(iri) or iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    # --- the board ---------------------------------------------------------------------------

    def parse_date(self, text: str | None) -> dt.date:
        """The board's date: the one asked for, else the newest day anything was said by."""
        if not text:
            return self.newest
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ClaimgraphError(f"date {shown(text)} is not a date (YYYY-MM-DD)") from None

    @functools.cached_property
    def changes(self) -> list:
        """Every status change in the graph, by day (`claimgraph changes`)."""
        from .. import changes

        return changes.all_changes(self.store)

    def statuses(self, on: dt.date) -> dict[str, str]:
        """Each claim's status on a day: the status its last change by then left it in; claims nobody
        had stated by then are left out. This is the answer of the saved query `status-as-of` (the
        changes replay its rules, and the tests hold the two together), at once for any day, and the
        same replay the static report's date picker reads (`timeline`)."""
        found = {}
        for change in self.changes:  # by day: a later change overrides an earlier one
            if change.on <= on:
                found[change.claim] = change.after
        return found

    def board(self, on: dt.date) -> list[BoardRow]:
        """One row per claim stated by `on`: the claims with most standing first, then the latest reported."""
        rows = [self._row(claim, status, on) for claim, status in self.statuses(on).items()]
        return sorted(rows, key=lambda row: (STATUSES.index(row.status) if row.status in STATUSES else len(STATUSES),
                                             -(row.last or dt.date.min).toordinal(), row.text))

    def _row(self, claim: str, status: str, on: dt.date) -> BoardRow:
        said = [s for s in self.by_claim.get(claim, []) if s.latest <= on]
        published = [s.published for s in said if s.published]
        info = self._claims.get(claim, {"text": self.label(claim), "measures": set()})
        return BoardRow(claim, info["text"], status,
                        {group: len(independent([s for s in said if s.stance in stances]))
                         for group, stances in STANCE_GROUPS.items()},
                        min(published, default=None), max(published, default=None),
                        sorted({s.speaker_label for s in said}), sorted({s.article_name for s in said}),
                        sorted(info["measures"]), sum(1 for s in said if s.drafted is not None))

    def timeline(self) -> dict[str, list[dict]]:
        """Each claim's board row on every day it changed (a statement said, a status changed), for
        the static report's date picker, which has no server to ask: the row on a day is its last
        entry by then, and a claim with none is not stated yet. Sources and articles are listed as
        they join, not whole each day (a claim reported hundreds of times would repeat them)."""
        days: dict[str, set[dt.date]] = defaultdict(set)
        histories: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)  # by day, as `statuses` reads them
        for change in self.changes:
            days[change.claim].add(change.on)
            histories[change.claim].append((change.on, change.after))
        for claim, statements in self.by_claim.items():
            days[claim].update(s.latest for s in statements)
        timeline = {}
        for claim in sorted(days):
            entries, sources, articles, status = [], set(), set(), None
            for on in sorted(days[claim]):
                status = next((after for day, after in reversed(histories[claim]) if day <= on), None)
                if status is None:
                    continue
                row = self._row(claim, status, on)
                entries.append({"on": on.isoformat(), "status": row.status, "counts": row.counts,
                                "first": row.first.isoformat() if row.first else "",
                                "last": row.last.isoformat() if row.last else "",
                                "sources": sorted(set(row.sources) - sources),
                                "articles": sorted(set(row.articles) - articles), "drafted": row.drafted})
                sources.update(row.sources)
                articles.update(row.articles)
            timeline[local(claim, CLAIM)] = entries
        return timeline

    # --- a claim -----------------------------------------------------------------------------

    def claim(self, key: str) -> ClaimPage:
        iri = str(CLAIM) + key
        if iri not in self._claims:
            raise LookupError(key)
        statements = self.by_claim.get(iri, [])
        texts = self.article_texts({s.article for s in statements})
        lit = {s.iri: in_paragraph(texts.get(s.article, ""), s) for s in statements}
        info = self._claims[iri]
        return ClaimPage(iri, info["text"], info["condition"], sorted(info["measures"]),
                         self.statuses(self.newest).get(iri), statements, lit,
                         [Source(group, self.why_one_source(group)) for group in independent(statements)])

    def article_texts(self, articles: set[str]) -> dict[str, str]:
        if not articles:
            return {}
        values = " ".join(f"<{a}>" for a in sorted(articles))
        rows = _rows(self.store, PREFIXES + f"SELECT ?a ?text WHERE {{ VALUES ?a {{ {values} }} "
                                            "?a nif:isString ?text }")
        return {row["a"]: row["text"] for row in rows}

    def chain(self, statement: Statement, actor: str) -> str:
        """Why `statement` depends on `actor`, in words: the shortest path from the statement's speaker
        (or the actor it spoke for, or relayed) through speaks-for and belongs-to ties."""
        speaker = statement.speaker_label
        starts = [(statement.speaker, speaker)]
        if statement.on_behalf_of:
            starts.append((statement.on_behalf_of,
                           f"{speaker} spoke on behalf of {self.label(statement.on_behalf_of)}"))
        if statement.relayed_via:
            starts.append((statement.relayed_via, f"{speaker} relayed {self.label(statement.relayed_via)}"))
        paths: dict[str, str] = {}
        for node, words in starts:
            paths.setdefault(node, words)
        frontier = list(paths)
        while frontier and actor not in paths:
            reached = []
            for node in frontier:
                for relation, other in self._ties.get(node, []):
                    if other not in paths:
                        how = "speaks for" if relation == "speaksFor" else "belongs to"
                        joint = " " if node == statement.speaker else ", which "
                        paths[other] = f"{paths[node]}{joint}{how} {self.label(other)}"
                        reached.append(other)
            frontier = reached
        if actor == statement.speaker:
            return f"{speaker} said it"
        return paths.get(actor, f"{speaker} depends on {self.label(actor)}")

    def why_one_source(self, statements: list[Statement]) -> list[str]:
        """For statements counted as one source by different speakers, the actors they share and how."""
        speakers = {s.speaker for s in statements}
        if len(speakers) < 2:
            return []
        reasons = []
        shared = defaultdict(list)
        for statement in statements:
            for actor in depends(statement):
                shared[actor].append(statement)
        for actor, holding in sorted(shared.items(), key=lambda item: (-len(item[1]), self.label(item[0]))):
            by_speaker = {s.speaker: s for s in holding}
            if len(by_speaker) < 2:
                continue
            chains = "; ".join(dict.fromkeys(self.chain(s, actor) for s in by_speaker.values()))
            reasons.append(f"All depend on {self.label(actor)}: {chains}.")
        return reasons

    # --- an actor ----------------------------------------------------------------------------

    def actor(self, key: str) -> ActorPage:
        iri = str(ENTITY) + key
        if iri not in self._actors:
            raise LookupError(key)
        info = self._actors[iri]
        ties = self._ties.get(iri, [])
        down = [(actor, relation) for actor, found in self._ties.items() for relation, other in found if other == iri]
        said = [s for s in self.statements.values() if s.speaker == iri]
        attributed = [s for s in self.statements.values() if s.speaker != iri and
                      iri in (s.on_behalf_of, s.relayed_via, *s.depends_on)]
        return ActorPage(
            iri, info["label"], ", ".join(sorted(info["kinds"])), info["role"],
            self._named(other for relation, other in ties if relation == "speaksFor"),
            self._named(other for relation, other in ties if relation == "affiliation"),
            self._named(actor for actor, relation in down if relation == "speaksFor"),
            self._named(actor for actor, relation in down if relation == "affiliation"),
            sorted(said, key=_in_time), sorted(attributed, key=_in_time))

    def _named(self, iris) -> list[tuple[str, str]]:
        return sorted({(local(iri, ENTITY), self.label(iri)) for iri in iris if iri.startswith(str(ENTITY))},
                      key=lambda pair: pair[1])

    def actor_keys(self) -> list[str]:
        return sorted(local(iri, ENTITY) for iri in self._actors)

    def claim_text(self, iri: str) -> str:
        return self._claims.get(iri, {}).get("text", "")

    def claim_keys(self) -> list[str]:
        return sorted(local(iri, CLAIM) for iri in self._claims)

    # --- saved queries -----------------------------------------------------------------------

    def saved(self, name: str) -> catalogue.SavedQuery:
        if name not in self.queries:
            raise LookupError(name)
        return self.queries[name]

    def run(self, query: catalogue.SavedQuery, values: dict[str, str]) -> Rows:
        """A saved query with its parameters bound as `claimgraph query --param` binds them."""
        return self.engine.select(query, catalogue.bind(query, values))


def _in_time(statement: Statement) -> tuple:
    return statement.latest, statement.published or dt.date.min, statement.article, statement.begin


def depends(statement: Statement) -> set[str]:
    return statement.depends_on or {statement.speaker}


def independent(statements: list[Statement]) -> list[list[Statement]]:
    """Statements grouped into independent sources: two statements that depend on a common actor
    are one source (union-find over the actors), each group in time order."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for statement in statements:
        actors = sorted(depends(statement))
        for actor in actors[1:]:
            parent[root(actor)] = root(actors[0])
    groups: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        groups[root(min(depends(statement)))].append(statement)
    return sorted(groups.values(), key=lambda group: _in_time(group[0]))


def in_paragraph(text: str, statement: Statement) -> Lit:
    """The paragraph holding a quote, cut at the quote's NIF offsets (character offsets into
    `nif:isString`, as the build checked them)."""
    start = text.rfind("\n\n", 0, statement.begin)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", statement.end)
    end = len(text) if end < 0 else end
    return Lit(text[start:statement.begin], text[statement.begin:statement.end], text[statement.end:end])
