"""The allocation log of each sale as a transparency log: its hash tiles, its signed checkpoints
(c2sp.org/tlog-checkpoint), the witnesses' cosignatures, and what is published from them (the
checkpoint, tiles, entry bundles, a buyer's proof).

Signing (`sign_if_due`) takes the sale's LogState row lock (never the sale's row, which every
hold locks), reads the entries committed since the last checkpoint, checks that they link to
the last signed entry, grows the tiles, and signs only if the tiles still give the last
checkpoint's root and a consistency proof from it verifies: the portal never signs two
checkpoints that are inconsistent. It runs in the background (core.housing.log_signer), never
in a request that changes a place."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.housing import allocation_log, events, merkle, tiles, tlog
from core.housing.allocation_log import GENESIS
from core.housing.log_keys import origin
from core.housing.log_models import LogCheckpoint, LogCosignature, LogState, LogTile
from core.housing.models import Sale
from core.housing.note import Note, Signature, Signer

log = logging.getLogger("egov.housing.log")


class LogRefused(Exception):
    """The log cannot be signed as it stands (a rewritten or shrunk log): the message says
    why. Nothing is signed; an operator must look."""


class NotYetSigned(Exception):
    """The entry exists but no checkpoint covers it yet (one is signed within seconds)."""


# -- reading ------------------------------------------------------------------------------------
def state(session: Session, sale_id: int) -> LogState:
    found = session.get(LogState, sale_id)
    return found if found is not None else LogState(sale_id=sale_id, generation=1, size=0,
                                                    head_hash=GENESIS)


def latest(session: Session, sale_id: int) -> LogCheckpoint | None:
    """The sale's newest checkpoint of its current log."""
    generation = state(session, sale_id).generation
    return session.execute(
        select(LogCheckpoint).where(LogCheckpoint.sale_id == sale_id,
                                    LogCheckpoint.generation == generation)
        .order_by(LogCheckpoint.size.desc()).limit(1)).scalar_one_or_none()


def history(session: Session, sale_id: int) -> list[LogCheckpoint]:
    generation = state(session, sale_id).generation
    return list(session.execute(
        select(LogCheckpoint).where(LogCheckpoint.sale_id == sale_id,
                                    LogCheckpoint.generation == generation)
        .order_by(LogCheckpoint.size)).scalars())


def cosignatures(session: Session, checkpoint_id: int) -> list[LogCosignature]:
    return list(session.execute(
        select(LogCosignature).where(LogCosignature.checkpoint_id == checkpoint_id)
        .order_by(LogCosignature.id)).scalars())


def published_note(session: Session, checkpoint: LogCheckpoint) -> str:
    """The checkpoint as published: the log's signature, then each witness's cosignature."""
    return checkpoint.note + "".join(c.line for c in cosignatures(session, checkpoint.id))


def tile_reader(session: Session, sale_id: int) -> tiles.TileReader:
    def read(level: int, number: int) -> bytes:
        row = session.get(LogTile, (sale_id, level, number))
        return row.hashes if row is not None else b""
    return read


def tile_bytes(session: Session, sale_id: int, address: tlog.TileAddress) -> bytes | None:
    """A hash tile or entry bundle of the latest checkpoint's tree; None if that tree has no
    such tile (yet)."""
    last = latest(session, sale_id)
    size = last.size if last is not None else 0
    level = address.level or 0
    if address.number * tlog.TILE_WIDTH + address.width > size >> (tlog.TILE_HEIGHT * level):
        return None
    if address.level is None:
        first = address.number * tlog.TILE_WIDTH + 1
        found = events.entries(session, sale_id, first, first + address.width - 1)
        return tlog.bundle([tlog.leaf_data(entry) for entry in found])
    return tile_reader(session, sale_id)(level, address.number)[:address.width * merkle.HASH_SIZE]


def inclusion_proof(session: Session, sale_id: int, seq: int) -> tlog.Proof | None:
    """A buyer's proof of entry `seq` against the latest checkpoint; None if the sale's log
    has no such entry, NotYetSigned if no checkpoint covers it yet."""
    found = events.entries(session, sale_id, seq, seq)
    if not found:
        return None
    last = latest(session, sale_id)
    if last is None or seq > last.size:
        raise NotYetSigned(seq)
    tree = tiles.tree_from_tiles(last.size, tile_reader(session, sale_id))
    return tlog.Proof(tlog.leaf_data(found[0]), seq - 1, tree.inclusion_proof(seq - 1),
                      published_note(session, last))


