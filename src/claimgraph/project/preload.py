"""The graph/ files of the last build, read at once and loaded into an Oxigraph store in a second
thread while `claimgraph build` imports its code and reads the annotations: adding one article to
1,000, loading the 1,000 graphs kept was the largest part of the build, and Oxigraph parses
without holding Python's lock, so on two cores it costs next to no time.

Nothing here is trusted: the build checks each file's bytes, as read here, against the manifest
(see `update.plan_build`), and uses the store only if the files it keeps are exactly the files
loaded here. Otherwise it loads the graph anew, as it would have without this.
"""

from __future__ import annotations

import json
import threading

from .layout import Workspace


class Preload:
    def __init__(self, workspace: Workspace):
        # The files are read here, not in the thread: reading a thousand files there would wait for
        # Python's lock between files while the build imports its code (seconds instead of 0.05 s).
        self._bytes = _graph_files(workspace)
        self._store = None
        self._failure: BaseException | None = None
        # A daemon: a build that needs no store (nothing changed) or fails does not wait for it to end.
        self._thread = threading.Thread(target=self._load, name="claimgraph-preload", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        if not self._bytes:
            return
        try:
            import pyoxigraph as ox

            store = ox.Store()
            store.bulk_load(b"".join(self._bytes[name] for name in sorted(self._bytes)), format=ox.RdfFormat.TURTLE,
                            to_graph=ox.DefaultGraph())
            self._store = store
        except BaseException as exc:  # a file that is not Turtle: the build names it when it loads anew
            self._failure = exc

    def graph_bytes(self) -> dict[str, bytes]:
        """Each graph/ file of the last build's manifest, by article name, as read (unreadable ones left out)."""
        return self._bytes

    def store_of(self, kept: list[str]):
        """The store holding exactly the graphs of these articles as read here, or None when the
        build keeps other files than those read here (an article edited or removed)."""
        if sorted(kept) != sorted(self.graph_bytes()):
            return None
        self._thread.join()
        return self._store if self._failure is None else None

    def finish(self) -> None:
        """Wait for the load to end: before worker processes are forked, which must not copy a
        process in the middle of a second thread's work."""
        self._thread.join()


def _graph_files(workspace: Workspace) -> dict[str, bytes]:
    try:
        names = sorted(json.loads(workspace.manifest_file.read_bytes())["articles"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # never built, or a manifest the build will not trust either
    found = {}
    for name in names:
        try:
            found[name] = workspace.graph_path(name).read_bytes()
        except OSError:
            pass  # the build reads it again, fails to, and builds the article afresh
    return found
