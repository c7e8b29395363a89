"""The desk in a real browser: headless Chromium from Debian (/usr/bin/chromium), driven by
Playwright, against a real `claimgraph serve` on 127.0.0.1 and a real `claimgraph report` folder.

What a page shows is compared with what the command line answers for the same graph (the saved
query `status-as-of`, the annotation's quotes and offsets), never with numbers written here. Every
request the browser makes is recorded: none may leave 127.0.0.1 (or the report's folder).
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright

from claimgraph.publish.serve import free_port
from conftest import REPO, SEED, cli, query_rows


CHROMIUM = "/usr/bin/chromium"
CLAIM = "https://w3id.org/claimgraph/id/claim/"
DEPLOYED = "north-korea-deployed-troops-to-russia"
START_SECONDS = 90


# --- a real server and a real browser -------------------------------------------------------------

@pytest.fixture(scope="module")
def desk(built, tmp_path_factory):
    """`claimgraph serve` on the built seed project, on a free loopback port: its base URL."""
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path_factory.mktemp("serve-tmp"))}
    server = subprocess.Popen([sys.executable, "-m", "claimgraph", "--root", str(built), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        ready, _, _ = select.select([server.stdout], [], [], START_SECONDS)
        line = server.stdout.readline() if ready else ""
        assert line.startswith("serving"), f"serve did not start: {line!r} {server.poll()}"
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        server.stdout.close()
        server.stderr.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM)
        try:
            yield chromium
        finally:
            chromium.close()


class Recorded:
    """A browser page that records every request it makes and every response that failed."""

    def __init__(self, browser):
        self.context = browser.new_context(locale="en-GB")
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.failures: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfailed", lambda request: self.failures.append(request.url))
        self.page.on("response", lambda response: response.status >= 400 and self.failures.append(
            f"{response.status} {response.url}"))

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser):
    recorded = Recorded(browser)
    try:
        yield recorded
    finally:
        recorded.close()


def statuses(root: Path, on: str) -> dict[str, str]:
    """Each claim's status on a day, as `claimgraph query status-as-of` answers it."""
    return {row["claim"].removeprefix(CLAIM): row["status"] for row in query_rows(root, "status-as-of", date=on)}


def board_statuses(page) -> dict[str, str]:
    rows = page.locator("#board tbody tr")
    return {rows.nth(i).get_attribute("data-claim"): rows.nth(i).locator("td .status").inner_text()
            for i in range(rows.count())}


def annotation_statements(claim: str) -> dict[str, dict]:
    document = yaml.safe_load((REPO / "annotations" / f"{SEED}.yaml").read_text(encoding="utf-8"))
    return {f"{SEED}.{s['id']}": s for s in document["statements"] if s["claim"] == claim}


# --- the tests ------------------------------------------------------------------------------------

def test_the_board_lists_every_claim_with_the_status_status_as_of_gives(desk, built, tab):
    tab.page.goto(desk)
    newest = tab.page.input_value("#date")
    expected = statuses(built, newest)
    assert expected and board_statuses(tab.page) == expected
    assert "disputed" in expected.values() and "unconfirmed" in expected.values()  # the seed has both
    assert tab.page.inner_text("#shown") == str(len(expected))


def test_the_date_picker_changes_statuses_as_status_as_of_does(desk, built, tab):
    tab.page.goto(desk)
    before = board_statuses(tab.page)
    for day in ("2024-10-21", "2024-10-23"):
        with tab.page.expect_navigation():
            tab.page.fill("#date", day)
        assert tab.page.input_value("#date") == day
        shown = board_statuses(tab.page)
        assert shown == statuses(built, day)
    assert statuses(built, "2024-10-21") != before  # the picker did change what the board shows
    assert set(statuses(built, "2024-10-21")) < set(before)  # claims not yet stated are left out


