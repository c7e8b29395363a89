"""Review before it counts: `claimgraph review` lists drafted statements with their sentences,
`claimgraph promote` makes a corrected draft curated (all or nothing), answers mark drafted
statements, and `query --curated-only` answers from curated statements alone."""

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from claimgraph.project.promote import strip_draft
from claimgraph.project.review import sentence_bounds
from claimgraph.query.catalogue import load_catalogue
from conftest import REPO, SEED, cli, copy_project, query_rows, snapshot

CLAIM = "https://w3id.org/claimgraph/id/claim/"
DOUBLED = CLAIM + "deployment-doubled-to-3000"
NATO_ARTICLE = REPO / "benchmarks" / "gold" / "articles" / "2024-10-28-nato-pentagon.txt"
SEED_TEXT = (REPO / "annotations" / f"{SEED}.yaml").read_text(encoding="utf-8")


def _body(article: Path) -> str:
    """An article's body, cut independently of claimgraph's reader (both header forms)."""
    raw = article.read_text(encoding="utf-8")
    if raw.startswith(" date ") or raw.startswith("date "):
        return re.sub(r"^\s*date\s+\S+\s+", "", raw).strip()
    return raw.split("\n\n", 1)[1].strip()


def _drafts(root: Path) -> dict[str, dict]:
    """The project's drafted annotations, read with PyYAML alone."""
    found = {}
    for path in sorted((root / "annotations").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "draft" in data:
            found[path.stem] = data
    return found


def _review(root: Path, *args: str) -> list[dict]:
    code, out, err = cli("--root", root, "review", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)["statements"]


# --------------------------------------------------------------------------- review


def test_review_lists_every_drafted_statement_least_confident_first(ingested):
    drafts = _drafts(ingested)
    assert drafts and SEED not in drafts
    found = _review(ingested)
    expected = {(name, s["id"]) for name, data in drafts.items() for s in data["statements"]}
    assert {(d["article"], d["statement"]) for d in found} == expected and len(found) == len(expected)
    confidences = [Decimal(str(d["confidence"])) for d in found]
    assert confidences == sorted(confidences)
    claim_texts = {c["id"]: c["text"] for path in (ingested / "annotations").glob("*.yaml")
                   for c in yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]}
    for d in found:
        data = drafts[d["article"]]
        statement = next(s for s in data["statements"] if s["id"] == d["statement"])
        speaker = next(e for e in data["entities"] if e["id"] == statement["speaker"])
        assert (d["speaker"], d["stance"], d["claim"]) == (speaker["label"], statement["stance"], statement["claim"])
        assert Decimal(str(d["confidence"])) == Decimal(str(statement["confidence"]))
        assert d["claim_text"] == claim_texts[statement["claim"]]
        assert d["annotation"] == f"annotations/{d['article']}.yaml"
        lines = (ingested / d["annotation"]).read_text(encoding="utf-8").splitlines()
        assert lines[d["line"] - 1].strip() == f"- id: {d['statement']}"
        body = _body(ingested / "articles" / f"{d['article']}.txt")
        assert body[d["start"]:d["end"]] == d["quote"] == statement["quote"]
        # the whole sentence around the quote, cut at sentence ends
        assert body[d["sentence_start"]:d["sentence_end"]] == d["sentence"]
        assert d["sentence_start"] <= d["start"] < d["end"] <= d["sentence_end"]
        assert "\n" not in d["sentence"]
        before = body[:d["sentence_start"]].rstrip(" ")
        assert before == "" or before.endswith("\n") or re.search(r"[.!?][\"'”’]?$", before), d
        assert d["sentence_end"] == len(body) or body[d["sentence_end"]] in " \n", d
        assert re.search(r"[.!?][\"'”’)]*$", d["sentence"]) or body[d["sentence_end"]:].startswith("\n"), d
        at = d["start"] - d["sentence_start"]
        marked = d["sentence"][:at] + f"«{d['quote']}»" + d["sentence"][at + len(d["quote"]):]
        assert d["marked"] == " ".join(marked.split())


