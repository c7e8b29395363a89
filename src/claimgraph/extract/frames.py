"""Attribution frames: the reporting verbs of a sentence, who they are said by, and the clauses
they report ("X said (that) P", "P, X said", "X confirmed P", "X dismissed the reports",
"according to X, P"), each as a statement with its quote span."""

from __future__ import annotations

from . import dating, entities, speakers, stances
from .words import (ACCUSE_VERBS, ANONYMOUS_NOUNS, BELIEF_VERBS, CHARACTERISE_VERBS, CLAIM_NOUNS, CONFIRM_VERBS, DENY_VERBS, FIGURE_VERBS, MAX_QUOTE_CHARS,
                    NOMINAL_VERBS, OFF_VERBS, PRAISE_VERBS, REFUSAL_VERBS, REPORTING_VERBS, SAY_VERBS, SILENT_WORDS,
                    TROOP_NOUNS)

TOLD_ACTS = OFF_VERBS | ACCUSE_VERBS | PRAISE_VERBS  # ("told Putin that P and praised the fighters": two acts)
ACT_VERBS = OFF_VERBS | FIGURE_VERBS | ACCUSE_VERBS | PRAISE_VERBS | {
    "comment", "make", "stay", "remain", "keep", "draw", "refer"}


def statements_in(r, sentence) -> list[dict]:
    breaks = [t.i for t in sentence if t.is_space and "\n" in t.text]
    if breaks:  # a sentence never runs across paragraphs: "Have more troops gone?\n I can't confirm that."
        edges = [sentence.start - 1, *breaks, sentence.end]
        return [s for a, b in zip(edges, edges[1:]) if b - a > 1 for s in statements_in(r, r.doc[a + 1:b])]
    found = []
    for verb in sentence:
        if verb.lemma_ not in REPORTING_VERBS | NOMINAL_VERBS or verb.pos_ not in ("VERB", "AUX") and not (
                verb.dep_ == "ROOT" and {"nsubj", "ccomp"} <= {c.dep_ for c in verb.children}):
            continue  # ("Seoul, Washington and Kyiv estimate that P": "estimate" tagged a noun)
        if verb.dep_ == "acl" and verb.lemma_ in CHARACTERISE_VERBS:
            continue  # "papers describing them as residents of Siberia": what the papers say

        if verb.dep_ == "ccomp" and verb.head.lemma_ in SAY_VERBS and verb.lemma_ in BELIEF_VERBS:
            continue  # "said the United States believed P": one statement, made by the outer speaker
        found.extend(from_verb(r, verb))
    for verb in sentence:
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_ in ACT_VERBS:
            found.extend(from_act(r, verb))
        if verb.lemma_ == "be":
            found.extend(assessment(r, verb))
    for token in sentence:  # "according to X, P"
        if token.lower_ == "according" and token.i + 1 < len(r.doc) and token.nbor(1).lower_ == "to":
            found.extend(according_to(r, token, sentence))
    if all(s["verb_token"].lemma_ == "be" for s in found):  # a transcript's answer: the labelled speaker's own
        found.extend(voiced(r, sentence))
    if not found:
        found.extend(quotation_goes_on(r, sentence))
    kept = []  # one statement per speaker and stretch of text: "said that allies have confirmed P"
    for statement in found:
        if not any(k["speaker"] == statement["speaker"] and k["start"] < statement["end"]
                   and statement["start"] < k["end"] for k in kept):
            kept.append(statement)
    return quotation_began_before(r, sentence, kept) + sorted(kept, key=lambda s: s["start"])


def paragraph_quotations(body: str, position: int) -> tuple[int, list[tuple[int, int]]]:
    """The start of the paragraph around `position` and its quotations, each as (first character
    inside, closing mark or the paragraph's end)."""
    start = body.rfind("\n", 0, position) + 1
    end = body.find("\n", position)
    end = len(body) if end < 0 else end
    spans, opened = [], None
    for i in range(start, end):
        mark = body[i]
        if mark == "“" or mark == '"' and opened is None:
            opened = i + 1
        elif mark in '"”' and opened is not None:
            spans.append((opened, i))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return start, spans


