"""A witness of allocation logs (c2sp.org/tlog-witness): an independent party that keeps the
last checkpoint it cosigned for each log, and cosigns a new one only when it is signed by a log
key it trusts and a consistency proof shows that it extends that last one. A rewritten log (the
same size with another root, or a proof that does not verify) and a shrunk tree are refused,
and the refusal is kept as evidence.

    witness = Witness(witness_signer(folder, name), [Verifier.parse(log_vkey)], Store(folder))
    answer = witness.add_checkpoint(body)      # Answer(status, body, content_type)

`python -m core.housing.witness` serves it over HTTP (see __main__.py); the guide says how a
newspaper or a university runs one. Pure Python: the standard library and `cryptography`."""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from core.housing import merkle, tlog
from core.housing.log_keys import trusts
from core.housing.note import Note, NoteError, Signer, Verifier, b64, b64decode, verify

SIZE_TYPE = "text/x.tlog.size"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    content_type: str = TEXT


@dataclass(frozen=True)
class Seen:
    size: int
    root: bytes
    note: str       # the checkpoint as cosigned: the log's signature and the witness's


class Store:
    """The witness's memory, one JSON file in its folder, changed only under a lock (of the
    process's threads and, with flock, of any other process sharing the folder), so checking
    the old size and keeping the new checkpoint happen as one step."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._path = self.folder / "checkpoints.json"
        self._refusals = self.folder / "refusals.jsonl"
        self._threads = threading.Lock()

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self._threads, open(self.folder / ".lock", "w") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _all(self) -> dict:
        return json.loads(self._path.read_text()) if self._path.exists() else {}

    def latest(self, origin: str) -> Seen | None:
        found = self._all().get(origin)
        return Seen(found["size"], b64decode(found["root"], "the stored root"),
                    found["note"]) if found else None

    def keep(self, origin: str, seen: Seen) -> None:
        every = self._all()
        every[origin] = {"size": seen.size, "root": b64(seen.root), "note": seen.note}
        temporary = self._path.with_suffix(".tmp")
        temporary.write_text(json.dumps(every, ensure_ascii=False, indent=1))
        os.replace(temporary, self._path)

    def by_origin_hash(self, origin_hash: str) -> Seen | None:
        for origin in self._all():
            if hashlib.sha256(origin.encode()).hexdigest() == origin_hash:
                return self.latest(origin)
        return None

    def refuse(self, origin: str, status: int, reason: str, body: str) -> None:
        with open(self._refusals, "a", encoding="utf-8") as out:
            out.write(json.dumps({"at": int(time.time()), "origin": origin, "status": status,
                                  "reason": reason, "request": body}, ensure_ascii=False) + "\n")

    def refusals(self) -> list[dict]:
        if not self._refusals.exists():
            return []
        return [json.loads(line) for line in self._refusals.read_text().splitlines() if line]


class Witness:
    def __init__(self, signer: Signer, log_keys: list[Verifier], store: Store,
                 clock: Callable[[], float] = time.time):
        self.signer, self.log_keys, self.store, self.clock = signer, log_keys, store, clock

    def add_checkpoint(self, body: bytes) -> Answer:
        try:
            old, proof, note, checkpoint = _parse_request(body)
        except NoteError as error:
            return Answer(400, f"{error}\n")
        keys = [k for k in self.log_keys if trusts(k, checkpoint.origin)]
        if not keys:
            return Answer(404, f"this witness does not follow the log {checkpoint.origin}\n")
        try:
            verify(note, keys)
        except NoteError as error:
            return self._refused(checkpoint.origin, 403, str(error), body)
        if old > checkpoint.size:
            return self._refused(checkpoint.origin, 400, f"old size {old} is larger than the "
                                 f"checkpoint's {checkpoint.size}: the tree shrank", body)
        if checkpoint.size == 0 and checkpoint.root != merkle.EMPTY_ROOT:
            return self._refused(checkpoint.origin, 422, "an empty tree has another root", body)
        with self.store.locked():
            seen = self.store.latest(checkpoint.origin)
            if old != (seen.size if seen else 0):
                return Answer(409, f"{seen.size if seen else 0}\n", SIZE_TYPE)
            problem = _inconsistency(seen, old, proof, checkpoint)
            if problem:
                return self._refused(checkpoint.origin, 422, problem, body)
            cosignature = self.signer.sign(note.text, int(self.clock()))
            self.store.keep(checkpoint.origin, Seen(checkpoint.size, checkpoint.root,
                                                    note.with_signatures([cosignature]).format()))
        return Answer(200, cosignature.line())

    def checkpoint(self, origin_hash: str) -> Answer:
        seen = self.store.by_origin_hash(origin_hash.lower())
        if seen is None:
            return Answer(404, "this witness has cosigned no checkpoint of that log\n")
        return Answer(200, seen.note)

    def _refused(self, origin: str, status: int, reason: str, body: bytes) -> Answer:
        self.store.refuse(origin, status, reason, body.decode("utf-8", "replace"))
        return Answer(status, f"{reason}\n")


def _inconsistency(seen: Seen | None, old: int, proof: list[bytes],
                   checkpoint: tlog.Checkpoint) -> str | None:
    if old == 0:
        return "a proof from the empty tree must be empty" if proof else None
    if old == checkpoint.size:
        if proof or checkpoint.root != seen.root:
            return (f"the log was rewritten: a tree of {old} entries with another root than "
                    "the one this witness cosigned")
        return None
    if not merkle.verify_consistency(old, checkpoint.size, seen.root, checkpoint.root, proof):
        return (f"the consistency proof from {old} to {checkpoint.size} entries does not "
                "verify: the log was rewritten")
    return None


def _parse_request(body: bytes) -> tuple[int, list[bytes], Note, tlog.Checkpoint]:
    lines, checkpoint_text = tlog.head_and_checkpoint(body, "the request")
    if not re.fullmatch(r"old (0|[1-9][0-9]{0,18})", lines[0]):
        raise NoteError("the request does not start with “old <size>”")
    proof = tlog.hash_lines(lines[1:], "a consistency proof hash")
    checkpoint, note = tlog.parse_checkpoint(checkpoint_text)
    return int(lines[0][4:]), proof, note, checkpoint
