"""Read an article file: its header (date, outlet, title) and the body that offsets count in.

Two header forms are accepted, because both occur in the material we receive:
a `date YYYY-MM-DD` prefix on the first line (the seed article), or `key: value` lines
ended by a blank line (the development articles). Offsets are Unicode code points from the
first character of the body, which is the text after the header with surrounding white space
removed; the same body is stored in the graph, so every offset can be checked there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ClaimgraphError

MAX_ARTICLE_BYTES = 2_000_000

_DATE_PREFIX = re.compile(r"\s*date\s+(\S+)\s+")
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z_-]*)\s*:\s*(.*)")


@dataclass(frozen=True)
class Article:
    path: Path
    slug: str
    date: dt.date
    body: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str | None:
        return self.headers.get("title")

    @property
    def outlet(self) -> str | None:
        return self.headers.get("outlet")


def read_article(path: Path) -> Article:
    """Read and check an article file; every problem is a ClaimgraphError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise ClaimgraphError("article file not found", path=path)
    raw = path.read_bytes()
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ClaimgraphError(f"article is {len(raw):,} bytes; the limit is {MAX_ARTICLE_BYTES:,}", path=path)
    if not raw.strip():
        raise ClaimgraphError("article is empty", path=path)
    if b"\x00" in raw:
        raise ClaimgraphError("article contains NUL bytes; it looks like a binary file, not text", path=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ClaimgraphError(
            f"article is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); re-save it as UTF-8",
            path=path,
            line=line,
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    headers, body = _split_header(text, path)
    if not body:
        raise ClaimgraphError("article has a header but no body text", path=path)
    if "date" not in headers:
        raise ClaimgraphError(
            "article has no date header; start it with 'date YYYY-MM-DD' or a 'date: YYYY-MM-DD' line",
            path=path,
            line=1,
        )
    try:
        date = dt.date.fromisoformat(headers["date"])
    except ValueError:
        raise ClaimgraphError(
            f"article date {headers['date']!r} is not a date in the form YYYY-MM-DD", path=path, line=1, field="date"
        ) from None
    return Article(path=path, slug=path.stem, date=date, body=body, headers=headers)


def _split_header(text: str, path: Path) -> tuple[dict[str, str], str]:
    prefix = _DATE_PREFIX.match(text)
    if prefix:
        return {"date": prefix.group(1)}, text[prefix.end():].strip()
    lines = text.lstrip("\n").split("\n")
    headers: dict[str, str] = {}
    for number, line in enumerate(lines):
        if not line.strip():
            if headers:
                return headers, "\n".join(lines[number + 1:]).strip()
            break
        match = _HEADER_LINE.fullmatch(line.strip())
        if not match:
            break
        headers[match.group(1).lower()] = match.group(2).strip()
    if headers:
        raise ClaimgraphError(
            "article header is not followed by a blank line and a body", path=path, line=len(headers)
        )
    return {}, text.strip()
