"""The pictures: the figures chart (altair + vl-convert) and who-said-what graphs (Graphviz), drawn
from real built projects, read back as SVG (XML) and checked against the saved queries' answers."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from claimgraph.errors import ClaimgraphError
from claimgraph.pictures import actor_graph_svg, chart, claim_graph_svg, figures, figures_png, figures_svg
from claimgraph.project import resources
from claimgraph.project.built import open_store
from claimgraph.project.layout import find_workspace

from conftest import query_rows

SVG = "{http://www.w3.org/2000/svg}"
CLAIM = "https://w3id.org/claimgraph/id/claim/"
ENTITY = "https://w3id.org/claimgraph/id/entity/"
DEPLOYMENT = CLAIM + "north-korea-deployed-troops-to-russia"
RING = "#d62728"


def opened(root: Path):
    workspace = find_workspace(root)
    return open_store(workspace), resources.saved_queries(workspace)


@pytest.fixture(scope="module")
def seed(built):
    return opened(built)


@pytest.fixture(scope="module")
def unfolded(reporting):
    return opened(reporting)


def marks(svg: str, role: str) -> list[ET.Element]:
    return [e for e in ET.fromstring(svg).iter() if e.get("aria-roledescription") == role]


def labels(svg: str) -> list[tuple[str, float, float]]:
    """The chart's figure labels: (text, x, y) of each text mark, in document order."""
    found = []
    for element in marks(svg, "text mark"):
        x, y = map(float, re.match(r"translate\(([-\d.]+),([-\d.]+)\)", element.get("transform")).groups())
        found.append((element.text, x, y))
    return found


def plotted(svg: str) -> list[tuple[str, str, str, str]]:
    """(measure, figure, source, modality) of each figure's point, read from its accessible label."""
    found = []
    for element in marks(svg, "point"):
        parts = dict(part.split(": ", 1) for part in element.get("aria-label").split("; "))
        if "source" in parts:  # not a competing figure's ring
            measure = next(key for key in parts if key not in ("end", "source", "figure"))
            found.append((measure, parts[measure], parts["source"], parts["figure"]))
    return sorted(found)


def expected_points(root: Path) -> list[tuple[str, str, str, str]]:
    """What the saved query `figures` lists, one point per figure and source."""
    rows = query_rows(root, "figures")
    return sorted({(r["measure"], f"{float(r.get('value') or r.get('lower') or r['upper']):,.0f}", r["source"],
                    r["modality"]) for r in rows})


def no_external_references(svg: str) -> None:
    """Nothing a viewer would fetch: no URL but the XML namespaces, no images, fonts or styles from elsewhere."""
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", svg)
    assert not re.search(r"https?:|url\(|@import|@font-face|<image|<script", without_namespaces)


def test_the_seed_chart_draws_1500_then_3000_then_10000_troops(seed, built):
    svg = figures_svg(seed[0], queries=seed[1])
    assert svg.startswith("<svg")
    placed = labels(svg)
    assert [text for text, _, _ in placed] == ["1,500", "3,000", "about 10,000 by 2024-12 (open)"]
    xs, ys = [x for _, x, _ in placed], [y for _, _, y in placed]
    assert xs == sorted(xs) and len(set(xs)) == 3  # 2024-W42, then 2024-10-23, then December 2024
    assert ys == sorted(ys, reverse=True)  # each higher up than the one before
    assert plotted(svg) == expected_points(built) == [
        ("troop strength", "1,500", "National Intelligence Service", "reported estimate"),
        ("troop strength", "10,000", "Park Sun-won", "forecast"),
        ("troop strength", "3,000", "National Intelligence Service", "reported estimate"),
        ("troop strength", "3,000", "Park Sun-won", "reported estimate")]
    assert not [e for e in marks(svg, "point") if e.get("stroke") == RING]  # the two 3,000s agree
    chart(figures(*seed)).to_dict()  # a valid Vega-Lite specification (rendering skips altair's check)
    no_external_references(svg)


def test_the_unfolded_chart_marks_competing_figures_and_the_forecast_met(unfolded, reporting):
    svg = figures_svg(unfolded[0], queries=unfolded[1])
    assert plotted(svg) == expected_points(reporting)
    assert {m for m, _, _, _ in plotted(svg)} == {"troop strength", "killed"}
    assert "about 10,000 by 2024-12 (met)" in [text for text, _, _ in labels(svg)]
    assert "about 11,000 in Kursk region" in [text for text, _, _ in labels(svg)]
    # a red ring on each figure `competing-figures` pairs: the NIS's and Park's 3,000 against the Pentagon's 10,000
    pairs = query_rows(reporting, "competing-figures")
    ringed = sorted(e.get("aria-label") for e in marks(svg, "point") if e.get("stroke") == RING)
    assert ringed == ["end: 2024-10-23; troop strength: 3,000", "end: 2024-10-23; troop strength: 3,000",
                      "end: 2024-10-28; troop strength: 10,000"]
    assert {(p["source"], p["otherSource"]) for p in pairs} == {("National Intelligence Service", "Sabrina Singh"),
                                                                ("Park Sun-won", "Sabrina Singh")}
    no_external_references(svg)


def test_the_chart_is_the_same_bytes_every_time_and_in_every_time_zone(unfolded, reporting):
    first = figures_svg(unfolded[0], queries=unfolded[1])
    assert figures_svg(unfolded[0], queries=unfolded[1]) == first
    program = ("import sys; from claimgraph.pictures import figures_svg; from claimgraph.project import resources; "
               "from claimgraph.project.built import open_store; from claimgraph.project.layout import find_workspace; "
               "w = find_workspace(sys.argv[1]); "
               "sys.stdout.write(figures_svg(open_store(w), queries=resources.saved_queries(w)))")
    elsewhere = subprocess.run([sys.executable, "-c", program, str(reporting)], capture_output=True, text=True,
                               env={"TZ": "Pacific/Kiritimati", "PATH": "/usr/bin:/bin"}, timeout=300, check=True)
    assert elsewhere.stdout == first


