"""The seeded algorithms against an independent oracle: the standard-library reference printed in
docs/assessment.md (taken from the document itself, so the document and the code cannot drift apart),
plus references for Sattolo's derangement and the proportional allocation written here from the document's
prose. Every value of every result is compared, for several seeds, labels and sizes."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from fulian.assessment.algorithms import HashStream, allocate, count_for_ratio, derangement, sample, shuffled


def _reference() -> dict:
    text = (Path(settings.BASE_DIR) / "docs" / "assessment.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the document's own reference code, from the repository
    return namespace


REF = _reference()
CASES = [
    ("2025", "", 1),
    ("2025", "", 2),
    ("2025", "", 10),
    ("万源市2027", "villages", 12),
    ("万源市2027", "villages", 31),
    ("seed", "village:42", 7),
    ("", "zone:0", 100),
    ("0", "zone:17", 257),  # large enough that below() draws from several blocks
]


@pytest.mark.parametrize(("seed", "label", "n"), CASES)
def test_shuffle_and_sample_equal_the_documented_reference_value_for_value(seed, label, n):
    items = [f"v{i}" for i in range(n)]
    expected = REF["sample"](items, n, seed, label)
    assert shuffled(items, seed, label) == expected
    for k in {0, 1, n // 2, n}:
        assert sample(items, k, seed, label) == expected[:k]


def test_pinned_vectors_of_the_reference():
    """Computed once with the document's reference: a change of both the document and the code shows."""
    assert REF["sample"](range(10), 10, "2025", "") == [7, 8, 6, 2, 1, 0, 3, 5, 4, 9]
    assert shuffled(range(10), "2025") == [7, 8, 6, 2, 1, 0, 3, 5, 4, 9]
    assert shuffled(range(12), "万源市2027", "villages") == [3, 9, 8, 2, 1, 11, 4, 10, 7, 0, 5, 6]
    assert shuffled(range(7), "seed", "village:42") == [1, 4, 5, 0, 2, 3, 6]


def test_the_stream_is_sha256_blocks_read_in_order():
    stream, ref = HashStream("S", "L"), REF["stream"]("S", "L")
    values = [stream.next64() for _ in range(9)]  # two whole blocks and the first value of a third
    assert values == [next(ref) for _ in range(9)]
    block0 = hashlib.sha256(b"S|L|0").digest()
    assert values[:4] == [int.from_bytes(block0[i : i + 8], "big") for i in (0, 8, 16, 24)]
    assert values[8] == int.from_bytes(hashlib.sha256(b"S|L|2").digest()[:8], "big")


@pytest.mark.parametrize("n", [1, 2, 3, 7, 10, 1000, 2**63 + 1, 2**64 - 1])
def test_below_equals_the_reference_including_rejections(n):
    ours, ref = HashStream("below", str(n)), REF["stream"]("below", str(n))
    assert [ours.below(n) for _ in range(40)] == [REF["below"](ref, n) for _ in range(40)]


def test_below_rejects_values_at_and_above_the_limit():
    """With n = 2^63 + 1 the limit is 2^63 + 1: about half of all values are rejected."""

    class Fixed(HashStream):
        def __init__(self, values):
            super().__init__("x")
            self.values = list(values)

        def next64(self):
            return self.values.pop(0)

    n = 2**63 + 1
    assert Fixed([n, n + 5, n - 1]).below(n) == n - 1  # the limit itself and above are discarded
    assert Fixed([2**64 - 1, 3]).below(10) == 3  # 2^64 - 1 ≥ 2^64 - (2^64 mod 10): discarded
    assert Fixed([2**64 - 7, 3]).below(10) == (2**64 - 7) % 10  # just below the limit: kept
    with pytest.raises(ValueError, match="positive"):
        HashStream("x").below(0)


def reference_derangement(items, seed, label):
    """Sattolo as docs/assessment.md words it: the shuffle with j = below(i)."""
    cycled, s = list(items), REF["stream"](seed, label)
    for i in range(len(cycled) - 1, 0, -1):
        j = REF["below"](s, i)
        cycled[i], cycled[j] = cycled[j], cycled[i]
    return dict(zip(items, cycled, strict=True))


