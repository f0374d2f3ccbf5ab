"""Writing files without ever leaving half of one behind.

Every output goes to a temporary file in the destination folder, is flushed to disk,
and then renamed over the target in one step, so a crash, a full disk or a killed
process leaves either the old file or the new one, never a mix, and no stray temporary.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from drafter.errors import ExportError

_HINTS = {
    errno.ENOSPC: "free some disk space and export again; the earlier file is untouched",
    errno.EDQUOT: "free some disk space and export again; the earlier file is untouched",
    errno.EACCES: "choose a folder you can write to, or change its permissions",
    errno.EPERM: "choose a folder you can write to, or change its permissions",
    errno.EROFS: "the disk is read-only; choose another folder",
    errno.ENOENT: "create the folder first, or choose one that exists",
    errno.ENOTDIR: "part of the path is a file, not a folder; choose another path",
    errno.EISDIR: "the path is a folder; give a file name",
    errno.ENAMETOOLONG: "choose a shorter file name",
    errno.EBUSY: "the file is open in another program; close it and try again",
    errno.ETXTBSY: "the file is open in another program; close it and try again",
}


def _error(path: Path, exc: OSError, doing: str) -> ExportError:
    reason = exc.strerror or str(exc)
    hint = _HINTS.get(exc.errno or 0, "check the path and try again")
    return ExportError.single(str(path), f"cannot {doing}: {reason}", hint)


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse early (before any work) when `path` cannot or must not be written."""
    if path.is_dir():
        raise ExportError.single(str(path), "is a folder, not a file", "give a file name")
    if path.exists() and not force:
        raise ExportError.single(
            str(path), "already exists", "use --force to overwrite it, or choose another name"
        )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError.single(
            str(path), f"folder {parent} does not exist", "create it first, or choose another"
        )


def atomic_write_bytes(
    path: Path, data: bytes, *, force: bool = False, batch: bool = False
) -> Path:
    """Write `data` to `path` atomically; refuse to overwrite unless `force`.

    `batch` is for many files written into one folder (a merge): the caller sweeps the
    folder once beforehand (`sweep_orphans`) and calls `flush_to_disk` once at the end,
    instead of both being done per file. Each file is still written whole or not at all.
    """
    path = Path(path)
    check_writable(path, force=force)
    parent = path.parent if str(path.parent) else Path(".")
    if not batch:
        _sweep_orphans(parent, path.name)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=parent
        )
    except OSError as exc:
        raise _error(path, exc, "create a file in its folder") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if not batch:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if not force and path.exists():
            # Someone created the file while we were writing: never clobber it.
            raise ExportError.single(
                str(path), "already exists", "use --force to overwrite it, or choose another name"
            )
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _error(path, exc, "write it") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def sweep_orphans(folder: Path) -> None:
    """Delete the temporaries that killed writers left anywhere in `folder`."""
    _sweep_orphans(folder, "")


def flush_to_disk() -> None:
    """Make a batch of writes durable at once (one sync, not one per file)."""
    os.sync()


def _sweep_orphans(folder: Path, name: str) -> None:
    """Delete temporaries that a killed writer of `name` (of any file when "") left.

    A temporary is named `.{name}.{pid}.{random}.tmp`, so it carries its writer's
    process id; one whose writer no longer runs can never be completed, so it goes. A
    live writer's temporary is left alone.
    """
    prefix = f".{name}." if name else "."
    # Plain names, not Paths: a merge writes into a folder of thousands of files.
    for entry in _listdir(folder):
        if not (entry.startswith(prefix) and entry.endswith(".tmp")):
            continue
        fields = entry.removesuffix(".tmp").split(".")
        if len(fields) < 4 or not fields[-2].isdigit():
            continue  # not one of ours
        pid = int(fields[-2])
        if pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(OSError):
                (folder / entry).unlink()


def _listdir(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def atomic_write_text(path: Path, text: str, *, force: bool = False) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), force=force)


def _umask() -> int:
    # os.umask can only be read by setting it; set it back at once.
    current = os.umask(0)
    os.umask(current)
    return current