def quoted_words(r, sentence) -> tuple[int, tuple[int, int]] | None:
    """The paragraph start and the quotation of a sentence that is wholly inside one."""
    words = [t for t in sentence if not (t.is_punct or t.is_space)]
    if not words:
        return None
    first, last = words[0].idx, words[-1].idx + len(words[-1].text)
    start, spans = paragraph_quotations(r.article.body, first)
    quotation = next(((a, b) for a, b in spans if a <= first and last <= b), None)
    return (start, quotation) if quotation else None


def quotation_goes_on(r, sentence) -> list[dict]:
    """ '"P," X said. "Q."' and 'X said: "P. Q."': a quoted sentence without a frame of its own,
    after a direct quote in the same paragraph, is that speaker's too."""
    quoted = quoted_words(r, sentence)
    before = r.quoting.get(quoted[0]) if quoted else None
    if before is None or before["end"] > sentence.start_char:
        return []
    return own_words(r, sentence, before["speaker"], before["verb_token"], 0.6)


def quotation_began_before(r, sentence, kept) -> list[dict]:
    """ '"P. Q," X said.': the quotation's earlier sentences, which have no frame of their own, are X's
    too. Remembers the paragraph's last direct quote for the sentences after it."""
    out = []
    for statement in kept:
        start, spans = paragraph_quotations(r.article.body, statement["start"])
        quotation = next(((a, b) for a, b in spans if a <= statement["start"] and statement["end"] <= b), None)
        if quotation is None:
            continue
        r.quoting[start] = statement
        if quotation[0] >= sentence.start_char or out:
            continue
        for earlier in sentence.doc.sents:
            if earlier.start >= sentence.start:
                break
            if earlier.end_char > quotation[0] and quoted_words(r, earlier) == (start, quotation) and not any(
                    t.lemma_ in REPORTING_VERBS for t in earlier):
                out.extend(own_words(r, earlier, statement["speaker"], statement["verb_token"], 0.6))
    return out


def from_verb(r, verb) -> list[dict]:
    speaker_token = subject(verb)
    speaker = speakers.speaker(r, speaker_token)
    if speaker is None and speaker_token is not None:  # "Kyiv, Seoul and Washington say": any one named
        speaker = next((w for w in (speakers.speaker(r, c) for c in speaker_token.conjuncts if c.i in r.spans) if w),
                       None)
    for outer in verb.ancestors:  # "She said some had moved ... but declined to confirm P" (a misparse)
        if speaker is not None:
            break
        if outer.lemma_ in REPORTING_VERBS:
            speaker_token = subject(outer)
            speaker = speakers.speaker(r, speaker_token)
    if speaker is None:
        return []
    voices = joined_voices(r, speaker_token, speaker)
    certainty, on_behalf_of = "certain", None
    clauses = content_clauses(r, verb)
    lemma = verb.lemma_
    negated = stances.is_negated(verb)
    if clauses and lemma in SAY_VERBS and clauses[0].lemma_ in BELIEF_VERBS:
        inner = clauses[0]
        believer = subject(inner)
        on_behalf_of = speakers.speaker(r, believer) if believer is not None else None
        certainty = "probable"
        clauses = content_clauses(r, inner)
    if lemma in REFUSAL_VERBS:
        return []
    # "said that he could confirm P": the inner verb, with its own speaker, makes the statement
    clauses = [c for c in clauses if not ((c.lemma_ in REPORTING_VERBS or inner_act(c)) and names_actor(r, subject(c)))]
    if not clauses and any(c.dep_ == "ccomp" and c.lemma_ in REPORTING_VERBS for c in verb.children) \
            and not any(c.dep_ == "dobj" for c in verb.children):
        return []
    statements = []
    if not clauses:  # "dismissed the reports", "has not confirmed the deployment", "called the reports lies"
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        described = verb.dep_ in ("relcl", "acl") and verb.head.lemma_ in CLAIM_NOUNS
        if obj is None and described:  # "a claim that neither Moscow nor Pyongyang has confirmed"
            obj = verb.head
        if obj is None:
            return []
        stance = stances.of_object(r, verb, obj, negated)
        reference = "previous" if obj is verb.head else stances.reference(r, obj)
        if stance is None or reference is None and stance != "asserts":
            return []
        if stance == "asserts":  # "called the deployment an escalation": a claim of its own, in these words
            reference = None
        return [make_statement(r, verb, who, stance, certainty, act_span(r, verb), reference=reference,
                               confidence=0.6, on_behalf_of=on_behalf_of) for who in voices if who]
    participle = next((c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"
                       and c.lemma_ in CONFIRM_VERBS | DENY_VERBS), None)  # "said P, confirming warnings"
    for clause in clauses:
        stance, clause_certainty, condition = stances.decide(r, verb, clause, negated, certainty, participle)
        reference = None
        if clause.lemma_ in CONFIRM_VERBS and not any(c.dep_ == "neg" for c in clause.children):
            stance = "confirms"  # "said that allies have confirmed evidence of a deployment"
            obj = next((c for c in clause.children if c.dep_ == "dobj"), None)
            reference = stances.reference(r, obj) if obj is not None else None
        span = clause_span(r, clause, after=verb.right_edge.i if clause == verb.head else None)
        if span is None:
            continue
        for who in voices:
            if who:
                statements.append(make_statement(r, 
                    verb, who, stance, clause_certainty, span, clause=None if reference else clause,
                    reference=reference, condition=condition, on_behalf_of=on_behalf_of,
                    confidence=0.85 if speaker_token.pos_ != "PRON" else 0.7))
    return statements