def test_the_chart_as_png(seed):
    png = figures_png(seed[0], queries=seed[1])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 1000 and height > 400  # drawn at twice the SVG's size
    assert figures_png(seed[0], queries=seed[1]) == png


def test_a_lone_bound_is_labelled_with_its_qualifier_and_an_empty_graph_says_it_has_no_figures(small_project, seed):
    store, queries = opened(small_project)
    svg = figures_svg(store, queries=queries)
    assert [text for text, _, _ in labels(svg)] == ["at least 1,000"]
    import pyoxigraph

    empty = figures_svg(pyoxigraph.Store(), queries=seed[1])
    assert "no figures in the graph" in empty and not marks(empty, "point")


def test_the_chart_needs_the_saved_queries(seed):
    queries = {name: query for name, query in seed[1].items() if name != "forecasts"}
    with pytest.raises(ClaimgraphError, match="needs the saved query 'forecasts', which is not in queries/"):
        figures_svg(seed[0], queries=queries)


def svg_texts(svg: str) -> list[str]:
    """Every line of text in a Graphviz SVG."""
    return [e.text for e in ET.fromstring(svg).iter(f"{SVG}text") if e.text]


def test_the_claim_graph_names_every_speaker_with_their_stance(unfolded, reporting):
    svg = claim_graph_svg(unfolded[0], DEPLOYMENT)
    assert svg.startswith("<svg") and "<!--" not in svg
    texts = svg_texts(svg)
    statements = query_rows(reporting, "provenance", claim="north-korea-deployed-troops-to-russia")
    speakers = {row["source"] for row in statements}
    assert {"North Korea", "Mark Rutte", "Farah Dakhlallah", "National Intelligence Service"} <= speakers
    joined = " ".join(texts)
    assert all(speaker in joined for speaker in speakers)
    assert "North Korea has deployed" in joined and "NATO" in texts  # the claim, and whom Rutte speaks for
    # one edge per statement, coloured by stance: every denial red, every confirmation green
    edges = [e for e in ET.fromstring(svg).iter(f"{SVG}g") if e.get("class") == "edge"]
    strokes = [next(p.get("stroke") for p in e.iter(f"{SVG}path")) for e in edges]
    stances = [row["stance"] for row in statements]
    assert strokes.count("#c62828") == stances.count("denies") == 3
    assert strokes.count("#2e7d32") == stances.count("confirms")
    assert texts.count("(withdrawn)") == 3  # North Korea's confirmation of 2025 withdrew its denials
    assert claim_graph_svg(unfolded[0], DEPLOYMENT) == svg
    no_external_references(svg)


def test_the_claim_graph_links_nodes_when_asked(seed):
    svg = claim_graph_svg(seed[0], DEPLOYMENT, href=lambda iri: "/page/" + iri.rsplit("/", 1)[-1])
    links = {a.get("{http://www.w3.org/1999/xlink}href") for a in ET.fromstring(svg).iter(f"{SVG}a")}
    assert "/page/north-korea-deployed-troops-to-russia" in links and "/page/lloyd-austin" in links


def test_the_actor_graph_shows_what_nato_said_and_who_spoke_for_it(unfolded):
    svg = actor_graph_svg(unfolded[0], ENTITY + "nato")
    texts = svg_texts(svg)
    assert {"NATO", "Mark Rutte", "Farah Dakhlallah", "unnamed NATO allies", "relayed via"} <= set(texts)
    assert texts.count("belongs to, for, speaks for") == 2  # Rutte and Dakhlallah speak for NATO
    assert "deployed to the Kursk region." in texts  # what Rutte confirmed on 2024-10-28
    assert actor_graph_svg(unfolded[0], ENTITY + "nato") == svg


@pytest.mark.parametrize("call, message", [
    (lambda s: claim_graph_svg(s, CLAIM + "no-such-claim"), f"no claim {CLAIM}no-such-claim in the graph"),
    (lambda s: claim_graph_svg(s, "north korea"), "'north korea' is not an IRI; the claim must be given by its"),
    (lambda s: claim_graph_svg(s, CLAIM + "x> } DROP ALL {"), "is not an IRI"),
    (lambda s: actor_graph_svg(s, ENTITY + "nobody"), f"no actor {ENTITY}nobody in the graph"),
    (lambda s: actor_graph_svg(s, DEPLOYMENT), f"no actor {DEPLOYMENT} in the graph"),
])
def test_bad_graph_requests_get_one_clear_message(seed, call, message):
    with pytest.raises(ClaimgraphError) as raised:
        call(seed[0])
    assert message in str(raised.value)


def test_without_graphviz_the_message_says_what_to_install(seed, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere on it
    with pytest.raises(ClaimgraphError, match=r"Graphviz's `dot` program is not installed.*apt-get install graphviz"):
        claim_graph_svg(seed[0], DEPLOYMENT)


def test_a_crowded_claim_draws_its_first_statements_and_counts_the_rest(seed, monkeypatch):
    from claimgraph.pictures import graph

    monkeypatch.setattr(graph, "MOST_STATEMENTS", 3)
    svg = claim_graph_svg(seed[0], DEPLOYMENT)
    edges = [e for e in ET.fromstring(svg).iter(f"{SVG}g") if e.get("class") == "edge"]
    stance_edges = [e for e in edges if next(p.get("stroke") for p in e.iter(f"{SVG}path")) != "#757575"]
    assert len(stance_edges) == 3
    assert "and 5 more statements" in svg_texts(svg)  # the seed has 8 statements about the deployment
