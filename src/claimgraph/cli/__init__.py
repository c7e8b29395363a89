"""The `claimgraph` command. Every failure ends in one `claimgraph: error: ...` line and a non-zero
exit status, never a traceback: 2 for bad input or a fault, 1 for findings, 130 for Ctrl-C."""

from __future__ import annotations

import errno
import os
import sys

from ..errors import ClaimgraphError
from .commands import COMMANDS, finding_rows
from .parser import build_parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ClaimgraphError as exc:
        findings = getattr(exc, "findings", None)
        if findings:
            from ..query.results import to_table

            sys.stderr.write(to_table(finding_rows(findings)))
        _error(str(exc))
        return exc.exit_code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        _error("interrupted; the project is as it was before this command")
        return 130
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            _error("cannot write the output: the disk is full")
        else:
            _error(f"cannot go on: {exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else ""))
        return 2
    except MemoryError:
        _error("out of memory")
        return 2
    except Exception as exc:  # a bug: say so in one line; the traceback only when asked for
        if os.environ.get("CLAIMGRAPH_DEBUG"):
            raise
        _error(f"internal error ({type(exc).__name__}: {' '.join(str(exc).split())[:200]}); please report it, "
               "with the traceback that CLAIMGRAPH_DEBUG=1 shows")
        return 3


def _error(message: str) -> None:
    try:
        print(f"claimgraph: error: {message}", file=sys.stderr, flush=True)
    except OSError:
        pass


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so that Python's exit flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
