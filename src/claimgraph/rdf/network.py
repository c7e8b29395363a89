"""Every network call claimgraph makes: requests with urllib3's Retry (backoff on 429 and 5xx,
Retry-After honoured but capped), a total deadline per call, and no redirect off the endpoint's
host.

A per-read timeout does not bound a call: an endpoint that drips one byte a second never
times out. So each call runs in a worker thread and the caller waits for it at most until the
deadline; a call past it is abandoned (its connection closed) and reported in one line.
"""

from __future__ import annotations

import os
import threading
import time
import urllib.parse
from dataclasses import dataclass

from ..errors import ClaimgraphError, shown

DEFAULT_DEADLINE = 60.0  # seconds for a whole call, retries included ($CLAIMGRAPH_TIMEOUT, --timeout)
MAX_RETRY_AFTER = 30.0  # the longest a server's Retry-After may make us wait between attempts
MAX_BODY = 512 * 1024 * 1024
RETRY_STATUSES = (429, 500, 502, 503, 504)


def default_deadline() -> float:
    value = os.environ.get("CLAIMGRAPH_TIMEOUT")
    if not value:
        return DEFAULT_DEADLINE
    try:
        seconds = float(value)
    except ValueError:
        raise ClaimgraphError(f"$CLAIMGRAPH_TIMEOUT={shown(value)} is not a number of seconds") from None
    if not 0 < seconds <= 86_400:
        raise ClaimgraphError(f"$CLAIMGRAPH_TIMEOUT={shown(value)} must be between 0 and 86400 seconds")
    return seconds


class Overdue(Exception):
    """The work was still running when its deadline passed (it is left to finish on its own)."""


def run_within(work, seconds: float, name: str):
    """`work()` on a daemon thread, waited for at most `seconds`: its result, or what it raised."""
    outcome: dict = {}

    def attempt():
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the waiting thread
            outcome["error"] = exc

    worker = threading.Thread(target=attempt, name=name, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise Overdue
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    url: str

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def _retry_class():
    from urllib3.util.retry import Retry

    class CappedRetry(Retry):
        """Retry that never sleeps past the call's deadline, nor longer than MAX_RETRY_AFTER at once."""

        deadline: float = float("inf")

        def new(self, **kwargs):
            retry = super().new(**kwargs)
            retry.deadline = self.deadline
            return retry

        def _remaining(self) -> float:
            return max(0.0, self.deadline - time.monotonic() - 0.5)

        def get_retry_after(self, response):
            seconds = super().get_retry_after(response)
            return None if seconds is None else min(seconds, MAX_RETRY_AFTER, self._remaining())

        def get_backoff_time(self) -> float:
            return min(super().get_backoff_time(), self._remaining())

    return CappedRetry


class HttpClient:
    """HTTP calls to one endpoint's host: retried, bounded in time, kept on that host."""

    def __init__(self, user_agent: str, deadline: float | None = None, retries: int = 4, backoff: float = 1.0):
        self.user_agent = user_agent
        self.deadline = deadline if deadline is not None else default_deadline()
        self.retries = retries
        self.backoff = backoff
        self.requests = 0

    def request(self, method: str, url: str, *, data: bytes | None = None, headers: dict | None = None,
                what: str | None = None) -> Answer:
        """One call, within the deadline, or one ClaimgraphError saying what went wrong."""
        what = what or url
        deadline = time.monotonic() + self.deadline
        session_box: dict = {}
        try:
            return run_within(lambda: self._call(method, url, data, headers or {}, deadline, session_box),
                              self.deadline + 0.2, "claimgraph-http")
        except Overdue:
            session = session_box.get("session")
            if session is not None:
                session.close()
            raise ClaimgraphError(f"{what} gave no complete answer within {self.deadline:g} s; try again later, or "
                                  "allow longer with --timeout SECONDS") from None
        except ClaimgraphError:
            raise
        except Exception as error:
            raise ClaimgraphError(f"the request to {what} failed ({_reason(error)})") from None

    def _call(self, method, url, data, headers, deadline, session_box) -> Answer:
        import requests
        from requests.adapters import HTTPAdapter

        retry = _retry_class()(total=self.retries, connect=1, read=1, status=self.retries,
                               backoff_factor=self.backoff, status_forcelist=RETRY_STATUSES,
                               allowed_methods=None, respect_retry_after_header=True, raise_on_status=False,
                               redirect=0)
        retry.deadline = deadline
        session = requests.Session()
        session_box["session"] = session
        session.mount("http://", HTTPAdapter(max_retries=retry))
        session.mount("https://", HTTPAdapter(max_retries=retry))
        headers = {"User-Agent": self.user_agent, **headers}
        origin = _origin(url)
        try:
            for _ in range(5):  # redirects, on the same host only
                remaining = max(0.1, deadline - time.monotonic())
                self.requests += 1
                response = session.request(method, url, data=data, headers=headers, stream=True,
                                           allow_redirects=False, timeout=(min(10.0, remaining), min(30.0, remaining)))
                if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
                    target = urllib.parse.urljoin(url, response.headers["location"])
                    response.close()
                    if _origin(target) != origin:
                        raise ClaimgraphError(f"{url} redirected to another host ({shown(target)}); claimgraph does "
                                              "not follow redirects off the endpoint's host: use the final URL if you "
                                              "trust it")
                    if method != "GET" and response.status_code in (301, 302, 303):
                        raise ClaimgraphError(f"{url} redirected a {method} to {shown(target)} with HTTP "
                                              f"{response.status_code}, which would drop the request body; use that "
                                              "URL instead")
                    url = target
                    continue
                body = bytearray()
                for chunk in response.iter_content(65536):
                    body += chunk
                    if len(body) > MAX_BODY:
                        raise ClaimgraphError(f"{url} answered more than {MAX_BODY // 2**20} MB; refusing the rest")
                answer = Answer(response.status_code, {k.lower(): v for k, v in response.headers.items()},
                                bytes(body), url)
                response.close()
                return answer
            raise ClaimgraphError(f"{url} redirected more than 4 times")
        except requests.exceptions.RetryError as exc:
            raise ClaimgraphError(f"{url} kept failing after {self.retries + 1} attempts ({_reason(exc)})") from None
        except requests.exceptions.Timeout:
            raise ClaimgraphError(f"{url} did not answer in time; try again later, or allow longer with "
                                  "--timeout SECONDS") from None
        except requests.exceptions.ConnectionError as exc:
            raise ClaimgraphError(f"cannot reach {url} ({_reason(exc)}); check the address and the network, or use "
                                  "--offline where a command offers it") from None
        except requests.exceptions.RequestException as exc:
            raise ClaimgraphError(f"the request to {url} failed ({_reason(exc)})") from None
        finally:
            session.close()


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def _reason(exc: Exception) -> str:
    """The innermost reason of a requests/urllib3 error, in a few words."""
    reason = exc
    for _ in range(5):
        inner = getattr(reason, "reason", None) or (reason.args[0] if reason.args and
                                                     isinstance(reason.args[0], Exception) else None)
        if inner is None or inner is reason:
            break
        reason = inner
    text = " ".join(str(reason).split())
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text or "Temporary failure in name" in text:
        return "unknown host"
    return text[:160] or type(reason).__name__
