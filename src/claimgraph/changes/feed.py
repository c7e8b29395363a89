"""Status changes as an Atom 1.0 feed (RFC 4287), so that any feed reader can follow a project.

The feed is made from the data alone: its `updated` is the day of the latest change, never the
clock, so the same graph gives the same bytes. An entry's id is the claim's IRI with the change
in its fragment: permanent and the same whichever host serves the feed.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable
from urllib.parse import quote
from xml.etree import ElementTree as ET

from ..errors import ClaimgraphError, shown
from .history import StatusChange

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = dt.date(1970, 1, 1)  # `updated` of a feed with no change yet: Atom requires one


def claim_page(base_url: str, claim_iri: str) -> str:
    """The web app's page of a claim: /claim/ and the last segment of its IRI."""
    return f"{base_url}/claim/{quote(claim_iri.rsplit('/', 1)[-1], safe='')}"


def atom_feed(changes: Iterable[StatusChange], base_url: str,
              claim_url: Callable[[str, str], str] = claim_page, title: str = "claimgraph: claim status changes") -> bytes:
    """The changes, newest first, as an Atom feed whose links start with `base_url` (http or https)."""
    base = base_url.rstrip("/")
    if not base.startswith(("http://", "https://")) or any(c in base for c in ' <>"{}|\\^`\n'):
        raise ClaimgraphError(f"the feed's base URL {shown(base_url)} is not an http(s) URL")
    newest_first = sorted(changes, key=lambda c: (c.on, c.claim_text, c.claim), reverse=True)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", title)
    _text(feed, "id", f"{base}/changes.atom")
    _text(feed, "updated", _stamp(newest_first[0].on if newest_first else EPOCH))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=f"{base}/changes.atom")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "claimgraph")
    _text(feed, "generator", "claimgraph")
    for change in newest_first:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", f"{change.claim_text.rstrip('.')}: {change.before or 'new'} → {change.after}")
        _text(entry, "id", f"{change.claim}#status-{change.on.isoformat()}-{change.before or 'new'}-{change.after}")
        _text(entry, "updated", _stamp(change.on))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=claim_url(base, change.claim))
        entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(entry_author, "name", change.speakers)
        _text(entry, "summary", change.line() + (f", reported in {change.article}" if change.article else ""))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text


def _stamp(day: dt.date) -> str:
    """An RFC 3339 date-time for a day: its start, in UTC."""
    return f"{day.isoformat()}T00:00:00Z"
