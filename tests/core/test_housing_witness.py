"""The witness (c2sp.org/tlog-witness): it cosigns a checkpoint of a log key it follows when a
consistency proof shows it extends the last one it cosigned, and refuses a rewritten log, a
shrunk tree, a wrong signature, an unknown log and a malformed request, each with a sentence
(and keeps the refusal as evidence). The portal's signer asks it over HTTP and keeps the
cosignature; a witness that restarted empty or fell behind is caught up from its size."""
from __future__ import annotations

import hashlib
import os
import threading
import urllib.request
from datetime import timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from core.housing import checkpoints, merkle, tlog
from core.housing.log_audit import audit, audit_sale, wait_until_signed
from core.housing.log_keys import WitnessEndpoint, log_signer, origin, witness_signer
from core.housing.log_signer import LogSigner, http_post
from core.housing.note import COSIGNATURE_V1, Note, Signer, Verifier, b64
from core.housing.witness import Store, Witness
from core.housing.witness.__main__ import DEFAULT_NAME, _handler
from core.housing.witness.local import local_witness
from core.kernel.db import make_session_factory, read_only, transaction
from core.platform.settings import Settings
from tests.core.housing_support import add_buyers, flat_ids
from tests.core.log_support import LOG_NAME, demo_sale_id, make_signer, play_sale, press

LEAVES = [merkle.leaf_hash(f"entry {i}".encode()) for i in range(40)]
WHOLE = merkle.Tree.of_leaves(LEAVES)


@pytest.fixture
def log() -> Signer:
    return Signer(LOG_NAME, os.urandom(32))


@pytest.fixture
def witness(tmp_path, log) -> Witness:
    return Witness(witness_signer(tmp_path, "news.example/witness"),
                   [Verifier.parse(log.verifier_key())], Store(tmp_path))


def checkpoint(log: Signer, size: int, root: bytes | None = None, sale_id: int = 1) -> str:
    text = tlog.Checkpoint(origin(log.name, sale_id), size,
                           WHOLE.prefix(size).root() if root is None else root).text()
    return Note(text, (log.sign(text),)).format()


def request(old: int, note: str, proof: list[bytes] | None = None) -> bytes:
    if proof is None:
        proof = WHOLE.prefix(int(note.split("\n")[1])).consistency_proof(old) \
            if 0 < old else []
    return (f"old {old}\n" + "".join(b64(h) + "\n" for h in proof) + "\n" + note).encode()


def test_the_witness_cosigns_a_first_checkpoint_then_one_that_extends_it(witness, log, tmp_path):
    first = witness.add_checkpoint(request(0, checkpoint(log, 10)))
    assert first.status == 200 and first.body.startswith("— news.example/witness ")
    key = Verifier.parse(witness_signer(tmp_path, "news.example/witness").verifier_key())
    cosignature = Note.parse(checkpoint(log, 10) + first.body).signatures[1]
    assert key.kind == COSIGNATURE_V1 and key.verify(checkpoint(log, 10).split("\n\n")[0]
                                                     + "\n", cosignature)
    assert witness.add_checkpoint(request(10, checkpoint(log, 17))).status == 200
    assert witness.add_checkpoint(request(17, checkpoint(log, 17))).status == 200
    assert witness.store.latest(origin(log.name, 1)).size == 17
    assert witness.store.refusals() == []


def test_a_wrong_old_size_gets_the_witness_s_own_size(witness, log):
    witness.add_checkpoint(request(0, checkpoint(log, 10)))
    answer = witness.add_checkpoint(request(5, checkpoint(log, 12)))
    assert (answer.status, answer.body, answer.content_type) == (409, "10\n", "text/x.tlog.size")


def test_the_witness_refuses_a_rewritten_log(witness, log):
    witness.add_checkpoint(request(0, checkpoint(log, 10)))
    other = merkle.Tree.of_leaves(LEAVES[:9] + [merkle.leaf_hash(b"rewritten")]
                                  + LEAVES[10:20])
    same_size = witness.add_checkpoint(request(10, checkpoint(log, 10, other.prefix(10).root())))
    assert same_size.status == 422 and "rewritten" in same_size.body
    grown = witness.add_checkpoint(request(10, checkpoint(log, 20, other.root()),
                                           other.consistency_proof(10)))
    assert grown.status == 422 and "does not verify" in grown.body
    assert [r["status"] for r in witness.store.refusals()] == [422, 422]
    assert witness.store.latest(origin(log.name, 1)).size == 10


def test_the_witness_refuses_a_shrunk_tree(witness, log):
    witness.add_checkpoint(request(0, checkpoint(log, 10)))
    shrunk = witness.add_checkpoint(request(10, checkpoint(log, 8), []))
    assert shrunk.status == 400 and "shrank" in shrunk.body
    assert witness.add_checkpoint(request(8, checkpoint(log, 8))).status == 409
    assert witness.store.latest(origin(log.name, 1)).size == 10


def test_the_witness_refuses_another_key_and_a_log_it_does_not_follow(witness, log):
    impostor = Signer(log.name, os.urandom(32))
    assert witness.add_checkpoint(request(0, checkpoint(impostor, 3))).status == 403
    forged = checkpoint(log, 3).replace("\n3\n", "\n4\n")
    answer = witness.add_checkpoint(request(0, forged))
    assert answer.status == 403 and "does not verify" in answer.body
    stranger = Signer("other.example/log", os.urandom(32))
    assert witness.add_checkpoint(request(0, checkpoint(stranger, 3))).status == 404


