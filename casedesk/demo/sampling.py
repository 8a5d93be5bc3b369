"""Weighted picks for the generator's hot loop.

``random.choices`` rebuilds the cumulative weights on every call; at tens of
millions of picks that alone costs seconds, so the tables are built once.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    __slots__ = ("_cumulative", "_total", "_values")

    def __init__(self, values: Sequence[T], weights: Sequence[float]) -> None:
        if len(values) != len(weights) or not values:
            raise ValueError("one weight per value, at least one value")
        self._values = tuple(values)
        self._cumulative = list(accumulate(weights))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self._values[bisect_right(self._cumulative, rng.random() * self._total)]
