"""Attribution frames: the reporting verbs of a sentence, who they are said by, and the clauses
they report ("X said (that) P", "P, X said", "X confirmed P", "X dismissed the reports",
"according to X, P"), each as a statement with its quote span."""

from __future__ import annotations

from . import dating, entities, speakers, stances
from .words import (ANONYMOUS_NOUNS, BELIEF_VERBS, CONFIRM_VERBS, DENY_VERBS, MAX_QUOTE_CHARS, NOMINAL_VERBS, REFUSAL_VERBS, REPORTING_VERBS, SAY_VERBS)


def statements_in(r, sentence) -> list[dict]:
    found = []
    for verb in sentence:
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ not in REPORTING_VERBS | NOMINAL_VERBS:
            continue
        if verb.dep_ == "ccomp" and verb.head.lemma_ in SAY_VERBS and verb.lemma_ in BELIEF_VERBS:
            continue  # "said the United States believed P": one statement, made by the outer speaker
        found.extend(from_verb(r, verb))
    for token in sentence:  # "according to X, P"
        if token.lower_ == "according" and token.i + 1 < len(r.doc) and token.nbor(1).lower_ == "to":
            found.extend(according_to(r, token, sentence))
    if not found:  # a transcript's answer: what the labelled speaker says in their own voice
        found.extend(voiced(r, sentence))
    kept = []  # one statement per speaker and stretch of text: "said that allies have confirmed P"
    for statement in found:
        if not any(k["speaker"] == statement["speaker"] and k["start"] < statement["end"]
                   and statement["start"] < k["end"] for k in kept):
            kept.append(statement)
    return kept


def from_verb(r, verb) -> list[dict]:
    speaker_token = subject(verb)
    speaker = speakers.speaker(r, speaker_token)
    for outer in verb.ancestors:  # "She said some had moved ... but declined to confirm P" (a misparse)
        if speaker is not None:
            break
        if outer.lemma_ in REPORTING_VERBS:
            speaker_token = subject(outer)
            speaker = speakers.speaker(r, speaker_token)
    if speaker is None:
        return []
    voices = [speaker] + [speakers.speaker(r, c) for c in speaker_token.children  # "Seoul and Washington claiming"
                            if c.dep_ == "conj" and c.i in r.spans]
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
        if obj is None:
            return []
        stance = stances.of_object(r, verb, obj, negated)
        reference = stances.reference(r, obj)
        if stance is None or reference is None:
            return []
        first = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg")])
        skip = other_clauses(verb) | {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                                  for t in c.subtree}
        last = verb.i  # up to the first token that belongs to another clause
        for t in verb.subtree:
            if t.i > verb.i and t.i in skip:
                break
            if t.i > verb.i and not (t.is_punct or t.is_space):
                last = t.i
        span = span_text(r.doc, first, last)
        return [make_statement(r, verb, who, stance, certainty, span, reference=reference, confidence=0.6,
                                on_behalf_of=on_behalf_of) for who in voices if who]
    participle = next((c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"
                       and c.lemma_ in CONFIRM_VERBS | DENY_VERBS), None)  # "said P, confirming warnings"
    for clause in clauses:
        stance, clause_certainty, condition = stances.decide(r, verb, clause, negated, certainty, participle)
        reference = None
        if clause.lemma_ in CONFIRM_VERBS and not any(c.dep_ == "neg" for c in clause.children):
            stance = "confirms"  # "said that allies have confirmed evidence of a deployment"
            obj = next((c for c in clause.children if c.dep_ == "dobj"), None)
            reference = stances.reference(r, obj) if obj is not None else None
        span = clause_span(r, clause)
        if span is None:
            continue
        for who in voices:
            if who:
                statements.append(make_statement(r, 
                    verb, who, stance, clause_certainty, span, clause=None if reference else clause,
                    reference=reference, condition=condition, on_behalf_of=on_behalf_of,
                    confidence=0.85 if speaker_token.pos_ != "PRON" else 0.7))
    return statements


ASSESSMENT_NOUNS = {"assessment", "estimate", "understanding", "view", "belief", "judgment", "judgement"}
NOT_COMMENTING = {"speculate", "comment", "get", "discuss", "characterize", "characterise", "preview", "detail"}


