"""The public, hash-chained allocation log of a sale (bölgü jurnalı): its entries, their
canonical form and hash, the published file (JSON Lines), and the two checks anyone can run on
that file alone: `verify` (the chain is whole) and `holders` (who holds, signed or reserves which
flat at the end, and that every step followed the sale's rules, first come first served).

Format, version 1 (documented in the Güzəştli mənzil guide):
- one JSON object per line (UTF-8), in seq order: seq, at, kind, flat_id, flat_number, position,
  citizen, prev_hash, hash;
- `seq` is 1, 2, 3 … without gaps; `at` is UTC, "2026-12-02T09:00:00.123456Z";
- `citizen` is a pseudonym: the first 16 hex digits of HMAC-SHA256(key = the sale's secret salt,
  message = the FİN); nobody without the salt can tell whose it is, the citizen sees their own;
- `hash` = SHA-256 (hex) of the canonical line: the JSON array
  [seq, at, kind, flat_id, flat_number, position, citizen, prev_hash] with no spaces
  (separators "," and ":"), non-ASCII letters as themselves, UTF-8;
- `prev_hash` is the `hash` of the entry before; the first entry's is GENESIS (64 zeros).

Pure Python: no database, so the verifier runs anywhere (`python -m core.housing.verify_log`)."""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from typing import Iterable, Iterator

GENESIS = "0" * 64
PSEUDONYM_HEX_DIGITS = 16
KINDS = ("hold", "reserve", "sign", "lapse", "withdraw", "promote", "release")
RESERVE_PLACES = 2


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    kind: str
    flat_id: int
    flat_number: str
    position: int
    citizen: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Break:
    """The first entry (1-based line of the file, and its seq) where the chain breaks."""
    line: int
    seq: int | None
    reason: str


@dataclass(frozen=True)
class Holding:
    flat_id: int
    flat_number: str
    position: int       # 0 the holder or buyer, 1 and 2 the reserves
    status: str         # "held", "signed" or "reserve"
    citizen: str


@dataclass(frozen=True)
class Replay:
    holdings: list[Holding]
    unfair: list[tuple[int, str]]   # (seq, what broke the rules), empty when the sale was fair


def new_salt() -> str:
    """A sale's secret salt: 256 random bits, so a 7-character FİN cannot be guessed back."""
    return secrets.token_hex(32)


def pseudonym(salt: str, fin: str) -> str:
    digest = hmac.new(bytes.fromhex(salt), fin.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_HEX_DIGITS]


