"""Parses written by hand, so that rule tests need no statistical model (the way spaCy's own
matcher tests build their Docs): a sentence and a table with one row per token,

    word  head  dep  pos  tag  lemma  [entity IOB-label]

and a line `--` where a new sentence starts. `fields` is what a test compares with the installed
pipeline's own parse of the same text, so that the tables stay honest."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

VOCAB = spacy.blank("en").vocab


def hand_parse(text: str, table: str) -> Doc:
    """The table as a Doc whose text is exactly `text`."""
    rows, starts, new_sentence = [], [], True
    for line in table.strip().splitlines():
        if line.strip() == "--":
            new_sentence = True
            continue
        rows.append(line.split())
        starts.append(new_sentence)
        new_sentence = False
    words, spaces, position = [], [], 0
    for row in rows:
        assert text.startswith(row[0], position), (row[0], text[position:])
        position += len(row[0])
        spaces.append(text[position:position + 1] == " ")
        position += spaces[-1]
        words.append(row[0])
    assert position == len(text), text
    doc = Doc(VOCAB, words=words, spaces=spaces, heads=[int(r[1]) for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], tags=[r[4] for r in rows], lemmas=[r[5] for r in rows],
              ents=[r[6] if len(r) > 6 else "O" for r in rows], sent_starts=starts)
    assert doc.text == text
    return doc


def fields(doc) -> list[tuple]:
    """Every field a table gives, token by token."""
    return [(t.text, t.whitespace_, t.head.i, t.dep_, t.pos_, t.tag_, t.lemma_, t.ent_iob_, t.ent_type_,
             t.is_sent_start) for t in doc]
