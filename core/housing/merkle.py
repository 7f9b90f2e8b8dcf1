"""The Merkle tree of RFC 9162 (Certificate Transparency 2.0, §2.1; the same as RFC 6962's) over
the entries of an allocation log, with inclusion and consistency proofs and their verification.

    leaf hash  = SHA-256(0x00 || entry)
    node hash  = SHA-256(0x01 || left || right)
    MTH({})    = SHA-256("")

A `Tree` computes the root and proofs from any source of *perfect* subtree hashes (the hash of
the 2**level leaves starting at leaf index * 2**level): from leaves held in memory
(`Tree.of_leaves`) or from the hash tiles the portal stores (core.housing.tiles). Verification
needs nothing but hashes. Pure Python (hashlib)."""
from __future__ import annotations

import hashlib
from typing import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

# (level, index) -> the hash of leaves [index * 2**level, (index + 1) * 2**level)
PerfectSource = Callable[[int, int], bytes]


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    """k, the largest power of two smaller than n (n > 1), where RFC 9162 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_root(hashes: Sequence[bytes]) -> bytes:
    """The root over 2**j hashes of one level (a tile's slice): pairs hashed up to one."""
    level = list(hashes)
    while len(level) > 1:
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


class Tree:
    """The tree of the first `size` leaves, read through `perfect`."""

    def __init__(self, size: int, perfect: PerfectSource):
        if size < 0:
            raise ValueError("a tree size is never negative")
        self.size = size
        self._perfect = perfect

    @classmethod
    def of_leaves(cls, leaf_hashes: Sequence[bytes]) -> "Tree":
        levels = [list(leaf_hashes)]
        while len(levels[-1]) > 1:
            below = levels[-1]
            levels.append([node_hash(below[i], below[i + 1])
                           for i in range(0, len(below) - 1, 2)])
        return cls(len(leaf_hashes), lambda level, index: levels[level][index])

    def prefix(self, size: int) -> "Tree":
        """The tree of the first `size` leaves: its perfect subtrees are this tree's."""
        if not 0 <= size <= self.size:
            raise ValueError(f"a tree of {self.size} has no first {size} leaves")
        return Tree(size, self._perfect)

    def root(self) -> bytes:
        return self.subtree_hash(0, self.size) if self.size else EMPTY_ROOT

    def subtree_hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for a range RFC 9162's recursion produces (start a multiple of
        the largest power of two not above end - start)."""
        width = end - start
        if width & (width - 1) == 0 and start % width == 0:
            return self._perfect(width.bit_length() - 1, start // width)
        k = largest_power_of_two_below(width)
        return node_hash(self.subtree_hash(start, start + k), self.subtree_hash(start + k, end))

    def inclusion_proof(self, index: int) -> list[bytes]:
        """PATH(index, D[0:size]), RFC 9162 §2.1.3.1: from the leaf's sibling up."""
        if not 0 <= index < self.size:
            raise ValueError(f"no leaf {index} in a tree of {self.size}")
        return self._path(index, 0, self.size)

    def _path(self, index: int, start: int, end: int) -> list[bytes]:
        if end - start == 1:
            return []
        k = largest_power_of_two_below(end - start)
        if index < start + k:
            return self._path(index, start, start + k) + [self.subtree_hash(start + k, end)]
        return self._path(index, start + k, end) + [self.subtree_hash(start, start + k)]

    def consistency_proof(self, old_size: int) -> list[bytes]:
        """PROOF(old_size, D[0:size]), RFC 9162 §2.1.4.1 (empty for the same size)."""
        if not 0 < old_size <= self.size:
            raise ValueError(f"no consistency proof from {old_size} to {self.size}")
        return self._subproof(old_size, 0, self.size, True)

    def _subproof(self, old_size: int, start: int, end: int, whole: bool) -> list[bytes]:
        if end - start == old_size:
            return [] if whole else [self.subtree_hash(start, end)]
        k = largest_power_of_two_below(end - start)
        if old_size <= k:
            return self._subproof(old_size, start, start + k, whole) \
                + [self.subtree_hash(start + k, end)]
        return self._subproof(old_size - k, start + k, end, False) \
            + [self.subtree_hash(start, start + k)]


def _hashes_ok(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes) and len(h) == HASH_SIZE for h in hashes)


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes],
                     root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does `proof` bind the leaf hash at `index` to `root` of `size`?"""
    if not 0 <= index < size or not _hashes_ok(leaf, *proof):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: is the tree of `new_size` an extension of the one of `old_size`?
    The same size needs an empty proof and the same root; a proof from the empty tree means
    nothing and is refused (as transparency-dev/merkle does)."""
    if not 0 < old_size <= new_size or not _hashes_ok(*proof):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
