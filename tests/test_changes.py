"""Status changes, watching and the Atom feed, on real projects: the seed, the reporting as it
unfolded (gold annotations), and the seed with a development article added by `claimgraph ingest`.
Every change is held to the saved query `status-as-of`, run at the days around it."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from claimgraph.changes import all_changes, atom_feed, status_history, watched
from claimgraph.cli import main
from claimgraph.errors import ClaimgraphError
from claimgraph.project import resources
from claimgraph.project.built import open_store
from claimgraph.project.layout import find_workspace
from claimgraph.query import catalogue
from claimgraph.query.engines import OxigraphEngine

from conftest import GOLD, cli, copy_project

CLAIM = "https://w3id.org/claimgraph/id/claim/"
DEPLOYMENT = CLAIM + "north-korea-deployed-troops-to-russia"
ATOM = "{http://www.w3.org/2005/Atom}"
ADMISSION = GOLD / "articles" / "2025-04-28-admission.txt"


@pytest.fixture(scope="module")
def admitted(tmp_path_factory) -> tuple[Path, str]:
    """The seed, built, then North Korea's admission of April 2025 ingested (drafted automatically):
    the project and what `ingest` printed."""
    root = copy_project(tmp_path_factory.mktemp("admitted") / "project")
    code, _, err = cli("--root", root, "build")
    assert code == 0, err
    code, out, err = cli("--root", root, "ingest", ADMISSION)
    assert code == 0, err
    return root, out


def statuses_by_query(root: Path) -> callable:
    """status-as-of, the saved query, as {claim: status} on a day."""
    workspace = find_workspace(root)
    saved = resources.saved_queries(workspace)["status-as-of"]
    engine = OxigraphEngine(workspace)

    def on(day: dt.date) -> dict[str, str]:
        rows = engine.select(saved, catalogue.bind(saved, {"date": day.isoformat()}))
        return {str(row["claim"]): str(row["status"]) for row in rows.rows}

    return on


def replayed(changes, day: dt.date) -> dict[str, str]:
    """Each claim's status on `day` by the changes: the last one on or before it."""
    status = {}
    for change in sorted(changes, key=lambda c: c.on):
        if change.on <= day:
            status[change.claim] = change.after
    return status


@pytest.mark.parametrize("project", ["built", "reporting", "admitted"])
def test_every_change_agrees_with_status_as_of_the_day_before_and_the_day_itself(project, request):
    root = request.getfixturevalue(project)
    root = root[0] if isinstance(root, tuple) else root
    store = open_store(find_workspace(root))
    changes = all_changes(store)
    assert changes
    query = statuses_by_query(root)
    for change in changes:
        before, after = query(change.on - dt.timedelta(days=1)), query(change.on)
        assert before.get(change.claim) == change.before, change
        assert after[change.claim] == change.after, change
    # and between changes nothing changes: on every day a statement counts from, and the day before,
    # the statuses the changes give are the query's, claim for claim
    days = {dt.date.fromisoformat(row["day"].value) for row in store.query(
        "SELECT DISTINCT ?day WHERE { ?s <https://w3id.org/claimgraph/ontology#dateSaid>/"
        "<https://w3id.org/claimgraph/ontology#latest> ?day }")}
    for day in sorted(days | {d - dt.timedelta(days=1) for d in days}):
        assert replayed(changes, day) == query(day), day


def test_the_seed_deployment_is_confirmed_then_disputed(built):
    history = status_history(open_store(find_workspace(built)), DEPLOYMENT)
    assert [(c.before, c.after, c.on.isoformat()) for c in history] == [
        (None, "unconfirmed", "2024-10-20"), ("unconfirmed", "confirmed", "2024-10-23"),
        ("confirmed", "disputed", "2024-10-24")]
    confirmed, disputed = history[1], history[2]
    assert confirmed.speakers == "United States, senior US official"  # independent of the NIS, who asserted it
    assert disputed.speakers == "North Korea" and disputed.article == "2024-10-24-north-korean-troops-russia"
    assert disputed.claim_text == "North Korea has deployed troops to Russia."
    assert disputed.line() == "North Korea has deployed troops to Russia: confirmed → disputed on 2024-10-24 (North Korea)"


