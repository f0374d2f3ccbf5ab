"""Writing files without ever leaving half of one behind.

Every output goes to a temporary file in the destination folder, is flushed to disk,
and then renamed over the target in one step, so a crash, a full disk or a killed
process leaves either the old file or the new one, never a mix, and no stray temporary.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import itertools
import os
import re
import secrets
import socket
import stat
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


_NOT_FILES = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)
_DEFAULT_NAME_MAX = 255


def _lstat(path: Path) -> os.stat_result | None:
    """The entry at `path` itself (a link is not followed); None when there is none."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _error(path, exc, "check it") from None


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return _DEFAULT_NAME_MAX


def is_folder(path: Path) -> bool:
    """`path.is_dir()`, but False (not an exception) for a name the system cannot take."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _refuse_a_node(path: Path, info: os.stat_result) -> None:
    for test, what in _NOT_FILES:
        if test(info.st_mode):
            raise ExportError.single(
                str(path),
                f"is {what}, not a plain file",
                "drafter writes only plain files; choose a file name",
            )


def check_writable(path: Path, *, force: bool, batch: bool = False) -> None:
    """Refuse early (before any work) when `path` cannot or must not be written.

    `batch`: one of many files into one folder that the caller has just made sure of
    (`sweep_orphans`), so the folder's name-length limit is read once, not per file, and
    the folder is not looked up again (a folder gone meanwhile fails the write itself).
    """
    parent = path.parent if str(path.parent) else Path(".")
    size = len(os.fsencode(path.name))
    limit = _folder_name_max(str(parent)) if batch else _name_max(parent)
    if size > limit:
        raise ExportError.single(
            str(path),
            f"the name is {size} bytes long and this folder takes at most {limit}",
            "choose a shorter file name",
        )
    info = _lstat(path)
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise ExportError.single(str(path), "is a folder, not a file", "give a file name")
        _refuse_a_node(path, info)
        if stat.S_ISLNK(info.st_mode) and is_folder(path):
            raise ExportError.single(str(path), "is a folder, not a file", "give a file name")
        if not force:
            raise ExportError.single(
                str(path), "already exists", "use --force to overwrite it, or choose another name"
            )
    if not batch and not is_folder(parent):
        raise ExportError.single(
            str(path), f"folder {parent} does not exist", "create it first, or choose another"
        )


@functools.lru_cache(maxsize=8)
def _folder_name_max(folder: str) -> int:
    """`_name_max` of a batch's folder, asked of the system once for the whole batch."""
    return _name_max(Path(folder))


