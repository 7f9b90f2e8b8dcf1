"""The published formats of the allocation log as a transparency log, all C2SP:

- a checkpoint (c2sp.org/tlog-checkpoint): origin, tree size, base64 root hash, as a signed note;
- a proof (c2sp.org/tlog-proof@v1): the entry itself on the `extra` line, its zero-based index,
  the inclusion hashes, then the checkpoint;
- tile paths and entry bundles (c2sp.org/tlog-tiles): `tile/<L>/<N>[.p/<W>]`,
  `tile/entries/<N>[.p/<W>]`, N in 3-digit path elements ("x001/x234/067"), bundles as
  big-endian uint16 length-prefixed entries.

A log's leaves are its entries exactly as the lines of the .jsonl download, without the newline
(core.housing.allocation_log.to_line), so the file, the bundles and the proofs hash alike.
Malformed input raises NoteError with a sentence."""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from core.housing import allocation_log, merkle
from core.housing.note import Note, NoteError, b64, b64decode

PROOF_HEADER = "c2sp.org/tlog-proof@v1"
TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
MAX_ENTRY_BYTES = 0xFFFF
MAX_PROOF_HASHES = 63


def leaf_data(entry: allocation_log.Entry) -> bytes:
    return allocation_log.to_line(entry).rstrip("\n").encode("utf-8")


def entry_from_leaf(data: bytes) -> allocation_log.Entry:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NoteError("the entry is not UTF-8 text") from None
    if "\n" in text:
        raise NoteError("an entry is one line")
    try:
        return next(allocation_log.read_lines([text]))
    except (ValueError, StopIteration) as error:
        raise NoteError(f"the entry is not an allocation log entry ({error})") from None


# -- checkpoints --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{b64(self.root)}\n"

    @classmethod
    def parse_text(cls, text: str) -> "Checkpoint":
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "" or any(not line for line in lines[:-1]):
            raise NoteError("the checkpoint is not origin, size and root hash on their own lines")
        origin, size, root = lines[0], lines[1], lines[2]
        if not re.fullmatch(r"0|[1-9][0-9]{0,18}", size):
            raise NoteError("the checkpoint's tree size is not a whole number")
        root_hash = b64decode(root, "the checkpoint's root hash")
        if len(root_hash) != merkle.HASH_SIZE:
            raise NoteError("the checkpoint's root hash is not 32 bytes")
        return cls(origin, int(size), root_hash)


def parse_checkpoint(data: str | bytes) -> tuple[Checkpoint, Note]:
    note = Note.parse(data)
    return Checkpoint.parse_text(note.text), note


# -- proofs -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Proof:
    entry: bytes            # the leaf: the entry's line
    index: int              # zero-based: the entry's seq - 1
    hashes: list[bytes]
    checkpoint: str         # the signed checkpoint note, verbatim

    def format(self) -> str:
        lines = [PROOF_HEADER, f"extra {b64(self.entry)}", f"index {self.index}"]
        lines += [b64(h) for h in self.hashes]
        return "\n".join(lines) + "\n\n" + self.checkpoint

    @classmethod
    def parse(cls, data: str | bytes) -> "Proof":
        lines, checkpoint = head_and_checkpoint(data, "the proof")
        if lines[0] != PROOF_HEADER:
            raise NoteError(f"the file is not a proof (its first line is not {PROOF_HEADER})")
        if len(lines) < 3 or not lines[1].startswith("extra "):
            raise NoteError("the proof does not carry its entry (the “extra” line)")
        entry = b64decode(lines[1][len("extra "):], "the proof's entry")
        index = lines[2][len("index "):] if lines[2].startswith("index ") else ""
        if not re.fullmatch(r"0|[1-9][0-9]{0,18}", index):
            raise NoteError("the proof's “index” line is not a whole number")
        return cls(entry, int(index), hash_lines(lines[3:], "an inclusion hash"), checkpoint)


def head_and_checkpoint(data: str | bytes, what: str) -> tuple[list[str], str]:
    """A proof's or a witness request's lines before the first blank line, and the checkpoint
    after it."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise NoteError(f"{what} is not UTF-8 text") from None
    head, separator, checkpoint = data.partition("\n\n")
    if not separator:
        raise NoteError(f"{what} has no blank line before its checkpoint")
    return head.split("\n"), checkpoint


def hash_lines(lines: list[str], what: str) -> list[bytes]:
    """Base64 SHA-256 hashes, one a line: at most 63 (a tree of 2**63 entries)."""
    if len(lines) > MAX_PROOF_HASHES:
        raise NoteError(f"a proof has at most {MAX_PROOF_HASHES} hashes")
    hashes = [b64decode(line, what) for line in lines]
    if any(len(h) != merkle.HASH_SIZE for h in hashes):
        raise NoteError(f"{what} is not 32 bytes")
    return hashes


# -- tiles --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TileAddress:
    level: int | None       # None: an entry bundle
    number: int
    width: int              # 1..256, 256 a full tile

    def path(self) -> str:
        level = "entries" if self.level is None else str(self.level)
        partial = f".p/{self.width}" if self.width < TILE_WIDTH else ""
        return f"tile/{level}/{encode_index(self.number)}{partial}"


def encode_index(number: int) -> str:
    digits = f"{number:03d}"
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    return "/".join([f"x{g}" for g in groups[:-1]] + groups[-1:])


def parse_tile_path(level: str, rest: str) -> TileAddress:
    """`level` ("0".."63" or "entries") and the rest ("x001/234[.p/W]"); NoteError if not."""
    if level != "entries" and not re.fullmatch(r"0|[1-9][0-9]?", level):
        raise NoteError("the tile level is not 0–63 or “entries”")
    if level != "entries" and int(level) > 63:
        raise NoteError("the tile level is not 0–63 or “entries”")
    match = re.fullmatch(r"((?:x[0-9]{3}/)*)([0-9]{3})(?:\.p/([1-9][0-9]{0,2}))?", rest)
    if not match:
        raise NoteError("the tile index is not written in 3-digit groups (x001/x234/067)")
    groups = [g[1:] for g in match.group(1).split("/") if g] + [match.group(2)]
    if len(groups) > 1 and groups[0] == "000":
        raise NoteError("the tile index has a leading zero group")
    width = int(match.group(3)) if match.group(3) else TILE_WIDTH
    if match.group(3) and width >= TILE_WIDTH:
        raise NoteError("a partial tile is 1–255 wide")
    return TileAddress(None if level == "entries" else int(level), int("".join(groups)), width)


def bundle(entries: list[bytes]) -> bytes:
    out = bytearray()
    for data in entries:
        if len(data) > MAX_ENTRY_BYTES:
            raise NoteError("an entry is longer than an entry bundle can hold")
        out += struct.pack(">H", len(data)) + data
    return bytes(out)


def unbundle(data: bytes) -> list[bytes]:
    entries, at = [], 0
    while at < len(data):
        if at + 2 > len(data):
            raise NoteError("the entry bundle is truncated")
        (length,) = struct.unpack(">H", data[at:at + 2])
        if at + 2 + length > len(data):
            raise NoteError("the entry bundle is truncated")
        entries.append(data[at + 2:at + 2 + length])
        at += 2 + length
    return entries


def split_hashes(data: bytes) -> list[bytes]:
    if len(data) % merkle.HASH_SIZE:
        raise NoteError("the tile is truncated (not a whole number of 32-byte hashes)")
    return [data[i:i + merkle.HASH_SIZE] for i in range(0, len(data), merkle.HASH_SIZE)]
