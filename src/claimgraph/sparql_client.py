"""Ask a SPARQL endpoint politely (Wikidata for linking, any store for push and remote queries).

Wikimedia's rules for the public endpoint, which are good manners anywhere: a descriptive User-Agent with contact details, and
backing off when told to (429, or 5xx while the service is overloaded, honouring Retry-After).
Callers cache what they look up (by endpoint and a key of their choosing, such as one name), so
that `--offline` can answer any lookup made before.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import socket
import time
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import ClaimgraphError

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = (f"claimgraph/{__version__} (https://w3id.org/claimgraph; claims knowledge graph for news analysis; "
              "contact: claimgraph maintainers via the project repository) SPARQLWrapper")
RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass
class SparqlClient:
    """SELECT queries against one endpoint, with retries, backoff and a disk cache."""

    endpoint: str = WIKIDATA_ENDPOINT
    cache_dir: Path | None = None
    offline: bool = False
    timeout: float = 60.0
    retries: int = 4
    backoff: float = 2.0
    max_wait: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    requests: int = field(default=0, init=False)

    def select(self, query: str) -> list[dict[str, dict]]:
        """The bindings of a SELECT query, in SPARQL 1.1 JSON result form."""
        if self.offline:
            raise ClaimgraphError(f"offline: not asking {self.endpoint}")
        return self.fetch(query)["results"]["bindings"]

    def cached(self, key: str) -> list | None:
        """What was remembered under `key` for this endpoint, or None."""
        path = self._cache_path(key)
        if path is None or not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def remember(self, key: str, value: list) -> None:
        path = self._cache_path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(value, sort_keys=True), encoding="utf-8")
        tmp.replace(path)

    def _cache_path(self, key: str) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(f"{self.endpoint}\n{key}".encode()).hexdigest()
        return self.cache_dir / f"{digest}.json"

    def fetch(self, query: str) -> dict:
        """The endpoint's whole SPARQL JSON answer (SELECT bindings or ASK boolean)."""
        return self._request(query, update=False)

    def update(self, request: str) -> None:
        """Send a SPARQL 1.1 Update (the endpoint must be the store's update endpoint)."""
        self._request(request, update=True)

    def _request(self, text: str, *, update: bool):
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

        wrapper = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        # Whole-line comments go: SPARQLWrapper guesses the query form from the text and its comment
        # stripping skips every other comment line, so a word like "drops" in a header made it DROP.
        wrapper.setQuery("\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#")))
        wrapper.setMethod(POST)
        wrapper.setTimeout(int(self.timeout))
        if not update:
            wrapper.setReturnFormat(JSON)
        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                if update:
                    wrapper.query().response.read()
                    return None
                return wrapper.queryAndConvert()
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUSES or attempt == self.retries:
                    raise ClaimgraphError(f"{self.endpoint} answered HTTP {exc.code} {exc.reason}") from None
                self.sleep(self._wait(attempt, exc.headers.get("Retry-After") if exc.headers else None))
            except EndPointInternalError:
                if attempt == self.retries:
                    raise ClaimgraphError(f"{self.endpoint} answered HTTP 500 (internal error) "
                                          f"{self.retries + 1} times") from None
                self.sleep(self._wait(attempt, None))
            except SPARQLWrapperException as exc:
                raise ClaimgraphError(f"{self.endpoint} refused the request: {_server_message(exc)}") from None
            except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as exc:
                reason = getattr(exc, "reason", exc)
                raise ClaimgraphError(f"cannot reach {self.endpoint} ({reason}); check the network, or use "
                                      "--offline to work from cached answers") from None
            except json.JSONDecodeError:
                raise ClaimgraphError(f"{self.endpoint} did not answer with SPARQL JSON results") from None
        raise AssertionError("unreachable")

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait: the server's Retry-After when it gives one, else exponential backoff."""
        if retry_after:
            if retry_after.strip().isdigit():
                return min(float(retry_after), self.max_wait)
            try:
                when = email.utils.parsedate_to_datetime(retry_after)
                return min(max(when.timestamp() - time.time(), 0.0), self.max_wait)
            except (TypeError, ValueError):
                pass
        return min(self.backoff * (2 ** attempt), self.max_wait)


def _server_message(exc: Exception) -> str:
    """The endpoint's own words from a SPARQLWrapper error, which puts them after 'Response:'."""
    text = str(exc)
    if "Response:" in text:
        response = text.split("Response:", 1)[1].strip()
        if response.startswith(("b'", 'b"')):
            response = response[2:-1].encode().decode("unicode_escape", errors="replace")
        lines = [line.strip() for line in response.splitlines() if line.strip()]
        if lines:
            return lines[0][:300]
    return text.splitlines()[0]
