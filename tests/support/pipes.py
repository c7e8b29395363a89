"""A named pipe in a test: should claimgraph open it to read, it would wait for a writer forever."""

from __future__ import annotations

import os
import threading


def unblock_later(fifo, seconds: float = 5) -> threading.Timer:
    """Should anyone be reading the pipe after `seconds`, give it an end: a failure, not a hang."""
    def unblock():
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # nobody is reading it: as it should be
            pass

    timer = threading.Timer(seconds, unblock)
    timer.daemon = True
    timer.start()
    return timer