def test_review_table_fits_80_columns_and_says_how_to_promote(ingested, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = cli("--root", ingested, "review")
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    least = _review(ingested)[0]
    assert out.startswith("-- row 1 ")
    first = out.split("-- row 2 ")[0]
    assert f"confidence  {least['confidence']}" in first
    assert f"annotation  annotations/{least['article']}.yaml:{least['line']}" in first
    assert "«" in first and "»" in first
    assert "claimgraph promote NAME" in " ".join(out.split())
    assert f"`claimgraph promote {least['article']}`" in " ".join(out.split())


def test_review_below_and_by_name(ingested):
    everything = _review(ingested)
    threshold = sorted({Decimal(str(d["confidence"])) for d in everything})[-1]  # leaves out the most confident
    below = _review(ingested, "--below", str(threshold))
    assert below == [d for d in everything if Decimal(str(d["confidence"])) < threshold]
    assert 0 < len(below) < len(everything)
    name = everything[-1]["article"]
    assert _review(ingested, name) == [d for d in everything if d["article"] == name]
    assert _review(ingested, f"annotations/{name}.yaml") == _review(ingested, name)


@pytest.mark.parametrize("args, message", [
    ([SEED], f"annotations/{SEED}.yaml: is curated (it has no `draft:` block); only drafts are reviewed"),
    (["no-such-article"], "no annotation annotations/no-such-article.yaml in this project"),
    (["../articles/x.yaml"], "'../articles/x.yaml' is not an annotation of this project"),
])
def test_review_errors_are_one_line(built, args, message):
    code, out, err = cli("--root", built, "review", *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["1.5", "high", "-0.1", "nan"])
def test_review_below_takes_a_confidence(built, value):
    import contextlib
    import io

    from claimgraph.cli import main

    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), pytest.raises(SystemExit) as exit_:
        main(["--root", str(built), "review", "--below", value])
    err = stderr.getvalue()
    assert exit_.value.code == 2
    assert err == (f"claimgraph review: error: argument --below: {value!r} is not a confidence (a number from 0 to 1) "
                   "(see 'claimgraph review --help')\n")


def test_review_of_a_curated_project(built):
    code, out, err = cli("--root", built, "review")
    assert (code, out, err) == (0, "no drafted statements: every annotation is curated\n", "")


@pytest.mark.parametrize("body, quote, sentence", [
    ("First one. Then the U.S. said troops arrived in Kursk. Last one.", "troops arrived",
     "Then the U.S. said troops arrived in Kursk."),
    ('Gen. Kim spoke. "Are they there?" he asked, and Lt. Park said they were. Next.', "they were",
     '"Are they there?" he asked, and Lt. Park said they were.'),
    ("SEOUL (Wire) - The ministry said troops moved\n\nOn Monday, he confirmed it. More.", "troops moved",
     "SEOUL (Wire) - The ministry said troops moved"),
    ('He said "the troops are there." Then: "They fight." She denied it.', "the troops are there.",
     'He said "the troops are there."'),
    ("One. He said it was true. It is. Really. End.", "it was true. It is",
     "He said it was true. It is."),
    ("no punctuation at all here", "punctuation", "no punctuation at all here"),
])
def test_sentences_are_cut_at_sentence_ends_not_abbreviations(body, quote, sentence):
    start = body.index(quote)
    first, last = sentence_bounds(body, start, start + len(quote))
    assert body[first:last] == sentence


# --------------------------------------------------------------------------- promote