@pytest.mark.parametrize(("seed", "label", "n"), [c for c in CASES if c[2] >= 2])
def test_derangement_equals_sattolo_from_the_document(seed, label, n):
    items = list(range(100, 100 + n))
    assert derangement(items, seed, label) == reference_derangement(items, seed, label)


def test_refusals_in_exactly_these_words():
    with pytest.raises(ValueError, match=r"^交错互查至少需要2个村$"):
        derangement([1], "x")
    with pytest.raises(ValueError, match=r"^k larger than population$"):
        sample([1, 2], 3, "x")
    with pytest.raises(ValueError, match=r"^k larger than population$"):
        allocate(4, {"a": 1, "b": 2})
    with pytest.raises(ValueError, match=r"^n must be positive$"):
        HashStream("x").below(-1)


def test_the_default_label_is_empty():
    """The cross-check's label is "" (docs/assessment.md): calls without a label use exactly that."""
    items = list(range(9))
    assert HashStream("S").next64() == next(REF["stream"]("S", ""))
    assert sample(items, 4, "S") == REF["sample"](items, 4, "S", "")
    assert shuffled(items, "S") == REF["sample"](items, 9, "S", "")
    assert derangement(items, "S") == reference_derangement(items, "S", "")


def reference_allocate(k, sizes):
    """docs/assessment.md: ⌊k·size/total⌋ each, the rest one by one by largest remainder (k·size mod
    total), ties by zone id as text, never more than a zone has."""
    total = sum(sizes.values())
    if total == 0:
        return dict.fromkeys(sizes, 0)
    base = {z: k * n // total for z, n in sizes.items()}
    rest = k - sum(base.values())
    for z in sorted(sizes, key=lambda z: (-(k * sizes[z] % total), str(z))):
        if rest and base[z] < sizes[z]:
            base[z] += 1
            rest -= 1
    return base


@pytest.mark.parametrize(
    ("k", "sizes", "expected"),
    [
        (8, {"1": 10, "2": 10, "3": 10}, {"1": 3, "2": 3, "3": 2}),  # remainders tie: ids in order
        (5, {"a": 7, "b": 2, "c": 1}, {"a": 4, "b": 1, "c": 0}),  # 3.5, 1.0, 0.5: a gets the rest
        (4, {"a": 1, "b": 9}, {"a": 0, "b": 4}),  # 0.4 and 3.6: b's remainder is the larger
        (3, {"z": 1, "y": 1, "x": 1}, {"z": 1, "y": 1, "x": 1}),
        (0, {"a": 3}, {"a": 0}),
        (6, {"10": 3, "9": 3}, {"10": 3, "9": 3}),  # ids compared as text
        (3, {"10": 3, "9": 3}, {"10": 2, "9": 1}),  # "10" < "9" as text
    ],
)
def test_allocation_hand_worked(k, sizes, expected):
    assert allocate(k, sizes) == expected
    assert reference_allocate(k, sizes) == expected


def test_allocation_against_the_reference_on_many_inputs():
    import itertools

    for sizes in itertools.product([0, 1, 2, 5, 9], repeat=3):
        strata = {f"z{i}": n for i, n in enumerate(sizes)}
        for k in range(sum(sizes) + 1):
            assert allocate(k, strata) == reference_allocate(k, strata), (k, strata)
    assert allocate(0, {"a": 0, "b": 0}) == {"a": 0, "b": 0}
    with pytest.raises(ValueError, match="k larger than population"):
        allocate(4, {"a": 1, "b": 2})


@pytest.mark.parametrize(
    ("total", "ratio", "expected"),
    [
        (200, "0.04", 8),  # 按4%的比例抽取8个村
        (201, "0.04", 9),  # 8.04 rounds up
        (25, "0.04", 1),  # exactly 1
        (24, "0.04", 1),  # 0.96: at least one
        (1, "0.01", 1),
        (10, "1", 10),
        (10, "1.5", 10),  # never more than the population
        (0, "0.5", 0),
        (10, "0", 0),
        (10, "-0.1", 0),
        (3, "0.3333", 1),  # 0.9999 rounds up to 1
        (3, "0.3334", 2),  # 1.0002 rounds up to 2
    ],
)
def test_count_for_ratio_hand_worked(total, ratio, expected):
    assert count_for_ratio(total, Decimal(ratio)) == expected
