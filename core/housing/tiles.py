"""The log's Merkle tree kept as C2SP tlog-tiles: level 0 holds leaf hashes, 256 a tile; each
hash of level L + 1 is the root of a full tile of level L. Tiles only ever grow at their right
edge, so a full tile never changes and a partial one of width W is a prefix of every later one.

    grown = extend(read_tile, old_size, new_leaf_hashes)   # {(level, number): hashes}
    tree = tree_from_tiles(size, read_tile)                # merkle.Tree: root, proofs

`read_tile(level, number)` returns the stored hashes of that tile (bytes, possibly longer than
a tree of `size` needs: only the prefix it needs is read). Pure Python."""
from __future__ import annotations

from typing import Callable, Iterable

from core.housing import merkle
from core.housing.note import NoteError
from core.housing.tlog import TILE_HEIGHT, TILE_WIDTH, split_hashes

TileReader = Callable[[int, int], bytes]
HASH = merkle.HASH_SIZE


def tile_width(size: int, level: int, number: int) -> int:
    """How many hashes tile `number` of `level` has in a tree of `size` (0: none yet)."""
    count = size >> (TILE_HEIGHT * level)
    return max(0, min(TILE_WIDTH, count - number * TILE_WIDTH))


def tiles_of(size: int) -> list[tuple[int, int, int]]:
    """Every tile (level, number, width) a tree of `size` has, level 0 first."""
    found, level = [], 0
    while size >> (TILE_HEIGHT * level):
        count = size >> (TILE_HEIGHT * level)
        found += [(level, n, tile_width(size, level, n)) for n in range(-(-count // TILE_WIDTH))]
        level += 1
    return found


def tree_from_tiles(size: int, read_tile: TileReader) -> merkle.Tree:
    cache: dict[tuple[int, int], list[bytes]] = {}

    def hashes(level: int, number: int) -> list[bytes]:
        if (level, number) not in cache:
            width = tile_width(size, level, number)
            data = read_tile(level, number)
            if len(data) < width * HASH:
                raise NoteError(f"tile {level}/{number} is shorter than the tree needs")
            cache[level, number] = split_hashes(data[:width * HASH])
        return cache[level, number]

    def perfect(height: int, index: int) -> bytes:
        level, within = divmod(height, TILE_HEIGHT)
        first = index << within
        number, offset = divmod(first, TILE_WIDTH)
        return merkle.perfect_root(hashes(level, number)[offset:offset + (1 << within)])

    return merkle.Tree(size, perfect)


def extend(read_tile: TileReader, old_size: int,
           leaf_hashes: Iterable[bytes]) -> dict[tuple[int, int], bytes]:
    """The tiles that change when `leaf_hashes` are appended to a tree of `old_size`: each
    new or grown tile's whole content (a tile that fills up sends its root one level up)."""
    edge: dict[int, list[bytes]] = {}   # level -> hashes of its rightmost, unfinished tile
    counts: dict[int, int] = {}         # level -> hashes at that level so far
    changed: dict[tuple[int, int], bytes] = {}

    def right_edge(level: int) -> list[bytes]:
        if level not in edge:
            counts[level] = old_size >> (TILE_HEIGHT * level)
            number, width = divmod(counts[level], TILE_WIDTH)
            edge[level] = split_hashes(read_tile(level, number)[:width * HASH]) if width else []
            if len(edge[level]) != width:
                raise NoteError(f"stored tile {level}/{number} is shorter than the tree")
        return edge[level]

    def append(level: int, hash_: bytes) -> None:
        hashes = right_edge(level)
        hashes.append(hash_)
        number = counts[level] // TILE_WIDTH
        counts[level] += 1
        changed[level, number] = b"".join(hashes)
        if len(hashes) == TILE_WIDTH:
            edge[level] = []
            append(level + 1, merkle.perfect_root(hashes))

    for leaf in leaf_hashes:
        append(0, leaf)
    return changed
