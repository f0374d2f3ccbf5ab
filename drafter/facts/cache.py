"""A cache of loaded fact bases, so that a large base is validated once, not every run.

The cache key is a hash of drafter's version, the staleness setting and the content
of every file (not its modification time, which copies and checkouts do not keep), so
any edit invalidates it. Hashing a 70 MB base takes a tenth of a second, so each file's
hash is remembered with its device, inode, size, modification and change times (the
change time moves on every write and cannot be set back), the way git's index does; an
entry younger than two seconds is not trusted, as a write within the same clock tick
could leave all of them as they were. The cache lives in the user's cache folder and is only ever
written by drafter itself; a cache that cannot be read is ignored and rewritten.
"""

from __future__ import annotations

import array
import contextlib
import copyreg
import dataclasses
import hashlib
import io
import mmap
import os
import pickle
import stat
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.errors import DrafterError
from drafter.facts.lazy import LazyFacts
from drafter.facts.loader import (
    DEFAULT_STALE_MONTHS,
    MAX_FACTBASE_BYTES,
    Fact,
    FactBase,
    Source,
    Topic,
    checked_days,
    load_factbase,
)
from drafter.fileio import atomic_write_bytes
from drafter.paths import cache_dir
from drafter.version import __version__
from drafter.yamlio import gc_paused

if TYPE_CHECKING:  # imported by the first search, not by every command that loads facts
    from drafter.facts.search import SearchIndex

_MEMO = "file-hashes.pickle"
# The layout of an entry (part of the key, so that an entry of another layout is never
# read): 2 is a header and a blob of one pickle per fact (drafter.facts.lazy).
_FORMAT = 2
_MAGIC = b"drafter-facts\0v2\0"
_FULL = "factbase-{}.facts"
_OLD_ENTRIES = ("factbase-*.pickle", "factbase-*.facts", "factbase-*.delta", "index-*.pickle")
RACY_SECONDS = 2.0  # a file's hash is remembered once the file is this many seconds old
# A base grown by `facts add` is stored as the facts added since a full entry (a delta),
# until they are this many or a tenth of the base, whichever is more: an add then writes a
# few kilobytes, not the whole base again.
_DELTA_MIN_FACTS = 500
_Signature = tuple[int, int, int, int, int]


def _cacheable(path: Path) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FACTBASE_BYTES


def _signature(info: os.stat_result) -> _Signature:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _read_memo(folder: Path) -> dict[str, tuple[_Signature, bytes]]:
    with contextlib.suppress(Exception):  # unreadable: every file is hashed again
        memo = pickle.loads((folder / _MEMO).read_bytes())
        if isinstance(memo, dict):
            return memo
    return {}


def _key(paths: Sequence[Path], stale_months: int, folder: Path) -> str | None:
    digest = hashlib.blake2b(f"{__version__}\0{_FORMAT}\0{stale_months}".encode(), digest_size=20)
    memo = _read_memo(folder)
    changed = False
    now = time.time_ns()
    for path in paths:
        name = str(Path(path).resolve())
        try:
            signature = _signature(os.stat(path))
            known = memo.get(name)
            if known is not None and known[0] == signature:
                content = known[1]
            else:
                content = hashlib.blake2b(Path(path).read_bytes(), digest_size=20).digest()
                settled = now - max(signature[3], signature[4]) > RACY_SECONDS * 1e9
                if settled:
                    memo[name] = (signature, content)
                    changed = True
        except OSError:
            return None  # let the loader report it properly
        digest.update(name.encode() + b"\0")
        digest.update(content)
    if changed:
        with contextlib.suppress(OSError, DrafterError):
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(folder / _MEMO, pickle.dumps(memo, protocol=5), force=True)
    return digest.hexdigest()