def test_filters_and_sorting_work_in_the_page(desk, built, tab):
    tab.page.goto(desk)
    expected = statuses(built, tab.page.input_value("#date"))
    tab.page.select_option("select[data-filter=status]", "disputed")
    visible = tab.page.locator("#board tbody tr:not([hidden])")
    assert {visible.nth(i).get_attribute("data-claim") for i in range(visible.count())} == \
        {claim for claim, status in expected.items() if status == "disputed"}
    tab.page.select_option("select[data-filter=status]", "")
    tab.page.fill("input[data-filter=text]", "Vladivostok")
    assert visible.count() == 1
    assert visible.first.get_attribute("data-claim") == "initial-contingent-of-1500-to-vladivostok"
    tab.page.fill("input[data-filter=text]", "")
    tab.page.click("#board th:has-text('Claim')")
    texts = [t.strip() for t in tab.page.locator("#board tbody td.claimtext a").all_inner_texts()]
    assert texts == sorted(texts, key=str.lower)


def test_a_claim_page_lights_each_quote_at_its_offsets(desk, tab, seed_body):
    tab.page.goto(f"{desk}claims/{DEPLOYED}.html")
    expected = annotation_statements(DEPLOYED)
    items = tab.page.locator("li.statement")
    assert items.count() == len(expected) > 1
    for i in range(items.count()):
        item = items.nth(i)
        statement = expected[item.get_attribute("id")]
        lit = item.locator("mark.quote").inner_text()
        begin, end = int(item.get_attribute("data-begin")), int(item.get_attribute("data-end"))
        assert (lit, begin, end) == (statement["quote"], statement["start"], statement["end"])
        assert seed_body[begin:end] == lit  # the article's own text at those offsets
        context = item.locator("blockquote.context").inner_text()
        assert lit in context and len(context) > len(lit)  # shown in its paragraph


def test_a_claim_page_says_why_sources_count_as_one_and_shows_history_and_picture(desk, tab):
    tab.page.goto(f"{desk}claims/{DEPLOYED}.html")
    sources = tab.page.locator("ol.sources > li")
    reasons = tab.page.locator("ol.sources .why").all_inner_texts()
    # the senior US official (for the United States) and Lloyd Austin (Pentagon) are one source
    assert any("United States" in reason and "Lloyd Austin" in reason for reason in reasons), reasons
    assert sources.count() == int(tab.page.inner_text("p.facts").split("·")[2].split()[0])
    history = tab.page.locator("table.history tbody tr")
    assert history.count() >= 1 and "disputed" in history.last.inner_text()
    assert tab.page.locator(".picture svg").count() == 1


def test_an_actor_page_lists_what_it_said_and_whom_it_speaks_for(desk, tab):
    tab.page.goto(f"{desk}actors/farah-dakhlallah.html")
    assert tab.page.inner_text("h1") == "Farah Dakhlallah"
    ties = tab.page.inner_text("dl.ties")
    assert "Speaks for" in ties and "NATO" in ties
    said = tab.page.locator("table.said").first.locator("tbody tr")
    assert said.count() >= 1
    tab.page.click("dl.ties a:has-text('NATO')")
    assert tab.page.inner_text("h1") == "NATO"
    assert "Farah Dakhlallah" in tab.page.inner_text("dl.ties")  # spoken for by her


def test_the_figures_chart_draws_1500_then_3000_then_10000(desk, tab):
    tab.page.goto(f"{desk}figures.html")
    chart = tab.page.locator("#figures-chart svg")
    assert chart.count() == 1
    labels = chart.locator("g.role-mark text")  # the marks' labels (Vega), not the axis ticks
    boxes = []
    for figure in ("1,500", "3,000", "10,000"):
        assert labels.filter(has_text=figure).count() == 1, labels.all_inner_texts()
        boxes.append(labels.filter(has_text=figure).bounding_box())
    xs, ys = [box["x"] for box in boxes], [box["y"] for box in boxes]
    assert xs == sorted(xs) and len(set(xs)) == 3  # later in time: further right
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == 3  # larger: higher up


