"""Facts read from a cache entry one at a time, when first asked for.

A cache entry (drafter.facts.cache) keeps each fact as a pickle of its own, one after
another in a blob, with the facts' ids and the blob offsets in the entry's header. A
`LazyFacts` holds the ids, the offsets and the blob (mapped, not read) and unpickles a
fact the first time it is asked for; every fact unpickled is kept. A base of 100,000
facts is then open in the time it takes to read its ids, and a command that shows a
few facts reads a few.

A fact that cannot be read back (the entry damaged after it was opened) is not an
error of its own: `recover` loads the base from its files, the way it would have been
without a cache, and the facts are taken from there.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, ItemsView, Iterator, Mapping, Sequence, ValuesView
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    from drafter.facts.loader import Fact


class LazyFacts(Sequence["Fact"]):
    """The facts of a base in order; each unpickled from `blob` when first asked for.

    `extra` are facts appended after the entry was written (a delta, or a fact just
    added), held as they are. Bases grown from one another share what was unpickled.
    """

    def __init__(
        self,
        core: _Core,
        extra: tuple[Fact, ...] = (),
    ) -> None:
        self._core = core
        self._extra = extra
        self._count = len(core.ids) + len(extra)
        self._positions: dict[str, int] | None = None

    @classmethod
    def open(
        cls,
        ids: Sequence[str],
        offsets: Sequence[int],
        blob: Any,
        decode: Callable[[Any], Fact],
        recover: Callable[[], Sequence[Fact]],
    ) -> LazyFacts:
        """`decode` makes a fact from one record (a slice of `blob`); `recover` gives
        all the base's facts when a record cannot be read."""
        return cls(_Core(ids, offsets, blob, decode, recover))

    # -- Sequence -----------------------------------------------------------------

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Fact: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Fact]: ...

    def __getitem__(self, index: int | slice) -> Fact | Sequence[Fact]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        stored = len(self._core.ids)
        if index >= stored:
            return self._extra[index - stored]
        return self._core.fact(index)

    def __iter__(self) -> Iterator[Fact]:
        core = self._core
        for index in range(len(core.ids)):
            yield core.fact(index)
        yield from self._extra

    # -- by id --------------------------------------------------------------------

    def id_at(self, index: int) -> str:
        stored = len(self._core.ids)
        return self._core.ids[index] if index < stored else self._extra[index - stored].id

    def ids(self) -> Iterator[str]:
        yield from self._core.ids
        for fact in self._extra:
            yield fact.id

    def position(self, fact_id: str) -> int | None:
        """Where the fact with this id is; None when there is none."""
        if self._positions is None:
            positions = self._core.positions()
            if self._extra:
                positions = dict(positions)
                stored = len(self._core.ids)
                positions.update((f.id, stored + i) for i, f in enumerate(self._extra))
            self._positions = positions
        return self._positions.get(fact_id)

    # -- growing ------------------------------------------------------------------

    def appended(self, *facts: Fact) -> LazyFacts:
        """These facts and `facts` after them (whose ids must be new)."""
        return LazyFacts(self._core, (*self._extra, *facts))

    def added_since(self, other: object) -> tuple[Fact, ...] | None:
        """The facts appended to `other` to make these, None when these are not `other`'s
        facts with some appended (worked out without unpickling any)."""
        if not isinstance(other, LazyFacts) or other._core is not self._core:
            return None
        before = other._extra
        if len(self._extra) < len(before):
            return None
        if any(a is not b for a, b in zip(self._extra, before, strict=False)):
            return None
        return self._extra[len(before) :]

    @property
    def materialised(self) -> int:
        """How many facts have been unpickled (or given) so far."""
        return self._core.materialised + len(self._extra)


class _Core:
    """What bases grown from one cache entry share: its records and the facts read."""

    def __init__(
        self,
        ids: Sequence[str],
        offsets: Sequence[int],
        blob: Any,
        decode: Callable[[Any], Fact],
        recover: Callable[[], Sequence[Fact]],
    ) -> None:
        self.ids = ids
        self._offsets = offsets
        self._blob = memoryview(blob)
        self._decode = decode
        self._recover = recover
        self._read: list[Fact | None] = [None] * len(ids)
        self.materialised = 0
        self._positions: dict[str, int] | None = None
        self._lock = threading.Lock()

    def positions(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = dict(zip(self.ids, range(len(self.ids)), strict=True))
        return self._positions

    def fact(self, index: int) -> Fact:
        fact = self._read[index]
        if fact is None:
            fact = self._unpickle(index)
        return fact

    def _unpickle(self, index: int) -> Fact:
        try:
            fact = self._decode(self._blob[self._offsets[index] : self._offsets[index + 1]])
            if fact.id != self.ids[index]:
                raise ValueError("a record out of place")
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError, IndexError,
                AttributeError, KeyError, MemoryError, OverflowError):  # fmt: skip
            self._take_all(self._recover())
            found = self._read[index]
            assert found is not None
            return found
        if self._read[index] is None:
            self._read[index] = fact
            self.materialised += 1
        return self._read[index] or fact

    def _take_all(self, facts: Sequence[Fact]) -> None:
        """Every fact, from the base loaded again from its files (see `recover`)."""
        with self._lock:
            facts = facts[: len(self.ids)]  # a grown base's own facts come after these
            if [f.id for f in facts] != list(self.ids):
                from drafter.errors import FactBaseError

                raise FactBaseError.single(
                    "(cache)",
                    "the fact base files changed while drafter was reading them",
                    "run the command again",
                )
            self._read = list(facts)
            self.materialised = len(facts)
            self._blob = memoryview(b"")


class FactsById(Mapping[str, "Fact"]):
    """A read-only mapping of fact ids to the facts of a `LazyFacts`, in order."""

    def __init__(self, facts: LazyFacts) -> None:
        self._facts = facts

    def __getitem__(self, fact_id: str) -> Fact:
        index = self._facts.position(fact_id)
        if index is None:
            raise KeyError(fact_id)
        return self._facts[index]

    def __contains__(self, fact_id: object) -> bool:
        return isinstance(fact_id, str) and self._facts.position(fact_id) is not None

    def __iter__(self) -> Iterator[str]:
        return self._facts.ids()

    def __len__(self) -> int:
        return len(self._facts)

    def values(self) -> ValuesView[Fact]:
        return _Values(self)

    def items(self) -> ItemsView[str, Fact]:
        return _Items(self)

    @property
    def in_order(self) -> LazyFacts:
        return self._facts


class _Values(ValuesView["Fact"]):
    _mapping: FactsById

    def __iter__(self) -> Iterator[Fact]:
        return iter(self._mapping.in_order)


class _Items(ItemsView[str, "Fact"]):
    _mapping: FactsById

    def __iter__(self) -> Iterator[tuple[str, Fact]]:
        return ((fact.id, fact) for fact in self._mapping.in_order)
