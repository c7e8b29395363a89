"""Support for tests and measurements: real SPARQL servers on 127.0.0.1 (Oxigraph; Virtuoso 7 from
Debian's virtuoso-opensource-7-bin), and project copies with their curated Wikidata links removed
(so the linker has something to find).

The server is the `oxigraph` command from PyPI (`serve-read-only`), loaded from RDF files into a
temporary store; nothing is sent beyond the loopback interface.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from claimgraph.errors import ClaimgraphError
from claimgraph.publish.serve import free_port, running_server, stop_process, wait_until_ready

__all__ = ["free_port", "oxigraph_server", "strip_curated_links", "virtuoso_server"]

VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
"""


@contextmanager
def oxigraph_server(*files: Path) -> Iterator[str]:
    """Yield the SPARQL query URL of a read-only Oxigraph server on 127.0.0.1 holding `files`."""
    with running_server([(path, None) for path in files]) as url:
        yield url


@contextmanager
def virtuoso_server() -> Iterator[str]:
    """Yield the SPARQL endpoint (query and update) of a fresh Virtuoso 7 on 127.0.0.1."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not binary or not isql:
        raise ClaimgraphError("Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)")
    with tempfile.TemporaryDirectory(prefix="claimgraph-virtuoso-") as directory:
        sql, http = free_port(), free_port()
        ini = Path(directory) / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(d=directory, sql=sql, http=http))
        server = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=directory,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{http}/sparql"
        try:
            wait_until_ready(url, server, 120)
            granted = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba",
                                      'exec=GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'],
                                     capture_output=True, text=True, timeout=60)
            if granted.returncode != 0:
                raise ClaimgraphError(f"could not open Virtuoso for updates: {granted.stdout}{granted.stderr}")
            yield url
        finally:
            stop_process(server)


def strip_curated_links(root: Path) -> None:
    """Remove the hand-curated `wikidata:` ids from a project copy's annotations."""
    for path in (root / "annotations").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r", wikidata: Q[0-9]+\}", "}", text)
        text = re.sub(r"\n    wikidata: Q[0-9]+(?=\n)", "", text)
        path.write_text(text, encoding="utf-8")