@pytest.mark.parametrize("body", [b"", b"old x\n\nlog\n", b"old 0\nnot base64!\n\nx\n",
                                  b"\xff\xfe", b"old 0\n\norigin\n1\n"])
def test_a_malformed_request_is_a_400_with_a_sentence(witness, body):
    answer = witness.add_checkpoint(body)
    assert answer.status == 400 and answer.body.strip()


def test_an_empty_tree_must_have_the_empty_root(witness, log):
    assert witness.add_checkpoint(request(0, checkpoint(log, 0, b"\x01" * 32))).status == 422
    assert witness.add_checkpoint(request(0, checkpoint(log, 0, merkle.EMPTY_ROOT))).status == 200


@pytest.fixture
def served_witness(witness):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(witness, "about\n"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", witness
    server.shutdown()
    server.server_close()


def test_the_portal_s_checkpoints_are_cosigned_over_http_through_a_whole_sale(
        factory, clock, served_witness, tmp_path):
    url, witness = served_witness
    endpoint = WitnessEndpoint(url, Verifier.parse(witness.signer.verifier_key()))
    signer = make_signer(factory, clock, [endpoint])
    witness.log_keys = [Verifier.parse(signer.signer.verifier_key())]
    sale_id = play_sale(factory, clock, signer, buyers=20, steps=60)
    with transaction(factory) as session:
        found = audit(session, sale_id, Verifier.parse(signer.signer.verifier_key()),
                      [endpoint.key])
        newest = checkpoints.latest(session, sale_id)
        published = checkpoints.published_note(session, newest)
    assert found.consistent and found.cosigned[endpoint.key.name] == found.checkpoints
    seen = witness.store.latest(tlog.parse_checkpoint(published)[0].origin)
    assert seen.size == newest.size and witness.store.refusals() == []
    origin_hash = hashlib.sha256(tlog.parse_checkpoint(published)[0].origin.encode()).hexdigest()
    with urllib.request.urlopen(f"{url}/{origin_hash}/checkpoint") as answer:
        assert answer.read().decode() == seen.note


def test_a_witness_that_lost_its_memory_is_caught_up_from_nothing(factory, clock, witness,
                                                                  tmp_path):
    endpoint = WitnessEndpoint("http://witness", Verifier.parse(witness.signer.verifier_key()))

    def post(url, body):
        answer = witness.add_checkpoint(body)
        return answer.status, answer.body

    signer = make_signer(factory, clock, [endpoint], post=post)
    witness.log_keys = [Verifier.parse(signer.signer.verifier_key())]
    flats, fins = flat_ids(factory), add_buyers(factory, 6)
    for n in range(3):
        press(factory, fins[n], flats[n], clock.now)
    signer.tick()
    Path(witness.store.folder / "checkpoints.json").unlink()  # the witness starts afresh
    for n in range(3, 6):
        press(factory, fins[n], flats[n], clock.now)
    clock.now += timedelta(seconds=3)
    signer.tick()
    sale_id = demo_sale_id(factory)
    with transaction(factory) as session:
        newest = checkpoints.latest(session, sale_id)
        assert newest.size == 6 and len(checkpoints.cosignatures(session, newest.id)) == 1
    assert signer.verdicts["http://witness"] == "cosigned the checkpoint of 6"


def test_the_http_witness_answers_bad_requests_with_a_sentence(served_witness):
    url, _witness = served_witness
    assert http_post(f"{url}/add-checkpoint", b"nonsense")[0] == 400
    assert http_post(f"{url}/elsewhere", b"")[0] == 404
    status, body = http_post(f"{url}/add-checkpoint", b"x" * 70_000)
    assert status == 400 and "Content-Length" in body


def test_the_audit_a_bench_runs_reports_the_checkpoints_and_the_local_witness_s_verdict(
        factory, clock, database_url, tmp_path):
    settings = Settings.from_environment({}, instance_path=tmp_path, database_url=database_url)
    local = local_witness(settings)
    witness = Witness(witness_signer(local.state_dir, DEFAULT_NAME),
                      [Verifier.parse(log_signer(settings).verifier_key())], Store(local.state_dir))

    def post(url, body):
        answer = witness.add_checkpoint(body)
        return answer.status, answer.body

    endpoint = WitnessEndpoint(local.url, Verifier.parse(local.verifier_key))
    signer = LogSigner(factory, make_session_factory(read_only(factory.kw["bind"])),
                       log_signer(settings), [endpoint], 2.0, post=post, clock=clock)
    flats, fins = flat_ids(factory), add_buyers(factory, 4)
    press(factory, fins[0], flats[0], clock.now)
    assert not wait_until_signed(settings, demo_sale_id(factory), seconds=0)
    signer.tick()
    for n in range(1, 4):
        press(factory, fins[n], flats[n], clock.now)
    clock.now += timedelta(seconds=2)
    signer.tick()
    assert wait_until_signed(settings, demo_sale_id(factory), seconds=0)
    found = audit_sale(settings, demo_sale_id(factory))
    assert found.consistent and found.witness_refusals == []
    assert found.summary() == (
        "2 checkpoints up to 4 of 4 entries: every checkpoint extends the one before; "
        f"{DEFAULT_NAME} cosigned 2; the witness holds the checkpoint of 4 and refused 0 "
        "request(s)")
