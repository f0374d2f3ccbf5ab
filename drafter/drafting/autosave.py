"""The autosaved draft: written on every change, offered again after a crash or a kill.

The autosave is an ordinary draft file (the format `drafter open` reads), kept at
`drafter.paths.autosave_file()`. Its life:

- every change to the draft being edited rewrites it atomically, by a `DraftWriter`: on a
  thread of its own, a moment after the edits pause (`PAUSE_SECONDS`) and at least every
  `LONGEST_SECONDS` while they go on, so that no key waits for a disk; the app makes it
  write at once (`flush`) on quit, on a step change, on suspend and before it reads the
  files back, so a kill loses at most the edits of that moment;
- a successful export marks it finished by renaming it to `last-exported.yaml` beside it,
  so the next start does not offer a letter that is already out of the door (and the
  exported draft can still be opened with `drafter open`);
- a file that no longer reads as a draft is renamed aside to `autosave.yaml.corrupt-<n>`
  and reported, never fatal and never overwritten; an unfinished draft the user chose
  not to resume, or one replaced by `drafter open`, is likewise kept as
  `autosave.yaml.discarded-<n>` or `autosave.yaml.previous-<n>`;
- one app at a time writes it: `claim` takes a lock beside it (`autosave.yaml.lock`,
  the kernel's, so a killed app holds nothing). A second app is told who holds it and
  writes a copy instead (`autosave.copy-<n>.yaml`), so neither overwrites the other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from drafter.drafting.draft import Draft, dump_draft, load_draft, save_draft
from drafter.errors import DrafterError, Problem
from drafter.fileio import atomic_write_text

FINISHED_NAME = "last-exported.yaml"


@dataclass(frozen=True, slots=True)
class AutosaveRead:
    """What was found at the autosave path on start."""

    draft: Draft | None = None  # an unfinished draft worth offering, if any
    set_aside: Path | None = None  # where an unreadable autosave was moved
    problems: tuple[Problem, ...] = ()  # why it could not be read


def has_content(draft: Draft) -> bool:
    """True when the draft holds anything a user would miss if it were dropped."""
    return bool(
        draft.template
        or draft.topic
        or draft.facts
        or draft.recipient
        or draft.contact
        or draft.sender
        or any(v.strip() for v in draft.fields.values())
        or draft.date
        or draft.our_ref
        or draft.your_ref
        or draft.salutation
        or draft.valediction
    )


def read_autosave(path: Path, *, held_elsewhere: bool = False) -> AutosaveRead:
    """The unfinished draft at `path`; an unreadable one is renamed aside and reported.

    `held_elsewhere`: another app writes `path`; it is only read, never renamed.
    """
    if not path.exists():
        return AutosaveRead()
    try:
        draft = load_draft(path)
    except DrafterError as exc:
        if held_elsewhere:
            return AutosaveRead(problems=exc.problems)
        return AutosaveRead(set_aside=set_aside(path, "corrupt"), problems=exc.problems)
    return AutosaveRead(draft=draft if has_content(draft) else None)


def write_autosave(draft: Draft, path: Path) -> Path:
    """Save the draft at `path` now (atomically; it is small enough to do on every change)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_draft(draft, path, force=True)


# A draft is written this long after the last edit, and never later than LONGEST_SECONDS
# after the first edit not yet on disk (typing that does not pause).
PAUSE_SECONDS = 0.25
LONGEST_SECONDS = 1.0


class DraftWriter:
    """Writes a draft's files off the caller's thread, one write for a run of edits.

    `submit(draft, paths)` keeps a snapshot (the caller passes a copy it no longer
    changes) under a new generation number and returns at once; a thread of the
    writer's own writes each path's latest snapshot `pause` seconds after the last
    submit, or `longest` seconds after the first one still pending, whichever comes
    first, then ends when nothing is left. `flush()` writes what is pending on the
    caller's thread, after any write under way. One write at a time, and a path is never
    written with a generation older than the one it has: an older snapshot never
    overwrites a newer one. After every write `on_written(problem)` is called (on the
    thread that wrote) with why it failed ("" when it did not); a failed write is not
    retried, the next submit tries again. The thread is not a daemon: a process that
    ends without a flush still writes what is pending first.
    """

    def __init__(
        self,
        on_written: Callable[[str], None] | None = None,
        *,
        pause: float = PAUSE_SECONDS,
        longest: float = LONGEST_SECONDS,
    ) -> None:
        self.on_written = on_written
        self.pause = pause
        self.longest = longest
        self._cond = threading.Condition()
        self._writing = threading.Lock()  # held for a whole write, by whichever thread
        self._pending: dict[Path, tuple[int, Draft]] = {}
        self._written: dict[Path, int] = {}  # each path's generation on disk
        self._generation = 0
        self._first = self._last = 0.0  # when the pending snapshots were submitted
        self._thread: threading.Thread | None = None

    def submit(self, draft: Draft, paths: Iterable[Path]) -> int:
        """Write `draft` to `paths` soon; returns its generation."""
        with self._cond:
            self._generation += 1
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._last = now
            for path in paths:
                self._pending[path] = (self._generation, draft)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="drafter-autosave")
                self._thread.start()
            return self._generation

    def pending(self) -> bool:
        """True while a snapshot waits to be written or is being written."""
        with self._cond:
            return bool(self._pending) or self._thread is not None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the writer has written everything submitted (without hurrying it);
        False when `timeout` ran out first."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and self._thread is None, timeout)

    def flush(self) -> str | None:
        """Write what is pending now; the problem ("" if none), None if nothing was."""
        with self._writing:
            with self._cond:
                batch, self._pending = self._pending, {}
                # The writer's thread may be waiting out a pause for what is taken here:
                # woken, it finds nothing pending and ends, rather than sleeping on.
                self._cond.notify_all()
            if not batch:
                return None
            problem = self._write(batch)
            if self.on_written is not None:
                self.on_written(problem)
            return problem

    def _due(self) -> float:
        return min(self._last + self.pause, self._first + self.longest) - time.monotonic()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending and (left := self._due()) > 0:
                    self._cond.wait(left)
                if not self._pending:
                    self._thread = None
                    self._cond.notify_all()
                    return
            self.flush()

    def _write(self, batch: dict[Path, tuple[int, Draft]]) -> str:
        problem = ""
        texts: dict[int, str] = {}  # one dump for the paths of one snapshot
        for path, (generation, draft) in batch.items():
            if generation <= self._written.get(path, 0):
                continue
            try:
                if generation not in texts:
                    texts[generation] = dump_draft(draft)
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_text(path, texts[generation], force=True)
            except DrafterError as exc:
                problem = problem or str(exc.problems[0])
            except OSError as exc:
                problem = problem or f"{path.parent}: {exc.strerror or exc}"
            else:
                self._written[path] = generation
        return problem