def utc_iso(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(seq: int, at: str, kind: str, flat_id: int, flat_number: str, position: int,
              citizen: str, prev_hash: str) -> bytes:
    return json.dumps([seq, at, kind, flat_id, flat_number, position, citizen, prev_hash],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(seq: int, at: str, kind: str, flat_id: int, flat_number: str, position: int,
               citizen: str, prev_hash: str) -> str:
    return hashlib.sha256(canonical(seq, at, kind, flat_id, flat_number, position, citizen,
                                    prev_hash)).hexdigest()


def make_entry(seq: int, at: str, kind: str, flat_id: int, flat_number: str, position: int,
               citizen: str, prev_hash: str) -> Entry:
    return Entry(seq, at, kind, flat_id, flat_number, position, citizen, prev_hash,
                 entry_hash(seq, at, kind, flat_id, flat_number, position, citizen, prev_hash))


def recomputed_hash(entry: Entry) -> str:
    return entry_hash(entry.seq, entry.at, entry.kind, entry.flat_id, entry.flat_number,
                      entry.position, entry.citizen, entry.prev_hash)


# -- the published file -------------------------------------------------------------------------
FIELD_NAMES = tuple(f.name for f in fields(Entry))


def to_line(entry: Entry) -> str:
    return json.dumps(asdict(entry), ensure_ascii=False, separators=(",", ":")) + "\n"


def read_lines(lines: Iterable[str]) -> Iterator[Entry]:
    """Entries of a JSON Lines file; ValueError names the line that is not an entry."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict) or set(data) != set(FIELD_NAMES):
                raise ValueError("not the fields of an entry")
            entry = Entry(**data)
            for name, kind in (("seq", int), ("flat_id", int), ("position", int)):
                if type(getattr(entry, name)) is not kind:
                    raise ValueError(f"{name} is not a whole number")
            for name in ("at", "kind", "flat_number", "citizen", "prev_hash", "hash"):
                if not isinstance(getattr(entry, name), str):
                    raise ValueError(f"{name} is not text")
        except ValueError as error:
            raise ValueError(f"line {number}: {error}") from None
        yield entry


# -- checks -------------------------------------------------------------------------------------
def verify(entries: Iterable[Entry], head: str | None = None) -> Break | None:
    """None if the chain is whole (and ends in `head`, when given); else the first bad entry.

    A changed field breaks that entry's hash; a removed, inserted or reordered entry breaks the
    seq run and the link to the entry before; a rewritten tail ends in another head."""
    previous, line = GENESIS, 0
    for line, entry in enumerate(entries, start=1):
        if entry.seq != line:
            return Break(line, entry.seq, f"seq {entry.seq} where {line} was due")
        if entry.prev_hash != previous:
            return Break(line, entry.seq, "prev_hash is not the hash of the entry before")
        if entry.kind not in KINDS:
            return Break(line, entry.seq, f"unknown kind {entry.kind!r}")
        if entry.hash != recomputed_hash(entry):
            return Break(line, entry.seq, "hash does not match the entry's fields")
        previous = entry.hash
    if head is not None and previous != head:
        return Break(line, None, "the last hash is not the published head")
    return None


def holders(entries: Iterable[Entry]) -> Replay:
    """Replay the log: the places at the end and every step that broke the sale's rules (a
    hold on a flat that was not free, a reserve out of turn, a place nobody had, …)."""
    places: dict[tuple[int, int], str] = {}     # (flat, position) -> citizen
    signed: set[int] = set()
    where: dict[str, tuple[int, int]] = {}      # citizen -> (flat, position)
    numbers: dict[int, str] = {}
    unfair: list[tuple[int, str]] = []
    for entry in entries:
        numbers[entry.flat_id] = entry.flat_number
        if entry.kind != "promote":
            gap = _first_gap(places, signed)
            if gap is not None:
                unfair.append((entry.seq, f"flat {numbers[gap]}: the reserves did not move up"))
        problem = _apply(entry, places, signed, where)
        if problem:
            unfair.append((entry.seq, problem))
    gap = _first_gap(places, signed)
    if gap is not None:
        unfair.append((0, f"flat {numbers[gap]}: the reserves did not move up"))
    holdings = [Holding(flat, numbers[flat], position, _status(flat, position, signed), citizen)
                for (flat, position), citizen in sorted(places.items())]
    return Replay(holdings, unfair)


def _status(flat: int, position: int, signed: set[int]) -> str:
    if position > 0:
        return "reserve"
    return "signed" if flat in signed else "held"


def _first_gap(places: dict, signed: set[int]) -> int | None:
    for flat, position in places:
        if position > 0 and flat not in signed and (flat, position - 1) not in places:
            return flat
    return None


def _apply(entry: Entry, places: dict, signed: set[int], where: dict) -> str | None:
    """One step of the replay; the rule it broke, or None."""
    slot, citizen, flat = (entry.flat_id, entry.position), entry.citizen, entry.flat_id
    if entry.kind in ("hold", "reserve"):
        if citizen in where:
            return "a citizen took a second place"
        if entry.kind == "hold" and (entry.position != 0 or slot in places):
            return "a hold on a flat that was not free"
        if entry.kind == "reserve":
            due = next((p for p in range(1, RESERVE_PLACES + 1) if (flat, p) not in places), None)
            if (flat, 0) not in places or flat in signed or entry.position != due:
                return "a reserve place out of turn"
        places[slot], where[citizen] = citizen, slot
        return None
    if entry.kind == "promote":  # the entry's position is the new one, one up from before
        moved_from = (flat, entry.position + 1)
        if places.get(moved_from) != citizen or slot in places or flat in signed:
            return "a reserve moved up out of turn"
        del places[moved_from]
        places[slot], where[citizen] = citizen, slot
        return None
    if places.get(slot) != citizen:
        return f"a {entry.kind} of a place the citizen did not have"
    if entry.kind == "sign":
        if entry.position != 0 or flat in signed:
            return "a signature by someone not holding the flat"
        signed.add(flat)
        return None
    if flat in signed and entry.position == 0:
        return f"a {entry.kind} of a signed flat"
    if entry.kind == "release" and (entry.position == 0 or flat not in signed):
        return "a reserve released from a flat that was not sold"
    if entry.kind == "lapse" and entry.position != 0:
        return "a lapse of a reserve place"
    del places[slot], where[citizen]
    return None
