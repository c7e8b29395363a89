"""Hostile RDF given to `claimgraph validate FILE`: files that would make claimgraph fetch
something (a remote JSON-LD @context, an XML external entity, owl:imports), blow up (an entity
bomb, deep nesting, a 5 MB literal), or that are not RDF at all. Each gets one line naming the
file (and the line where there is one), exit 2, no traceback, and leaves the project as it was.
Every file that names a URL names a recording server on 127.0.0.1: it must see no request."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import cli, copy_project, snapshot
from support.endpoint import ScriptedEndpoint, Step
from support.pipes import unblock_later

SECRET = "claimgraph-secret-5b7e0c"
CONTEXT = {"@context": {"name": "http://www.w3.org/2000/01/rdf-schema#label"}}
RDF_XML = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
           b'<rdf:Description rdf:about="http://example.org/a"><ex:p>&e;</ex:p></rdf:Description>\n</rdf:RDF>\n')
BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY e0 "lol">\n'
        + b"".join(b' <!ENTITY e%d "%s">\n' % (i, b"".join(b"&e%d;" % (i - 1) for _ in range(10)))
                   for i in range(1, 10))
        + b' <!ENTITY e "&e9;">\n]>\n' + RDF_XML)
TURTLE = b"@prefix ex: <http://example.org/> .\n"
FIVE_MB = b"x" * 5_000_000


def _xml_with(doctype: bytes) -> bytes:
    return b'<?xml version="1.0"?>\n' + doctype + b"\n" + RDF_XML


# name, content ({url} is the recording server, {secret} a file holding SECRET), the message after the name
CASES = {
    "remote-context": ("a.jsonld", b'{"@context": "{url}/context.jsonld", "@id": "http://example.org/a", "name": "x"}',
                       ": the JSON-LD names a remote @context; claimgraph never fetches one: put the context in "
                       "the file"),
    "remote-context-in-a-list": ("a.jsonld", b'{"@context": [{"@vocab": "http://example.org/"}, "{url}/c.jsonld"], '
                                 b'"@id": "http://example.org/a", "name": "x"}',
                                 ": the JSON-LD names a remote @context"),
    "remote-scoped-context": ("a.jsonld", b'{"@context": {"knows": {"@id": "http://example.org/knows", "@context": '
                              b'"{url}/scoped.jsonld"}}, "@id": "http://example.org/a", "knows": {"name": "x"}}',
                              ": the JSON-LD names a remote @context"),
    "remote-context-import": ("a.jsonld", b'{"@context": {"@version": 1.1, "@import": "{url}/imported.jsonld"}, '
                              b'"@id": "http://example.org/a", "name": "x"}', ": the JSON-LD names a remote @context"),
    "relative-context": ("a.jsonld", b'{"@context": "context.jsonld", "@id": "http://example.org/a", "name": "x"}',
                         ": the JSON-LD names a remote @context"),
    "entity-bomb": ("a.rdf", BOMB, ": the RDF/XML declares a DTD or entities; claimgraph does not expand them (they "
                                   "can fetch files or blow up): remove the DOCTYPE"),
    "external-entity-file": ("a.rdf", _xml_with(b'<!DOCTYPE rdf:RDF [ <!ENTITY e SYSTEM "file://{secret}"> ]>'),
                             ": the RDF/XML declares a DTD or entities"),
    "external-entity-http": ("a.rdf", _xml_with(b'<!DOCTYPE rdf:RDF [ <!ENTITY e SYSTEM "{url}/entity"> ]>'),
                             ": the RDF/XML declares a DTD or entities"),
    "parameter-entity": ("a.rdf", _xml_with(b'<!DOCTYPE rdf:RDF [ <!ENTITY % p SYSTEM "{url}/dtd"> %p; ]>'),
                         ": the RDF/XML declares a DTD or entities"),
    "external-dtd": ("a.rdf", _xml_with(b'<!DOCTYPE rdf:RDF SYSTEM "{url}/rdf.dtd">'),
                     ": the RDF/XML declares a DTD or entities"),
    "owl-imports": ("a.ttl", b"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<http://example.org/o> a owl:Ontology ;"
                    b" owl:imports <{url}/ontology.ttl> .\n",
                    ": imports '{url}/ontology.ttl' (owl:imports), which the OWL reasoner would download; claimgraph "
                    "never fetches a document: remove the owl:imports triple and give the imported file as well"),
    "malformed-turtle": ("a.ttl", TURTLE + b'ex:a ex:p "x" .\nex:b ex:p ex:c ex:d .\n',
                         ":3: cannot read as Turtle: A dot is expected at the end of statements (column 16)"),
    "unterminated-string": ("a.ttl", TURTLE + b'ex:a ex:p "never closed .\n',
                            ":2: cannot read as Turtle: Unexpected end of file"),
    "iri-with-a-space": ("a.ttl", TURTLE + b"<http://example.org/a b> ex:p ex:c .\n",
                         ":2: cannot read as Turtle: Invalid IRI code point ' ' (column 1)"),
    "malformed-n-triples": ("a.nt", b'<http://example.org/a> <http://example.org/p> "x" .\n<http://example.org/a> '
                            b'<http://example.org/p> .\n', ":2: cannot read as N-Triples: The object of a triple must "
                                                           "be an IRI, a blank node or a literal (column 47)"),
    "malformed-trig": ("a.trig", TURTLE + b"ex:g {\n ex:a ex:p ex:b\n ex:c .\n}\n",
                       ":4: cannot read as TriG: A '}' or a '.' is expected at the end of a graph block (column 2)"),
    "malformed-json": ("a.jsonld", b'{"@id": "http://example.org/a",\n "x": [1,\n}',
                       ":3: cannot read as JSON: Expecting value (column 1)"),
    "malformed-rdf-xml": ("a.rdf", b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
                          b'syntax-ns#">\n<rdf:Description>\n</rdf:RDF>\n',
                          ":4: cannot read as RDF/XML: mismatched tag: line 4, column 2"),
    "latin-1": ("a.ttl", TURTLE + b'ex:a ex:p "caf\xe9" .\n',
                ":2: RDF file is not valid UTF-8 (byte 0xe9 at offset 50); re-save it as UTF-8"),
    "latin-1-json-ld": ("a.jsonld", b'{"@id": "http://example.org/a",\n "http://example.org/p": "caf\xe9"}',
                        ":2: RDF file is not valid UTF-8 (byte 0xe9 at offset 61)"),
    "binary": ("a.ttl", bytes(range(256)) * 8, ":2: RDF file is not valid UTF-8 (byte 0x80 at offset 128)"),
    "empty": ("a.ttl", b"", ": the file is empty"),
    "blank": ("a.nt", b"  \n\n\t\n", ": the file is empty"),
    "prefixes-only": ("a.ttl", TURTLE, ": holds no triples; there is nothing to check"),
    "json-ld-without-triples": ("a.jsonld", b'{"@context": {"@vocab": "http://example.org/"}}',
                                ": holds no triples; there is nothing to check"),
    "json-nested-100000-deep": ("a.jsonld", b'{"@id": "http://example.org/a", "http://example.org/p": '
                                + b"[" * 100_000 + b"]" * 100_000 + b"}",
                                ": cannot read as JSON-LD: nested too deeply"),
    "turtle-nested-20000-deep": ("a.ttl", TURTLE + b"ex:a ex:p " + b"[ ex:p " * 20_000 + b"1" + b" ]" * 20_000
                                 + b" .\n",
                                 ": nested too deeply for rdflib to read as Turtle"),
    "unknown-extension": ("a.txt", TURTLE + b"ex:a ex:p ex:b .\n", ": unknown RDF format; name the file with one of "),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """The project's inputs, unbuilt: `validate FILE` needs only the ontology, shapes and QC rules."""
    return copy_project(tmp_path_factory.mktemp("rdf") / "project")