def act_span(r, verb) -> tuple[int, int]:
    """The words of an act told by its verb ("has not confirmed the deployment"): from its first
    auxiliary up to the first token that belongs to another clause, without its subject."""
    first = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg")])
    acts = [c for c in verb.children if c.dep_ == "conj" and (c.lemma_ in REPORTING_VERBS | ACT_VERBS or any(
        x.dep_ in ("ccomp", "xcomp") for x in c.children))]  # "put the toll at 1,100 and said P": two acts
    skip = other_clauses(verb) | {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") or c in acts
                                  or c.dep_ == "cc" and acts and c.i < acts[0].i for t in c.subtree}
    last = verb.i
    for t in verb.subtree:
        if t.i > verb.i and (t.i in skip or t.is_space and "\n" in t.text):  # (a headline is not the act)
            break
        if t.i > verb.i and not (t.is_punct or t.is_space):
            last = t.i
    return span_text(r.doc, first, last)


def act_stance(r, verb) -> tuple[str, str | None] | None:
    """The stance and claim reference of an act that reports no clause: brushing a report off
    (denies), putting a number on something ("put the toll at 1,100") or accusing someone of it
    (asserts, a claim in the act's own words), praising the troops (confirms they were deployed), keeping
    silent on it ("has not commented on", "made no comment", "stayed silent on", "refused to be
    drawn": does not deny), or referring the question elsewhere (declines to confirm)."""
    lemma = verb.lemma_
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    preps = {c.lower_: c for c in verb.children if c.dep_ == "prep"}
    if lemma in OFF_VERBS and any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children) and objects:
        return "denies", stances.reference(r, objects[0]) or "previous"
    if lemma in FIGURE_VERBS and objects and any(t.dep_ == "prep" and t.lower_ == "at" and any(
            x.like_num for x in t.subtree) and not any(a.dep_ in ("ccomp", "advcl", "relcl") for a in t.ancestors
                                                       if a.i in {x.i for x in verb.subtree} and a != verb)
            for t in verb.subtree):  # ("put the number of dead and wounded at 1,100": "at" may hang lower)
        return "asserts", None
    if lemma in ACCUSE_VERBS and objects and "of" in preps:
        return "asserts", None
    if lemma in PRAISE_VERBS and objects and not stances.is_negated(verb) and any(
            t.lemma_.lower() in TROOP_NOUNS for t in objects[0].subtree):
        return "confirms", stances.reference(r, objects[0])  # the troops praised are there: the deployment
    silent = (lemma == "comment" and stances.is_negated(verb)
              or lemma == "make" and any(o.lemma_ == "comment" and any(d.lower_ == "no" for d in o.children)
                                         for o in objects)
              or lemma in ("stay", "remain", "keep") and any(c.dep_ == "acomp" and c.lower_ in SILENT_WORDS
                                                              for c in verb.children)
              or lemma == "draw" and verb.dep_ == "xcomp" and verb.head.lemma_ in REFUSAL_VERBS)
    if silent:
        about = next((c for p in verb.subtree if p.dep_ == "prep" and p.lower_ == "on" for c in p.children
                      if c.dep_ == "pobj"), None)
        return "does-not-deny", (stances.reference(r, about) if about is not None else None) or "previous"
    if lemma == "refer" and any(o.lemma_ in stances.QUESTION_NOUNS | {"you", "reporter", "journalist"}
                                for o in objects):
        return "declines-to-confirm", "previous"  # "referred questions to the ministry", "I'd refer you to Seoul"
    return None


