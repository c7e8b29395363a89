"""Writing a command's output file (`-o FILE`): atomically and honouring the umask, and never
through a symbolic link, onto a device or other special file, over a directory, or into a
directory that does not exist."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from ..errors import ClaimgraphError
from .transaction import disk_error, write_new_file


def check_output(path: os.PathLike | str) -> Path:
    """Refuse an output path that claimgraph must not write (before any work is done)."""
    target = Path(path)
    if target.is_symlink():
        raise ClaimgraphError("is a symbolic link; name the file it points to (claimgraph does not write through "
                              "links)", path=target)
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise disk_error(exc, "write the output", "") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise ClaimgraphError("is a directory; name a file to write", path=target)
    if mode is not None and not stat.S_ISREG(mode):
        raise ClaimgraphError("is not a regular file (a device, pipe or socket); name a file, or leave out -o to "
                              "write to standard output", path=target)
    if not target.parent.is_dir():
        raise ClaimgraphError(f"no such directory: {target.parent}; create it first", path=target)
    return target


def write_output(path: os.PathLike | str, data: bytes) -> None:
    """Write `data` to `path` whole or not at all."""
    target = check_output(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.unlink(missing_ok=True)
        write_new_file(temporary, data)
        os.replace(temporary, target)
    except BaseException as exc:  # a full disk or Ctrl-C: no half-written temporary file is left
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            exc.filename = str(target)  # the file the user named, not our temporary one
            raise disk_error(exc, "write the output", "nothing was written") from None
        raise