def _drafted_seed(text: str) -> str:
    """The curated seed annotation made a draft as the extractor marks one: a `draft:` block and a
    confidence per statement, as the last entry, as a middle one, and as the first beside the dash."""
    text = text.replace("\narticle:\n", "\ndraft:\n  made_by: claimgraph extract (test)\n  confidence: 0.5\n"
                        "article:\n", 1)
    text = text.replace("  - id: s03\n", "  - confidence: 0.3\n    id: s03\n", 1)
    head, tail = text.split("  - id: s05\n")
    text = head + "  - id: s05\n" + re.sub(r"(    end: \d+\n)(    direct: )", r"\1    confidence: 0.7\n\2", tail,
                                          count=5)
    assert text.endswith("    direct: false\n")
    return text + "    confidence: 0.9\n"


@pytest.mark.java
@pytest.mark.slow
def test_promote_keeps_the_layout_and_builds_what_the_curated_annotation_builds(built, tmp_path):
    """The seed, marked up as a draft and promoted, is the seed again, byte for byte, and so is its graph."""
    root = copy_project(tmp_path / "project")
    annotation = root / "annotations" / f"{SEED}.yaml"
    annotation.write_text(_drafted_seed(SEED_TEXT), encoding="utf-8")
    found = _review(root)
    # statements without a confidence first: nothing vouches for them
    assert [d["confidence"] for d in found] == [None] * 19 + [0.3] + [0.7] * 5 + [0.9]
    code, out, err = cli("--root", root, "promote", SEED)
    assert code == 0, err
    assert out.splitlines()[0] == (f"annotations/{SEED}.yaml: promoted to curated (26 statements checked; the "
                                   "`draft:` block and 7 confidences removed)")
    assert annotation.read_text(encoding="utf-8") == SEED_TEXT
    built_graph = {p.name: p.read_bytes() for p in (built / "graph").glob("*.ttl")}
    assert {p.name: p.read_bytes() for p in (root / "graph").glob("*.ttl")} == built_graph
    code, out, _ = cli("--root", root, "review")
    assert (code, out) == (0, "no drafted statements: every annotation is curated\n")


@pytest.mark.java
@pytest.mark.slow
def test_a_corrected_draft_is_promoted(ingested, tmp_path):
    """A real draft, corrected by an analyst (a certainty changed, a comment added), is promoted: no
    draft block, no confidence, the analyst's edits kept, and graph/ as a build of the same annotation
    written curated by hand gives."""
    root = tmp_path / "promoted"
    shutil.copytree(ingested, root, ignore=shutil.ignore_patterns(".claimgraph"))
    name = min(_drafts(root), key=lambda n: len(_drafts(root)[n]["statements"]))
    path = root / "annotations" / f"{name}.yaml"
    corrected = re.sub(r"(\n- id: s01\n(?:  .*\n)*?)  certainty: \w+\n", r"\1  certainty: possible\n",
                       path.read_text(encoding="utf-8"), count=1)
    corrected = corrected.replace("\nstatements:\n", "\nstatements:\n# checked against the article by an analyst\n")
    assert "certainty: possible" in corrected and "# checked against" in corrected
    path.write_text(corrected, encoding="utf-8")
    data = yaml.safe_load(corrected)
    del data["draft"]
    for statement in data["statements"]:
        del statement["confidence"]
    by_hand = tmp_path / "by-hand"
    shutil.copytree(root, by_hand)
    (by_hand / "annotations" / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                                                           encoding="utf-8")

    code, out, err = cli("--root", root, "promote", f"annotations/{name}.yaml")
    assert code == 0, err
    assert out.startswith(f"annotations/{name}.yaml: promoted to curated ({len(data['statements'])} statement")
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == data
    assert "draft:" not in text and "confidence" not in text
    assert "# checked against the article by an analyst\n" in text
    assert text.startswith(f"# Annotation of articles/{name}.txt")
    assert all(d["article"] != name for d in _review(root))

    code, _, err = cli("--root", by_hand, "build")
    assert code == 0, err
    graph = lambda r: {p.name: p.read_bytes() for p in (r / "graph").glob("*.ttl")}
    assert graph(root) == graph(by_hand)
    assert {row["statement"] for row in query_rows(root, "provenance", claim=data["statements"][0]["claim"])
            if name in row["statement"] and "drafted" not in row} == \
        {f"https://w3id.org/claimgraph/id/statement/{name}.{s['id']}" for s in data["statements"]
         if s["claim"] == data["statements"][0]["claim"]}


