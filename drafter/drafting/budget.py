"""A time and memory budget for one template render.

The sandbox (drafter.drafting.sandbox) bounds what a single operation of a template
may build: a text, a list or a number. A template can still loop for hours, or build
many things each within bounds, so a render also runs under a `RenderBudget`: a
watchdog thread (one for the process) looks every few milliseconds at the rendering
thread's CPU time (and the wall clock, with ten times the allowance, so that a busy
machine never fails a sound letter) and at the process's peak memory. Once the render
is over its seconds or has raised that peak by more than its megabytes, the watchdog
raises an exception inside the rendering thread. Python delivers it at the template's
next instruction, so the traceback holds the template's line, which the error names.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
from types import TracebackType

MAX_SECONDS = 2.0  # of the rendering thread's CPU time
MAX_MEGABYTES = 200
# The wall clock too, should the CPU clock be unknown or the thread be kept waiting:
# a machine busy with other work must not fail a sound letter, so this is far longer.
MAX_WALL_SECONDS = 10 * MAX_SECONDS
_POLL = 0.01  # seconds between the watchdog's looks
_IDLE = 1.0  # seconds without a render before the watchdog sleeps until the next


class TemplateTooSlow(Exception):
    """The render took longer than its budget allows."""


class TemplateTooLarge(Exception):
    """The render grew the process's memory by more than its budget allows."""


def resident_bytes() -> int | None:
    """The most resident memory the process has used so far; None where unknown.

    The peak, not the current figure (the system gives it without a file being read):
    a render is stopped once it takes the process more than its budget past the
    highest it had been before, which bounds what it can take.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


class _Watchdog:
    """One thread that looks at every render in progress, started with the first.

    A thread started and joined per render cost a merge about a millisecond a letter
    (the join waits for the watchdog to get the interpreter back). The one thread polls
    every few milliseconds while renders come, and once none has come for a second it
    sleeps until the next; only then is it woken, so a merge's renders, which follow
    one another, do not each hand the interpreter to it.
    """

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._budgets: set[RenderBudget] = set()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._asleep = False

    def add(self, budget: RenderBudget) -> None:
        with self._wake:
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                # (again in a forked child, which has only the thread that forked)
                self._pid = os.getpid()
                self._asleep = False
                self._thread = threading.Thread(
                    target=self._watch, name="render-budget", daemon=True
                )
                self._thread.start()
            self._budgets.add(budget)
            if self._asleep:
                self._asleep = False  # now, so the next render does not wake it again
                self._wake.notify()

    def remove(self, budget: RenderBudget) -> None:
        with self._wake:
            self._budgets.discard(budget)

    def _watch(self) -> None:
        busy = time.monotonic()
        while True:
            with self._wake:
                if self._budgets:
                    busy = time.monotonic()
                elif time.monotonic() - busy > _IDLE:
                    self._asleep = True
                    while self._asleep:
                        self._wake.wait()
                    busy = time.monotonic()
                self._wake.wait(_POLL)
                budgets = list(self._budgets)
                if budgets:
                    busy = time.monotonic()
            for budget in budgets:
                if budget.look():
                    self.remove(budget)


_WATCHDOG = _Watchdog()


class RenderBudget:
    """`with RenderBudget():` around a render stops it when over time or memory."""

    def __init__(self, seconds: float = MAX_SECONDS, megabytes: int = MAX_MEGABYTES) -> None:
        self.seconds = seconds
        self.limit = megabytes * 2**20
        self._lock = threading.Lock()
        self._active = False
        self._fired = False
        self._thread_id = 0

    def __enter__(self) -> RenderBudget:
        self._thread_id = threading.get_ident()
        self._clock: int | None = None
        try:
            self._clock = time.pthread_getcpuclockid(self._thread_id)
            self._cpu_start = time.clock_gettime(self._clock)
        except (AttributeError, OSError):  # pragma: no cover - not on every system
            self._clock = None
        self._start = time.monotonic()
        self._base = resident_bytes()
        self._active = True
        _WATCHDOG.add(self)
        return self

    def _over(self) -> type[Exception] | None:
        wall = time.monotonic() - self._start
        if self._clock is not None:
            try:
                if time.clock_gettime(self._clock) - self._cpu_start > self.seconds:
                    return TemplateTooSlow
            except OSError:  # pragma: no cover - the thread has gone
                return None
            if wall > MAX_WALL_SECONDS:
                return TemplateTooSlow
        elif wall > self.seconds:
            return TemplateTooSlow
        if self._base is not None:
            now = resident_bytes()
            if now is not None and now - self._base > self.limit:
                return TemplateTooLarge
        return None

    def look(self) -> bool:
        """The watchdog's look: stop the render if it is over; whether it was stopped."""
        if not self._active:
            return True
        over = self._over()
        if over is None:
            return False
        with self._lock:
            if self._active:
                self._fired = True
                _raise_in(self._thread_id, over)
        return True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            self._active = False
            if self._fired and kind is None:
                # Fired as the render ended: the exception may not have been raised yet.
                _raise_in(self._thread_id, None)
        _WATCHDOG.remove(self)
