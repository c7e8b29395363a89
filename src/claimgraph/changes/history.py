"""When each claim's status changed, and which statement changed it.

The rules are those of `queries/status-as-of.rq`, replayed day by day in Python over one query's
worth of statements: running that query once per reporting day costs a query per day, which an
archive of years cannot afford on every page and every ingest (1.9 s against about 13,000 s for
the 550 days of a 1,000-article archive: benchmarks/changes_and_pictures.py). tests/test_changes.py holds the
two to the same answers: for every change, status-as-of the day before gives `before` and on
the day gives `after`.

A claim's status can change only on a day one of its statements starts to count (its date
interval ends then; a withdrawal counts from the withdrawing statement's day), so those days are
the only ones replayed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import ClaimgraphError, shown

CG = "https://w3id.org/claimgraph/ontology#"
ASSERTING = frozenset(CG + s for s in ("Asserts", "Forecasts", "Speculates", "StatesConditionally"))
CONFIRMS, DENIES = CG + "Confirms", CG + "Denies"

STATEMENTS = """
PREFIX cg:   <https://w3id.org/claimgraph/ontology#>
PREFIX nif:  <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?statement ?claim ?text ?stance ?day ?speaker ?article
       (GROUP_CONCAT(DISTINCT STR(?source); SEPARATOR=" ") AS ?sources)
       (GROUP_CONCAT(DISTINCT ?for; SEPARATOR="\\u001f") AS ?speaksFor)
       (MIN(?withdrawnOn) AS ?withdrawn) (COUNT(?withdrawnDenial) AS ?withdraws)
WHERE {
  # the patterns status-as-of.rq requires of a statement it counts
  ?statement cg:claim ?claim ;
             cg:stance ?stance ;
             cg:dateSaid/cg:latest ?day ;
             cg:speaker/rdfs:label ?speaker ;
             cg:textSpan/nif:anchorOf ?quote .
  ?claim cg:claimText ?text .
  ?stance rdfs:label ?stanceLabel .
  OPTIONAL { ?statement cg:reportedIn ?article }
  OPTIONAL { ?statement cg:dependsOn ?source }
  OPTIONAL { ?statement cg:attributedTo ?institution . ?statement cg:speaker ?person .
             FILTER (?institution != ?person) ?institution rdfs:label ?for }
  OPTIONAL { ?statement cg:withdrawnBy/cg:dateSaid/cg:latest ?withdrawnOn }
  OPTIONAL { ?withdrawnDenial cg:withdrawnBy ?statement }
  #CLAIM
}
GROUP BY ?statement ?claim ?text ?stance ?day ?speaker ?article
"""


@dataclass(frozen=True)
class StatusChange:
    """One change of a claim's status: `before` is None when the claim was first reported."""

    claim: str
    claim_text: str
    before: str | None
    after: str
    on: dt.date
    statement: str
    speakers: str  # who made it: the institutions spoken for, then the speaker ("NATO, Mark Rutte")
    article: str  # the article's name, as in articles/NAME.txt ("" if unknown)

    @property
    def first_report(self) -> bool:
        """A claim newly reported and not (yet) confirmed or denied: news, but no change of standing."""
        return self.before is None and self.after == "unconfirmed"

    def line(self) -> str:
        """As `ingest` prints it: "Claim: unconfirmed → confirmed on 2024-10-28 (NATO, Mark Rutte)"."""
        return (f"{self.claim_text.rstrip('.')}: {self.before or 'new'} → {self.after} on {self.on.isoformat()} "
                f"({self.speakers})")

    def as_dict(self) -> dict:
        return {"claim": self.claim, "text": self.claim_text, "before": self.before, "after": self.after,
                "on": self.on.isoformat(), "statement": self.statement, "speakers": self.speakers,
                "article": self.article}


@dataclass(frozen=True)
class _Statement:
    iri: str
    claim: str
    text: str
    stance: str
    day: dt.date
    sources: frozenset[str]
    withdrawn: dt.date | None  # the day a later statement withdrew this denial
    withdraws: bool  # whether this statement withdrew a denial
    speakers: str
    article: str


@dataclass
class _Claim:
    statements: list[_Statement] = field(default_factory=list)

    def status_on(self, day: dt.date) -> str | None:
        """status-as-of.rq's ?status on `day`, None when nothing was said by then."""
        said = [s for s in self.statements if s.day <= day]
        if not said:
            return None
        denied = any(s.stance == DENIES and not (s.withdrawn and s.withdrawn <= day) for s in said)
        asserted = frozenset().union(*(s.sources for s in said if s.stance in ASSERTING))
        confirmed = any(s.stance == CONFIRMS and not (s.sources & asserted) for s in said)
        if confirmed:
            return "disputed" if denied else "confirmed"
        return "denied" if denied else "unconfirmed"


