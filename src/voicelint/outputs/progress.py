"""A progress bar for big runs, on stderr, only where a person is watching.

Shown when stderr is a terminal, ``CI`` is not set, ``TERM`` is not ``dumb`` and the run has
at least :data:`MIN_POSTS` posts; never when output is piped or in CI logs. It redraws one
line (at most ten times a second) and erases it when done, so the report is untouched.
"""
from __future__ import annotations

import os
import sys
import time

MIN_POSTS = 200


def wanted(stream=None, total: int | None = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    return total is None or total >= MIN_POSTS


class Bar:
    """``start(total)``, ``update(n)``, ``close()``; does nothing unless :func:`wanted`."""

    def __init__(self, stream=None, label: str = "voicelint", min_posts: int = MIN_POSTS):
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.min_posts = min_posts
        self.total = 0
        self.done = 0
        self.active = False
        self._last = 0.0

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self.active = total >= self.min_posts and wanted(self.stream)
        self._draw(force=True)

    def update(self, n: int) -> None:
        self.done = min(self.total, self.done + n)
        self._draw(force=self.done >= self.total)

    def close(self) -> None:
        if self.active:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.active = False

    def _draw(self, force: bool = False) -> None:
        if not self.active:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        frac = self.done / self.total if self.total else 1.0
        filled = int(frac * width)
        self.stream.write(f"\r{self.label}: [{'#' * filled}{'.' * (width - filled)}] "
                          f"{self.done}/{self.total} posts {frac:4.0%}")
        self.stream.flush()
