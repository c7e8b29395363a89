"""The one exception type users see: a message that names the file, line and field at fault."""

from __future__ import annotations


class ClaimgraphError(Exception):
    """Bad input or an unusable environment, reported as one line with no traceback.

    `exit_code` 2 means the input or the call was wrong; commands that report findings
    (violations, unconfirmed claims) use 1 for "ran fine, found problems".
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
        return where + self.detail