def all_changes(store, since: dt.date | None = None) -> list[StatusChange]:
    """Every status change in the graph (since `since`, inclusive), by day, then claim text."""
    changes = [change for claim in _claims(store).values() for change in _history(claim)
               if since is None or change.on >= since]
    return sorted(changes, key=lambda c: (c.on, c.claim_text, c.claim))


def project_changes(workspace) -> list[StatusChange]:
    """Every status change in the project's built graph; none before anything is built."""
    from ..project.built import open_store

    if not any(workspace.graph_dir.glob("*.ttl")):
        return []
    return all_changes(open_store(workspace))


def status_history(store, claim_iri: str) -> list[StatusChange]:
    """One claim's status changes, oldest first; an unknown claim is an error."""
    if not isinstance(claim_iri, str) or not claim_iri.startswith(("http://", "https://")) or any(
            c in claim_iri for c in '<>"{}|\\^` \n'):
        raise ClaimgraphError(f"{shown(claim_iri)} is not a claim IRI")
    claims = _claims(store, claim_iri)
    if claim_iri not in claims:
        raise ClaimgraphError(f"no claim {claim_iri} with statements in the graph")
    return _history(claims[claim_iri])


def new_changes(before: list[StatusChange], after: list[StatusChange]) -> list[StatusChange]:
    """The changes in `after` that `before` did not have (what an ingest brought), in `after`'s order.

    A change is the same when the same claim moved between the same statuses on the same day,
    whichever of that day's statements is named for it."""
    known = {(c.claim, c.before, c.after, c.on) for c in before}
    return [c for c in after if (c.claim, c.before, c.after, c.on) not in known]


def _history(claim: _Claim) -> list[StatusChange]:
    changes, status = [], None
    for day in sorted({s.day for s in claim.statements} | {s.withdrawn for s in claim.statements if s.withdrawn}):
        now = claim.status_on(day)
        if now != status:
            cause = _cause(claim, day, status, now)
            changes.append(StatusChange(cause.claim, cause.text, status, now, day, cause.iri, cause.speakers,
                                        cause.article))
            status = now
    return changes


def _cause(claim: _Claim, day: dt.date, before: str | None, after: str) -> _Statement:
    """The statement of that day that made the change: a withdrawal ends a denial, a confirmation
    confirms, a denial denies; ties go to the statement IRI, so the choice is stable."""
    wanted = {"confirmed": [CONFIRMS], "denied": [DENIES], "unconfirmed": sorted(ASSERTING),
              "disputed": [DENIES, CONFIRMS] if before == "confirmed" else [CONFIRMS, DENIES]}[after]
    # a change on a day none of the claim's own statements was made can only be a withdrawal from outside
    today = [s for s in claim.statements if s.day == day] or [s for s in claim.statements if s.withdrawn == day]
    # a withdrawal is the withdrawing statement's doing (the withdrawn denial is dated earlier)
    ends_denial = before in ("denied", "disputed") and after in ("confirmed", "unconfirmed")

    def rank(s: _Statement) -> tuple:
        return (not (ends_denial and s.withdraws), wanted.index(s.stance) if s.stance in wanted else len(wanted), s.iri)

    return min(today, key=rank)


def _claims(store, claim_iri: str | None = None) -> dict[str, _Claim]:
    text = STATEMENTS.replace("#CLAIM", f"VALUES ?claim {{ <{claim_iri}> }}" if claim_iri else "")
    claims: dict[str, _Claim] = {}
    for row in store.query(text):
        statement = _Statement(
            iri=row["statement"].value, claim=row["claim"].value, text=row["text"].value, stance=row["stance"].value,
            day=_date(row["day"].value), sources=frozenset(_text(row["sources"]).split()),
            withdrawn=_date(row["withdrawn"].value) if row["withdrawn"] is not None else None,
            withdraws=int(row["withdraws"].value) > 0,
            speakers=", ".join(sorted(filter(None, _text(row["speaksFor"]).split("\x1f"))) + [row["speaker"].value]),
            article=row["article"].value.rsplit("/", 1)[-1] if row["article"] is not None else "")
        claims.setdefault(statement.claim, _Claim()).statements.append(statement)
    for claim in claims.values():
        claim.statements.sort(key=lambda s: (s.day, s.iri))
    return claims


def _text(term) -> str:
    return "" if term is None else term.value


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ClaimgraphError(f"the graph holds a statement date that is not a day: {shown(value)}") from None
