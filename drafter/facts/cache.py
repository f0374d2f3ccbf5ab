"""A cache of loaded fact bases, so that a large base is validated once, not every run.

The cache key is a hash of drafter's version, the staleness setting and the content
of every file (not its modification time, which copies and checkouts do not keep), so
any edit invalidates it. The cache lives in the user's cache folder and is only ever
written by drafter itself; a cache that cannot be read is ignored and rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
from collections.abc import Sequence
from pathlib import Path

from drafter import __version__
from drafter.errors import DrafterError
from drafter.facts.loader import (
    DEFAULT_STALE_MONTHS,
    MAX_FACTBASE_BYTES,
    FactBase,
    load_factbase,
)
from drafter.fileio import atomic_write_bytes
from drafter.paths import cache_dir


def _cacheable(path: Path) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FACTBASE_BYTES


def _key(paths: Sequence[Path], stale_months: int) -> str | None:
    digest = hashlib.blake2b(f"{__version__}\0{stale_months}".encode(), digest_size=20)
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None  # let the loader report it properly
        digest.update(str(Path(path).resolve()).encode() + b"\0")
        digest.update(hashlib.blake2b(data, digest_size=20).digest())
    return digest.hexdigest()


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
    key = _key(paths, stale_months)
    if key is None:
        return load_factbase(paths, stale_months=stale_months)
    cache_file = (folder or cache_dir()) / f"factbase-{key}.pickle"
    with contextlib.suppress(Exception):  # any unreadable cache is simply rebuilt
        cached = pickle.loads(cache_file.read_bytes())
        if isinstance(cached, FactBase):
            return cached
    factbase = load_factbase(paths, stale_months=stale_months)
    with contextlib.suppress(OSError, DrafterError):
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob("factbase-*.pickle"):
            # One entry per distinct set of files is plenty; drop those not used lately.
            if old != cache_file and _older_than_a_week(old):
                old.unlink()
        atomic_write_bytes(cache_file, pickle.dumps(factbase, protocol=5), force=True)
    return factbase


def _older_than_a_week(path: Path) -> bool:
    import time

    try:
        return time.time() - path.stat().st_atime > 7 * 24 * 3600
    except OSError:
        return False
