"""The words the attribution rules read: reporting verbs by what they do, the words that make a
statement a denial, an anonymous source, a spokesperson, troops and combat (the words of
figures are in `quantities`). English news usage, not the words of any one article."""

from __future__ import annotations

import re

SAY_VERBS = {"say", "tell", "add", "state", "announce", "report", "note", "explain", "write", "insist", "warn",
             "claim", "allege", "argue", "assert", "maintain", "reiterate", "testify", "brief", "disclose", "reveal"}
CONFIRM_VERBS = {"confirm", "acknowledge", "admit", "corroborate", "verify", "concede"}
DENY_VERBS = {"deny", "dismiss", "reject", "refute", "rebut", "dispute", "contradict"}
BELIEF_VERBS = {"believe", "think", "assess", "estimate", "suspect", "conclude", "judge"}
FORECAST_VERBS = {"expect", "predict", "forecast", "project", "anticipate"}
SPECULATE_VERBS = {"suggest", "speculate", "indicate", "hint"}
CHARACTERISE_VERBS = {"call", "describe", "brand", "label", "term", "characterize", "characterise", "portray"}
REPORTING_VERBS = (SAY_VERBS | CONFIRM_VERBS | DENY_VERBS | BELIEF_VERBS | FORECAST_VERBS | SPECULATE_VERBS
                   | CHARACTERISE_VERBS)
REFUSAL_VERBS = {"decline", "refuse", "fail"}
NOMINAL_VERBS = {"provide", "give", "offer", "issue"}  # "provided the first confirmation of P"
NOMINAL_STANCES = {"confirmation": "confirms", "acknowledgement": "confirms", "acknowledgment": "confirms",
                   "admission": "confirms", "denial": "denies", "rebuttal": "denies"}
DENIAL_WORDS = {"lie", "lies", "false", "groundless", "baseless", "fake", "fabrication", "rumour", "rumor",
                "nonsense", "propaganda", "untrue", "unfounded", "disinformation"}
ANONYMOUS_NOUNS = {"official", "source", "diplomat", "lawmaker", "legislator", "spokesperson", "spokesman",
                   "spokeswoman", "officer", "aide", "analyst", "representative", "delegate", "envoy"}
SPOKESPERSON_ROLES = re.compile(
    r"spokes|minister|secretary|president|ambassador|chief|leader|premier|chancellor|commander|envoy|director"
    r"|general|official|head\b", re.IGNORECASE)
NOT_A_SPOKESPERSON = re.compile(r"lawmaker|legislator|member|analyst|expert|researcher|professor", re.IGNORECASE)
TROOP_NOUNS = {"troop", "soldier", "force", "unit", "personnel", "fighter", "contingent", "serviceman",
               "servicemen", "army", "military"}
COMBAT_WORDS = {"fight", "fighting", "combat", "engagement", "battle", "clash", "attack", "offensive",
                "frontline", "front"}
DEPLOY_VERBS = {"send", "deploy", "dispatch", "station", "move", "transfer", "be"}
OFF_VERBS = {"brush", "shrug", "laugh", "wave"}  # "brushed off the reports (as fake news)": a denial
FIGURE_VERBS = {"put", "place", "peg"}  # "put the number at 10,000"
ACCUSE_VERBS = {"accuse", "charge"}  # "accused Russia of pulling troops in"
PRAISE_VERBS = {"praise", "hail", "commend", "salute", "honour", "honor"}  # praising the troops acknowledges them
SILENT_WORDS = {"silent", "quiet", "mum"}  # "has stayed silent on the subject"
CLAIM_NOUNS = {"report", "claim", "allegation", "account", "accusation", "assertion", "presence", "involvement",
               "rumor", "rumour", "news"}  # nouns that stand for a claim of the deployment
MAX_QUOTE_CHARS = 400