def _by_fields(cls: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    names = [f.name for f in dataclasses.fields(cls)]
    return lambda item: (cls, tuple([getattr(item, name) for name in names]))


def _dumps(factbase: object) -> bytes:
    """The base (or a delta) pickled with its topics, sources and facts as their fields in
    order: unpickled by the dataclasses' own constructors, a third quicker than by
    `__setstate__`, which looks the fields up again for every fact."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    for cls in (Topic, Source, Fact):
        if all(f.init for f in dataclasses.fields(cls)):  # else the default way
            pickler.dispatch_table[cls] = _by_fields(cls)
    pickler.dump(factbase)
    return out.getvalue()


def load_factbase_cached(
    files: Sequence[Path | str],
    *,
    stale_months: int = DEFAULT_STALE_MONTHS,
    folder: Path | None = None,
) -> FactBase:
    """`load_factbase`, answered from the cache when no file has changed.

    DRAFTER_NO_CACHE=1 turns the cache off.
    """
    paths = [Path(p) for p in files]
    if os.environ.get("DRAFTER_NO_CACHE") or not all(_cacheable(p) for p in paths):
        # The loader reads carefully (size limit, no pipes) and reports what is wrong.
        return load_factbase(paths, stale_months=stale_months)
    folder = folder or cache_dir()
    key = _key(paths, stale_months, folder)
    if key is None:
        return load_factbase(paths, stale_months=stale_months)
    cache_file = folder / _FULL.format(key)
    store = _IndexFile(folder / f"index-{key}.pickle")
    cached = _read_entry(folder, key, _recovery(paths, stale_months, cache_file))
    if cached is not None:
        cached.index_store = store
        return cached
    factbase = load_factbase(paths, stale_months=stale_months)
    factbase.index_store = store
    _ORIGINS[factbase] = (key, ())
    with contextlib.suppress(OSError, DrafterError):
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for pattern in _OLD_ENTRIES:
            for old in cache_file.parent.glob(pattern):
                # One entry per distinct set of files is plenty; drop those not used lately.
                if old not in (cache_file, store.path) and _older_than_a_week(old):
                    old.unlink()
        atomic_write_bytes(cache_file, _entry(factbase), force=True)
    return factbase


def _recovery(
    paths: Sequence[Path], stale_months: int, entry: Path
) -> Callable[[], Sequence[Fact]]:
    """What a lazy base does when one of its facts cannot be read back from the entry:
    the entry is dropped and the facts are loaded from the files, as without a cache."""

    def recover() -> Sequence[Fact]:
        with contextlib.suppress(OSError):
            entry.unlink()
        return load_factbase(paths, stale_months=stale_months).in_order

    return recover


def remember(
    files: Sequence[Path | str],
    factbase: FactBase,
    *,
    stale_months: int = DEFAULT_STALE_MONTHS,
    folder: Path | None = None,
    grown_from: FactBase | None = None,
) -> None:
    """Store `factbase` as what `files` load to now, so the next command starts from the
    cache: `facts add` knows the base it wrote, and a large office file is not validated
    again after each fact. When `factbase` is `grown_from` (a base read through the cache)
    with facts appended and nothing else changed, only the facts added since the last full
    entry are written. Nothing is stored when the cache is off or cannot be written."""
    paths = [Path(p) for p in files]
    if os.environ.get("DRAFTER_NO_CACHE") or not all(_cacheable(p) for p in paths):
        return
    folder = folder or cache_dir()
    key = _key(paths, stale_months, folder)
    if key is None:
        return
    delta = _delta(factbase, grown_from, folder)
    with contextlib.suppress(OSError, DrafterError):
        folder.mkdir(parents=True, exist_ok=True)
        if delta is not None:
            atomic_write_bytes(folder / f"factbase-{key}.delta", _dumps(delta), force=True)
        else:
            atomic_write_bytes(folder / _FULL.format(key), _entry(factbase), force=True)
            _ORIGINS[factbase] = (key, ())


# For each base read or written through the cache: the key of the full entry it was
# built from and the facts appended to that entry's base since.
_ORIGINS: weakref.WeakKeyDictionary[FactBase, tuple[str, tuple[Fact, ...]]] = (
    weakref.WeakKeyDictionary()
)


def _delta(factbase: FactBase, grown_from: FactBase | None, folder: Path) -> _Delta | None:
    """What to write for `factbase` as a delta over a full entry, or None for a full one."""
    origin = _ORIGINS.get(grown_from) if grown_from is not None else None
    if origin is None or grown_from is None:
        return None
    parent, appended = origin
    since = factbase.added_since(grown_from)
    if (
        since is None
        or factbase.topics != grown_from.topics
        or factbase.sources != grown_from.sources
        or not (folder / _FULL.format(parent)).exists()
    ):
        return None
    added = (*appended, *since)
    if len(added) > _delta_limit(len(factbase) - len(added)):
        return None
    return _Delta(parent, added, factbase.files, factbase.stale_months, factbase.warnings)


def _delta_limit(full_facts: int) -> int:
    return max(_DELTA_MIN_FACTS, full_facts // 10)


@dataclasses.dataclass(frozen=True)
class _Delta:
    """A cache entry that is a full entry's base with `facts` appended."""

    parent: str
    facts: tuple[Fact, ...]
    files: tuple[str, ...]
    stale_months: int
    warnings: tuple[Any, ...]


def _read_entry(folder: Path, key: str, recover: Callable[[], Sequence[Fact]]) -> FactBase | None:
    """The base cached under `key` (a full entry, or a delta over one); None if unreadable."""
    with contextlib.suppress(Exception):  # any unreadable cache is simply rebuilt
        full = folder / _FULL.format(key)
        if full.exists():
            cached = _open_entry(full, recover)
            if cached is not None:
                _ORIGINS[cached] = (key, ())
            return cached
        delta = _read_pickle(folder / f"factbase-{key}.delta")
        if not isinstance(delta, _Delta) or not all(isinstance(f, Fact) for f in delta.facts):
            return None
        parent = _open_entry(folder / _FULL.format(delta.parent), recover)
        if parent is None or parent.stale_months != delta.stale_months:
            return None
        grown = parent.appended(*delta.facts, files=delta.files)
        grown.warnings = tuple(delta.warnings)
        _ORIGINS[grown] = (delta.parent, delta.facts)
        return grown
    return None


# -------------------------------------------------------------- a full entry's layout
#
# _MAGIC, the header's length (8 bytes, little-endian), the header (a pickled dict: the
# topics, sources, files, warnings and staleness setting; the fact fields' names; the
# facts' ids, each topic's positions and each fact's checked day; the blob's offsets),
# then the blob: each fact's field values, a pickled tuple, its file an index into the
# header's list of files.

_FIELDS = tuple(f.name for f in dataclasses.fields(Fact))
_FILE_AT = _FIELDS.index("file")


def _entry(factbase: FactBase) -> bytes:
    """A full entry for `factbase` (every fact is read for it)."""
    files: dict[str, int] = {}
    blob = io.BytesIO()
    offsets = array.array("Q", [0])
    for fact in factbase:
        values = [getattr(fact, name) for name in _FIELDS]
        values[_FILE_AT] = files.setdefault(fact.file, len(files))
        blob.write(pickle.dumps(tuple(values), protocol=5))
        offsets.append(blob.tell())
    header = {
        "format": _FORMAT,
        "fields": _FIELDS,
        "topics": factbase.topics,
        "sources": factbase.sources,
        "files": factbase.files,
        "stale_months": factbase.stale_months,
        "warnings": factbase.warnings,
        "fact_files": list(files),
        "ids": list(factbase.facts),
        "offsets": offsets,
        "positions": {t: array.array("I", p) for t, p in factbase.topic_positions.items()},
        "checked": array.array("i", checked_days(factbase)),
    }
    head = _dumps(header)
    return b"".join((_MAGIC, len(head).to_bytes(8, "little"), head, blob.getvalue()))


def _open_entry(path: Path, recover: Callable[[], Sequence[Fact]]) -> FactBase | None:
    """The base of a full entry, its facts read when asked for; None if the entry is not
    one of this layout or is cut short."""
    with path.open("rb") as file:
        start = len(_MAGIC) + 8
        lead = file.read(start)
        if len(lead) != start or not lead.startswith(_MAGIC):
            return None
        size = int.from_bytes(lead[len(_MAGIC) :], "little")
        head = file.read(size)
        with gc_paused(keep=True):
            header = pickle.loads(head)
        blob_size = os.fstat(file.fileno()).st_size - start - size
        if len(head) != size or not _header_fits(header, blob_size):
            return None
        blob: Any = b""
        if blob_size:
            blob = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
            blob = blob[start + size :]
    facts = LazyFacts.open(header["ids"], header["offsets"], blob, _decoder(header), recover)
    return FactBase.stored(
        header["topics"], header["sources"], facts, header["positions"],
        files=header["files"], stale_months=header["stale_months"],
        warnings=header["warnings"], checked_days=header["checked"],
    )  # fmt: skip


def _header_fits(header: object, blob_size: int) -> bool:
    """A header of this layout, whose offsets end where the blob does."""
    if not isinstance(header, dict) or header.get("format") != _FORMAT:
        return False
    if header.get("fields") != _FIELDS:
        return False
    ids, offsets = header["ids"], header["offsets"]
    return (
        isinstance(ids, list)
        and isinstance(offsets, array.array)
        and len(offsets) == len(ids) + 1
        and len(header["checked"]) == len(ids)
        and offsets[0] == 0
        and offsets[-1] == blob_size
    )


def _decoder(header: dict[str, Any]) -> Callable[[Any], Fact]:
    fact_files = header["fact_files"]

    def decode(record: Any) -> Fact:
        values = list(pickle.loads(record))
        values[_FILE_AT] = fact_files[values[_FILE_AT]]
        return Fact(*values)

    return decode


def _read_pickle(path: Path) -> object:
    data = path.read_bytes()
    with gc_paused(keep=True):  # some hundred thousand objects, no cycle among them
        return pickle.loads(data)


class _IndexFile:
    """The search index of one cached base, kept beside it once it has been built (by
    the first search), so that a later process reads it instead of building it again."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, factbase: FactBase) -> SearchIndex | None:
        from drafter.facts.search import SearchIndex

        with contextlib.suppress(Exception):  # unreadable: built again, and kept again
            data = self.path.read_bytes()
            with gc_paused(keep=True):
                index = pickle.loads(data)
            if isinstance(index, SearchIndex):
                index.attach(factbase)
                return index
        return None

    def save(self, index: SearchIndex) -> None:
        with contextlib.suppress(OSError, DrafterError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, pickle.dumps(index, protocol=5), force=True)


def _older_than_a_week(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_atime > 7 * 24 * 3600
    except OSError:
        return False