def test_saved_queries_read_plainly_and_download_as_the_cli_writes_them(desk, built, tab):
    tab.page.goto(f"{desk}queries/index.html")
    tab.page.click("a:has-text('status-as-of')")
    tab.page.fill("input[name=date]", "2024-10-23")
    with tab.page.expect_navigation():
        tab.page.click("form.params button")
    table = tab.page.locator("table.results")
    text = table.inner_text()
    expected = query_rows(built, "status-as-of", date="2024-10-23")
    assert table.locator("tbody tr").count() == len(expected)
    assert "^^" not in text and "XMLSchema" not in text and '"@en' not in text
    csv_url = tab.page.locator("a:has-text('CSV')").get_attribute("href")
    json_url = tab.page.locator("a:has-text('JSON')").get_attribute("href")
    with urllib.request.urlopen(f"{desk}queries/{csv_url}", timeout=10) as answer:
        code, out, err = cli("--root", built, "query", "status-as-of", "--param", "date=2024-10-23", "--format", "csv")
        assert answer.read().decode() == out
    with urllib.request.urlopen(f"{desk}queries/{json_url}", timeout=10) as answer:
        assert json.loads(answer.read()) == json.loads(
            cli("--root", built, "query", "status-as-of", "--param", "date=2024-10-23", "--format", "json")[1])
    with tab.page.expect_navigation():
        tab.page.click("a:has-text('open in the SPARQL page')")
    assert '"2024-10-23"^^' in tab.page.input_value("textarea[name=query]")  # the parameter bound
    assert tab.page.locator("table.results tbody tr").count() == len(expected)