def _ingested_copy(ingested, tmp_path) -> tuple[Path, str]:
    root = tmp_path / "project"
    shutil.copytree(ingested, root, ignore=shutil.ignore_patterns(".claimgraph"))
    return root, sorted(_drafts(root))[0]


def test_an_invalid_correction_is_refused_with_nothing_changed(ingested, tmp_path):
    root, name = _ingested_copy(ingested, tmp_path)
    path = root / "annotations" / f"{name}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    stance_line = next(i for i, line in enumerate(lines) if line.startswith("  stance: "))
    lines[stance_line] = "  stance: refutes"
    path.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot(root)
    code, out, err = cli("--root", root, "promote", name)
    assert (code, out) == (2, "")
    assert re.fullmatch(rf"claimgraph: error: annotations/{name}\.yaml:{stance_line + 1}: statements\[0\] \(s01\)"
                        r"\.stance: 'refutes' is not one of: .*\n", err), err
    assert snapshot(root) == before


def test_a_correction_at_odds_with_another_annotation_is_refused(ingested, tmp_path):
    """Valid alone, but it declares a claim of the seed again with other words: the whole project is
    checked, and the message names the line to fix."""
    root, name = _ingested_copy(ingested, tmp_path)
    path = root / "annotations" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    claim_id = yaml.safe_load(text)["claims"][0]["id"]
    text = text.replace(f"- id: {claim_id}\n", "- id: deployment-doubled-to-3000\n", 1)
    text = re.sub(rf"(\n  claim: ){re.escape(claim_id)}\n", r"\1deployment-doubled-to-3000\n", text)
    path.write_text(text, encoding="utf-8")
    before = snapshot(root)
    code, out, err = cli("--root", root, "promote", name)
    assert (code, out) == (2, "")
    assert err == (f"claimgraph: error: annotations/{name}.yaml: claims (deployment-doubled-to-3000): claim "
                   f"'deployment-doubled-to-3000' is declared differently in annotations/{SEED}.yaml; a claim reported "
                   "again must be declared alike (with the same dates once resolved), or only referred to by id from "
                   "the later annotation's statements\n")
    assert snapshot(root) == before


@pytest.mark.java
@pytest.mark.slow
def test_a_correction_the_project_checks_refuse_changes_nothing(ingested, tmp_path):
    """A correction every field of which is valid, but which the project's QC rules refuse: Seoul's
    intelligence service 'confirming' the 3,000 figure it put forward itself in the seed."""
    root, name = _ingested_copy(ingested, tmp_path)
    path = root / "annotations" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ids = {e["id"] for e in data["entities"]}
    data["entities"] += [e for e in ({"id": "south-korea", "type": "Country", "label": "South Korea"},
                                     {"id": "national-intelligence-service", "type": "IntelligenceAgency",
                                      "label": "National Intelligence Service", "affiliation": "south-korea"})
                         if e["id"] not in ids]
    data["statements"].append({**data["statements"][0], "id": "s99", "speaker": "national-intelligence-service",
                               "claim": "deployment-doubled-to-3000", "stance": "confirms", "confidence": 0.5})
    data["statements"][-1].pop("on_behalf_of", None)
    data["statements"][-1].pop("relayed_via", None)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    before = snapshot(root)
    code, out, err = cli("--root", root, "promote", name)
    assert (code, out) == (1, "")  # findings, as `claimgraph build` reports them
    assert "A speaker confirms a claim they themselves asserted" in err or "self-confirmation" in err
    assert err.splitlines()[-1] == ("claimgraph: error: the graph fails validation; nothing was written: 1 problem "
                                    "found")
    assert snapshot(root) == before