def test_the_reporting_as_it_unfolded(reporting):
    store = open_store(find_workspace(reporting))
    lines = [c.line() for c in all_changes(store, since=dt.date(2024, 10, 25)) if not c.first_report]
    assert lines == [
        "North Korean troops have been deployed to the Kursk region: new → confirmed on 2024-10-28 (NATO, Mark Rutte)",
        "North Korean troops have begun combat operations alongside Russian forces: unconfirmed → confirmed on "
        "2024-11-12 (United States, United States Department of State)",
        "North Korea has deployed troops to Russia: disputed → confirmed on 2025-04-28 (North Korea)"]
    withdrawal = status_history(store, DEPLOYMENT)[-1]
    # the statement that withdrew North Korea's denials: its own confirmation, in the admission article
    assert withdrawal.statement.endswith("/statement/2025-04-28-admission.s01")
    assert withdrawal.article == "2025-04-28-admission"
    assert all(c.on >= dt.date(2024, 10, 25) for c in all_changes(store, since=dt.date(2024, 10, 25)))


def test_ingest_prints_the_status_it_changed(admitted):
    root, out = admitted
    assert "1 claim status change" in out
    assert "  North Korea has deployed troops to Russia: disputed → confirmed on 2025-04-28 (North Korea)\n" in out


def test_an_ingest_that_changes_no_status_says_so(tmp_path):
    root = copy_project(tmp_path / "project")
    code, _, err = cli("--root", root, "build")
    assert code == 0, err
    article = tmp_path / "2024-10-25-quiet.txt"
    article.write_text("date 2024-10-25\n\nThe weather in Seoul was mild on Friday, the Korea Meteorological "
                       "Administration said, and it expects rain over the weekend in the capital region.\n",
                       encoding="utf-8")
    code, out, err = cli("--root", root, "ingest", article)
    assert code == 0, err
    assert "0 claim status changes" in out and "→" not in out


def test_status_history_refuses_what_is_not_a_claim(built):
    store = open_store(find_workspace(built))
    with pytest.raises(ClaimgraphError, match=f"no claim {CLAIM}no-such-claim with statements in the graph"):
        status_history(store, CLAIM + "no-such-claim")
    with pytest.raises(ClaimgraphError, match="'> } DROP' is not a claim IRI"):
        status_history(store, "> } DROP")


def test_the_atom_feed_reads_back(reporting):
    changes = all_changes(open_store(find_workspace(reporting)))
    feed = atom_feed(changes, "http://127.0.0.1:7878/")
    assert feed == atom_feed(changes, "http://127.0.0.1:7878/")  # from the data, not the clock
    root = ET.fromstring(feed)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "claimgraph: claim status changes"
    assert root.findtext(f"{ATOM}id") == "http://127.0.0.1:7878/changes.atom"
    assert root.findtext(f"{ATOM}updated") == "2025-04-28T00:00:00Z"  # the latest change's day
    assert root.find(f"{ATOM}author/{ATOM}name").text == "claimgraph"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(changes)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    stamps = [e.findtext(f"{ATOM}updated") for e in entries]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    assert entries[0].findtext(f"{ATOM}updated") == "2025-04-28T00:00:00Z"
    kursk = entries[ids.index(CLAIM + "north-korean-troops-in-kursk#status-2024-10-28-new-confirmed")]
    assert kursk.findtext(f"{ATOM}title") == "North Korean troops have been deployed to the Kursk region: new → confirmed"
    assert kursk.findtext(f"{ATOM}updated") == "2024-10-28T00:00:00Z"
    assert kursk.find(f"{ATOM}link").get("href") == "http://127.0.0.1:7878/claim/north-korean-troops-in-kursk"
    assert kursk.findtext(f"{ATOM}author/{ATOM}name") == "NATO, Mark Rutte"
    assert "reported in 2024-10-28-nato-pentagon" in kursk.findtext(f"{ATOM}summary")


def test_an_empty_feed_is_valid_and_a_bad_base_url_is_refused():
    root = ET.fromstring(atom_feed([], "https://example.org/desk"))
    assert root.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z" and not root.findall(f"{ATOM}entry")
    with pytest.raises(ClaimgraphError, match="the feed's base URL 'ftp://x' is not an http"):
        atom_feed([], "ftp://x")


