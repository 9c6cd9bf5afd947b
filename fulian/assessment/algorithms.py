"""Seeded, reproducible draws: a random stream from SHA-256, Fisher–Yates, Sattolo and proportional
allocation. Nothing here uses Python's `random`, so a published seed gives the same result on any
machine and any Python version (docs/assessment.md spells the algorithm out for re-running by hand).

The stream: block k = SHA-256("<seed>|<label>|<k>") (UTF-8); each block gives four 64-bit unsigned
integers (big-endian, bytes 0–7, 8–15, 16–23, 24–31). `below(n)` takes the next integer x and rejects it
while x >= 2^64 - (2^64 mod n) (so every value is equally likely), then returns x mod n.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal
from typing import TypeVar

T = TypeVar("T")
_SPAN = 1 << 64


class HashStream:
    """An endless stream of uniform integers derived from a seed and a label by SHA-256."""

    def __init__(self, seed: str, label: str = "") -> None:
        self.prefix = f"{seed}|{label}|"
        self.block = 0
        self.buffer: list[int] = []

    def next64(self) -> int:
        if not self.buffer:
            digest = hashlib.sha256(f"{self.prefix}{self.block}".encode()).digest()
            self.block += 1
            self.buffer = [int.from_bytes(digest[i : i + 8], "big") for i in (24, 16, 8, 0)]
        return self.buffer.pop()  # pops bytes 0–7 first, then 8–15, …

    def below(self, n: int) -> int:
        """A uniform integer in [0, n)."""
        if n <= 0:
            raise ValueError("n must be positive")
        limit = _SPAN - (_SPAN % n)
        while True:
            x = self.next64()
            if x < limit:
                return x % n


def shuffled(items: Sequence[T], seed: str, label: str = "") -> list[T]:
    """Fisher–Yates (Durstenfeld): for i from n-1 down to 1, swap item i with item below(i+1)."""
    out = list(items)
    stream = HashStream(seed, label)
    for i in range(len(out) - 1, 0, -1):
        j = stream.below(i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def derangement(items: Sequence[T], seed: str, label: str = "") -> dict[T, T]:
    """Sattolo's algorithm: like Fisher–Yates but j = below(i), which yields one single cycle through all
    items, so nobody maps to herself and everybody is mapped to exactly once. Returns {checker: checked}:
    the item at position k of the input checks the item at position k of the cycled list."""
    if len(items) < 2:
        raise ValueError("交错互查至少需要2个村")
    cycled = list(items)
    stream = HashStream(seed, label)
    for i in range(len(cycled) - 1, 0, -1):
        j = stream.below(i)
        cycled[i], cycled[j] = cycled[j], cycled[i]
    return dict(zip(items, cycled, strict=True))


def sample(items: Sequence[T], k: int, seed: str, label: str = "") -> list[T]:
    """The first k of the seeded shuffle (items given in a fixed order, e.g. by id)."""
    if k > len(items):
        raise ValueError("k larger than population")
    return shuffled(items, seed, label)[:k]


def count_for_ratio(total: int, ratio: Decimal) -> int:
    """How many a ratio asks for: ratio × total rounded up (at least one when the population isn't empty
    and the ratio is positive)."""
    if total <= 0 or ratio <= 0:
        return 0
    return min(total, int((Decimal(total) * ratio).to_integral_value(rounding=ROUND_CEILING)))


def allocate(k: int, sizes: dict[str, int]) -> dict[str, int]:
    """Split k draws among strata proportionally to their sizes (largest remainder; ties by stratum
    key), never giving a stratum more than it has."""
    total = sum(sizes.values())
    if k > total:
        raise ValueError("k larger than population")
    if total == 0:
        return dict.fromkeys(sizes, 0)
    base = {s: math.floor(k * n / total) for s, n in sizes.items()}
    rest = k - sum(base.values())
    order = sorted(sizes, key=lambda s: (-(k * sizes[s] % total), s))
    for s in order:
        if rest == 0:
            break
        if base[s] < sizes[s]:
            base[s] += 1
            rest -= 1
    return base