def own_act(verb) -> bool:
    """Whether a verb tells what its own subject did, not what someone reported ("said Russia would
    always honour the fighters"): the sentence's verb, a relative clause's, a participle ("...,
    accusing X of P") or a coordinated act. A subjectless verb coordinated inside a reported clause
    ("told Putin that P and praised the fighters") is the speaker's act: the parser hangs it on P."""
    if verb.lemma_ != "refer" and not stances.is_negated(verb) and any(c.dep_ == "aux" and c.tag_ == "MD"
                                                                      for c in verb.children):
        return False  # (but "would not comment" is silence now, and "I'd refer you to Seoul" a polite refusal)
    while verb.dep_ in ("advcl", "xcomp", "conj"):
        if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return True
        verb = verb.head
    return verb.dep_ in ("ROOT", "relcl")


def from_act(r, verb) -> list[dict]:
    if not own_act(verb):
        return []
    found = act_stance(r, verb)
    if found is None:
        return []
    outer = verb
    while outer.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in outer.children):
        outer = outer.head
    speaker_token = subject(outer.head if outer.dep_ == "ccomp" else verb)
    speaker = speakers.speaker(r, speaker_token)
    if speaker is None:
        return []
    voices = joined_voices(r, speaker_token, speaker)
    stance, reference = found
    return [make_statement(r, verb, who, stance, "certain", act_span(r, verb), reference=reference,
                           clause=verb if reference is None else None, confidence=0.6)
            for who in voices]


def joined_voices(r, speaker_token, speaker) -> list[str]:
    """The speaker and every speaker joined to it ("Seoul, Washington and Kyiv estimate P"), once each."""
    joined = [speakers.speaker(r, c) for c in speaker_token.conjuncts if c.i in r.spans]
    return list(dict.fromkeys(w for w in [speaker, *joined] if w))


ASSESSMENT_NOUNS = {"assessment", "estimate", "understanding", "view", "belief", "judgment", "judgement"}
NOT_COMMENTING = {"speculate", "comment", "get", "discuss", "characterize", "characterise", "preview", "detail"}


def voiced(r, sentence) -> list[dict]:
    """A sentence of a labelled paragraph ("GEN. RYDER: Russia has taken heavy losses.") is its
    speaker's own statement: an assessment ("Our assessment is that P"), a refusal ("I'm not going
    to speculate"), or an assertion, hedged as the sentence hedges it."""
    who = next((w for start, end, w in r.voices if start <= sentence.start_char < end), None)
    if who is None or r.article.body[sentence.start_char:sentence.end_char].lstrip().startswith(('"', "“")):
        return []  # (quoting someone else)
    return own_words(r, sentence, who, sentence.root, 0.55)


