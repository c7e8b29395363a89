"""Support for tests and measurements: a real Oxigraph SPARQL server on 127.0.0.1, and project copies
with their curated Wikidata links removed (so the linker has something to find).

The server is the `oxigraph` command from PyPI (`serve-read-only`), loaded from RDF files into a
temporary store; nothing is sent beyond the loopback interface.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import ClaimgraphError


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_server(*files: Path, startup_seconds: float = 30.0) -> Iterator[str]:
    """Yield the SPARQL query URL of a read-only Oxigraph server holding `files`."""
    binary = shutil.which("oxigraph")
    if binary is None:
        raise ClaimgraphError("the `oxigraph` server is not installed (pip install oxigraph)")
    with tempfile.TemporaryDirectory(prefix="claimgraph-oxigraph-") as location:
        for path in files:
            subprocess.run([binary, "load", "--location", location, "--file", str(path)],
                           check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen([binary, "serve-read-only", "--location", location, "--bind", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}/query"
        try:
            _wait_until_ready(url, server, startup_seconds)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_ready(url: str, server: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ClaimgraphError(f"oxigraph server exited: {server.stderr.read().decode(errors='replace')[:300]}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise ClaimgraphError(f"oxigraph server did not answer on {url} within {seconds:.0f} s")


def strip_curated_links(root: Path) -> None:
    """Remove the hand-curated `wikidata:` ids from a project copy's annotations."""
    for path in (root / "annotations").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r", wikidata: Q[0-9]+\}", "}", text)
        text = re.sub(r"\n    wikidata: Q[0-9]+(?=\n)", "", text)
        path.write_text(text, encoding="utf-8")