def test_promoting_a_curated_annotation_is_refused(built):
    before = snapshot(built)
    for given in (SEED, f"annotations/{SEED}.yaml", f"{SEED}.yaml"):
        code, out, err = cli("--root", built, "promote", given)
        assert (code, out) == (2, "")
        assert err == (f"claimgraph: error: annotations/{SEED}.yaml: is curated already (it has no `draft:` block); "
                       "only a draft is promoted\n")
    code, _, err = cli("--root", built, "promote", "no-such-article")
    assert code == 2 and err == "claimgraph: error: no annotation annotations/no-such-article.yaml in this project\n"
    assert snapshot(built) == before


@pytest.mark.parametrize("text, expected, removed", [
    ("draft: {made_by: x}\nstatements:\n- {id: s01, confidence: 0.7, claim: c}\n- {id: s02, claim: c, confidence: 1}\n",
     "statements:\n- {id: s01, claim: c}\n- {id: s02, claim: c}\n", 2),
    ("# mine\nentities: []\ndraft:\n  made_by: x\n  note: |\n    two\n    lines\n# kept\nstatements:\n"
     "  - id: s01  # first\n    confidence: 0.5  # the extractor's\n    claim: c\n",
     "# mine\nentities: []\n# kept\nstatements:\n  - id: s01  # first\n    claim: c\n", 1),
    ("statements:\n- confidence: 0.5\n  id: s01\ndraft:\n  made_by: x\n", "statements:\n- id: s01\n", 1),
    ("# Draft annotation of articles/a.txt (published 2024-10-28).\n# Generated by `claimgraph extract a`; "
     "automatic, so review it before relying\n# on it. Remove the `draft:` block once a curator has checked "
     "every statement.\n# my note\n\ndraft:\n  made_by: x\nstatements: []\n",
     "# Annotation of articles/a.txt (published 2024-10-28).\n# Drafted automatically, then reviewed and promoted "
     "to curated by `claimgraph promote`.\n# my note\n\nstatements: []\n", 0),
])
def test_the_draft_markup_is_taken_out_as_text(text, expected, removed):
    assert strip_draft(text) == (expected, removed)


# --------------------------------------------------------------------------- answers and --curated-only


QUERIES = sorted(name for name, saved in load_catalogue(REPO / "queries").items()
                 if "SERVICE" not in saved.text)
PARAMETERS = {"status-as-of": {"date": "2025-05-01"}, "provenance": {"claim": "north-korea-deployed-troops-to-russia"}}


@pytest.mark.parametrize("name", QUERIES)
def test_curated_only_answers_as_if_the_drafts_were_not_there(ingested, built, name):
    """Every annotation the ingest added is a draft: with --curated-only, the four-article project
    answers exactly as the curated seed alone does, on both engines."""
    params = PARAMETERS.get(name, {})
    curated = query_rows(built, name, **params)
    for engine in ("oxigraph", "rdflib"):
        code, out, err = cli("--root", ingested, "query", name, "--format", "json", "--curated-only",
                             "--engine", engine, *[f"--param={k}={v}" for k, v in params.items()])
        assert code == 0, err
        rows = [{var: cell["value"] for var, cell in b.items()} for b in json.loads(out)["results"]["bindings"]]
        assert rows == curated, (name, engine)


def test_answers_mark_drafted_statements(ingested):
    """The queries that list statements have a ?drafted column: the confidence of a drafted statement,
    unbound for a curated one."""
    confidence = {(d["article"], d["statement"]): d["confidence"] for d in _review(ingested)}
    rows = query_rows(ingested, "provenance", claim="north-korea-deployed-troops-to-russia")
    assert any("drafted" in row for row in rows) and any("drafted" not in row for row in rows)
    for row in rows:
        article, statement = row["statement"].rsplit("/", 1)[1].split(".")
        assert row.get("drafted") == (None if article == SEED else str(confidence[(article, statement)]))
    listing = ["by-source", "unconfirmed", "confirmed", "disputed", "anonymous", "conditional", "forecasts",
               "troop-timeline", "status-as-of", "provenance"]
    for name in listing:
        saved = load_catalogue(REPO / "queries")[name]
        assert "?drafted" in saved.text.split("WHERE", 1)[0], name
    by_source = query_rows(ingested, "by-source")
    assert sum(1 for row in by_source if "drafted" in row) == len(confidence)
    assert sum(1 for row in by_source if "drafted" not in row) == 26