def own_words(r, sentence, who, verb, confidence) -> list[dict]:
    """A sentence in the speaker's own words, stated with `verb` (said or labelled by the sentence's own verb)."""
    words = [t for t in sentence if not (t.is_punct or t.is_space)]
    root = sentence.root
    if len(words) < 5 or sentence.text.rstrip().endswith("?") or root.pos_ not in ("VERB", "AUX"):
        return []
    negated = stances.is_negated(root)
    inner = next((c for c in root.children if c.dep_ == "xcomp"), None)
    subject_token = subject(root)
    first_person = subject_token is not None and subject_token.lower_ in ("i", "we")
    assessed = next((c for c in root.children if c.dep_ == "conj" and assessed_clause(c) is not None), None)
    if assessed is not None:  # "P, and it is our assessment that Q": Q is told by `assessment`
        words = [t for t in words if t.i < assessed.left_edge.i and t.dep_ != "cc"]
        if len(words) < 5:
            return []
    whole = span_text(r.doc, words[0].i, words[-1].i)
    if negated and (root.lemma_ in ("go", "want", "like", "try") and inner is not None
                    and inner.lemma_ in NOT_COMMENTING or first_person and root.lemma_ in NOT_COMMENTING):  # "I wouldn't want to speculate"
        return [make_statement(r, verb, who, "does-not-deny", "certain", whole, reference="previous",
                               confidence=confidence - 0.05)]
    if first_person and stances.refuses(root):  # "I don't have anything to confirm", "I have nothing to add"
        return [make_statement(r, verb, who, "declines-to-confirm", "certain", whole, reference="previous",
                               confidence=confidence - 0.05)]
    if assessed_clause(root) is not None:
        return []  # "Our assessment is that P": see `assessment`
    if first_person and root.lemma_ in ("see", "have", "take"):
        return []  # "we've seen those reports", "I'll take your questions": how they speak, not what
    stance, certainty, condition = stances.decide(r, root, root, negated, "certain")
    if stance in ("declines-to-confirm",) and root.lemma_ not in CONFIRM_VERBS:
        stance = "asserts"  # a negative sentence of its own is a negative claim, not a refusal
    return [make_statement(r, verb, who, stance, certainty, whole, clause=root, condition=condition,
                           confidence=confidence)]


def assessed_clause(verb):
    """The clause of "Our assessment is that P", "it is our assessment that P", "What I can tell you
    is that P": an assessment or an answer told through a copula."""
    if verb.lemma_ != "be":
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    subject_token = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
    if subject_token is None:
        return None
    if assessor(subject_token) is not None:
        return clause
    attribute = next((c for c in verb.children if c.dep_ == "attr"), None)
    if subject_token.lower_ == "it" and attribute is not None and assessor(attribute) is not None:
        return clause or next((c for c in attribute.children if c.dep_ in ("acl", "ccomp")  # (parsed either way)
                               and any(m.lower_ == "that" for m in c.children)), None)
    return clause if clause is not None and teller(subject_token) is not None else None


def assessor(noun):
    """Who holds an assessment noun ("our assessment", "the agency's estimate")."""
    if noun.lemma_ not in ASSESSMENT_NOUNS:
        return None
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def teller(subject_token):
    """The "I" of "What I can tell you", "What we know": who answers through a pseudo-cleft."""
    words = list(subject_token.subtree)
    if not any(t.lower_ == "what" for t in words) or not any(t.lemma_ in SAY_VERBS | {"know"} for t in words):
        return None
    return next((t for t in words if t.lower_ in ("i", "we")), None)


def assessment(r, verb) -> list[dict]:
    """ "Our current assessment is that P", "it is the agency's assessment that P" (probable) and
    "What I can tell you is that P and that Q" (certain): P and Q, by the assessor or the teller."""
    clause = assessed_clause(verb)
    if clause is None:
        return []
    subject_token = next(c for c in verb.children if c.dep_ in ("nsubj", "csubj"))
    attribute = next((c for c in verb.children if c.dep_ == "attr"), None)
    owner = assessor(subject_token) or (assessor(attribute) if attribute is not None else None)
    certainty = "probable" if owner is not None else "certain"
    owner = owner if owner is not None else teller(subject_token)
    if owner.lower_ in ("our", "my"):
        who = next((w for start, end, w in r.voices if start <= owner.idx < end), None)
    else:
        who = speakers.speaker(r, owner)
    if who is None:
        return []
    out = []
    for part in [clause] + [c for c in clause.children if c.dep_ == "conj" and is_own_clause(c)]:
        span = clause_span(r, part)
        if span is not None:
            stance, part_certainty, condition = stances.decide(r, verb, part, False, certainty)
            out.append(make_statement(r, verb, who, stance, part_certainty, span, clause=part, condition=condition,
                                      confidence=0.6))
    return out