@pytest.fixture
def watching(reporting, tmp_path) -> Path:
    """A copy of the built reporting project that a test may add a watch list to."""
    root = tmp_path / "project"
    shutil.copytree(reporting, root, ignore=shutil.ignore_patterns(".claimgraph"))
    return root


def test_watch_records_claims_and_queries_and_lists_them_first(watching):
    assert cli("--root", watching, "watch") == (
        0, "nothing is watched; `claimgraph watch CLAIM|QUERY` follows a claim or a saved query\n", "")
    assert cli("--root", watching, "watch", "north-korean-troops-in-kursk") == (
        0, "watching the claim north-korean-troops-in-kursk (watch.yaml)\n", "")
    assert cli("--root", watching, "watch", "claim:north-korea-deployed-troops-to-russia")[0] == 0
    assert cli("--root", watching, "watch", "anonymous")[0] == 0
    assert cli("--root", watching, "watch")[1] == ("claim north-korean-troops-in-kursk\n"
                                                   "claim north-korea-deployed-troops-to-russia\nquery anonymous\n")
    text = (watching / "watch.yaml").read_text(encoding="utf-8")
    assert "Written by `claimgraph watch`" in text and "- anonymous" in text
    store = open_store(find_workspace(watching))
    follows = watched(find_workspace(watching), store)
    # the two claims, and those `anonymous` returns now: the senior US official's two, the lawmaker's 600 killed
    anonymous = {row["claim"].value for row in store.query(
        resources.saved_queries(find_workspace(watching))["anonymous"].text)}
    assert len(anonymous) == 3 and CLAIM + "about-600-north-korean-soldiers-killed" in anonymous
    assert follows == {CLAIM + "north-korean-troops-in-kursk", DEPLOYMENT} | anonymous

    code, out, err = cli("--root", watching, "changes", "--format", "json")
    assert code == 0, err
    listed = json.loads(out)["changes"]
    marks = [c["watched"] for c in listed]
    assert marks == sorted(marks, reverse=True) and sum(marks) == sum(c["claim"] in follows for c in listed) >= 5
    assert {c["claim"] for c in listed if c["watched"]} == follows
    code, table, err = cli("--root", watching, "changes", "--since", "2025-01-01")
    assert code == 0 and "disputed" in table and "2024-10-2" not in table

    (watching / "queries" / "anonymous.rq").unlink()  # a watched query gone from the project
    code, _, err = cli("--root", watching, "changes")
    assert code == 2 and "watch.yaml: watches the query 'anonymous', which is no longer in queries/" in err
    assert cli("--root", watching, "watch", "--remove", "anonymous")[1] == "stopped watching the query anonymous (watch.yaml)\n"
    assert "anonymous" not in (watching / "watch.yaml").read_text(encoding="utf-8")
    assert cli("--root", watching, "changes")[0] == 0


@pytest.mark.parametrize("args, message", [
    (["watch", "no-such-claim"], "'no-such-claim' is neither a claim in the graph nor a saved query"),
    (["watch", "status-as-of"], "the query 'status-as-of' takes parameters (date); only a query without parameters"),
    (["watch", "entities"], "the query 'entities' returns no ?claim column"),
    (["watch", "--remove", "confirmed"], "'confirmed' is not watched; `claimgraph watch` lists what is"),
    (["watch", "--remove"], "--remove needs the claim or query to stop following"),
])
def test_bad_watch_and_changes_requests_get_one_line(watching, args, message):
    code, out, err = cli("--root", watching, *args)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (watching / "watch.yaml").exists()


def test_changes_since_takes_a_date(built):
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), pytest.raises(SystemExit) as exit_:
        main(["--root", str(built), "changes", "--since", "2024-02-30"])
    assert exit_.value.code == 2
    assert stderr.getvalue() == ("claimgraph changes: error: argument --since: '2024-02-30' is not a date (YYYY-MM-DD) "
                                 "(see 'claimgraph changes --help')\n")


def test_a_malformed_watch_list_is_named_with_its_line(watching):
    (watching / "watch.yaml").write_text("claims:\n- north-korean-troops-in-kursk\n- not a slug!\n", encoding="utf-8")
    code, _, err = cli("--root", watching, "changes")
    assert code == 2 and "watch.yaml:3: claims: 'not a slug!' is not a claim id" in err
