"""The built graph kept in an on-disk Oxigraph store (.claimgraph/store/), so that one query of a
large project starts at once instead of loading every graph/ file first.

Measured at 1,000 generated articles (benchmarks/README.md): loading graph/ into memory takes
longer than the saved queries themselves, while the on-disk store opens in milliseconds. A
server answering many queries still loads into memory, where queries run faster.

The store is a cache of graph/: the articles' triples, the derived ones and the ontology, all in
its default graph, which queries read as it is. (Derived triples in a named graph read through
Oxigraph's union default graph made the saved queries about 1.8 times slower on RocksDB: every
pattern then scans every graph.) The derived triples are also kept beside the store as N-Triples
lines, so that the next build changes just those that differ. The store is trusted only when its
stamp names the very graph/ files and ontology it was made from; a build that added articles
inserts them, any other change remakes the store.
It is written under the switch lock, which readers hold shared while they use it, since RocksDB
must not be read while another process writes it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
from pathlib import Path

from ..errors import ClaimgraphError
from .layout import Workspace
from .transaction import STATE_DIR, _flock, reading

STORE = "store"
STAMP = "store.stamp"


def _dir(workspace: Workspace) -> Path:
    return workspace.root / STATE_DIR / STORE


def _stamp_path(workspace: Workspace) -> Path:
    return workspace.root / STATE_DIR / STAMP


def _derived_path(workspace: Workspace) -> Path:
    return workspace.root / STATE_DIR / "store.inferred.nt"


def _triples(lines: set[bytes]):
    import pyoxigraph as ox

    return ox.parse(b"\n".join(sorted(lines - {b""})) + b"\n", format=ox.RdfFormat.N_TRIPLES)


def current_stamp(workspace: Workspace) -> str | None:
    """What the store must have been made from: every graph/ file and the ontology, by name, size
    and modification time (a file edited by hand changes them; a build rewrites only what changed)."""
    try:
        graph = os.fspath(workspace.graph_dir)
        files = [os.path.join(graph, name) for name in sorted(os.listdir(graph))
                 if name.endswith(".ttl")] + [os.fspath(workspace.ontology_file)]
        listing = "\n".join(f"{os.path.basename(path)} {stat.st_size} {stat.st_mtime_ns}"
                            for path, stat in ((path, os.stat(path)) for path in files))
        return hashlib.sha256(listing.encode("utf-8")).hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def open_persisted(workspace: Workspace):
    """The on-disk store if it is up to date with graph/, held open under the shared switch lock;
    else None (the caller loads graph/ into memory)."""
    with reading(workspace.root):
        stamp = current_stamp(workspace)
        try:
            fresh = stamp is not None and _stamp_path(workspace).read_text(encoding="ascii") == stamp
        except OSError:
            fresh = False
        if not fresh:
            yield None
            return
        import pyoxigraph as ox

        try:
            store = ox.Store.read_only(str(_dir(workspace)))
        except OSError:
            yield None
            return
        yield store


def refresh(workspace: Workspace, added: list[str] | None, previous_stamp: str | None,
            inferred: bytes | None = None) -> None:
    """Bring the on-disk store up to date with graph/ after a build. If the store was up to date
    before the build (`previous_stamp`) and the build only added articles, insert them, and of the
    derived triples (`inferred`, N-Triples) change those that differ from the last ones, kept
    beside the store as N-Triples lines (a set difference of lines, where parsing both would cost
    more than the rest of the update); else make the store anew. A failure only leaves the store
    stale (and unused): graph/ is what counts."""
    import pyoxigraph as ox

    state = workspace.root / STATE_DIR
    stamp = current_stamp(workspace)
    if stamp is None:
        return
    try:
        with _flock(state / "switch.lock", fcntl.LOCK_EX):
            try:
                was = _stamp_path(workspace).read_text(encoding="ascii")
            except OSError:
                was = None
            if was == stamp:
                return
            with contextlib.suppress(FileNotFoundError):
                _stamp_path(workspace).unlink()  # from here the store is stale until the new stamp is written
            kept = _derived_path(workspace)
            incremental = (added is not None and inferred is not None and was is not None and was == previous_stamp
                           and _dir(workspace).is_dir() and kept.is_file())
            if not incremental:
                shutil.rmtree(_dir(workspace), ignore_errors=True)
            store = ox.Store(str(_dir(workspace)))
            default = ox.DefaultGraph()
            if incremental:  # a few small files, and the derived triples that changed: a transaction each
                before, after = set(kept.read_bytes().splitlines()), set(inferred.splitlines())
                # Derived triples no longer derived go first: none was asserted by an article kept, and
                # the new articles, loaded next, put back any that they assert.
                for triple in _triples(before - after):
                    store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, default))
                for name in added:
                    store.load(path=str(workspace.graph_path(name)), format=ox.RdfFormat.TURTLE, to_graph=default)
                store.extend([ox.Quad(t.subject, t.predicate, t.object, default) for t in _triples(after - before)])
            else:  # one bulk load: a thousand small ones cost forty times as much (RocksDB writes a file each)
                data = [path for path in workspace.graph_files() if path != workspace.inferred_file]
                store.bulk_load(b"".join(path.read_bytes() for path in [*data, workspace.ontology_file]),
                                format=ox.RdfFormat.TURTLE, to_graph=default)
                if inferred is None:  # after an ingest or a promotion, which do not hand the derived triples over
                    derived = ox.Store()
                    derived.bulk_load(path=str(workspace.inferred_file), format=ox.RdfFormat.TURTLE, to_graph=default)
                    inferred = derived.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=default)
                store.bulk_load(inferred, format=ox.RdfFormat.N_TRIPLES, to_graph=default)
                store.optimize()  # compacted, the saved queries run 1.5 times faster at 1,000 articles
            kept.write_bytes(inferred)
            store.flush()
            del store
            _stamp_path(workspace).write_text(stamp, encoding="ascii")
    except (OSError, ClaimgraphError, SyntaxError, ValueError):
        shutil.rmtree(_dir(workspace), ignore_errors=True)
