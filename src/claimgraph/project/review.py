"""`claimgraph review`: the drafted statements an analyst should check, least confident first.

Read from the annotation files (not the graph, which may not be rebuilt since the analyst's last
edit): every statement of an annotation with a `draft:` block, with its speaker, stance, claim,
the extractor's confidence and the whole sentence of the article around its quote. Sentences are
cut by punctuation, not by spaCy, so that review is instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..errors import ClaimgraphError, shown
from ..model import textfile, yamlfile
from ..model.annotation import Annotation, annotation_from_data
from ..model.article import read_article
from .layout import Workspace, check_article_name

QUOTE_OPEN, QUOTE_CLOSE = "«", "»"

# A sentence ends at . ! or ? (closing quotes and brackets kept with it) before white space, or at
# a line break (paragraphs, datelines, "Anchor:" lines).
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019\u00bb)\]]*(?=\s|$)|\n")
_WORD_BEFORE = re.compile(r"(\S+)$")
# Words a full stop follows without ending the sentence (compared without their dots, lower case).
ABBREVIATIONS = frozenset("""
    mr mrs ms dr prof gen lt col maj capt cpt sgt adm cmdr gov sen rep pres st jr sr no nos vol fig approx est
    jan feb mar apr jun jul aug sep sept oct nov dec us un uk eu usa ussr dprk rok am pm vs etc eg ie inc ltd co corp
""".split())


@dataclass(frozen=True)
class DraftedStatement:
    article: str  # the article's name
    annotation: str  # annotations/NAME.yaml, relative to the project root
    line: int | None  # the statement's line in the annotation
    position: int  # its index among the annotation's statements
    statement: str
    speaker: str  # label
    speaker_id: str
    stance: str
    claim: str
    claim_text: str | None
    confidence: Decimal | None
    quote: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str  # the article's text from sentence_start to sentence_end

    @property
    def marked_sentence(self) -> str:
        """The sentence on one line with the quote between « and »."""
        before = self.sentence[:self.start - self.sentence_start]
        after = self.sentence[self.end - self.sentence_start:]
        return " ".join(f"{before}{QUOTE_OPEN}{self.quote}{QUOTE_CLOSE}{after}".split())

    def as_dict(self) -> dict:
        return {"article": self.article, "annotation": self.annotation, "line": self.line,
                "statement": self.statement, "speaker": self.speaker, "speaker_id": self.speaker_id,
                "stance": self.stance, "claim": self.claim, "claim_text": self.claim_text,
                "confidence": None if self.confidence is None else float(self.confidence),
                "quote": self.quote, "start": self.start, "end": self.end, "sentence": self.sentence,
                "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
                "marked": self.marked_sentence}


def sentence_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence (or sentences) of `body` holding body[start:end]."""
    first, last = 0, len(body)
    for match in _SENTENCE_END.finditer(body):
        if not _ends_sentence(body, match):
            continue
        if match.end() <= start:
            first = match.end()
        elif match.end() >= end:
            last = match.start() if match.group() == "\n" else match.end()
            break
    while first < start and body[first].isspace():
        first += 1
    while last > end and body[last - 1].isspace():
        last -= 1
    return first, last


def _ends_sentence(body: str, match: re.Match) -> bool:
    if match.group() == "\n":
        return True
    following = body[match.end():].lstrip()
    if following[:1].islower():  # '"Why?" he asked', 'approx. ten'
        return False
    if match.group().rstrip("\"'\u201d\u2019\u00bb)]") == ".":
        word = _WORD_BEFORE.search(body, 0, match.start())
        bare = word.group(1).lstrip("\"'\u201c\u2018\u00ab([").replace(".", "").lower() if word else ""
        if len(bare) == 1 and bare.isalpha() or bare in ABBREVIATIONS:  # an initial, "Gen.", "U.S."
            return False
    return True


