"""What an analyst follows: claims and saved queries, kept in the project's watch.yaml.

A watched claim's changes come first in `claimgraph changes` and the feed. A watched saved query
stands for the claims it returns (its ?claim column), whatever they are when it runs, so
watching `unconfirmed` follows every claim that is unconfirmed now. The file is plain YAML an
analyst may edit; `claimgraph watch` writes it through the project's transaction, whole or not
at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..errors import ClaimgraphError, shown
from ..model import textfile, yamlfile
from ..project.layout import Workspace
from ..project.transaction import Change, commit, writing
from ..query import catalogue
from ..rdf import iris
from ..rdf.namespaces import CLAIM
from .history import StatusChange

WATCH_FILE = "watch.yaml"
HEADER = ("# What this project's analyst follows: claims (ids as in the annotations) and saved queries\n"
          "# (the claims they return). Written by `claimgraph watch`; edit it or use `claimgraph watch --remove`.\n")


@dataclass(frozen=True)
class Watchlist:
    claims: tuple[str, ...] = ()  # claim ids (the last segment of the claim's IRI)
    queries: tuple[str, ...] = ()  # saved query names

    def render(self) -> bytes:
        body = yaml.safe_dump({"claims": list(self.claims), "queries": list(self.queries)}, sort_keys=False,
                              allow_unicode=True, default_flow_style=False)
        return (HEADER + body).encode("utf-8")


def read_watchlist(workspace: Workspace) -> Watchlist:
    """watch.yaml, or an empty list when there is none; a malformed file is one line naming it."""
    path = workspace.root / WATCH_FILE
    if not path.is_file():
        return Watchlist()
    data, lines = yamlfile.load(textfile.read_text(path, "watch list", WATCH_FILE), WATCH_FILE, kind="watch list")
    data = data or {}
    if not isinstance(data, dict) or set(data) - {"claims", "queries"}:
        raise ClaimgraphError("must map 'claims' and 'queries' to lists", path=WATCH_FILE, line=1)
    found = {}
    for key in ("claims", "queries"):
        items = data.get(key) or []
        if not isinstance(items, list):
            raise ClaimgraphError(f"must be a list of names, not {shown(items)}", path=WATCH_FILE,
                                  line=lines.get((key,)), field=key)
        for index, item in enumerate(items):
            if not iris.is_slug(item):
                raise ClaimgraphError(f"{shown(item)} is not a {'claim id' if key == 'claims' else 'query name'}", path=WATCH_FILE,
                                      line=lines.get((key, index)), field=key)
        found[key] = tuple(items)
    return Watchlist(found["claims"], found["queries"])


def watched(workspace: Workspace, store) -> set[str]:
    """The IRIs of the claims the analyst follows: those watched, and those watched queries return now."""
    from ..project import resources

    watchlist = read_watchlist(workspace)
    claims = {str(iris.claim(key)) for key in watchlist.claims}
    saved = resources.saved_queries(workspace)
    for name in watchlist.queries:
        if name not in saved:
            raise ClaimgraphError(f"watches the query {name!r}, which is no longer in queries/; "
                                  f"`claimgraph watch --remove {name}`", path=WATCH_FILE)
        claims |= _claims_returned(saved[name], store)
    return claims


def watched_first(changes: list[StatusChange], watching: set[str]) -> list[StatusChange]:
    """The changes of watched claims first, each part in the order it had."""
    return [c for c in changes if c.claim in watching] + [c for c in changes if c.claim not in watching]


def watch(workspace: Workspace, store, target: str, remove: bool = False) -> tuple[str, str]:
    """Add `target` (a claim id or IRI, or a saved query's name) to watch.yaml, or take it out.
    Returns what it is ("claim" or "query") and its name. The list is read and written under the
    project's write lock, so two analysts watching at once both get their way."""
    command = f"claimgraph watch {'--remove ' if remove else ''}{target}"[:200]
    with writing(workspace.root, command):
        watchlist = read_watchlist(workspace)
        kind, name = _what(workspace, store, target, watchlist, remove)
        listed = watchlist.claims if kind == "claim" else watchlist.queries
        updated = tuple(n for n in listed if n != name) if remove else tuple(dict.fromkeys([*listed, name]))
        watchlist = Watchlist(updated, watchlist.queries) if kind == "claim" else Watchlist(watchlist.claims, updated)
        change = Change()
        change.write(WATCH_FILE, watchlist.render())
        commit(workspace.root, change, command)
    return kind, name


def _what(workspace: Workspace, store, target: str, watchlist: Watchlist, remove: bool) -> tuple[str, str]:
    """Whether `target` names a claim or a saved query, and its name in watch.yaml. To stop watching,
    the list is what counts (a claim or query may have gone from the project since)."""
    from ..project import resources

    saved = resources.saved_queries(workspace)
    key = _claim_key(target)
    if remove:
        is_query, is_claim = target in watchlist.queries, key is not None and key in watchlist.claims
    else:
        is_query, is_claim = target in saved, key is not None and _claim_exists(store, key)
    if is_query and is_claim:
        raise ClaimgraphError(f"{target!r} names both a saved query and a claim; write claim:{target} for the claim")
    if is_query:
        if not remove:
            _claims_returned(saved[target], store)  # refuse a query that names no claims now, not when it runs
        return "query", target
    if is_claim:
        return "claim", key
    if remove:
        raise ClaimgraphError(f"{shown(target)} is not watched; `claimgraph watch` lists what is")
    raise ClaimgraphError(f"{shown(target)} is neither a claim in the graph nor a saved query; give a claim id "
                          "(as in the annotations), claim:ID, a claim IRI, or a name `claimgraph queries` lists")


def _claim_key(target: str) -> str | None:
    for prefix in ("", "claim:", str(CLAIM)):
        if target.startswith(prefix) and iris.is_slug(target[len(prefix):]):
            return target[len(prefix):]
    return None


def _claim_exists(store, key: str) -> bool:
    return bool(store.query(f"ASK {{ <{iris.claim(key)}> a <https://w3id.org/claimgraph/ontology#Claim> }}"))


def _claims_returned(saved: catalogue.SavedQuery, store) -> set[str]:
    """The IRIs in the query's ?claim column; a query with parameters, or without that column, cannot be watched."""
    import pyoxigraph as ox

    if saved.parameters:
        raise ClaimgraphError(f"the query {saved.name!r} takes parameters ({', '.join(saved.parameters)}); only a "
                              "query without parameters can be watched")
    try:
        solutions = store.query(saved.text)
    except SyntaxError as exc:
        raise catalogue.not_sparql(saved, "Oxigraph", str(exc), None) from None
    if not isinstance(solutions, ox.QuerySolutions) or "claim" not in [v.value for v in solutions.variables]:
        raise ClaimgraphError(f"the query {saved.name!r} returns no ?claim column, so it names no claims to watch")
    return {row["claim"].value for row in solutions if isinstance(row["claim"], ox.NamedNode)}
