"""An article file: its header (date, outlet, title) and the body that offsets count in.

Two header forms are accepted, because both occur in the material we receive: a
`date YYYY-MM-DD` prefix on the first line (the seed article), or `key: value` lines ended by a
blank line. Offsets are Unicode code points from the first character of the body, which is the
text after the header with surrounding white space removed; the same body is stored in the
graph, so every offset can be checked there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ClaimgraphError, shown
from . import textfile

MAX_ARTICLE_BYTES = 2_000_000
HEADER_KEYS = ("date", "outlet", "title", "url", "byline", "section", "language")

_DATE_PREFIX = re.compile(r"\s*date\s+(\S+)\s+")
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z_-]*)\s*:\s*(.*)")


@dataclass(frozen=True)
class Article:
    path: Path
    name: str
    date: dt.date
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes = b""

    @property
    def title(self) -> str | None:
        return self.headers.get("title")

    @property
    def outlet(self) -> str | None:
        return self.headers.get("outlet")


def read_article(path: Path, shown_as: object = None, *, today: dt.date | None = None) -> Article:
    """Read and check an article file; every problem is a ClaimgraphError naming the file."""
    path = Path(path)
    where = shown_as or path
    return parse_article(textfile.read_bytes(path, "article", where), path, where, today=today)


def parse_article(raw: bytes, path: Path, where: object, *, today: dt.date | None = None) -> Article:
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ClaimgraphError(f"article is {len(raw):,} bytes; the limit is {MAX_ARTICLE_BYTES:,}", path=where)
    if not raw.strip():
        raise ClaimgraphError("article is empty", path=where)
    if b"\x00" in raw:
        raise ClaimgraphError("article contains NUL bytes; it looks like a binary file, not text", path=where)
    text = textfile.decode(raw, "article", where).replace("\r\n", "\n").replace("\r", "\n")
    headers, body = _split_header(text, where)
    if not body:
        raise ClaimgraphError("article has a header but no body text", path=where)
    if "date" not in headers:
        raise ClaimgraphError(
            "article has no date header; start it with 'date YYYY-MM-DD' or a 'date: YYYY-MM-DD' line",
            path=where, line=1)
    try:
        date = dt.date.fromisoformat(headers["date"])
    except ValueError:
        raise ClaimgraphError(f"article date {shown(headers['date'])} is not a date in the form YYYY-MM-DD",
                              path=where, line=1, field="date") from None
    latest = (today or dt.date.today()) + dt.timedelta(days=1)  # a day's grace for time zones
    if date > latest:
        raise ClaimgraphError(f"article date {date.isoformat()} is in the future; give the publication date",
                              path=where, line=1, field="date")
    return Article(path=path, name=path.stem, date=date, body=body, headers=headers, raw=raw)


def _split_header(text: str, where: object) -> tuple[dict[str, str], str]:
    prefix = _DATE_PREFIX.match(text)
    if prefix:
        return {"date": prefix.group(1)}, text[prefix.end():].strip()
    lines = text.lstrip("\n").split("\n")
    headers: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if headers:
                return headers, "\n".join(lines[number:]).strip()
            break
        match = _HEADER_LINE.fullmatch(line.strip())
        if not match or match.group(1).lower() not in HEADER_KEYS:
            if headers:
                raise ClaimgraphError(f"article header is not followed by a blank line and a body ({shown(line.strip())} "
                                      f"is not a header line; the header keys are {', '.join(HEADER_KEYS)})",
                                      path=where, line=number)
            break
        key = match.group(1).lower()
        if key in headers:
            raise ClaimgraphError(f"the header gives '{key}' twice", path=where, line=number, field=key)
        headers[key] = match.group(2).strip()
    if headers:
        raise ClaimgraphError("article header is not followed by a blank line and a body", path=where,
                              line=len(headers))
    return {}, text.strip()
