"""`python -m core.housing.verify_log`'s modes beside the .jsonl check: a buyer's proof offline,
checkpoint B extends checkpoint A, a whole download (the .jsonl or the tiles, from a folder or
over HTTP) against a signed checkpoint; every failure is a sentence and its documented exit
code (1 broken, 3 not signed, 4 not extended, 64 wrong use), never a traceback."""
from __future__ import annotations

import base64
import functools
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.housing import allocation_log, checkpoints, events, merkle, tiles, tlog
from core.housing.note import COSIGNATURE_V1, Note, Signer, Verifier
from core.housing.verify_log import main
from core.kernel.db import transaction
from tests.core.housing_support import add_buyers, flat_ids
from tests.core.log_support import demo_sale_id, make_signer, press


@pytest.fixture
def published(factory, clock, tmp_path):
    """A sale of 300 entries' worth signed at 7 and at its end, written as a download would
    be: the .jsonl, both checkpoints, a proof, and the tiles in a folder."""
    signer, sale_id = make_signer(factory, clock), demo_sale_id(factory)
    flats, fins = flat_ids(factory), add_buyers(factory, 12)
    for n in range(7):
        press(factory, fins[n], flats[n], clock.now)
    signer.tick()
    for n in range(7, 12):
        press(factory, fins[n], flats[n], clock.now)
    clock.now = clock.now.replace(year=clock.now.year + 1)
    signer.tick()
    with transaction(factory) as session:
        history = checkpoints.history(session, sale_id)
        count, _ = events.head(session, sale_id)
        entries = events.entries(session, sale_id, 1, count)
        (tmp_path / "a.checkpoint").write_text(checkpoints.published_note(session, history[0]))
        (tmp_path / "b.checkpoint").write_text(checkpoints.published_note(session, history[1]))
        (tmp_path / "entry-3.tlog-proof").write_text(
            checkpoints.inclusion_proof(session, sale_id, 3).format())
        folder = tmp_path / "tlog"
        for level, number, width in tiles.tiles_of(count):
            for kind in (level, None) if level == 0 else (level,):
                address = tlog.TileAddress(kind, number, width)
                (folder / address.path()).parent.mkdir(parents=True, exist_ok=True)
                (folder / address.path()).write_bytes(
                    checkpoints.tile_bytes(session, sale_id, address))
        (folder / "checkpoint").write_text(checkpoints.published_note(session, history[1]))
    (tmp_path / "log.jsonl").write_text("".join(allocation_log.to_line(e) for e in entries))
    return tmp_path, signer.signer


