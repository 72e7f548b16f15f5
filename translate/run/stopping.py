"""SIGINT and SIGTERM stop a run cleanly: after the current write, never in the middle.

`timeout`, systemd and `docker stop` send SIGTERM; a person presses Ctrl-C. Either way the
run raises `Interrupted` at the next Python instruction — except inside `deferred()`, the
writing of one article's outputs and its state row, which finishes first, so an article's
files appear as a set or not at all.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from translate.errors import Interrupted

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopSignals:
    """Installs the handlers for its `with` block (main thread only; elsewhere a no-op)."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._depth = 0
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
        if self._depth == 0:
            raise Interrupted(self.received)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """A block a signal does not cut short; it is acted on when the block ends."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        self.check()

    def hold(self) -> None:
        """From now on a signal is noted, never acted on: the run's work is over, and what
        is left (recording its end, writing its report) finishes as it is, so the report,
        the state and the exit code all say what the run did."""
        self._depth += 1

    def check(self) -> None:
        if self.received is not None and self._depth == 0:
            raise Interrupted(self.received)
