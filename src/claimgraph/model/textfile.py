"""Reading a text file the user wrote (article, annotation, saved query): a missing or unreadable
file and bytes that are not UTF-8 become one error naming the file and line."""

from __future__ import annotations

from pathlib import Path

from ..errors import ClaimgraphError


def read_bytes(path: Path, what: str, where: object) -> bytes:
    try:
        if not Path(path).is_file():
            raise ClaimgraphError(f"{what} file not found", path=where)
        return Path(path).read_bytes()
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