def verify_log(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        code = main(list(args), out)
    except SystemExit as stop:
        code = stop.code
    return code, out.getvalue()


def key_of(signer) -> str:
    return signer.verifier_key()


def test_a_buyer_s_proof_verifies_offline(published):
    folder, signer = published
    code, said = verify_log("--proof", str(folder / "entry-3.tlog-proof"), "--key", key_of(signer))
    assert code == 0, said
    assert "OK: entry 3 (hold" in said and "signed by portal.example.az/guzestli-menzil" in said


def _rewritten_proof(folder: Path, change) -> Path:
    text = (folder / "entry-3.tlog-proof").read_text()
    (folder / "changed.tlog-proof").write_text(change(text))
    return folder / "changed.tlog-proof"


def _other_hash(text: str) -> str:
    lines = text.split("\n")
    lines[3] = base64.b64encode(b"\x00" * 32).decode()
    return "\n".join(lines)


def _other_entry(text: str) -> str:
    lines = text.split("\n")
    entry = base64.b64decode(lines[1][6:]).replace(b'"kind":"hold"', b'"kind":"sign"')
    lines[1] = "extra " + base64.b64encode(entry).decode()
    return "\n".join(lines)


@pytest.mark.parametrize("change, code, says", [
    (_other_hash, 1, "does not put entry 3"),
    (_other_entry, 1, "hash does not match"),
    (lambda t: t.replace("index 2", "index 3"), 1, "for index 3"),
    (lambda t: t.replace("c2sp.org/tlog-proof@v1", "hello"), 1, "NOT A PROOF"),
    (lambda t: t.replace("\n12\n", "\n13\n"), 3, "does not verify"),
])
def test_an_altered_proof_fails_with_a_sentence(published, change, code, says):
    folder, signer = published
    found, said = verify_log("--proof", str(_rewritten_proof(folder, change)), "--key",
                             key_of(signer))
    assert (found, says in said) == (code, True), said
    assert "Traceback" not in said


def test_a_proof_fails_with_another_key_or_without_the_witness_s_cosignature(published):
    folder, signer = published
    proof = str(folder / "entry-3.tlog-proof")
    other = Signer(signer.name, b"\x01" * 32).verifier_key()
    assert verify_log("--proof", proof, "--key", other)[0] == 3
    witness = Signer("news.example/witness", b"\x02" * 32, kind=COSIGNATURE_V1)
    code, said = verify_log("--proof", proof, "--key", key_of(signer), "--witness-key",
                            witness.verifier_key())
    assert code == 3 and "no valid cosignature by the witness news.example/witness" in said


def test_checkpoint_b_extends_a_and_not_the_other_way(published):
    folder, signer = published
    a, b, log = (str(folder / n) for n in ("a.checkpoint", "b.checkpoint", "log.jsonl"))
    code, said = verify_log("--extends", a, b, "--key", key_of(signer), log)
    assert code == 0 and "OK: B extends A (entries 1–7 unchanged)" in said, said
    assert verify_log("--extends", a, b, "--key", key_of(signer), "--tiles",
                      str(folder / "tlog"))[0] == 0
    code, said = verify_log("--extends", b, a, "--key", key_of(signer), log)
    assert code == 4 and "the log shrank" in said


def test_a_signed_checkpoint_of_a_rewritten_log_does_not_extend(published):
    folder, signer = published
    entries = [tlog.leaf_data(e) for e in allocation_log.read_lines(
        (folder / "log.jsonl").read_text().splitlines())]
    rewritten = merkle.Tree.of_leaves([merkle.leaf_hash(b"rewritten")] + [
        merkle.leaf_hash(e) for e in entries[1:7]]).root()
    origin = tlog.parse_checkpoint((folder / "a.checkpoint").read_text())[0].origin
    text = tlog.Checkpoint(origin, 7, rewritten).text()
    (folder / "forged.checkpoint").write_text(Note(text, (signer.sign(text),)).format())
    code, said = verify_log("--extends", str(folder / "forged.checkpoint"),
                            str(folder / "b.checkpoint"), "--key", key_of(signer),
                            str(folder / "log.jsonl"))
    assert code == 4 and "rewritten" in said


def test_the_download_matches_the_signed_checkpoint(published):
    folder, signer = published
    code, said = verify_log(str(folder / "log.jsonl"), "--checkpoint",
                            str(folder / "b.checkpoint"), "--key", key_of(signer))
    assert code == 0 and "OK: the first 12 entries of the download are the signed tree" in said
    assert "first come, first served" in said


def test_a_download_that_is_not_the_signed_log_fails(published):
    folder, signer = published
    lines = (folder / "log.jsonl").read_text().splitlines(keepends=True)
    (folder / "short.jsonl").write_text("".join(lines[:-1]))
    code, said = verify_log(str(folder / "short.jsonl"), "--checkpoint",
                            str(folder / "b.checkpoint"), "--key", key_of(signer))
    assert code == 1 and "has 11 entries, the checkpoint 12" in said
    # the whole chain re-hashed after a changed entry: whole, but not the signed tree
    entries = list(allocation_log.read_lines(lines))
    previous, forged = allocation_log.GENESIS, []
    for entry in entries:
        number = "999" if entry.seq == 2 else entry.flat_number
        made = allocation_log.make_entry(entry.seq, entry.at, entry.kind, entry.flat_id, number,
                                         entry.position, entry.citizen, previous)
        forged.append(made)
        previous = made.hash
    (folder / "forged.jsonl").write_text("".join(allocation_log.to_line(e) for e in forged))
    code, said = verify_log(str(folder / "forged.jsonl"), "--checkpoint",
                            str(folder / "b.checkpoint"), "--key", key_of(signer))
    assert code == 1 and "not the log the portal signed" in said


def test_the_tiles_from_a_folder_verify_and_a_damaged_tile_fails(published):
    folder, signer = published
    tiles_folder = folder / "tlog"
    code, said = verify_log("--tiles", str(tiles_folder), "--key", key_of(signer))
    assert code == 0 and "are the signed tree" in said, said
    level0 = tiles_folder / "tile/0/000.p/12"
    hashes = level0.read_bytes()
    level0.write_bytes(hashes[32:64] + hashes[:32] + hashes[64:])  # two hashes swapped
    code, said = verify_log("--tiles", str(tiles_folder), "--key", key_of(signer))
    assert code == 1 and "hash tile 0/0 is not the hash of the entries" in said
    level0.write_bytes(hashes)
    bundle = tiles_folder / "tile/entries/000.p/12"
    bundle.write_bytes(bundle.read_bytes()[:-5])
    code, said = verify_log("--tiles", str(tiles_folder), "--key", key_of(signer))
    assert code == 1 and "entry bundle 0: the entry bundle is truncated" in said


def test_the_tiles_verify_over_http_and_can_be_archived(published, tmp_path):
    folder, signer = published
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder / "tlog"))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        code, said = verify_log("--tiles", url, "--key", key_of(signer), "--archive",
                                str(tmp_path / "kept"))
        assert code == 0, said
        assert verify_log("--tiles", str(tmp_path / "kept"), "--key", key_of(signer))[0] == 0
        code, said = verify_log("--tiles", url + "/nowhere", "--key", key_of(signer))
        assert code == 1 and "CANNOT READ" in said
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("args", [[], ["--proof", "x.tlog-proof"], ["--tiles", "somewhere"],
                                  ["a.jsonl", "--checkpoint", "c"], ["--extends", "a", "b"],
                                  ["a.jsonl", "--proof", "p", "--key", "k"]])
def test_wrong_use_exits_64(args):
    assert verify_log(*args)[0] == 64


def test_a_key_that_is_not_one_and_a_missing_file_are_sentences(published):
    folder, signer = published
    code, said = verify_log("--proof", str(folder / "entry-3.tlog-proof"), "--key", "nonsense")
    assert code == 64 and said.startswith("NOT A KEY")
    code, said = verify_log("--proof", str(folder / "missing"), "--key", key_of(signer))
    assert code == 1 and said.startswith("CANNOT READ the proof")
    assert Verifier.parse(key_of(signer)).name == signer.name
