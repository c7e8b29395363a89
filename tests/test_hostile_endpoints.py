"""Endpoints that misbehave, for every command that waits on one: `link`, a federated saved query
(Oxigraph and rdflib), a query sent to a remote store, and `push`. Each answer that is not SPARQL
results, each hang and each redirect off the host gets one line, exit 2, within --timeout, and
writes nothing."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from claimgraph.publish.serve import running_server
from conftest import cli, snapshot
from support.endpoint import ScriptedEndpoint, Step, ok
from support.servers import free_port

JSON = "application/sparql-results+json"
BAD_ANSWERS = {
    "html": Step(200, b"<html><body>Welcome</body></html>", "text/html"),
    "garbage": Step(200, b"\x00\xff garbage", JSON),
    "truncated-json": Step(200, b'{"head": {"vars": ["x"]}, "results": {"bindi', JSON),
    "json-array": Step(200, b"[1, 2, 3]", JSON),
    "no-bindings": Step(200, b'{"head": {"vars": ["x"]}}', JSON),
    "bindings-not-a-list": Step(200, b'{"head": {"vars": ["x"]}, "results": {"bindings": 5}}', JSON),
    "http-500": Step(500, b"oops", "text/plain"),
    "http-404": Step(404, b"no such endpoint", "text/plain"),
    "drips-bytes": Step(200, b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}' * 20, JSON, drip=True),
    "hangs": Step(hang=True),
}
TIMEOUT = 3


def redirect_elsewhere() -> Step:
    return Step(302, b"", headers={"Location": f"http://localhost:{free_port()}/sparql"})


@pytest.fixture(scope="module")
def seed(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("endpoints") / "project"
    shutil.copytree(built, root)
    return root


def refused(root, *args) -> str:
    before = snapshot(root)
    started = time.monotonic()
    code, out, err = cli("--root", root, "--timeout", TIMEOUT, *args)
    assert time.monotonic() - started < TIMEOUT + 10, "a bad endpoint held the command past its deadline"
    assert (code, out) == (2, ""), (code, out[:300], err[:300])
    assert err.count("\n") == 1 and "Traceback" not in err, err[:500]
    after = snapshot(root)
    assert {k: v for k, v in after.items() if not k.startswith(".cache/")} == \
        {k: v for k, v in before.items() if not k.startswith(".cache/")}, "a refused command changed the project"
    return err.removeprefix("claimgraph: error: ").rstrip("\n")


@pytest.mark.parametrize("step", [*BAD_ANSWERS.values(), "redirect"], ids=[*BAD_ANSWERS, "redirect-off-host"])
def test_link_refuses_every_bad_answer(seed, step):
    with ScriptedEndpoint(redirect_elsewhere() if step == "redirect" else step) as endpoint:
        message = refused(seed, "link", "--endpoint", endpoint.url)
    assert endpoint.url in message


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("step", [*BAD_ANSWERS.values(), "redirect"], ids=[*BAD_ANSWERS, "redirect-off-host"])
def test_a_federated_query_refuses_every_bad_answer(seed, step, engine):
    with ScriptedEndpoint(redirect_elsewhere() if step == "redirect" else step) as endpoint:
        message = refused(seed, "query", "country-facts", "--engine", engine, "--wikidata-endpoint", endpoint.url)
    assert message.startswith("the query's SERVICE endpoint ")


def test_a_federated_query_without_the_network_is_one_line(seed):
    message = refused(seed, "query", "country-facts", "--wikidata-endpoint", f"http://127.0.0.1:{free_port()}/sparql")
    assert message.startswith("the query's SERVICE endpoint did not answer")


@pytest.mark.parametrize("step", [*BAD_ANSWERS.values(), "redirect"], ids=[*BAD_ANSWERS, "redirect-off-host"])
def test_a_remote_query_refuses_every_bad_answer(seed, step):
    with ScriptedEndpoint(redirect_elsewhere() if step == "redirect" else step) as endpoint:
        message = refused(seed, "query", "unconfirmed", "--endpoint", endpoint.url)
    assert endpoint.url in message


@pytest.mark.parametrize("mode", ["--endpoint", "--graph-store"])
@pytest.mark.parametrize("step", [Step(200, b"<html>saved!</html>", "text/html"), Step(500, b"boom", "text/plain"),
                                  Step(hang=True), "redirect"], ids=["html-2xx", "http-500", "hangs", "redirect-off-host"])
def test_push_refuses_a_store_that_does_not_store(seed, mode, step):
    with ScriptedEndpoint(redirect_elsewhere() if step == "redirect" else step) as endpoint:
        message = refused(seed, "push", mode, endpoint.url, "--query-endpoint", endpoint.url)
    assert endpoint.url in message


def test_push_refuses_a_store_that_keeps_fewer_triples_than_sent(seed):
    count = {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {
        "type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "5"}}]}}
    with running_server([], writable=True) as url, ScriptedEndpoint(ok(count)) as counter:
        message = refused(seed, "push", "--endpoint", url.replace("/query", "/update"), "--query-endpoint", counter.url)
    assert "715" in message and "5" in message


def test_a_damaged_cache_entry_is_fetched_again(seed, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(seed, root)
    answer = {"head": {"vars": ["item", "name", "label", "description", "type", "country"]},
              "results": {"bindings": []}}
    with ScriptedEndpoint(ok(answer)) as endpoint:
        assert cli("--root", root, "link", "--endpoint", endpoint.url)[0] == 0
        entries = sorted((root / ".cache" / "sparql").iterdir())
        assert entries
        for entry in entries:
            entry.write_bytes(b'{"half a')
        code, out, err = cli("--root", root, "link", "--endpoint", endpoint.url)
    assert code == 0 and "damaged" in err and "Traceback" not in err, err
    assert all(isinstance(json.loads(entry.read_bytes()), list) for entry in entries)  # written again, whole
