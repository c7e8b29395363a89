"""The one exception type users see: a message that names the file, line and field at fault."""

from __future__ import annotations

SHOWN_CHARACTERS = 60


def shown(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A bad value as a message quotes it: its repr, cut to a short prefix (a 1 MB value or a YAML
    alias bomb must not become the message)."""
    if isinstance(value, (list, tuple, dict, set)):
        kind = {list: "a list", tuple: "a list", dict: "a mapping", set: "a set"}[type(value)]
        return f"{kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
    try:
        text = repr(value) if not isinstance(value, str) else repr(value[: limit + 1])
    except ValueError:  # an integer too long to print
        return "a number of more than 4,300 digits"
    return text if len(text) <= limit + 2 else text[:limit] + "…" + text[-1]


class ClaimgraphError(Exception):
    """Bad input or an unusable environment, reported as one line with no traceback.

    `exit_code` 2 means the input or the call was wrong; commands that report findings
    (violations) use 1 for "ran fine, found problems".
    """

    exit_code = 2

    def __init__(self, message: str, *, path: object = None, line: int | None = None, field: str | None = None):
        self.path = path
        self.line = line
        self.field = field
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        if self.field:
            where += f"{self.field}: "
        return " ".join((where + self.detail).split("\n"))