@pytest.fixture(scope="module")
def server():
    """Answers every request with a JSON-LD context (what a fetch of one would want), and records it."""
    with ScriptedEndpoint(Step(body=json.dumps(CONTEXT).encode(), content_type="application/ld+json")) as endpoint:
        yield endpoint


@pytest.fixture
def url(server):
    server.requests.clear()
    return server.url.rsplit("/", 1)[0]


@pytest.fixture
def files(tmp_path, url):
    """Write a file outside the project, with the server's URL and the secret file filled in."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")

    def write(name: str, content: bytes):
        path = tmp_path / name
        path.write_bytes(content.replace(b"{url}", url.encode()).replace(b"{secret}", str(secret).encode()))
        return path

    return write


@pytest.fixture
def refused(root, server, tmp_path):
    """Run `claimgraph validate PATH...`; check the refusal is clean; give the message, paths relative."""
    before = snapshot(root)

    def run(*paths) -> str:
        code, out, err = cli("--root", root, "validate", *paths)
        assert code == 2, (code, out[:500], err[:500])
        assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err[:500]
        assert SECRET not in out + err
        assert server.requests == [], f"claimgraph made a request: {server.requests}"
        assert snapshot(root) == before, "a refused validate changed the project"
        return err.removeprefix("claimgraph: error: ").rstrip("\n").replace(f"{tmp_path}/", "")

    return run


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_hostile_file_is_refused_with_its_message(refused, files, url, case):
    name, content, expected = CASES[case]
    message = refused(files(name, content))
    assert message.startswith(name + expected.replace("{url}", url)), message
    assert len(message) < 400


@pytest.mark.parametrize("content", [TURTLE + b'"' + FIVE_MB + b'" ex:p ex:o .\n',
                                     TURTLE + b'ex:a ex:p "' + FIVE_MB + b" .\n",
                                     TURTLE + b"ex:a ex:p <http://example.org/" + FIVE_MB + b" > .\n",
                                     b'{"@id": "http://example.org/a", "http://example.org/p": "' + FIVE_MB + b'"'],
                         ids=["as-a-subject", "unterminated", "in-an-iri", "json-ld"])
def test_a_five_megabyte_literal_is_quoted_short(refused, files, content):
    name = "big.jsonld" if content.startswith(b"{") else "big.ttl"
    message = refused(files(name, content))
    assert message.startswith(f"{name}:") and len(message) < 200 and "x" * 61 not in message, message[:500]


def test_paths_that_are_not_files(refused, tmp_path):
    (tmp_path / "folder.ttl").mkdir()
    os.mkfifo(tmp_path / "pipe.ttl")
    unblock_later(tmp_path / "pipe.ttl")
    assert refused(tmp_path / "folder.ttl") == "folder.ttl: is a directory; name a file"
    assert refused(tmp_path / "absent.ttl") == "absent.ttl: RDF file not found"
    assert refused(tmp_path / "pipe.ttl") == "pipe.ttl: is not a regular file (a device, pipe or socket); name a file"
    assert refused(tmp_path / "folder.ttl" / "x.ttl") == "folder.ttl/x.ttl: RDF file not found"


def test_a_file_over_the_size_limit_is_not_read(refused, files, monkeypatch):
    from claimgraph.rdf import parse

    monkeypatch.setattr(parse, "MAX_BYTES", 1_000)
    path = files("big.nt", b'<http://example.org/a> <http://example.org/p> "' + b"x" * 1_000 + b'" .\n')
    assert refused(path) == "big.nt: RDF file is larger than 1,000 bytes"


def test_one_bad_file_among_good_ones_is_named(refused, files):
    good = files("good.ttl", TURTLE + b'ex:a ex:p "x" .\n')
    bad = files("bad.nt", b"<http://example.org/a> <http://example.org/p> .\n")
    assert refused(good, bad, good).startswith("bad.nt:1: cannot read as N-Triples: ")


PLACE = "https://w3id.org/claimgraph/id/place/zurich"
CG = "https://w3id.org/claimgraph/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
VALID = {  # the same two triples in every format claimgraph reads
    "place.ttl": f'\ufeff@prefix cg: <{CG}> .\n<{PLACE}> a cg:Place ; <{LABEL}> "Zürich" .\n'.encode(),
    "place.n3": f'@prefix cg: <{CG}> .\n<{PLACE}> a cg:Place ; <{LABEL}> "Zürich" .\n'.encode(),
    "place.nt": f'<{PLACE}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CG}Place> .\n'
                f'<{PLACE}> <{LABEL}> "Z\\u00FCrich" .\n'.encode(),
    "place.nq": f'<{PLACE}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CG}Place> <http://example.org/g> .\n'
                f'<{PLACE}> <{LABEL}> "Zürich" <http://example.org/g> .\n'.encode(),
    "place.trig": f'@prefix cg: <{CG}> .\n<http://example.org/g> {{ <{PLACE}> a cg:Place ; <{LABEL}> "Zürich" }}\n'
                  .encode(),
    "place.jsonld": json.dumps({"@id": PLACE, "@type": f"{CG}Place", LABEL: "Zürich"}).encode(),
    "place.rdf": b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-'
                 b'rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:cg="'
                 + CG.encode() + b'">\n<cg:Place rdf:about="' + PLACE.encode()
                 + b'"><rdfs:label>Z\xfcrich</rdfs:label></cg:Place>\n</rdf:RDF>\n',
}


def test_valid_files_in_every_format_still_validate(root, files, server):
    """The same two triples in seven formats (Turtle with a byte-order mark, RDF/XML in Latin-1
    as its declaration says) read as one graph of two triples that conforms."""
    paths = [files(name, content) for name, content in VALID.items()]
    code, out, err = cli("--root", root, "validate", *paths)
    assert (code, err) == (0, ""), (out, err)
    assert out == "conforms: 2 triples pass the SHACL shapes and the QC rules\n"
    assert server.requests == []


def test_remote_prefixes_and_bases_are_names_not_fetches(root, files, server, url):
    turtle = files("remote.ttl", b"@base <{url}/base/> .\n@prefix remote: <{url}/vocabulary#> .\n"
                   b"@prefix cg: <" + CG.encode() + b"> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                   b'<zurich> a cg:Place ; rdfs:label "Zurich" ; rdfs:seeAlso remote:zurich .\n')
    jsonld = files("remote.jsonld", json.dumps({"@context": {"@base": "{url}/base/", "@vocab": "{url}/vocabulary#",
                                                             "label": LABEL},
                                                "@id": "zurich", "@type": f"{CG}Place", "label": "Zurich"}).encode())
    code, out, err = cli("--root", root, "validate", turtle, jsonld, "--format", "json")
    assert (code, err) == (0, ""), (out, err)
    assert json.loads(out) == {"conforms": True, "findings": []}
    assert server.requests == [], f"claimgraph made a request: {server.requests}"


MEMORY_LIMIT = 1 << 28  # 256 MiB of address space: an expanded bomb needs far more, and fails with MemoryError
HANG_LIMIT = 60  # seconds before a hung process is killed (then its exit status fails the test)


def _bounded(args: list[str]) -> tuple[int, bytes]:
    """Run `claimgraph ARGS` in a process of its own with its memory and time bounded: exit status
    and its output. Bounds, not measurements: a process past one is stopped, and the test fails on
    its exit status and output."""
    def limit_memory():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    process = subprocess.run([sys.executable, "-m", "claimgraph", *args], capture_output=True,
                             preexec_fn=limit_memory, timeout=HANG_LIMIT)
    return process.returncode, process.stdout + process.stderr


@pytest.mark.parametrize("case", ["entity-bomb", "external-entity-file", "remote-context", "json-nested-100000-deep"])
def test_bombs_are_refused_fast_in_bounded_memory(root, files, server, case):
    name, content, expected = CASES[case]
    code, output = _bounded(["--root", str(root), "validate", str(files(name, content))])
    assert code == 2 and output.count(b"\n") == 1 and expected.encode() in output, output[:500]
    assert SECRET.encode() not in output
    assert server.requests == []
