"""Reading a file the user named (article, annotation, saved query, RDF to validate): a missing
file, a directory, a device or pipe (which could block or never end), an unreadable or too large
file and bytes that are not UTF-8 become one error naming the file and line."""

from __future__ import annotations

import stat
from pathlib import Path

from ..errors import ClaimgraphError


def read_bytes(path: Path, what: str, where: object, limit: int | None = None) -> bytes:
    """The file's bytes; `limit` is the largest size read, in bytes."""
    try:
        status = Path(path).stat()
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            raise ClaimgraphError("is a directory; name a file", path=where)
        if not stat.S_ISREG(mode):
            raise ClaimgraphError("is not a regular file (a device, pipe or socket); name a file", path=where)
        if limit is not None and status.st_size > limit:
            raise ClaimgraphError(f"{what} file is larger than {limit:,} bytes", path=where)
        return Path(path).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise ClaimgraphError(f"{what} file not found", path=where) from None
    except OSError as exc:
        raise ClaimgraphError(f"cannot read the {what}: {exc.strerror or exc}", path=where) from None


def decode(raw: bytes, what: str, where: object) -> str:
    """The text, without a byte-order mark."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ClaimgraphError(f"{what} is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                              "re-save it as UTF-8", path=where, line=raw[: exc.start].count(b"\n") + 1) from None


def read_text(path: Path, what: str, where: object) -> str:
    return decode(read_bytes(path, what, where), what, where)