def test_the_atom_feed_links_each_change_to_its_claim_page(desk):
    with urllib.request.urlopen(f"{desk}changes.atom", timeout=10) as answer:
        assert answer.headers["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(answer.read())
    atom = "{http://www.w3.org/2005/Atom}"
    links = [entry.find(f"{atom}link").get("href") for entry in feed.iter(f"{atom}entry")]
    assert links and f"{desk}claims/{DEPLOYED}.html" in links
    for link in set(links):
        with urllib.request.urlopen(link, timeout=10) as page:
            assert page.status == 200


def test_no_request_leaves_the_machine(desk, tab):
    pages = ["", f"claims/{DEPLOYED}.html", "actors/united-states.html", "figures.html", "changes.html",
             "queries/index.html", "queries/figures.html", "sparql.html?query=ASK%20%7B%7D"]
    for path in pages:
        tab.page.goto(desk + path)
        tab.page.wait_for_load_state("networkidle")
    assert len(tab.requests) > len(pages)  # the pages' own styles and script were fetched
    assert all(url.startswith(desk) for url in tab.requests), [u for u in tab.requests if not u.startswith(desk)]
    assert tab.failures == []


# --- the static report ----------------------------------------------------------------------------

def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def report(built, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("report") / "desk"
    code, out, err = cli("--root", built, "report", "-o", target)
    assert code == 0, err
    assert out.startswith(f"{target}: ") and "index.html" in out
    return target


def test_the_report_is_the_same_bytes_twice_and_lists_the_claims(built, report, tmp_path):
    again = tmp_path / "again"
    code, _, err = cli("--root", built, "report", "-o", again)
    assert code == 0, err
    first, second = tree(report), tree(again)
    assert first == second
    assert {"index.html", "figures.svg", "figures.png", f"claims/{DEPLOYED}.html", "queries/status-as-of.csv",
            "static/style.css"} <= set(first)
    board = first["index.html"].decode()
    (newest,) = re.findall(r'id="date" value="(\d{4}-\d\d-\d\d)"', board)
    for claim, status in statuses(built, newest).items():
        assert f'data-claim="{claim}" data-status="{status}"' in board
    # rewriting an earlier report replaces it whole
    code, _, err = cli("--root", built, "report", "-o", again)
    assert code == 0 and tree(again) == first


def board_cells(page) -> dict[str, list[str]]:
    """Each visible row of the board: its cells as shown."""
    rows = page.locator("#board tbody tr:not([hidden])")
    return {rows.nth(i).get_attribute("data-claim"): [t.strip() for t in rows.nth(i).locator("td").all_inner_texts()]
            for i in range(rows.count())}


def test_the_reports_date_picker_draws_the_board_as_the_server_does(desk, built, report, tab):
    for day in ("2024-10-21", "2024-10-23", "2024-10-24"):
        tab.page.goto(f"{desk}index.html?date={day}")
        served, order = board_cells(tab.page), tab.page.locator("#board tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.claim)")
        summary = " ".join(tab.page.inner_text("p.summary").split())
        tab.page.goto((report / "index.html").as_uri())
        tab.page.fill("#date", day)
        drawn = board_cells(tab.page)
        assert {claim: cells[0] for claim, cells in drawn.items()} == statuses(built, day)
        assert drawn == served
        assert tab.page.locator("#board tbody tr:not([hidden])").evaluate_all(
            "rows => rows.map(r => r.dataset.claim)") == order
        assert " ".join(tab.page.inner_text("p.summary").split()) == summary
    tab.page.select_option("select[data-filter=status]", "unconfirmed")  # the filters still apply on top
    assert set(board_cells(tab.page)) == {c for c, s in statuses(built, "2024-10-24").items() if s == "unconfirmed"}
    assert all(url.startswith((report.as_uri(), desk)) for url in tab.requests), tab.requests
    assert tab.failures == []


def test_the_report_opens_from_its_folder(report, tab, seed_body):
    tab.page.goto((report / "index.html").as_uri())
    assert tab.page.locator("#board tbody tr").count() > 1
    tab.page.click(f"#board a[href='claims/{DEPLOYED}.html']")
    marks = tab.page.locator("mark.quote").all_inner_texts()
    assert marks and all(mark in seed_body for mark in marks)
    tab.page.click("nav a:has-text('Figures')")
    assert tab.page.locator("#figures-chart svg text", has_text="3,000").count() >= 1
    assert all(url.startswith(report.as_uri()) for url in tab.requests), tab.requests
    assert tab.failures == []


def test_a_directory_that_is_not_a_report_is_refused_and_left_alone(built, tmp_path):
    target = tmp_path / "notes"
    target.mkdir()
    (target / "mine.txt").write_text("keep me")
    code, out, err = cli("--root", built, "report", "-o", target)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not a claimgraph report" in err and str(target) in err
    assert tree(target) == {"mine.txt": b"keep me"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]  # no temporary directory left


def test_drafted_statements_are_marked_with_their_confidence(ingested):
    """On the project with articles added by `claimgraph ingest`, each drafted statement on a claim
    page carries the confidence `claimgraph query status-as-of` gives it in ?drafted."""
    from claimgraph.project import resources
    from claimgraph.project.built import open_store
    from claimgraph.project.layout import find_workspace
    from claimgraph.web.desk import Desk
    from claimgraph.web.pages import Pages

    drafted: dict[str, list[str]] = {}
    for row in query_rows(ingested, "status-as-of", date="2100-01-01"):
        if row.get("drafted"):
            drafted.setdefault(row["claim"].removeprefix(CLAIM), []).append(row["drafted"])
    assert drafted, "ingest drafts statements"
    workspace = find_workspace(ingested)
    pages = Pages(Desk(open_store(workspace), resources.saved_queries(workspace), workspace), live=False)
    for claim, confidences in drafted.items():
        html = pages.claim(claim)
        marked = re.findall(r'<span class="draft"[^>]*>draft ([0-9.]+)</span>', html)
        assert sorted(marked) == sorted(confidences), claim
