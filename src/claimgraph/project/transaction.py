"""All or nothing: a command that changes the project stages every file it will write, then
switches them in through a journal, so that the project is always exactly as before or exactly
as after, whenever the process is killed and whatever the disk does.

    .claimgraph/write.lock    held for the whole of a command that changes the project: a second
                              one is refused with one line instead of mixing its files in
    .claimgraph/switch.lock   exclusive while files are switched in, shared while a reader loads
                              graph/, so that no reader sees half a switch
    .claimgraph/staging-*/    the new files of a change being prepared (removed if it fails)
    .claimgraph/journal.json  written, atomically, once everything is staged: from this moment the
                              change happens. If the process dies while switching, the next
                              claimgraph command finishes it and says so (a journal whose command
                              is alive, holding the write lock, is left to that command).

Locks are `flock` locks, released by the kernel when their process dies, so a killed command
never leaves the project locked.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import ClaimgraphError

STATE_DIR = ".claimgraph"
JOURNAL = "journal.json"


def _state(root: Path) -> Path:
    return root / STATE_DIR


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_new_file(path: Path, data: bytes) -> None:
    """Create `path` (which must not exist) with `data`, mode 0666 less the umask, synced to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def disk_error(exc: OSError, what: str, consequence: str = "the project is unchanged") -> ClaimgraphError:
    """One line for a failed file operation: what could not be done, and why in plain words."""
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno == errno.EDQUOT:
        reason = "the disk quota is used up"
    elif exc.errno == errno.EFBIG:
        reason = "a file would be larger than the file system or the file size limit (ulimit -f) allows"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "permission denied" if exc.errno != errno.EROFS else "the file system is read-only"
    else:
        reason = exc.strerror or str(exc)
    return ClaimgraphError(f"cannot {what}: {reason}" + (f"; {consequence}" if consequence else ""),
                           path=exc.filename)


@contextlib.contextmanager
def _flock(path: Path, mode: int, *, blocking: bool = True) -> Iterator[int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, mode | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            fd = -1
            raise
        yield fd
    finally:
        if fd >= 0:
            os.close(fd)


@contextlib.contextmanager
def reading(root: Path) -> Iterator[None]:
    """Hold off a switch while the caller reads the project's files; finish an interrupted one first."""
    state = _state(root)
    if not state.is_dir():
        yield
        return
    if (state / JOURNAL).is_file():
        recover(root)
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(_flock(state / "switch.lock", fcntl.LOCK_SH))
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EROFS, errno.EPERM):
                raise  # (a read-only project: nobody can switch files in, so there is nothing to hold off)
        yield


@dataclass
class Change:
    """The files one command writes and deletes, relative to the project root, staged in memory."""

    writes: dict[str, bytes] = field(default_factory=dict)
    deletes: set[str] = field(default_factory=set)

    def write(self, relative: str, data: bytes) -> None:
        self.deletes.discard(relative)
        self.writes[relative] = data

    def delete(self, relative: str) -> None:
        self.writes.pop(relative, None)
        self.deletes.add(relative)

    def effective(self, root: Path) -> "Change":
        """Only what differs from the project as it is: unchanged files are not rewritten."""
        kept = Change()
        for relative, data in self.writes.items():
            target = root / relative
            if not (target.is_file() and target.read_bytes() == data):
                kept.writes[relative] = data
        kept.deletes = {relative for relative in self.deletes if (root / relative).exists()}
        return kept


@contextlib.contextmanager
def writing(root: Path, command: str) -> Iterator[None]:
    """The project's write lock for the whole of `command`; a second writer is refused with one line."""
    state = _state(root)
    with contextlib.ExitStack() as stack:
        try:
            state.mkdir(exist_ok=True)
            fd = stack.enter_context(_flock(state / "write.lock", fcntl.LOCK_EX, blocking=False))
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, `{command}`, since {time.strftime('%H:%M:%S')}".encode(), 0)
        except BlockingIOError:
            raise ClaimgraphError(f"another claimgraph command ({_holder(state / 'write.lock')}) is changing this "
                                  "project; run this one when it has finished", path=root) from None
        except OSError as exc:
            raise disk_error(exc, "lock the project for writing") from None
        if (state / JOURNAL).is_file():
            recover(root, writer=True)
        _remove_stale_staging(state)
        yield


def _holder(lock: Path) -> str:
    try:
        text = lock.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return text[:200] or "pid unknown"


def _remove_stale_staging(state: Path) -> None:
    for staging in state.glob("staging-*"):
        shutil.rmtree(staging, ignore_errors=True)


class Interrupted(ClaimgraphError):
    """Ctrl-C once the journal was written: the change happens anyway, and the message says so."""

    exit_code = 130