NATO_DRAFT = """\
draft:
  made_by: a test
  confidence: 0.5
entities:
- {id: mark-rutte, type: Person, label: Mark Rutte, speaks_for: nato, affiliation: nato}
- {id: nato, type: MilitaryAlliance, label: NATO}
- {id: north-korea, type: Country, label: North Korea}
claims: []
statements:
- id: s01
  speaker: mark-rutte
  claim: deployment-doubled-to-3000
  stance: confirms
  certainty: certain
  said: monday
  quote: North Korean troops had been sent to Russia
  start: 71
  end: 114
  direct: false
  confidence: 0.5
- id: s02
  speaker: north-korea
  claim: north-korea-deployed-troops-to-russia
  stance: confirms
  certainty: certain
  said: monday
  quote: North Korean military units had been deployed to the Kursk region
  start: 124
  end: 189
  direct: false
  confidence: 0.4
"""


@pytest.fixture(scope="module")
def drafted_confirmation(tmp_path_factory) -> Path:
    """The seed with a hand-made draft of the NATO article: Rutte confirms the 3,000 figure, which
    only Seoul's intelligence service (and a lawmaker it briefed) put forward, and North Korea
    confirms the deployment it had denied."""
    root = copy_project(tmp_path_factory.mktemp("drafted") / "project")
    shutil.copy(NATO_ARTICLE, root / "articles")
    (root / "annotations" / f"{NATO_ARTICLE.stem}.yaml").write_text(NATO_DRAFT, encoding="utf-8")
    code, _, err = cli("--root", root, "build")
    assert code == 0, err
    return root


@pytest.mark.java
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_claim_confirmed_only_by_a_draft_is_unconfirmed_with_curated_only(drafted_confirmation, built, engine):
    root = drafted_confirmation
    confirmed = query_rows(root, "confirmed", engine=engine)
    doubled = [row for row in confirmed if row["claim"] == DOUBLED]
    assert {(row["source"], row["drafted"]) for row in doubled} == {("Mark Rutte", "0.5")}
    assert DOUBLED not in {row["claim"] for row in query_rows(root, "unconfirmed", engine=engine)}

    def curated(name, **params):
        args = ["--root", root, "query", name, "--format", "json", "--curated-only", "--engine", engine]
        code, out, err = cli(*args, *[f"--param={k}={v}" for k, v in params.items()])
        assert code == 0, err
        return [{v: c["value"] for v, c in b.items()} for b in json.loads(out)["results"]["bindings"]]

    assert DOUBLED not in {row["claim"] for row in curated("confirmed")}
    assert {row["source"] for row in curated("unconfirmed") if row["claim"] == DOUBLED} == \
        {"National Intelligence Service", "Park Sun-won"}
    # North Korea's drafted confirmation withdraws its denial (a derived cg:withdrawnBy), but not when
    # only curated statements count
    assert {row["withdrawn"] for row in query_rows(root, "disputed", engine=engine) if row["source"] == "North Korea"} \
        == {"yes"}
    assert [row["withdrawn"] for row in curated("disputed")] == ["no"]
    for name, params in [("confirmed", {}), ("unconfirmed", {}), ("disputed", {}), ("by-source", {}),
                         ("status-as-of", {"date": "2024-11-01"}), ("entities", {})]:
        assert curated(name, **params) == query_rows(built, name, **params), name


