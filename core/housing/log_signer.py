"""The background step that signs checkpoints and has witnesses cosign them. It runs as a
thread of the job consumer (core.housing.jobs starts it), away from any hold request: each tick
it looks, reading only, for a sale whose log has grown since its checkpoint, signs the ones
that are due (core.housing.checkpoints.sign_if_due, at most every EGOV_LOG_CHECKPOINT_SECONDS
and at once when the phase has changed), then asks each witness to cosign the newest one
(c2sp.org/tlog-witness: POST <witness>/add-checkpoint with a consistency proof from the size it
last cosigned; a 409 answer names that size and the request is made again from it).

    signer = LogSigner(factory, read_factory, log_signer(settings), witnesses(settings), 2.0)
    signer.tick()     # what the thread does every second; tests call it directly"""
from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.housing import checkpoints, events, tiles, tlog
from core.housing.log_keys import WitnessEndpoint, log_signer, witnesses
from core.housing.log_models import LogCheckpoint, LogCosignature
from core.housing.models import Sale
from core.housing.note import NoteError, b64, parse_signature_line
from core.kernel.db import make_engine, make_session_factory, read_only, transaction, utcnow
from core.platform.settings import Settings

log = logging.getLogger("egov.housing.log")
WITNESS_TIMEOUT_SECONDS = 3
WITNESS_BACKOFF_SECONDS = 10

# (url, body) -> (HTTP status, answer text); OSError when the witness cannot be reached
Post = Callable[[str, bytes], tuple[int, str]]


def http_post(url: str, body: bytes) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "text/plain; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=WITNESS_TIMEOUT_SECONDS) as answer:
            return answer.status, answer.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(65536).decode("utf-8", "replace")


class LogSigner:
    def __init__(self, factory: sessionmaker[Session], read_factory: sessionmaker[Session],
                 signer, witness_endpoints: list[WitnessEndpoint], interval_seconds: float,
                 post: Post = http_post, clock=utcnow):
        self.factory, self.read_factory = factory, read_factory
        self.signer, self.witnesses = signer, witness_endpoints
        self.interval = timedelta(seconds=interval_seconds)
        self.post, self.clock = post, clock
        self._resting: dict[str, float] = {}   # witness url -> monotonic time to try again
        self.verdicts: dict[str, str] = {}       # witness url -> its last answer, in words

    def tick(self) -> list[LogCheckpoint]:
        signed = self.sign_due()
        self.ask_witnesses()
        return signed

    def sign_due(self) -> list[LogCheckpoint]:
        session = self.factory()
        try:  # whatever a busy moment left queued goes into the logs first
            events.sequence_all(session)
        finally:
            session.close()
        now = self.clock()
        with transaction(self.read_factory) as reader:
            sale_ids = [i for i in reader.execute(select(Sale.id).order_by(Sale.id)).scalars()
                        if checkpoints.due(reader, i, now, self.interval)]
        signed = []
        for sale_id in sale_ids:
            try:
                with transaction(self.factory) as session:
                    made = checkpoints.sign_if_due(session, sale_id, self.signer, now,
                                                   self.interval)
            except checkpoints.LogRefused as refusal:
                log.error("housing log of sale %s not signed: %s", sale_id, refusal)
                continue
            if made is not None:
                signed.append(made)
        return signed

    def ask_witnesses(self) -> None:
        if not self.witnesses:
            return
        with transaction(self.read_factory) as reader:
            sale_ids = list(reader.execute(select(Sale.id).order_by(Sale.id)).scalars())
        for sale_id in sale_ids:
            for witness in self.witnesses:
                if self._resting.get(witness.url, 0) <= time.monotonic():
                    self._ask(witness, sale_id)

    def _ask(self, witness: WitnessEndpoint, sale_id: int) -> None:
        old = None
        for _attempt in range(2):
            with transaction(self.read_factory) as reader:
                newest = checkpoints.latest(reader, sale_id)
                if newest is None or any(c.witness == witness.key.name for c in
                                         checkpoints.cosignatures(reader, newest.id)):
                    return
                if old is None:
                    old = _last_cosigned_size(reader, sale_id, newest.generation,
                                              witness.key.name)
                body = _request_body(reader, sale_id, newest, old)
            status, answer = self._post(witness, body, newest, old)
            if status != 409 or not answer.strip().isdigit():
                break
            old = int(answer.strip())  # the witness's own latest size: prove from there
        if status == 200:
            self._keep(witness, newest, answer)
            return
        self.verdicts[witness.url] = f"refused ({status}): {answer.strip()[:200]}"
        log.warning("witness %s did not cosign sale %s's checkpoint of %s: %s %s",
                    witness.url, sale_id, newest.size, status, answer.strip()[:200])
        self._resting[witness.url] = time.monotonic() + WITNESS_BACKOFF_SECONDS

    def _post(self, witness: WitnessEndpoint, body: bytes | None, newest: LogCheckpoint,
              old: int) -> tuple[int, str]:
        if body is None:
            return 0, f"the witness has a tree of {old}, larger than the log's {newest.size}"
        try:
            return self.post(witness.url + "/add-checkpoint", body)
        except OSError as error:
            return 0, f"unreachable: {error}"

    def _keep(self, witness: WitnessEndpoint, newest: LogCheckpoint, answer: str) -> None:
        text = tlog.parse_checkpoint(newest.note)[1].text
        try:
            lines = [parse_signature_line(line) for line in answer.splitlines() if line]
        except NoteError as error:
            self.verdicts[witness.url] = f"answered with no cosignature: {error}"
            return
        good = [s for s in lines if witness.key.matches(s) and witness.key.verify(text, s)]
        if not good:
            self.verdicts[witness.url] = "answered with no valid cosignature by its key"
            log.warning("witness %s answered without a valid cosignature", witness.url)
            return
        with transaction(self.factory) as session:
            checkpoints.add_cosignature(session, newest.id, good[0], self.clock())
        self.verdicts[witness.url] = f"cosigned the checkpoint of {newest.size}"


