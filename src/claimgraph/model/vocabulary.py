"""The controlled words of an annotation, each mapped to the local name of its term in the ontology."""

from __future__ import annotations

PLACE_TYPES = frozenset({"Place", "City", "Region", "Country"})
ACTOR_TYPES = frozenset(
    {"Person", "Organisation", "GovernmentBody", "IntelligenceAgency", "Legislature",
     "MilitaryAlliance", "NewsOutlet", "Country", "AnonymousSource"}
)
ENTITY_TYPES = PLACE_TYPES | ACTOR_TYPES

STANCES = {"asserts": "Asserts", "confirms": "Confirms", "denies": "Denies",
           "declines-to-confirm": "DeclinesToConfirm", "does-not-deny": "DoesNotDeny", "forecasts": "Forecasts",
           "speculates": "Speculates", "states-conditionally": "StatesConditionally"}
CERTAINTIES = {"certain": "Certain", "probable": "Probable", "possible": "Possible"}
QUALIFIERS = {"exactly": "Exactly", "approximately": "Approximately", "at-least": "AtLeast",
              "at-most": "AtMost", "more-than": "MoreThan", "fewer-than": "FewerThan", "between": "Between",
              "vague": "Vague"}
BOUNDS_ONLY = frozenset({"between", "vague"})  # a range or a vague amount: bounds, never a point value
MEASURES = {"troop-strength": "TroopStrength", "killed": "Killed", "wounded": "Wounded", "casualties": "Casualties",
            "captured": "Captured"}
UNITS = {"soldiers": "Soldiers"}
MODALITIES = {"estimate": "ReportedEstimate", "forecast": "Forecast"}
