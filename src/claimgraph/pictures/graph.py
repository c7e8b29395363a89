"""Who said what about which claim, drawn by Graphviz `dot`: for one claim, or for one actor.

Each statement is an edge from its speaker to the claim, coloured by stance (green confirms,
red denies, grey asserts, ...) and labelled with the stance and the day; a withdrawn denial is
dashed. Dotted edges show whom a speaker speaks for, the body it belongs to, and whom a
statement was relayed through: the ties that make two sources one (`cg:dependsOn`). The DOT text
is built with the `graphviz` package (it quotes every label) and laid out by the `dot` program
in a subprocess with a time limit. Nodes are numbered in a sorted order and the font is fixed,
so the same graph gives the same SVG bytes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from typing import Callable

from ..errors import ClaimgraphError, shown

CG = "https://w3id.org/claimgraph/ontology#"
FONT = "DejaVu Sans"
DOT_SECONDS = 30
MOST_STATEMENTS = 150  # beyond this a picture is unreadable; the rest are counted in one node
TIE_DEPTH = 3  # speaks-for and affiliation ties followed upwards from each speaker
STANCE_COLOURS = {"Confirms": "#2e7d32", "Denies": "#c62828", "Asserts": "#546e7a", "DeclinesToConfirm": "#ef6c00",
                  "DoesNotDeny": "#8d6e63", "Forecasts": "#6a1b9a", "Speculates": "#0277bd",
                  "StatesConditionally": "#00838f"}
SHAPES = {"Person": "ellipse", "AnonymousSource": "ellipse", "Organisation": "box", "Country": "hexagon"}
TIE_LABELS = {"speaksFor": "speaks for", "affiliation": "belongs to", "onBehalfOf": "for", "relayedVia": "relayed via"}

PREFIXES = """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
STATEMENTS = PREFIXES + """
SELECT ?statement ?claim ?text ?stance ?stanceLabel ?day ?said ?speaker ?onBehalfOf ?relayedVia
       (COUNT(?withdrawal) AS ?withdrawn)
WHERE {
  #FOCUS
  ?statement cg:claim ?claim ;
             cg:stance ?stance ;
             cg:speaker ?speaker ;
             cg:dateSaid ?interval .
  ?claim cg:claimText ?text .
  ?stance rdfs:label ?stanceLabel .
  ?interval rdfs:label ?said ; cg:latest ?day .
  OPTIONAL { ?statement cg:onBehalfOf ?onBehalfOf }
  OPTIONAL { ?statement cg:relayedVia ?relayedVia }
  OPTIONAL { ?statement cg:withdrawnBy ?withdrawal }
}
GROUP BY ?statement ?claim ?text ?stance ?stanceLabel ?day ?said ?speaker ?onBehalfOf ?relayedVia
ORDER BY ?day ?statement
"""
ACTORS = PREFIXES + """
SELECT ?actor ?label (SAMPLE(?kind) AS ?type) WHERE {
  ?actor a/rdfs:subClassOf* cg:Actor ; rdfs:label ?label .
  OPTIONAL { ?actor a ?kind . VALUES ?kind { cg:Person cg:Organisation cg:Country cg:AnonymousSource } }
} GROUP BY ?actor ?label
"""
TIES = PREFIXES + """
SELECT ?actor ?relation ?other WHERE { VALUES ?relation { cg:speaksFor cg:affiliation } ?actor ?relation ?other }
"""


@dataclass(frozen=True)
class _Said:
    statement: str
    claim: str
    text: str
    stance: str  # local name: Confirms, Denies, ...
    stance_label: str
    day: str
    said: str
    speaker: str
    on_behalf_of: str | None
    relayed_via: str | None
    withdrawn: bool


def claim_graph_svg(store, claim_iri: str, href: Callable[[str], str] | None = None) -> str:
    """Every statement about one claim: its speakers, their stances, and whom they speak for.
    `href(iri)` gives the link of a claim or actor node (the web app's pages); none by default."""
    _check_iri(claim_iri, "claim")
    said = _statements(store, f"BIND (<{claim_iri}> AS ?claim)")
    if not said:
        if not bool(store.query(PREFIXES + f"ASK {{ <{claim_iri}> a cg:Claim }}")):
            raise ClaimgraphError(f"no claim {claim_iri} in the graph")
    return _draw(store, said, focus=claim_iri, href=href)


def actor_graph_svg(store, actor_iri: str, href: Callable[[str], str] | None = None) -> str:
    """Everything one actor said, or was said for it, about which claims, and whom it speaks for."""
    _check_iri(actor_iri, "actor")
    if not bool(store.query(PREFIXES + f"ASK {{ <{actor_iri}> a/rdfs:subClassOf* cg:Actor }}")):
        raise ClaimgraphError(f"no actor {actor_iri} in the graph")
    said = _statements(store, f"{{ ?statement cg:speaker <{actor_iri}> }} UNION {{ ?statement cg:onBehalfOf "
                              f"<{actor_iri}> }} UNION {{ ?statement cg:relayedVia <{actor_iri}> }}")
    return _draw(store, said, focus=actor_iri, href=href)


