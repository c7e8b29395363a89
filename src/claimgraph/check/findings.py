"""A problem any check finds, in one shape: which check, the focus node, the path, the message."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.term import BNode, Node

from ..errors import ClaimgraphError
from ..query.terms import short


@dataclass(frozen=True)
class Finding:
    check: str
    focus: str
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "focus": self.focus, "path": self.path, "message": self.message}


class ValidationFailed(ClaimgraphError):
    """The graph has findings; exit status 1 ("ran fine, found problems")."""

    exit_code = 1

    def __init__(self, findings: list[Finding], what: str):
        self.findings = findings
        super().__init__(f"{what}: {len(findings)} problem{'s' if len(findings) != 1 else ''} found")


def show(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return short(node)