def mark_finished(path: Path) -> Path | None:
    """After an export: keep the draft as `last-exported.yaml` so it is not offered again."""
    if not path.exists():
        return None
    finished = path.with_name(FINISHED_NAME)
    os.replace(path, finished)
    return finished


def set_aside(path: Path, label: str) -> Path | None:
    """Rename `path` to `<name>.<label>-<n>` (the first free n); None when there is none."""
    if not path.exists():
        return None
    for number in range(1, 1000):
        target = path.with_name(f"{path.name}.{label}-{number}")
        if target.exists():
            continue
        with contextlib.suppress(OSError):
            os.replace(path, target)
            return target
        return None
    return None


# --------------------------------------------------------------------------- one writer

LOCK_SUFFIX = ".lock"
COPY_LABEL = "copy"
_MAX_COPIES = 100


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds an autosave, as its lock file says."""

    pid: int
    host: str
    since: str  # "01:20 on 2 December 2026"

    def describe(self) -> str:
        return f"process {self.pid} on {self.host}, since {self.since}"


@dataclass(slots=True)
class Claim:
    """The autosave this app may write, and who holds the one it asked for (if not it)."""

    path: Path  # the asked-for autosave, or a copy beside it when another app holds it
    holder: Holder | None = None  # the other app, when `path` is a copy
    copies_left: list[Path] = field(default_factory=list)  # earlier copies nobody holds
    _fd: int | None = None

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing the file releases its lock
            self._fd = None


def _copy_path(path: Path, number: int) -> Path:
    return path.with_name(f"{path.stem}.{COPY_LABEL}-{number}{path.suffix}")


def _try_lock(path: Path) -> int | None:
    """The open lock file beside `path`, locked by this process; None if another holds it."""
    import fcntl

    lock = path.with_name(path.name + LOCK_SUFFIX)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    now = dt.datetime.now()
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": f"{now:%H:%M} on {now.day} {now:%B %Y}",
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)
    return fd


def _holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.with_name(path.name + LOCK_SUFFIX).read_text(encoding="utf-8"))
        return Holder(int(data["pid"]), str(data["host"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def claim(path: Path) -> Claim:
    """Lock the autosave at `path` for this app, or the first free copy beside it.

    Where locks cannot be taken (no `fcntl`, a folder that cannot be written) the
    autosave is used without one, as before; writing it will report any problem.
    """
    try:
        import fcntl  # noqa: F401
    except ImportError:  # pragma: no cover - Windows: no lock
        return Claim(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = _try_lock(path)
        if fd is not None:
            return Claim(path, None, _unheld_copies(path), fd)
        holder = _holder(path) or Holder(0, "another computer or account", "unknown")
        for number in range(1, _MAX_COPIES + 1):
            copy = _copy_path(path, number)
            fd = _try_lock(copy)
            if fd is not None:
                if copy.exists():  # a copy left by a killed app: kept, not overwritten
                    set_aside(copy, "previous")
                return Claim(copy, holder, [], fd)
    except OSError:
        return Claim(path)
    return Claim(path, holder)


def _unheld_copies(path: Path) -> list[Path]:
    """Copies of the autosave that earlier second apps left, which nobody holds now."""
    found = []
    for number in range(1, _MAX_COPIES + 1):
        copy = _copy_path(path, number)
        if not copy.exists():
            continue
        fd = _try_lock(copy)
        if fd is not None:
            os.close(fd)
            found.append(copy)
    return found