def _request_body(reader: Session, sale_id: int, newest: LogCheckpoint, old: int) -> bytes | None:
    """add-checkpoint's body: "old N", the consistency proof from N, a blank line, the
    checkpoint with every signature it has. None if the witness is ahead of the log."""
    if not 0 <= old <= newest.size:
        return None
    proof = []
    if 0 < old < newest.size:
        tree = tiles.tree_from_tiles(newest.size, checkpoints.tile_reader(reader, sale_id))
        proof = tree.consistency_proof(old)
    return (f"old {old}\n" + "".join(b64(h) + "\n" for h in proof) + "\n"
            + checkpoints.published_note(reader, newest)).encode("utf-8")


def _last_cosigned_size(session: Session, sale_id: int, generation: int, witness: str) -> int:
    return session.execute(
        select(func.coalesce(func.max(LogCheckpoint.size), 0))
        .join(LogCosignature, LogCosignature.checkpoint_id == LogCheckpoint.id)
        .where(LogCheckpoint.sale_id == sale_id, LogCheckpoint.generation == generation,
               LogCosignature.witness == witness)).scalar_one()


# -- the consumer's thread ----------------------------------------------------------------------
_started = threading.Lock()
_thread: threading.Thread | None = None


def from_settings(settings: Settings, factory: sessionmaker[Session] | None = None) -> LogSigner:
    if factory is None:
        factory = make_session_factory(make_engine(settings.database_url))
    return LogSigner(factory, make_session_factory(read_only(factory.kw["bind"])),
                     log_signer(settings), witnesses(settings), settings.log_checkpoint_seconds)


def run(signer: LogSigner, stop: threading.Event, poll_seconds: float = 1.0) -> None:
    while not stop.wait(min(poll_seconds, signer.interval.total_seconds() or poll_seconds)):
        try:
            signer.tick()
        except Exception:  # noqa: BLE001 - a database hiccup must not end the signing
            log.exception("housing log signing failed; trying again")


def start_in_background(settings: Settings, factory: sessionmaker[Session] | None = None,
                        stop: threading.Event | None = None) -> threading.Thread:
    """Once per process: the signing thread (a daemon: it ends with the consumer)."""
    global _thread
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=run, name="housing-log-signer", daemon=True,
                                       args=(from_settings(settings, factory),
                                             stop or threading.Event()))
            _thread.start()
        return _thread