@pytest.mark.java
def test_the_curated_view_is_the_curated_graph_triple_for_triple(ingested, drafted_confirmation, built):
    """What --curated-only loads is, triple for triple, the graph that `build` makes of the curated
    annotation alone: reasoner's and rules' triples and claim classes included."""
    import pyoxigraph as ox

    from claimgraph.project.curated import curated_quads
    from claimgraph.project.layout import Workspace

    seed = {(q.subject, q.predicate, q.object) for path in (built / "graph").glob("*.ttl")
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    for root in (ingested, drafted_confirmation):
        view = [(q.subject, q.predicate, q.object) for q in curated_quads(Workspace(root))]
        assert set(view) == seed, root
    inferred = {(q.subject, q.predicate, q.object) for q in ox.parse(
        path=str(drafted_confirmation / "graph" / "inferred.ttl"), format=ox.RdfFormat.TURTLE)}
    assert (ox.NamedNode("https://w3id.org/claimgraph/id/claim/deployment-doubled-to-3000"),  # Rutte's drafted one
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("https://w3id.org/claimgraph/ontology#ClaimWithConfirmation")) in inferred


REMOTE = [("anonymous", {}), ("by-source", {}), ("conditional", {}), ("confirmed", {}), ("disputed", {}),
          ("forecasts", {}), ("troop-timeline", {}), ("unconfirmed", {}), ("status-as-of", {"date": "2025-05-01"}),
          ("provenance", {"claim": "north-korea-deployed-troops-to-russia"})]


def _same_remotely(root: Path, url: str, leave_out: tuple[str, ...] = ()) -> None:
    for name, params in REMOTE:
        if name in leave_out:
            continue
        embedded = query_rows(root, name, **params)
        remote = query_rows(root, name, endpoint=url, **params)
        # Virtuoso 7.2 may order rows differently when SELECT DISTINCT meets an ORDER BY on a variable it
        # does not project (as in test_remote)
        assert sorted(map(lambda r: sorted(r.items()), remote)) == sorted(map(lambda r: sorted(r.items()), embedded))
    assert any("drafted" in row for row in query_rows(root, "by-source", endpoint=url))


def test_drafted_statements_are_marked_alike_on_an_oxigraph_server(ingested):
    from claimgraph.publish.serve import running_server

    with running_server([], writable=True) as url:
        code, _, err = cli("--root", ingested, "push", "--endpoint", url.replace("/query", "/update"))
        assert code == 0, err
        _same_remotely(ingested, url)


@pytest.mark.virtuoso
def test_drafted_statements_are_marked_alike_on_virtuoso(ingested):
    from support.servers import virtuoso_server

    with virtuoso_server() as url:
        code, _, err = cli("--root", ingested, "push", "--endpoint", url)
        assert code == 0, err
        # `confirmed` is left out: on the drafts Virtuoso 7.2 keeps two confirmations by the United States
        # that share a source with the claim's asserters (the MINUS drops them everywhere else), with or
        # without the ?drafted column; a difference of the query on Virtuoso, not of the column
        _same_remotely(ingested, url, leave_out=("confirmed",))


def test_curated_only_is_refused_remotely(built):
    code, out, err = cli("--root", built, "query", "unconfirmed", "--curated-only", "--endpoint",
                         "http://127.0.0.1:9/query")
    assert (code, out) == (2, "")
    assert err == ("claimgraph: error: --curated-only works on the embedded engines only: a remote store holds every "
                   "statement; leave out --endpoint, or leave out --curated-only\n")


def test_help_pages_of_review_and_promote():
    import contextlib
    import io

    from claimgraph.cli import main

    for command, example in (("review", "claimgraph review --below 0.7"),
                             ("promote", "claimgraph promote 2024-10-28-nato-pentagon")):
        page = io.StringIO()
        with contextlib.redirect_stdout(page), pytest.raises(SystemExit) as exit_:
            main([command, "--help"])
        assert exit_.value.code == 0
        assert f"example:\n  {example}" in page.getvalue()