def inner_act(clause) -> bool:
    """ "it was not able to verify P", "it was unable to confirm P": a reporting act inside the clause."""
    return clause.lemma_ == "be" and any(c.dep_ == "acomp" and c.lemma_ in ("able", "unable") and any(
        x.dep_ == "xcomp" and x.lemma_ in REPORTING_VERBS for x in c.children) for c in clause.children)


def names_actor(r, token) -> bool:
    """Whether a subject names someone who could be speaking (without resolving it)."""
    return token is not None and (token.i in r.spans or token.pos_ == "PRON"
                                  or token.lemma_ in ANONYMOUS_NOUNS or entities.possessor(r, token) is not None)


def according_to(r, token, sentence) -> list[dict]:
    to = token.nbor(1)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return []
    speaker = speakers.speaker(r, pobj)
    main = sentence.root
    if speaker is None or main.lemma_ in REPORTING_VERBS:
        return []
    skip = set(t.i for t in token.subtree) | {token.i}
    tokens = [t for t in sentence if t.i not in skip and t.dep_ != "punct" and not t.is_space]
    if not tokens:
        return []
    span = span_text(r.doc, tokens[0].i, tokens[-1].i)
    return [make_statement(r, token, speaker, "asserts", "certain", span, clause=main, confidence=0.7)]


def content_clauses(r, verb) -> list:
    """The clauses a reporting verb reports: its complement, split at coordinated 'and that'."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if not clauses:
        for child in verb.children:
            if child.dep_ == "xcomp" and child.lemma_ in CONFIRM_VERBS | SAY_VERBS:
                return []  # "declined to confirm P" is reported from the inner verb
            if child.dep_ == "xcomp" and child.tag_ == "VBG" and verb.lemma_ in CONFIRM_VERBS | DENY_VERBS:
                clauses = [child]  # "has never acknowledged sending troops", "denied deploying forces"
        for token in verb.subtree:  # "confirmed for the first time that it had sent troops"
            if token.dep_ == "relcl" and token.head.lemma_ == "time" and token.head.head.head == verb:
                clauses = [token]
                break
    if not clauses and verb.dep_ == "ccomp" and verb.head.pos_ != "VERB":
        return []
    if not clauses and any(c.dep_ == "ccomp" for c in verb.head.children) and verb.dep_ == "relcl":
        return []
    if not clauses:  # '"P," X said' parsed as parataxis
        clauses = [c for c in verb.children if c.dep_ == "parataxis"][:1]
    if not clauses and verb.dep_ == "parataxis" and verb.lemma_ in SAY_VERBS and verb.head.pos_ in ("VERB", "AUX"):
        clauses = [verb.head]  # '"P," he said, "Q."': the sentence around the aside
    out = []
    for clause in clauses:
        out.append(clause)
        for conj in clause.children:
            if conj.dep_ == "conj" and is_own_clause(conj):
                out.append(conj)
    return out


def clause_span(r, clause, after: int | None = None) -> tuple[int, int] | None:
    """Character span of a clause, without its 'that', coordinated clauses and end punctuation
    (and, for '"P," he said, "Q"', only what comes after the aside)."""
    excluded = other_clauses(clause)
    tokens = [t for t in clause.subtree if t.i not in excluded and not t.is_space  # (blanked furniture)
              and (after is None or t.i > after)]
    while tokens and (tokens[0].dep_ in ("mark", "punct") or tokens[0].lower_ == "that"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].dep_ in ("punct", "cc") or tokens[-1].is_punct):
        tokens = tokens[:-1]
    if len(tokens) < 3:
        return None
    return span_text(r.doc, tokens[0].i, tokens[-1].i)


def trim_quote(r, start: int, end: int) -> tuple[int, int]:
    """A quote that opens after a quotation mark ends at the closing one ('"P," without ...')."""
    body = r.article.body
    if start > 0 and body[start - 1] in '"“':
        closing = min((i for i in (body.find('"', start, end), body.find("”", start, end)) if i >= 0), default=-1)
        if closing > start:
            end = closing
    while end > start and body[end - 1] in " ,;:.":
        end -= 1
    return start, end


def make_statement(r, verb, speaker, stance, certainty, span, *, clause=None, reference=None, condition=None,
               on_behalf_of=None, confidence=0.8) -> dict:
    start, end = trim_quote(r, *span)
    quote = r.article.body[start:end]
    said = dating.said(r, verb)
    if said == "not stated":  # "..., he said." after "Lee said on Wednesday": the same occasion
        said = r.dated.get(speaker, said)
    else:
        r.dated[speaker] = said
    direct = is_quoted(r.article.body, start, end)
    return {"verb_token": verb, "clause": clause, "reference": reference, "speaker": speaker,
            "on_behalf_of": on_behalf_of if on_behalf_of != speaker else None, "stance": stance,
            "certainty": certainty, "verb": verb.text, "said": said, "quote": quote, "start": start,
            "end": end, "direct": direct, "condition": condition, "confidence": confidence,
            "relayed_via": citing(r, verb)}


def citing(r, verb) -> list[str]:
    """'X, citing Y, said P': Y relayed the claim to X."""
    out = []
    for child in verb.children:
        if child.dep_ == "advcl" and child.lemma_ == "cite":
            for obj in child.children:
                if obj.dep_ == "dobj" and obj.i in r.spans:
                    out.append(r.spans[obj.i])
    return out


def other_clauses(clause) -> set[int]:
    """Tokens of a clause's subtree that are not part of what it reports: coordinated clauses with
    their own subject, coordinated refusals ("but declined to ..."), and embedded clauses with a
    reporting verb of their own ("while the Pentagon said ...")."""
    excluded = set()
    for child in clause.children:
        own_clause = child.dep_ == "conj" and (is_own_clause(child) or child.lemma_ in REFUSAL_VERBS
                                               or child.lemma_ in REPORTING_VERBS | TOLD_ACTS)
        reported = child.dep_ in ("advcl", "parataxis") and any(t.lemma_ in REPORTING_VERBS for t in child.subtree)
        if own_clause or reported:
            excluded.update(t.i for t in child.subtree)
            excluded.update(c.i for c in clause.children if c.dep_ == "cc" and c.i < child.i)
    return excluded


def is_own_clause(conj) -> bool:
    """A coordinated clause that is a claim of its own: "and that P", "and Q did R", "and are already
    fighting" (its own auxiliary: another tense, another claim); not "or if P"."""
    if conj.pos_ not in ("VERB", "AUX"):
        return False
    marks = {c.lower_ for c in conj.children if c.dep_ == "mark"}
    if marks & {"if", "whether"}:
        return False
    return "that" in marks or any(c.dep_ in ("nsubj", "nsubjpass") or c.dep_ in ("aux", "auxpass") and c.tag_ != "MD"
                                  for c in conj.children)