def _draw(store, said: list[_Said], focus: str, href: Callable[[str], str] | None) -> str:
    import graphviz

    labels, kinds = {}, {}
    for row in store.query(ACTORS):
        labels[row["actor"].value] = row["label"].value
        kinds[row["actor"].value] = row["type"].value.rsplit("#", 1)[-1] if row["type"] is not None else ""
    ties = {}
    for row in store.query(TIES):
        ties.setdefault(row["actor"].value, set()).add((row["relation"].value.rsplit("#", 1)[-1], row["other"].value))
    shown_said, left_out = said[:MOST_STATEMENTS], len(said) - MOST_STATEMENTS

    claims = {s.claim: s.text for s in shown_said}
    actors = {s.speaker for s in shown_said} | {a for s in shown_said for a in (s.on_behalf_of, s.relayed_via) if a}
    if focus in labels:
        actors.add(focus)
    edges = set()  # (from, to, relation) ties, each drawn once
    frontier = set(actors)
    for _ in range(TIE_DEPTH):
        found = {(a, other, relation) for a in frontier for relation, other in ties.get(a, ())}
        edges |= found
        frontier = {other for _, other, _ in found} - actors
        actors |= frontier
    for s in shown_said:
        for relation, other in (("onBehalfOf", s.on_behalf_of), ("relayedVia", s.relayed_via)):
            if other and other != s.speaker:
                edges.add((s.speaker, other, relation))

    ids = {iri: f"c{n}" for n, iri in enumerate(sorted(claims))}
    ids |= {iri: f"a{n}" for n, iri in enumerate(sorted(actors))}
    dot = graphviz.Digraph("who said what", graph_attr={"rankdir": "LR", "fontname": FONT, "bgcolor": "white", "nodesep": "0.3",
                                       "ranksep": "0.9"},
                           node_attr={"fontname": FONT, "fontsize": "11", "style": "filled", "fillcolor": "#f5f5f5",
                                      "color": "#9e9e9e"},
                           edge_attr={"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"})
    for iri in sorted(claims):
        dot.node(ids[iri], textwrap.fill(claims[iri], 34), shape="note", fillcolor="#fff8e1",
                 penwidth="2" if iri == focus else "1", **_link(href, iri))
    for iri in sorted(actors):
        label = labels.get(iri, iri.rsplit("/", 1)[-1])
        dot.node(ids[iri], textwrap.fill(label, 24), shape=SHAPES.get(kinds.get(iri, ""), "box"),
                 fillcolor="#e3f2fd" if iri == focus else "#f5f5f5", penwidth="2" if iri == focus else "1",
                 **_link(href, iri))
    for s in shown_said:
        colour = STANCE_COLOURS.get(s.stance, "#546e7a")
        label = f"{s.stance_label}\n{s.said}" + ("\n(withdrawn)" if s.withdrawn else "")
        dot.edge(ids[s.speaker], ids[s.claim], label=label, color=colour, fontcolor=colour, penwidth="1.6",
                 style="dashed" if s.withdrawn else "solid")
    ties_between = {}  # one edge per pair of actors: "speaks for, belongs to"
    for start, end, relation in edges:
        ties_between.setdefault((start, end), set()).add(TIE_LABELS[relation])
    for (start, end), names in sorted(ties_between.items()):
        dot.edge(ids[start], ids[end], label=", ".join(sorted(names)), style="dotted", color="#757575",
                 fontcolor="#757575", arrowhead="empty")
    if left_out > 0:
        dot.node("more", f"and {left_out:,} more statements", shape="plaintext", style="")
    return _run_dot(dot.source)


def _link(href: Callable[[str], str] | None, iri: str) -> dict:
    return {"URL": href(iri), "target": "_top"} if href else {}


def _statements(store, focus: str) -> list[_Said]:
    return [_Said(row["statement"].value, row["claim"].value, row["text"].value,
                  row["stance"].value.rsplit("#", 1)[-1], row["stanceLabel"].value, row["day"].value,
                  row["said"].value, row["speaker"].value,
                  row["onBehalfOf"].value if row["onBehalfOf"] is not None else None,
                  row["relayedVia"].value if row["relayedVia"] is not None else None,
                  int(row["withdrawn"].value) > 0)
            for row in store.query(STATEMENTS.replace("#FOCUS", focus))]


def _check_iri(iri: object, kind: str) -> None:
    if not isinstance(iri, str) or not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", iri):
        raise ClaimgraphError(f"{shown(iri)} is not an IRI; the {kind} must be given by its http(s) IRI")


def _run_dot(source: str) -> str:
    """Lay the graph out with `dot`, bounded in time; the SVG without its XML prolog and comments."""
    program = shutil.which("dot")
    if program is None:
        raise ClaimgraphError("Graphviz's `dot` program is not installed, so the graph picture cannot be drawn; "
                              "install it (Debian: apt-get install graphviz)")
    try:
        done = subprocess.run([program, "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                              timeout=DOT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise ClaimgraphError(f"Graphviz's `dot` took more than {DOT_SECONDS} s to lay out the graph picture") from None
    if done.returncode != 0:
        raise ClaimgraphError(f"Graphviz's `dot` failed: {' '.join(done.stderr.decode(errors='replace').split())[:300]}")
    svg = done.stdout.decode("utf-8")
    svg = re.sub(r"<!--.*?-->\s*", "", svg[svg.index("<svg"):], flags=re.DOTALL)
    return svg