# -- signing ------------------------------------------------------------------------------------
def due(session: Session, sale_id: int, now: datetime, interval: timedelta) -> bool:
    """Whether the log has grown since its checkpoint, and either `interval` has passed or
    the sale's phase has changed since (a phase's end is signed at once). Reads only."""
    count, _head = events.head(session, sale_id)
    current = state(session, sale_id)
    if count == current.size:
        return False
    last = latest(session, sale_id)
    if last is None or count < current.size:
        return True
    phase = session.get(Sale, sale_id).phase
    return phase != last.phase or now - last.signed_at >= interval


def _locked_state(session: Session, sale_id: int) -> LogState:
    if session.get(LogState, sale_id) is None:
        try:
            with session.begin_nested():
                session.execute(insert(LogState).values(sale_id=sale_id, generation=1, size=0,
                                                        head_hash=GENESIS))
        except IntegrityError:  # another signer made it first
            pass
    return session.execute(select(LogState).where(LogState.sale_id == sale_id)
                           .with_for_update().execution_options(populate_existing=True)
                           ).scalar_one()


def _check_links(entries: list[allocation_log.Entry], head_hash: str, size: int) -> None:
    previous = head_hash
    for expected_seq, entry in enumerate(entries, start=size + 1):
        if entry.seq != expected_seq or entry.prev_hash != previous \
                or entry.hash != allocation_log.recomputed_hash(entry):
            raise LogRefused(f"entry {entry.seq} does not link to the signed log")
        previous = entry.hash


def sign_if_due(session: Session, sale_id: int, signer: Signer, now: datetime,
                interval: timedelta) -> LogCheckpoint | None:
    """Sign the sale's next checkpoint, in the caller's transaction, if it is due."""
    current = _locked_state(session, sale_id)
    if not due(session, sale_id, now, interval):
        return None
    count, _head = events.head(session, sale_id)
    if count < current.size:
        raise LogRefused(f"the log has {count} entries, fewer than the {current.size} signed")
    entries = events.entries(session, sale_id, current.size + 1, count)
    _check_links(entries, current.head_hash, current.size)
    read = tile_reader(session, sale_id)
    grown = tiles.extend(read, current.size, [merkle.leaf_hash(tlog.leaf_data(e))
                                              for e in entries])

    def read_grown(level: int, number: int) -> bytes:
        return grown.get((level, number)) or read(level, number)

    tree = tiles.tree_from_tiles(count, read_grown)
    root = tree.root()
    last = latest(session, sale_id)
    if last is not None:
        before = tlog.parse_checkpoint(last.note)[0]
        if not merkle.verify_consistency(before.size, count, before.root, root,
                                         tree.consistency_proof(before.size)):
            raise LogRefused(f"the tree of {count} entries does not extend the checkpoint of "
                             f"{before.size}")
    for (level, number), hashes in grown.items():
        session.merge(LogTile(sale_id=sale_id, level=level, number=number, hashes=hashes))
    text = tlog.Checkpoint(origin(signer.name, sale_id, current.generation), count, root).text()
    signed = LogCheckpoint(sale_id=sale_id, generation=current.generation, size=count,
                           note=Note(text, (signer.sign(text),)).format(),
                           phase=session.get(Sale, sale_id).phase, signed_at=now)
    session.add(signed)
    current.size, current.head_hash = count, entries[-1].hash
    session.flush()
    return signed


def add_cosignature(session: Session, checkpoint_id: int, signature: Signature,
                    at: datetime) -> None:
    exists = session.execute(select(LogCosignature.id).where(
        LogCosignature.checkpoint_id == checkpoint_id,
        LogCosignature.witness == signature.name)).first()
    if exists is None:
        session.add(LogCosignature(checkpoint_id=checkpoint_id, witness=signature.name,
                                   line=signature.line(), cosigned_at=at))


def start_new_log(session: Session, sale_id: int) -> None:
    """The sandbox's reset: the sale's log starts again as a new log (a new origin), so no
    checkpoint of the old one is ever contradicted. Locks the state before deleting, so a
    signer at work finishes first."""
    current = _locked_state(session, sale_id)
    current.generation += 1
    current.size, current.head_hash = 0, GENESIS
    session.execute(delete(LogTile).where(LogTile.sale_id == sale_id))
    old = select(LogCheckpoint.id).where(LogCheckpoint.sale_id == sale_id)
    session.execute(delete(LogCosignature).where(LogCosignature.checkpoint_id.in_(old)))
    session.execute(delete(LogCheckpoint).where(LogCheckpoint.sale_id == sale_id))
    session.flush()
