"""Progress on standard error for steps that take more than a moment (HermiT, SHACL, drafting):
a live status line on a terminal (rich), nothing when standard error is not a terminal, so
scripts and logs get only results and errors."""

from __future__ import annotations

import os
import sys
import time


class Progress:
    def __init__(self, enabled: bool | None = None):
        if enabled is None:
            enabled = sys.stderr.isatty() or os.environ.get("CLAIMGRAPH_PROGRESS") == "1"
        self.enabled = enabled
        self._status = None
        self._started = time.monotonic()

    def __call__(self, text: str) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self._started
        if self._status is None:
            from rich.console import Console

            console = Console(stderr=True, highlight=False, markup=False)
            if not console.is_terminal:  # forced on, but not a terminal: plain lines
                print(f"claimgraph: {text} ({elapsed:.1f} s)", file=sys.stderr, flush=True)
                return
            self._status = console.status(text)
            self._status.start()
        self._status.update(f"{text} ({elapsed:.0f} s)")

    def close(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