def atomic_write_bytes(
    path: Path, data: bytes, *, force: bool = False, batch: bool = False
) -> Path:
    """Write `data` to `path` atomically; refuse to overwrite unless `force`.

    `batch` is for many files written into one folder (a merge): the caller sweeps the
    folder once beforehand (`sweep_orphans`) and calls `flush_to_disk` once at the end,
    instead of both being done per file. Each file is still written whole or not at all.
    """
    path = Path(path)
    check_writable(path, force=force, batch=batch)
    parent = path.parent if str(path.parent) else Path(".")
    if not batch:
        sweep_orphans(parent)
    try:
        fd, tmp = _create_temporary(parent)
    except OSError as exc:
        raise _error(path, exc, "create a file in its folder") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if not batch:
                os.fsync(handle.fileno())
        # Checked again just before the rename: something may have appeared meanwhile.
        info = _lstat(path)
        if info is not None:
            _refuse_a_node(path, info)
            if not force:
                raise ExportError.single(
                    str(path),
                    "already exists",
                    "use --force to overwrite it, or choose another name",
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


def flush_to_disk() -> None:
    """Make a batch of writes durable at once (one sync, not one per file)."""
    os.sync()


# A temporary's name is `.drafter-{host}-{pid}-{random}{check}.tmp`: `host` is a hash of
# the machine's name (a folder on a network share is written from several machines,
# whose process ids mean nothing here), `pid` the writer's process id, `random` 16 hex
# digits (8 from the system's random source, drawn once per process, and a count of the
# process's temporaries, so a merge of thousands draws no randomness per letter) and
# `check` 8 hex digits that hash the rest. Each is created exclusively (O_EXCL, not
# following a link), so a name someone else took is never written: the next is tried.
# It never holds the target's name, so a target at the system's name-length limit
# still gets one. A file a user names so by chance fails the check (1 in 4 billion,
# on top of the exact pattern); drafter deletes nothing whose name does not pass.
_TEMPORARY = re.compile(
    r"\.drafter-([0-9a-f]{8})-([1-9][0-9]{0,9})-([0-9a-f]{16})([0-9a-f]{8})\.tmp"
)
_PROCESS_RANDOM = secrets.token_hex(4)
_COUNT = itertools.count()


def _host_tag(host: str | None = None) -> str:
    return _own_host_tag() if host is None else _tag_of(host)


@functools.lru_cache(maxsize=1)
def _own_host_tag() -> str:
    return _tag_of(socket.gethostname())


def _tag_of(name: str) -> str:
    return hashlib.sha256(b"drafter-host\0" + name.encode("utf-8", "replace")).hexdigest()[:8]


def _check(host: str, pid: str, random: str) -> str:
    material = f"drafter-temporary\0{host}-{pid}-{random}".encode("ascii")
    return hashlib.sha256(material).hexdigest()[:8]


def temporary_name(*, pid: int | None = None, host: str | None = None) -> str:
    """A fresh name for a temporary of this process (or of `pid` on `host`, for tests)."""
    tag = _host_tag(host)
    writer = str(os.getpid() if pid is None else pid)
    random = f"{_PROCESS_RANDOM}{next(_COUNT) & 0xFFFFFFFF:08x}"
    return f".drafter-{tag}-{writer}-{random}{_check(tag, writer, random)}.tmp"


def is_drafter_temporary(name: str) -> bool:
    """Whether `name` is one drafter made (its pattern and its check both hold)."""
    match = _TEMPORARY.fullmatch(name)
    if match is None:
        return False
    host, pid, random, check = match.groups()
    return secrets.compare_digest(_check(host, pid, random), check)


def _create_temporary(folder: Path) -> tuple[int, Path]:
    for _attempt in range(100):
        candidate = folder / temporary_name()
        try:
            # Created with the file's final permissions (0o666 less the umask, applied by
            # the system), so no chmod is needed before the rename.
            fd = os.open(candidate, _CREATE, 0o666)
        except FileExistsError:
            continue
        return fd, candidate
    raise FileExistsError(errno.EEXIST, "no free temporary name")


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _stale(folder: Path, entry: str) -> bool:
    """True only for a temporary proven drafter's, of this machine, whose writer is gone."""
    if not is_drafter_temporary(entry):
        return False
    match = _TEMPORARY.fullmatch(entry)
    assert match is not None
    host, pid_text = match.group(1), match.group(2)
    if host != _host_tag():
        return False  # another machine's writer may still be running
    pid = int(pid_text)
    if pid == os.getpid() or _alive(pid):
        return False
    try:
        info = os.lstat(folder / entry)
    except OSError:
        return False
    # Only a plain file of this user's: never a link, a folder or someone else's file.
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()


def sweep_orphans(folder: Path) -> None:
    """Delete the temporaries killed writers left in `folder`.

    Only names `is_drafter_temporary` accepts are considered, and of those only ones
    whose writer, on this machine, no longer runs: such a file can never be completed.
    A live writer's temporary, another machine's, or any file drafter cannot prove its
    own is left alone.
    """
    # Plain names, not Paths: a merge writes into a folder of thousands of files.
    for entry in _listdir(folder):
        if entry.startswith(".drafter-") and _stale(folder, entry):
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