def annotation_name(workspace: Workspace, given: str) -> str:
    """An annotation named as NAME, NAME.yaml or the path of annotations/NAME.yaml."""
    if "/" in given or "\\" in given:
        path = Path(given)
        try:
            inside = (workspace.root / path if not path.is_absolute() else path).resolve().parent == \
                workspace.annotations_dir.resolve() or path.resolve().parent == workspace.annotations_dir.resolve()
        except OSError:
            inside = False
        if not inside or path.suffix != ".yaml":
            raise ClaimgraphError(f"{shown(given)} is not an annotation of this project; name it as NAME or "
                                  "annotations/NAME.yaml")
        given = path.stem
    given = given.removesuffix(".yaml")
    check_article_name(given, given)
    if not workspace.annotation_path(given).is_file():
        raise ClaimgraphError(f"no annotation {workspace.relative(workspace.annotation_path(given))} in this project")
    return given


def read_raw(workspace: Workspace, name: str) -> tuple[str, object, dict]:
    """An annotation's text, data and lines (of each value, by its path in the data)."""
    path = workspace.annotation_path(name)
    where = workspace.relative(path)
    text = textfile.read_text(path, "annotation", where)
    data, lines = yamlfile.load(text, where)
    return text, data, lines


def is_draft(data: object) -> bool:
    return isinstance(data, dict) and "draft" in data


def drafted_statements(workspace: Workspace, names: list[str] | None = None,
                       below: Decimal | None = None) -> tuple[list[DraftedStatement], int]:
    """The statements of the drafted annotations (of `names`, else all), least confident first
    (statements without a confidence before all others), then by article and order in the file;
    and how many drafted statements there are before `below` is applied."""
    all_names = workspace.article_names()
    chosen = [annotation_name(workspace, n) for n in names] if names else all_names
    raw = {name: read_raw(workspace, name) for name in dict.fromkeys(chosen)}
    if names:
        for name, (_, data, _) in raw.items():
            if not is_draft(data):
                raise ClaimgraphError("is curated (it has no `draft:` block); only drafts are reviewed",
                                      path=workspace.relative(workspace.annotation_path(name)))
    drafts = {name: value for name, value in raw.items() if is_draft(value[1])}
    claim_texts = _claim_texts(workspace, drafts, all_names)
    found = []
    for name, (_, data, lines) in drafts.items():
        annotation = _checked(workspace, name, data, lines)
        body = annotation.article.body
        for position, s in enumerate(annotation.statements):
            first, last = sentence_bounds(body, s.start, s.end)
            found.append(DraftedStatement(
                name, str(annotation.path), lines.get(("statements", position)), position, s.id,
                annotation.entities[s.speaker].label, s.speaker, s.stance, s.claim, claim_texts.get(s.claim),
                s.confidence, s.quote, s.start, s.end, first, last, body[first:last]))
    total = len(found)
    if below is not None:
        found = [d for d in found if d.confidence is None or d.confidence < below]
    found.sort(key=lambda d: (d.confidence is not None, d.confidence or 0, d.article, d.position))
    return found, total


def _checked(workspace: Workspace, name: str, data, lines) -> Annotation:
    article_path = workspace.article_path(name)
    article = read_article(article_path, workspace.relative(article_path))
    return annotation_from_data(data, article, workspace.relative(workspace.annotation_path(name)), lines,
                                foreign_claims=True)


def _claim_texts(workspace: Workspace, drafts: dict, all_names: list[str]) -> dict[str, str]:
    """Each claim's text by id, from the annotation that declares it (a draft may state a claim
    that another annotation declares)."""
    texts: dict[str, str] = {}
    for name in all_names:
        data = drafts[name][1] if name in drafts else read_raw(workspace, name)[1]
        claims = data.get("claims") if isinstance(data, dict) else None
        for claim in claims if isinstance(claims, list) else []:
            if isinstance(claim, dict) and isinstance(claim.get("id"), str) and claim.get("text") is not None:
                texts.setdefault(claim["id"], " ".join(str(claim["text"]).split()))
    return texts

