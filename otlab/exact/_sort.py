"""Sorting float samples together with their order, faster than ``np.argsort``.

Weighted 1-D transport has to carry each sample's weight to its sorted place. numpy sorts plain
64-bit integers with SIMD code but argsorts with a scalar introsort, several times slower. So
each float becomes an order-preserving unsigned key whose lowest bits are replaced by the
element's index, and those keys are sorted; the index comes back out of the low bits.
"""

from __future__ import annotations

import numpy as np

_SIGN = np.uint64(1 << 63)


def sort_with_order(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted ``values`` and an ``order`` such that ``values[order]`` is that sorted array.

    Same contract as ``order = np.argsort(values)`` (ties in any order), 2-3x faster on
    10^6 samples.

    Parameters
    ----------
    values : (n,) float64 array, finite.

    Returns
    -------
    sorted_values : (n,) array
    order : (n,) intp array, a permutation of ``range(n)``.
    """
    values = np.ascontiguousarray(values, dtype=np.float64)
    n = values.size
    bits = max(int(n - 1).bit_length(), 1)  # low bits that hold the index
    if bits > 40:  # too few bits left to tell values apart: not worth it
        order = np.argsort(values)
        return values[order], order
    raw = values.view(np.uint64)
    # IEEE doubles order like unsigned ints once negatives have every bit flipped and
    # non-negatives have their sign bit set.
    negative = (values.view(np.int64) >> 63).view(np.uint64)  # all ones where values < 0
    key = raw ^ (negative | _SIGN)
    low = np.uint64((1 << bits) - 1)
    key &= ~low
    key |= np.arange(n, dtype=np.uint64)
    key.sort()
    order = (key & low).view(np.int64).astype(np.intp, copy=False)
    ordered = values[order]
    # Values whose keys agree above the index bits (relative gaps below ~2^(bits - 52)) came out
    # in index order, not value order. Re-sort exactly the few groups where that shows.
    bad = np.flatnonzero(ordered[1:] < ordered[:-1])
    if bad.size:
        high = key >> np.uint64(bits)  # (n,) non-decreasing: its runs are the groups
        groups = np.unique(high[bad])
        start = np.searchsorted(high, groups, "left")
        sizes = np.searchsorted(high, groups, "right") - start
        first = np.cumsum(sizes) - sizes  # where each group starts in `sel`
        sel = np.repeat(start - first, sizes) + np.arange(sizes.sum())  # positions to redo
        fix = np.lexsort((ordered[sel], np.repeat(np.arange(groups.size), sizes)))
        order[sel] = order[sel][fix]
        ordered[sel] = ordered[sel][fix]
    return ordered, order