def subject(verb):
    quoting = next((h for h in (verb.head, verb.head.head) if h.lemma_ == "quote"), None)
    if verb.dep_ in ("advcl", "xcomp", "pcomp") and quoting is not None:  # "quoted X as saying P": X says it
        quoted = next((c for c in quoting.children if c.dep_ == "dobj"), None)
        if quoted is not None:
            return quoted
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if verb.dep_ == "relcl" and child.lower_ in ("who", "which", "that"):
                return verb.head  # "Patel, who told reporters P": the noun the clause describes
            return child
    for aux in verb.children:  # "Kiev and Seoul have for weeks alleged P": the subject hung on "have"
        if aux.dep_ == "aux":
            found = next((c for c in aux.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if found is not None:
                return found
    if verb.dep_ in ("conj", "xcomp", "advcl", "acomp") and verb.head != verb:  # (acomp: "not able to verify")
        return subject(verb.head)
    if verb.dep_ == "pcomp":  # "stopped short of denying", "accused Russia of pulling": the verb above
        outer = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
        return subject(outer) if outer is not None else None
    return None


def span_text(doc, first: int, last: int) -> tuple[int, int]:
    start = doc[first].idx
    end = doc[last].idx + len(doc[last].text)
    if end - start > MAX_QUOTE_CHARS:
        end = start + MAX_QUOTE_CHARS
    return start, end


def is_quoted(body: str, start: int, end: int) -> bool:
    before = body[max(0, start - 2):start]
    after = body[end:end + 2]
    return any(q in before for q in '"“') and any(q in after for q in '"”,')
