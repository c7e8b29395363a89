"""The furniture of news copy: datelines ("SEOUL, Oct. 25 (Reuters) -"), bylines, source tags
("(LEAD)", "/TASS/."), liveblog timestamps, reporting tails ("(Reporting by ...)") and the speaker
labels of transcripts and broadcast scripts ("GEN. RYDER:", "Q:", "Anchor:").

None of it is anyone saying anything, so the parser never sees it: `readable` blanks it out with
spaces of the same length, which keeps every character offset of the body, so quotes are still
cut from the article's own text. A transcript's labels are kept apart (`labels`): whoever a label
names is the "I" and "we" of its paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = r"(?:[A-Z][\w.'’-]*|\d{1,4}[.,]?)"  # "Oct", "Jan.", "25", "Ukraine", "2024,"
_PLACE = r"[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+)*"  # SEOUL, UNITED NATIONS, KYIV (all capitals)
_TAG = r"(?:\([^()\n]{2,40}\)\s*[-–—]{1,2}|/[^/\n]{2,20}/\.?)"  # "(Reuters) -", "(Yonhap) --", "/TASS/."
DATELINE = re.compile(rf"{_PLACE}(?:,\s*{_WORD}(?:\s+{_WORD}){{0,3}})?\s*{_TAG}\s*"
                      rf"|[A-Z][A-Z.'’-]{{2,}}(?: [A-Z][A-Z.'’-]+)*\s+[-–—]{{1,2}}\s+")  # or "SEOUL - "
BYLINE = re.compile(r"By\s+[A-Z][a-z][\w.'’-]*(?:\s+(?:[A-Z][a-z][\w.'’-]*|[A-Z]\.|and|&)|\s*,\s*(?=[A-Z][a-z])){0,8}"
                    r"(?:\s*[,|]\s*(?:[A-Z][a-z]+\s*){1,3}(?=\n))?\s*")
SOURCE_TAG = re.compile(r"\((?:[A-Z0-9][\w .&'-]{0,24})\)\s*(?:[-–—]{1,2}\s*)?(?=[A-Z\"“‘'(])")
TIMESTAMP = re.compile(r"(?:Updated\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?\s*(?:[-–—:|]\s*|(?=\n|$))")
TAIL = re.compile(r"\((?:Reporting|Writing|Editing|Additional reporting|Compiled)\b[^()]*\)\s*$"
                  r"|[^\n]{0,160}\bcontributed (?:to )?(?:this )?(?:report|story)\.?\s*$")
LABEL = re.compile(r"(?P<label>(?:[A-Z][A-Z.'’-]*\s+){0,9}[A-Z][A-Z.'’-]*|Q|Question|Anchor|Reporter|Report|"
                   r"Correspondent|Moderator)\s*:\s+")
BULLET = re.compile(r"[•·▪◦‣*-]\s+")


@dataclass(frozen=True)
class Label:
    """A transcript or script label: its text, and the paragraph it heads (character offsets)."""

    text: str
    start: int
    end: int


def furniture(body: str) -> list[tuple[int, int]]:
    """Character spans of the body that are furniture, in text order."""
    spans = []
    for start, end in _paragraphs(body):
        at = start
        for pattern in (TIMESTAMP, BYLINE, DATELINE, SOURCE_TAG, BULLET):
            found = pattern.match(body, at, end)
            if found and found.end() > at and (pattern is not BYLINE or _byline_ends_well(body, found.end(), end)):
                spans.append((at, found.end()))
                at = found.end()
        label = LABEL.match(body, at, end)
        if label:
            spans.append((at, label.end()))
        tail = TAIL.search(body, at, end)
        if tail and (tail.start() == at or body[tail.start() - 1] in "\n"):
            spans.append((tail.start(), tail.end()))
    return spans


def labels(body: str) -> list[Label]:
    """Each labelled paragraph of a transcript or broadcast script, with its label's text."""
    out = []
    for start, end in _paragraphs(body):
        at = start
        for pattern in (TIMESTAMP, BULLET):
            found = pattern.match(body, at, end)
            if found:
                at = found.end()
        label = LABEL.match(body, at, end)
        if label and not DATELINE.match(body, at, end):
            out.append(Label(label.group("label"), start, end))
    return out


def readable(body: str) -> str:
    """The body with its furniture blanked out: the same length, every offset unchanged. A heading
    (a short line with no full stop, as liveblog entries and subheads have) gets one on the line
    break after it, so the parser does not run it into the next paragraph's first sentence."""
    chars = list(body)
    for start, end in furniture(body):
        for i in range(start, end):
            if chars[i] not in "\n":
                chars[i] = " "
    for start, end in _paragraphs(body):
        text = "".join(chars[start:end]).strip()
        if text and len(text) <= HEADING_CHARS and end < len(body) and chars[end] == "\n" \
                and not text.endswith(SENTENCE_ENDS):
            chars[end] = "."
    return "".join(chars)


HEADING_CHARS = 120
SENTENCE_ENDS = (".", "!", "?", ":", ";", ",", '"', "”", "-", "–", "—")


def _paragraphs(body: str):
    position = 0
    for line in body.split("\n"):
        stripped = len(line) - len(line.lstrip())
        if line.strip():
            yield position + stripped, position + len(line.rstrip())
        position += len(line) + 1


def _byline_ends_well(body: str, at: int, end: int) -> bool:
    """A byline stands alone on its line or runs into a dateline ("By Jane Doe SEOUL, ...")."""
    return at >= end or DATELINE.match(body, at, end) is not None
