"""A synthetic claims corpus with the shape of claimgraph's real data, at any size.

Articles with body text and an outlet; named and anonymous actors with affiliation chains up to a
state; claims reported again and again across articles (so confirmations and denials across
sources occur); statements with weighted stances, certainty, date intervals and text spans;
troop quantities (estimates and forecasts) on deployment claims; and the triples the reasoner
derives (cg:dependsOn, cg:attributedTo), so that the status queries do real work.

The output is a claimgraph project directory: ontology/ and queries/ copied from this repository,
and graph/corpus.ttl plus graph/inferred.ttl in N-Triples (valid Turtle). Deterministic per seed.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/claimgraph/id/"
CG = "https://w3id.org/claimgraph/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SCHEMA = "https://schema.org/"
STANCES = [("Asserts", 45), ("Confirms", 25), ("Denies", 6), ("DeclinesToConfirm", 6), ("Forecasts", 6),
           ("Speculates", 6), ("StatesConditionally", 6)]
TRIPLES_PER_STATEMENT = 22  # measured average of this generator (corpus + inferred), used to size it


def iri(path: str) -> str:
    return f"<{ID}{path}>"


def cg(name: str) -> str:
    return f"<{CG}{name}>"


def lit(text: str, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"^^<{XSD}{datatype}>' if datatype else f'"{escaped}"'


def generate(root: Path, triples: int, seed: int = 7) -> Path:
    """Write a project of about `triples` triples under `root`; return `root`."""
    rng = random.Random(seed)
    for part in ("ontology", "queries"):
        shutil.copytree(REPO / part, root / part, dirs_exist_ok=True)
    (root / "graph").mkdir(parents=True, exist_ok=True)
    statements = max(triples // TRIPLES_PER_STATEMENT, 20)
    articles = max(statements // 8, 3)
    claims = max(statements // 4, 5)
    states = [f"state-{i}" for i in range(max(10, articles // 200))]
    bodies = [f"body-{i}" for i in range(max(20, articles // 20))]
    people = [f"person-{i}" for i in range(max(30, articles // 5))]
    outlets = [f"outlet-{i}" for i in range(max(5, articles // 100))]
    affiliation = {b: rng.choice(states) for b in bodies}
    affiliation.update({p: rng.choice(bodies) for p in people})
    start = dt.date(2024, 1, 1)

    with open(root / "graph" / "corpus.ttl", "w", encoding="utf-8") as out, \
            open(root / "graph" / "inferred.ttl", "w", encoding="utf-8") as inferred:
        def t(s, p, o):
            out.write(f"{s} {p} {o} .\n")

        for state in states:
            t(iri(f"entity/{state}"), RDF_TYPE, cg("Country"))
            t(iri(f"entity/{state}"), LABEL, lit(state.replace("-", " ").title()))
        for body in bodies:
            t(iri(f"entity/{body}"), RDF_TYPE, cg(rng.choice(["GovernmentBody", "IntelligenceAgency", "Legislature"])))
            t(iri(f"entity/{body}"), LABEL, lit(body.replace("-", " ").title()))
            t(iri(f"entity/{body}"), cg("affiliation"), iri(f"entity/{affiliation[body]}"))
        for person in people:
            t(iri(f"entity/{person}"), RDF_TYPE, cg("Person"))
            t(iri(f"entity/{person}"), LABEL, lit(person.replace("-", " ").title()))
            t(iri(f"entity/{person}"), cg("affiliation"), iri(f"entity/{affiliation[person]}"))
        for outlet in outlets:
            t(iri(f"entity/{outlet}"), RDF_TYPE, cg("NewsOutlet"))
            t(iri(f"entity/{outlet}"), LABEL, lit(outlet.replace("-", " ").title()))
        for day in range(0, 730):
            date = (start + dt.timedelta(days=day)).isoformat()
            node = iri(f"interval/{date}")
            t(node, RDF_TYPE, cg("TimeInterval"))
            t(node, LABEL, lit(date))
            t(node, cg("earliest"), lit(date, "date"))
            t(node, cg("latest"), lit(date, "date"))
            number = (start + dt.timedelta(days=day) - dt.date(1970, 1, 1)).days
            t(node, cg("earliestDay"), lit(str(number), "integer"))
            t(node, cg("latestDay"), lit(str(number), "integer"))
        deployments = [f"deployment-{i}" for i in range(max(5, claims // 20))]
        for number, deployment in enumerate(deployments):
            node = iri(f"situation/{deployment}")
            t(node, RDF_TYPE, cg("Deployment"))
            t(node, LABEL, lit(f"Deployment {number}"))
            t(node, cg("sendingState"), iri(f"entity/{rng.choice(states)}"))
            t(node, cg("receivingState"), iri(f"entity/{rng.choice(states)}"))
        for number in range(claims):
            node = iri(f"claim/claim-{number}")
            t(node, RDF_TYPE, cg("Claim"))
            t(node, cg("claimText"), lit(f"Synthetic claim number {number} about a deployment."))
            if number % 5 == 0:
                deployment = rng.choice(deployments)
                quantity = iri(f"quantity/claim-{number}.1")
                forecast = number % 15 == 0
                t(node, cg("describes"), iri(f"situation/{deployment}"))
                t(node, cg("statesQuantity"), quantity)
                t(quantity, RDF_TYPE, cg("Quantity"))
                t(quantity, cg("numericValue"), lit(str(rng.randrange(100, 20000, 100)), "integer"))
                t(quantity, cg("unit"), cg("Soldiers"))
                t(quantity, cg("measure"), cg("TroopStrength"))
                t(quantity, cg("qualifier"), cg("Approximately" if forecast else "Exactly"))
                t(quantity, cg("modality"), cg("Forecast" if forecast else "ReportedEstimate"))
                day = (start + dt.timedelta(days=rng.randrange(0, 730))).isoformat()
                t(quantity, cg("targetDate" if forecast else "asOf"), iri(f"interval/{day}"))
                t(quantity, cg("quantifies"), iri(f"situation/{deployment}"))
        stance_names = [name for name, _ in STANCES]
        weights = [weight for _, weight in STANCES]
        for number in range(articles):
            slug = f"article-{number}"
            article = iri(f"article/{slug}")
            day = rng.randrange(0, 730)
            t(article, RDF_TYPE, cg("Article"))
            t(article, f"<{SCHEMA}datePublished>", lit((start + dt.timedelta(days=day)).isoformat(), "date"))
            t(article, f"<{SCHEMA}publisher>", iri(f"entity/{rng.choice(outlets)}"))
            t(article, f"<{NIF}isString>", lit("Officials said troops were sent. " * 20))
            anonymous = iri(f"entity/{slug}.official")
            t(anonymous, RDF_TYPE, cg("AnonymousSource"))
            t(anonymous, LABEL, lit("senior official"))
            t(anonymous, cg("role"), lit("senior official"))
            anonymous_state = rng.choice(states)
            t(anonymous, cg("affiliation"), iri(f"entity/{anonymous_state}"))
            for s in range(8):
                statement = iri(f"statement/{slug}.s{s:02d}")
                # Skewed like real reporting: the hottest claim gets about claims^(-1/3) of all statements.
                claim = iri(f"claim/claim-{int(claims * rng.random() ** 3)}")
                is_anonymous = rng.random() < 0.15
                speaker = anonymous if is_anonymous else iri(f"entity/{rng.choice(people)}")
                said = iri(f"interval/{(start + dt.timedelta(days=max(day - rng.randrange(0, 7), 0))).isoformat()}")
                span = f"<{ID}article/{slug}#char={s * 33},{s * 33 + 32}>"
                t(statement, RDF_TYPE, cg("Statement"))
                t(statement, cg("speaker"), speaker)
                t(statement, cg("claim"), claim)
                t(statement, cg("stance"), cg(rng.choices(stance_names, weights)[0]))
                t(statement, cg("certainty"), cg(rng.choice(["Certain", "Probable", "Possible"])))
                t(statement, cg("dateSaid"), said)
                t(statement, cg("dateExpression"), lit("yesterday"))
                t(statement, cg("reportedIn"), article)
                t(statement, cg("reportingVerb"), lit("said"))
                t(statement, cg("isDirectQuote"), lit("false", "boolean"))
                t(statement, cg("textSpan"), span)
                t(span, RDF_TYPE, cg("TextSpan"))
                t(span, f"<{NIF}anchorOf>", lit("Officials said troops were sent."))
                t(span, f"<{NIF}beginIndex>", lit(str(s * 33), "integer"))
                t(span, f"<{NIF}endIndex>", lit(str(s * 33 + 32), "integer"))
                t(span, f"<{NIF}referenceContext>", article)
                # What the reasoner would derive: the speaker and every institution above it.
                chain = [anonymous_state] if is_anonymous else []
                node = None if is_anonymous else str(speaker)[len(ID) + len("entity/") + 1:-1]
                while node in affiliation:
                    node = affiliation[node]
                    chain.append(node)
                inferred.write(f"{statement} {cg('dependsOn')} {speaker} .\n")
                inferred.write(f"{statement} {cg('attributedTo')} {speaker} .\n")
                for institution in chain:
                    inferred.write(f"{statement} {cg('dependsOn')} {iri(f'entity/{institution}')} .\n")
    return root


def count_triples(root: Path) -> int:
    return sum(sum(1 for _ in open(root / "graph" / name, encoding="utf-8")) for name in ("corpus.ttl", "inferred.ttl"))


if __name__ == "__main__":
    import sys
    import tempfile

    size = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10_000
    where = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="claimgraph-corpus-"))
    generate(where, size)
    print(f"{count_triples(where):,} triples in {where}")
