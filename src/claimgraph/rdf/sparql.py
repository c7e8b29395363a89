"""Ask a SPARQL endpoint politely (Wikidata for linking, any store for push and remote queries).

SPARQLWrapper speaks the SPARQL 1.1 Protocol (query or update, form encoding, Accept headers,
turning the JSON answer into Python); the request itself goes through `network`, which bounds
the whole call in time, retries 429 and 5xx with capped Retry-After, and stays on the
endpoint's host. Wikimedia's rules for the public endpoint are good manners anywhere: a
descriptive User-Agent with contact details, and backing off when told to. Answers are checked
before anyone uses them (an HTML page, a truncated or foreign JSON document is refused), and
callers may cache them by a key of their own, so that `--offline` can answer any lookup made
before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from .. import __version__
from ..errors import ClaimgraphError, shown
from .network import HttpClient

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = (f"claimgraph/{__version__} (https://w3id.org/claimgraph; claims knowledge graph for news analysis; "
              "contact: claimgraph maintainers via the project repository) SPARQLWrapper")
JSON_TYPES = ("application/sparql-results+json", "application/json")


class _Response:
    """What SPARQLWrapper's QueryResult reads from a urllib response, made from a network Answer."""

    def __init__(self, answer):
        self._answer = answer
        self._message = Message()
        for key, value in answer.headers.items():
            self._message[key] = value

    def read(self) -> bytes:
        return self._answer.body

    def info(self) -> Message:
        return self._message

    def geturl(self) -> str:
        return self._answer.url


def _wrapper(endpoint: str, text: str, update: bool):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint, updateEndpoint=endpoint, agent=USER_AGENT)
    # Whole-line comments go: SPARQLWrapper guesses the query form from the text and its comment
    # stripping skips every other comment line, so a word like "drops" in a header made it DROP.
    wrapper.setQuery("\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#")))
    wrapper.setMethod(POST)
    if not update:
        wrapper.setReturnFormat(JSON)
    if wrapper.isSparqlUpdateRequest() != update:
        raise ClaimgraphError("a query was sent as an update, or an update as a query")
    return wrapper


@dataclass
class SparqlClient:
    """Queries and updates against one endpoint, with a bounded, retried transport and a disk cache."""

    endpoint: str = WIKIDATA_ENDPOINT
    cache_dir: Path | None = None
    offline: bool = False
    deadline: float | None = None
    http: HttpClient = field(init=False)

    def __post_init__(self):
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", self.endpoint or ""):
            raise ClaimgraphError(f"{shown(self.endpoint)} is not an http(s) endpoint URL")
        self.http = HttpClient(USER_AGENT, self.deadline)

    @property
    def requests(self) -> int:
        return self.http.requests

    def select(self, query: str) -> list[dict[str, dict]]:
        """The bindings of a SELECT query, in SPARQL 1.1 JSON result form."""
        if self.offline:
            raise ClaimgraphError(f"offline: not asking {self.endpoint}")
        document = self.fetch(query)
        if "results" not in document:
            raise ClaimgraphError(f"{self.endpoint} answered a boolean where SELECT results were expected")
        return document["results"]["bindings"]

    def fetch(self, query: str) -> dict:
        """The endpoint's whole SPARQL JSON answer (SELECT bindings or ASK boolean), checked."""
        from SPARQLWrapper.Wrapper import QueryResult

        wrapper = _wrapper(self.endpoint, query, update=False)
        answer = self._send(wrapper)
        if answer.content_type not in JSON_TYPES:
            raise ClaimgraphError(f"{self.endpoint} did not answer with SPARQL JSON results (it sent "
                                  f"{answer.content_type or 'no content type'}); is this the query endpoint?")
        try:
            document = QueryResult((_Response(answer), wrapper.returnFormat)).convert()
        except (ValueError, TypeError, UnicodeDecodeError):
            raise ClaimgraphError(f"{self.endpoint} answered with truncated or malformed JSON; try again, or check "
                                  "the endpoint") from None
        return check_results(document, self.endpoint)

    def update(self, request: str) -> None:
        """Send a SPARQL 1.1 Update (the endpoint must be the store's update endpoint)."""
        self._send(_wrapper(self.endpoint, request, update=True))

    def _send(self, wrapper):
        request = wrapper._createRequest()  # the SPARQL Protocol request SPARQLWrapper encodes
        answer = self.http.request(request.get_method(), request.full_url, data=request.data,
                                   headers=dict(request.header_items()), what=self.endpoint)
        if not 200 <= answer.status < 300:
            raise ClaimgraphError(f"{self.endpoint} answered HTTP {answer.status}: {_server_message(answer)}")
        return answer

    # -- the cache ---------------------------------------------------------------------------

    def cached(self, key: str) -> list | None:
        """What was remembered under `key` for this endpoint, or None (also for a damaged entry)."""
        path = self._cache_path(key)
        if path is None or not path.is_file():
            return None
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
                raise ValueError("not a list of rows")
            return value
        except (OSError, ValueError, UnicodeDecodeError):
            print(f"claimgraph: warning: ignoring a damaged cache entry {path} (it will be fetched again)",
                  file=sys.stderr)
            return None

    def remember(self, key: str, value: list) -> None:
        path = self._cache_path(key)
        if path is None:
            return
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:  # a cache that cannot be written only costs a later fetch
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(value, sort_keys=True), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()  # not left half written (a full disk)

    def _cache_path(self, key: str) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(f"{self.endpoint}\n{key}".encode()).hexdigest()
        return self.cache_dir / f"{digest}.json"


def check_results(document: object, endpoint: str) -> dict:
    """A SPARQL 1.1 JSON results document, or one error saying it is not one."""
    if isinstance(document, dict) and isinstance(document.get("boolean"), bool):
        return document
    ok = (isinstance(document, dict) and isinstance(document.get("head"), dict)
          and isinstance(document["head"].get("vars", []), list)
          and isinstance(document.get("results"), dict) and isinstance(document["results"].get("bindings"), list)
          and all(isinstance(row, dict) for row in document["results"]["bindings"]))
    if not ok:
        raise ClaimgraphError(f"{endpoint} answered JSON that is not SPARQL results (no head and results.bindings)")
    return document


def _server_message(answer) -> str:
    """The endpoint's own words, first line, briefly."""
    text = answer.body[:2000].decode("utf-8", errors="replace")
    if "<" in text and ">" in text:  # an HTML error page: its text, not its tags
        text = re.sub(r"<[^>]*>", " ", text)
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return (lines[0][:200] if lines else "no details") or "no details"
