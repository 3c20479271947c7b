"""Numbers in order of first appearance, and their compression into ranges."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class FirstAppearanceOrder:
    """Assign 1, 2, 3, ... to keys in the order they are first seen.

    Seeding with an earlier order keeps numbers stable: a translation built
    after the default language reuses its numbers and appends only the keys
    the default language never cited.
    """

    def __init__(self, seed: Iterable[str] = ()):
        self._numbers: dict[str, int] = {}
        # The number of a key, or None: the dict's own lookup, asked for every
        # citation of every page.
        self.get = self._numbers.get
        for key in seed:
            self.add(key)

    def add(self, key: str) -> int:
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
        return self._numbers[key]

    def __contains__(self, key: object) -> bool:
        return key in self._numbers

    def __len__(self) -> int:
        return len(self._numbers)

    def keys(self) -> list[str]:
        return list(self._numbers)


@dataclass(frozen=True)
class Run:
    """A run of consecutive numbers: `first` to `last` inclusive."""

    first: int
    last: int

    @property
    def is_range(self) -> bool:
        # Two consecutive numbers read better as "1, 2" than as "1–2".
        return self.last - self.first >= 2


def compress(numbers: Sequence[int]) -> list[Run]:
    """Sort, drop duplicates and fold consecutive numbers into runs.

    >>> compress([3, 1, 2, 5])
    [Run(first=1, last=3), Run(first=5, last=5)]
    """
    runs: list[Run] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1].last + 1:
            runs[-1] = Run(runs[-1].first, number)
        else:
            runs.append(Run(number, number))
    # A two-number run is written as two single numbers.
    split: list[Run] = []
    for run in runs:
        if run.last == run.first + 1:
            split.extend([Run(run.first, run.first), Run(run.last, run.last)])
        else:
            split.append(run)
    return split


def format_runs(runs: Sequence[Run], dash: str = "\u2013", separator: str = ", ") -> str:
    """Plain-text form: ``1–6, 8``."""
    return separator.join(
        f"{run.first}{dash}{run.last}" if run.is_range else str(run.first) for run in runs
    )
