"""An audit of a sale's signed checkpoints, as an outsider would make it from the entries:
every checkpoint is signed by the log's key, its root is the Merkle root of the first `size`
entries, each one extends the one before (a consistency proof verifies), and the witnesses'
cosignatures verify. For tests, and for `make bench-sale` after its sale:

    settings = Settings.from_environment(env)
    wait_until_signed(settings, sale_id)        # the last entries signed and cosigned
    found = audit_sale(settings, sale_id)
    print(found.summary()); assert found.consistent and not found.witness_refusals

`audit_sale` also reads the local witness's own memory (<instance>/witness: the last checkpoint
it cosigned and every request it refused), which is its verdict."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from core.housing import checkpoints, events, merkle, tlog
from core.housing.log_keys import log_signer, origin, witnesses
from core.housing.note import Note, NoteError, Verifier, verify
from core.housing.witness import Store
from core.housing.witness.local import LocalWitness, local_witness
from core.kernel.db import make_engine, make_session_factory, transaction
from core.platform.settings import Settings


@dataclass
class Audit:
    checkpoints: int = 0
    latest_size: int = 0
    entries: int = 0
    cosigned: dict[str, int] = field(default_factory=dict)   # witness name -> checkpoints
    problems: list[str] = field(default_factory=list)
    witness_latest_size: int | None = None
    witness_refusals: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        cosigned = ", ".join(f"{name} cosigned {n}" for name, n in self.cosigned.items())
        verdict = "every checkpoint extends the one before" if self.consistent \
            else "; ".join(self.problems[:3])
        witness = "" if self.witness_latest_size is None else (
            f"; the witness holds the checkpoint of {self.witness_latest_size} and refused "
            f"{len(self.witness_refusals)} request(s)")
        return (f"{self.checkpoints} checkpoints up to {self.latest_size} of {self.entries} "
                f"entries: {verdict}; {cosigned or 'no cosignature'}{witness}")


def audit(session: Session, sale_id: int, log_key: Verifier,
          witness_keys: list[Verifier]) -> Audit:
    count, _head = events.head(session, sale_id)
    leaves = [merkle.leaf_hash(tlog.leaf_data(e)) for e in events.entries(session, sale_id, 1,
                                                                            count)]
    whole = merkle.Tree.of_leaves(leaves)
    found = Audit(entries=count, cosigned={k.name: 0 for k in witness_keys})
    if (waiting := events.queued(session, sale_id)):
        found.problems.append(f"{waiting} change(s) committed and never put in the log")
    previous = None
    for row in checkpoints.history(session, sale_id):
        found.checkpoints += 1
        note = Note.parse(checkpoints.published_note(session, row))
        checkpoint = tlog.Checkpoint.parse_text(note.text)
        found.latest_size = checkpoint.size
        try:
            verify(note, [log_key])
        except NoteError as error:
            found.problems.append(f"checkpoint of {checkpoint.size}: {error}")
        for key in witness_keys:
            if any(key.matches(s) and key.verify(note.text, s) for s in note.signatures):
                found.cosigned[key.name] += 1
        if checkpoint.size > count or whole.prefix(checkpoint.size).root() != checkpoint.root:
            found.problems.append(f"checkpoint of {checkpoint.size}: its root is not the root "
                                  "of the log's first entries")
        elif previous is not None and not merkle.verify_consistency(
                previous.size, checkpoint.size, previous.root, checkpoint.root,
                whole.prefix(checkpoint.size).consistency_proof(previous.size)):
            found.problems.append(f"checkpoint of {checkpoint.size} does not extend the one "
                                  f"of {previous.size}")
        previous = checkpoint
    return found


def _witness_keys(settings: Settings) -> tuple[list[Verifier], LocalWitness | None]:
    local = local_witness(settings)
    keys = [w.key for w in witnesses(settings)] or \
        ([Verifier.parse(local.verifier_key)] if local else [])
    return keys, local


def wait_until_signed(settings: Settings, sale_id: int, seconds: float = 30.0) -> bool:
    """Whether, within `seconds`, every change is in the log (none queued), the sale's newest
    checkpoint covers every entry and each
    witness has cosigned it (the signer runs every EGOV_LOG_CHECKPOINT_SECONDS)."""
    keys, _local = _witness_keys(settings)
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    deadline = time.monotonic() + seconds
    try:
        while True:
            with transaction(factory) as session:
                count, _head = events.head(session, sale_id)
                waiting = events.queued(session, sale_id)
                newest = checkpoints.latest(session, sale_id)
                names = {c.witness for c in checkpoints.cosignatures(session, newest.id)} \
                    if newest else set()
            if newest is not None and not waiting and newest.size == count \
                    and {k.name for k in keys} <= names:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.5)
    finally:
        engine.dispose()


def audit_sale(settings: Settings, sale_id: int) -> Audit:
    """The audit of a portal run with these settings, with its witnesses' keys (or the local
    witness's) and the local witness's verdict when it ran under this instance folder."""
    keys, local = _witness_keys(settings)
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            found = audit(session, sale_id, Verifier.parse(log_signer(settings).verifier_key()),
                          keys)
            generation = checkpoints.state(session, sale_id).generation
    finally:
        engine.dispose()
    if local is not None and Path(local.state_dir).exists():
        store = Store(local.state_dir)
        sale_origin = origin(settings.log_name, sale_id, generation)
        seen = store.latest(sale_origin)
        found.witness_latest_size = seen.size if seen else 0
        found.witness_refusals = [f"{r['status']}: {r['reason']}" for r in store.refusals()
                                  if r["origin"] == sale_origin]
    return found