def voiced(r, sentence) -> list[dict]:
    """A sentence of a labelled paragraph ("GEN. RYDER: Russia has taken heavy losses.") is its
    speaker's own statement: an assessment ("Our assessment is that P"), a refusal ("I'm not going
    to speculate"), or an assertion, hedged as the sentence hedges it."""
    who = next((w for start, end, w in r.voices if start <= sentence.start_char < end), None)
    words = [t for t in sentence if not (t.is_punct or t.is_space)]
    root = sentence.root
    if who is None or len(words) < 5 or sentence.text.rstrip().endswith("?") or root.pos_ not in ("VERB", "AUX"):
        return []
    if r.article.body[sentence.start_char:sentence.end_char].lstrip().startswith(('"', "“")):
        return []  # quoting someone else
    negated = stances.is_negated(root)
    inner = next((c for c in root.children if c.dep_ == "xcomp"), None)
    if root.lemma_ == "go" and negated and inner is not None and inner.lemma_ in NOT_COMMENTING:
        first, last = words[0], words[-1]
        return [make_statement(r, root, who, "does-not-deny", "certain", span_text(r.doc, first.i, last.i),
                               reference="previous", confidence=0.5)]
    subject_token = subject(root)
    clause, certainty = root, "certain"
    if root.lemma_ == "be" and subject_token is not None and subject_token.lemma_ in ASSESSMENT_NOUNS:
        clause = next((c for c in root.children if c.dep_ == "ccomp"), None)  # "Our assessment is that P"
        certainty = "probable"
        if clause is None:
            return []
    elif subject_token is not None and subject_token.lower_ in ("i", "we") and root.lemma_ in ("see", "have", "take"):
        return []  # "we've seen those reports", "I'll take your questions": how they speak, not what
    span = clause_span(r, clause) if clause is not root else span_text(r.doc, words[0].i, words[-1].i)
    if span is None:
        return []
    stance, certainty, condition = stances.decide(r, root, clause, negated, certainty)
    if stance in ("declines-to-confirm",) and root.lemma_ not in CONFIRM_VERBS:
        stance = "asserts"  # a negative sentence of its own is a negative claim, not a refusal
    return [make_statement(r, root, who, stance, certainty, span, clause=clause, condition=condition,
                           confidence=0.55)]


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
    out = []
    for clause in clauses:
        out.append(clause)
        for conj in clause.children:
            if conj.dep_ == "conj" and is_own_clause(conj):
                out.append(conj)
    return out


def clause_span(r, clause) -> tuple[int, int] | None:
    """Character span of a clause, without its 'that', coordinated clauses and end punctuation."""
    excluded = other_clauses(clause)
    tokens = [t for t in clause.subtree if t.i not in excluded and not t.is_space]  # (blanked furniture)
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
        own_clause = child.dep_ == "conj" and (is_own_clause(child) or child.lemma_ in REFUSAL_VERBS)
        reported = child.dep_ in ("advcl", "parataxis") and any(t.lemma_ in REPORTING_VERBS for t in child.subtree)
        if own_clause or reported:
            excluded.update(t.i for t in child.subtree)
            excluded.update(c.i for c in clause.children if c.dep_ == "cc" and c.i < child.i)
    return excluded


def is_own_clause(conj) -> bool:
    """A coordinated clause that is a claim of its own: "and that P", "and Q did R" (not "or if P")."""
    if conj.pos_ not in ("VERB", "AUX"):
        return False
    marks = {c.lower_ for c in conj.children if c.dep_ == "mark"}
    if marks & {"if", "whether"}:
        return False
    return "that" in marks or any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)


def subject(verb):
    quoting = next((h for h in (verb.head, verb.head.head) if h.lemma_ == "quote"), None)
    if verb.dep_ in ("advcl", "xcomp", "pcomp") and quoting is not None:  # "quoted X as saying P": X says it
        quoted = next((c for c in quoting.children if c.dep_ == "dobj"), None)
        if quoted is not None:
            return quoted
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl", "acomp") and verb.head != verb:  # (acomp: "not able to verify")
        return subject(verb.head)
    if verb.dep_ == "pcomp" and verb.head.head != verb.head:  # "stopped short of denying"
        return subject(verb.head.head)
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
