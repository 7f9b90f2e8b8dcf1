"""What `python -m core.housing.verify_log` checks beyond the hash chain, each returning an exit
code and the lines to print (see verify_log.py for the codes): a buyer's proof file offline, a
checkpoint B that extends a checkpoint A, and a whole download (the .jsonl file or the tiles and
entry bundles, from the portal, a mirror or an archive folder) against a signed checkpoint."""
from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from core.housing import allocation_log, merkle, tiles, tlog
from core.housing.log_keys import trusts
from core.housing.note import NoteError, Verifier, verify

OK, BROKEN, UNFAIR, UNSIGNED, NOT_EXTENDED, USAGE = 0, 1, 2, 3, 4, 64


class Failed(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Signed:
    checkpoint: tlog.Checkpoint
    lines: list[str]


def signed_checkpoint(data: str | bytes, log_key: Verifier, witness_keys: list[Verifier],
                      what: str) -> Signed:
    """The checkpoint, its log signature and each witness's cosignature verified."""
    try:
        checkpoint, note = tlog.parse_checkpoint(data)
    except NoteError as error:
        raise Failed(BROKEN, f"NOT A CHECKPOINT ({what}): {error}") from None
    if not trusts(log_key, checkpoint.origin):
        raise Failed(UNSIGNED, f"NOT SIGNED ({what}): the key {log_key.name} is not the key "
                               f"of the log {checkpoint.origin}")
    try:
        verify(note, [log_key])
    except NoteError as error:
        raise Failed(UNSIGNED, f"NOT SIGNED ({what}): {error}") from None
    lines = [f"{what}: the log {checkpoint.origin} at {checkpoint.size} entries, signed by "
             f"{log_key.name}"]
    for key in witness_keys:
        good = [s for s in note.signatures if key.matches(s) and key.verify(note.text, s)]
        if not good:
            raise Failed(UNSIGNED, f"NOT COSIGNED ({what}): no valid cosignature by the "
                                   f"witness {key.name}")
        lines.append(f"{what}: cosigned by the witness {key.name} (time {good[0].timestamp})")
    return Signed(checkpoint, lines)


def check_proof(data: bytes, log_key: Verifier, witness_keys: list[Verifier]) -> list[str]:
    try:
        proof = tlog.Proof.parse(data)
        entry = tlog.entry_from_leaf(proof.entry)
    except NoteError as error:
        raise Failed(BROKEN, f"NOT A PROOF: {error}") from None
    signed = signed_checkpoint(proof.checkpoint, log_key, witness_keys, "checkpoint")
    if entry.hash != allocation_log.recomputed_hash(entry):
        raise Failed(BROKEN, "BROKEN: the entry's hash does not match its fields")
    if proof.index != entry.seq - 1:
        raise Failed(BROKEN, f"BROKEN: the proof is for index {proof.index}, the entry is "
                             f"number {entry.seq} (index {entry.seq - 1})")
    size, root = signed.checkpoint.size, signed.checkpoint.root
    if not merkle.verify_inclusion(proof.index, size, merkle.leaf_hash(proof.entry),
                                   proof.hashes, root):
        raise Failed(BROKEN, f"BROKEN: the proof does not put entry {entry.seq} in the signed "
                             f"tree of {size} entries")
    place = "holder" if entry.position == 0 else f"reserve {entry.position}"
    return signed.lines + [
        f"OK: entry {entry.seq} ({entry.kind}, flat {entry.flat_number}, {place}, citizen "
        f"{entry.citizen}, at {entry.at}) is in the log: {len(proof.hashes)} hashes lead "
        f"from it to the signed root"]


# -- where the hashes come from -----------------------------------------------------------------
class TileSource:
    """The tiles of a log: a URL prefix (the portal's or a mirror's …/tlog) or a folder with
    the same paths (an archive). With `archive`, every file read is also kept there."""

    def __init__(self, where: str, archive: Path | None = None):
        self.where, self.archive = where.rstrip("/"), archive

    def read(self, path: str) -> bytes:
        try:
            if self.where.startswith(("http://", "https://")):
                with urllib.request.urlopen(f"{self.where}/{path}", timeout=30) as answer:
                    data = answer.read()
            else:
                data = (Path(self.where) / path).read_bytes()
        except (OSError, urllib.error.URLError) as error:
            raise Failed(BROKEN, f"CANNOT READ {self.where}/{path}: {error}") from None
        if self.archive is not None:
            (self.archive / path).parent.mkdir(parents=True, exist_ok=True)
            (self.archive / path).write_bytes(data)
        return data

    def tile(self, level: int | None, number: int, width: int) -> bytes:
        return self.read(tlog.TileAddress(level, number, width).path())


def leaves_from_tiles(source: TileSource, size: int) -> list[bytes]:
    """Every entry of a tree of `size` from its bundles; each served hash tile must be the
    one the entries give (a truncated, reordered or changed tile or bundle fails)."""
    entries: list[bytes] = []
    for number in range(-(-size // tlog.TILE_WIDTH)):
        width = tiles.tile_width(size, 0, number)
        try:
            bundle = tlog.unbundle(source.tile(None, number, width))
        except NoteError as error:
            raise Failed(BROKEN, f"BROKEN: entry bundle {number}: {error}") from None
        if len(bundle) != width:
            raise Failed(BROKEN, f"BROKEN: entry bundle {number} has {len(bundle)} entries "
                                 f"where {width} were due")
        entries += bundle
    expected = tiles.extend(lambda level, number: b"", 0, _hashed(entries))
    for level, number, width in tiles.tiles_of(size):
        if source.tile(level, number, width) != expected[level, number][:width * merkle.HASH_SIZE]:
            raise Failed(BROKEN, f"BROKEN: hash tile {level}/{number} is not the hash of the "
                                 "entries (truncated, reordered or changed)")
    return entries


def entries_of(leaves: list[bytes]) -> list[allocation_log.Entry]:
    try:
        return [tlog.entry_from_leaf(leaf) for leaf in leaves]
    except NoteError as error:
        raise Failed(BROKEN, f"NOT A LOG: {error}") from None


def _hashed(leaves: list[bytes]) -> list[bytes]:
    return [merkle.leaf_hash(leaf) for leaf in leaves]


def check_against(leaves: list[bytes], signed: Signed, what: str) -> str:
    """The first `size` leaves have the checkpoint's root."""
    size = signed.checkpoint.size
    if len(leaves) < size:
        raise Failed(BROKEN, f"BROKEN: {what} has {len(leaves)} entries, the checkpoint "
                             f"{size}")
    if merkle.Tree.of_leaves(_hashed(leaves[:size])).root() != signed.checkpoint.root:
        raise Failed(BROKEN, f"BROKEN: the first {size} entries of {what} do not have the "
                             "signed root: this is not the log the portal signed")
    return f"OK: the first {size} entries of {what} are the signed tree"


def check_extends(old: Signed, new: Signed, leaves: list[bytes], what: str) -> list[str]:
    if old.checkpoint.origin != new.checkpoint.origin:
        raise Failed(NOT_EXTENDED, f"NOT EXTENDED: A is of the log {old.checkpoint.origin}, B "
                                   f"of {new.checkpoint.origin}")
    if new.checkpoint.size < old.checkpoint.size:
        raise Failed(NOT_EXTENDED, f"NOT EXTENDED: B has {new.checkpoint.size} entries, fewer "
                                   f"than A's {old.checkpoint.size}: the log shrank")
    line = check_against(leaves, new, what)
    tree = merkle.Tree.of_leaves(_hashed(leaves[:new.checkpoint.size]))
    old_size, new_size = old.checkpoint.size, new.checkpoint.size
    if old_size == 0:
        consistent = old.checkpoint.root == merkle.EMPTY_ROOT
    elif old_size == new_size:
        consistent = old.checkpoint.root == new.checkpoint.root
    else:
        consistent = merkle.verify_consistency(old_size, new_size, old.checkpoint.root,
                                               new.checkpoint.root,
                                               tree.consistency_proof(old_size))
    if not consistent:
        raise Failed(NOT_EXTENDED, f"NOT EXTENDED: B's tree of {new_size} entries "
                                   f"does not contain A's tree of {old_size}: the log was "
                                   "rewritten")
    return old.lines + new.lines + [line, f"OK: B extends A (entries 1–{old_size} unchanged)"]