def _interrupted(state: Path) -> Interrupted:
    if (state / JOURNAL).is_file():
        return Interrupted("interrupted while the new files were being switched in; the next claimgraph command "
                           "finishes the change")
    return Interrupted("interrupted, but only once the change was complete")


def commit(root: Path, change: Change, command: str) -> int:
    """Switch every staged file of `change` in at once (the caller holds the write lock). Returns the
    number of files written or deleted. Any failure before the journal is written leaves the
    project untouched; after it, the switch completes now or in the next command."""
    change = change.effective(root)
    if not change.writes and not change.deletes:
        return 0
    state = _state(root)
    staging = state / f"staging-{os.getpid()}-{time.monotonic_ns()}"
    entries = []
    try:
        staging.mkdir()
        for number, (relative, data) in enumerate(sorted(change.writes.items())):
            staged = staging / f"{number:06d}"
            write_new_file(staged, data)
            entries.append({"target": relative, "staged": staged.name, "sha256": _digest(data)})
        for relative in sorted(change.deletes):
            entries.append({"target": relative, "staged": None, "sha256": None})
        journal = {"command": command, "staging": staging.name, "entries": entries}
        pending = state / f"{JOURNAL}.{os.getpid()}.tmp"
        pending.unlink(missing_ok=True)
        write_new_file(pending, json.dumps(journal, indent=1).encode("utf-8"))
        os.replace(pending, state / JOURNAL)  # the point of no return
        _fsync_dir(state)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):
            (state / f"{JOURNAL}.{os.getpid()}.tmp").unlink()
        raise disk_error(exc, "stage the new files") from None
    except BaseException as exc:
        if (state / JOURNAL).is_file():
            # Ctrl-C just past the point of no return (the caller holds the write lock, so the journal
            # is this one): the staged files are the change now and must stay for the switch.
            if isinstance(exc, KeyboardInterrupt):
                raise _interrupted(state) from None
            raise
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        _apply(root)
    except KeyboardInterrupt:
        raise _interrupted(state) from None
    return len(entries)


def recover(root: Path, *, writer: bool = False) -> None:
    """Finish a switch that a killed command had begun, saying so on standard error. A `writer`
    holds the write lock; anyone else leaves a journal alone while its command holds that lock:
    the command is alive and switching the files in itself (readers wait on the switch lock)."""
    state = _state(root)
    if not (state / JOURNAL).is_file():
        return
    with contextlib.ExitStack() as stack:
        if not writer:
            try:
                stack.enter_context(_flock(state / "write.lock", fcntl.LOCK_EX, blocking=False))
            except BlockingIOError:
                return
        _recover(root)


def _recover(root: Path) -> None:
    state = _state(root)
    try:
        journal = json.loads((state / JOURNAL).read_text(encoding="utf-8"))
        command = str(journal.get("command", "a command"))[:200]
    except (OSError, ValueError, AttributeError):
        command = "a command"
    count = _apply(root)
    if count is not None:
        print(f"claimgraph: finished what an interrupted `{command}` had begun ({count} files switched in)",
              file=sys.stderr)


def _apply(root: Path) -> int | None:
    """Replay the journal (idempotent): each staged file replaces its target, each deletion
    happens; then the journal goes. None if another process finished it meanwhile."""
    state = _state(root)
    with _flock(state / "switch.lock", fcntl.LOCK_EX):
        path = state / JOURNAL
        if not path.is_file():
            return None
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
            staging = state / journal["staging"]
            entries = journal["entries"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ClaimgraphError(f"the journal of an interrupted change is unreadable ({exc}); restore the project "
                                  f"from version control and delete {STATE_DIR}/{JOURNAL}", path=path) from None
        try:
            for entry in entries:
                target = root / entry["target"]
                if entry["staged"] is None:
                    target.unlink(missing_ok=True)
                    continue
                staged = staging / entry["staged"]
                if staged.is_file():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staged, target)
                elif not (target.is_file() and _digest(target.read_bytes()) == entry["sha256"]):
                    raise ClaimgraphError(f"an interrupted change lost its staged copy of {entry['target']}; restore "
                                          f"the project from version control and delete {STATE_DIR}/{JOURNAL}",
                                          path=path)
            for directory in {(root / e["target"]).parent for e in entries}:
                _fsync_dir(directory)
            path.unlink()
            _fsync_dir(state)
        except OSError as exc:
            raise ClaimgraphError(f"cannot finish switching in the new files ({exc.strerror or exc}); the next "
                                  "claimgraph command will try again", path=exc.filename) from None
        shutil.rmtree(staging, ignore_errors=True)
        return len(entries)
