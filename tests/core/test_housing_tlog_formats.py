"""The C2SP formats of the allocation log: signed notes and verifier keys (the spec's own
example verifies), cosignatures, checkpoints, proofs, tile paths, entry bundles, and the hash
tiles that grow with the log and give the same tree as the leaves."""
from __future__ import annotations

import dataclasses
import os
import random

import pytest

from core.housing import merkle, tiles, tlog
from core.housing.log_keys import origin, trusts
from core.housing.note import (
    COSIGNATURE_V1, Note, NoteError, Signer, Verifier, parse_signature_line, verify,
)
from core.housing.tlog import Checkpoint, Proof, TileAddress, parse_tile_path

# c2sp.org/signed-note, "Verifier keys", Example
SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = ("This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6Tf"
             "Xppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n")


def signer(name="portal.example.az/guzestli-menzil", kind=1) -> Signer:
    return Signer(name, os.urandom(32), kind=kind)


def test_the_signed_note_spec_example_verifies_with_its_key():
    note = Note.parse(SPEC_NOTE)
    assert note.text == "This is an example message.\n"
    assert [s.name for s in verify(note, [Verifier.parse(SPEC_VKEY)])] == ["example.com/foo"]
    assert note.format() == SPEC_NOTE


def test_a_checkpoint_s_signature_verifies_with_the_published_key_and_fails_with_another():
    log = signer()
    text = Checkpoint(origin(log.name, 1), 3, merkle.EMPTY_ROOT).text()
    note = Note.parse(Note(text, (log.sign(text),)).format())
    assert verify(note, [Verifier.parse(log.verifier_key())])
    impostor = Signer(log.name, os.urandom(32))  # same name, another key: another key ID
    with pytest.raises(NoteError, match="no signature by the key"):
        verify(note, [Verifier.parse(impostor.verifier_key())])
    changed = Note(text.replace("\n3\n", "\n4\n"), note.signatures)
    with pytest.raises(NoteError, match="does not verify"):
        verify(changed, [Verifier.parse(log.verifier_key())])


def test_a_cosignature_carries_its_time_and_verifies_only_as_a_cosignature():
    witness = signer("news.example/witness", kind=COSIGNATURE_V1)
    text = "example.org/log\n1\n" + tlog.b64(merkle.EMPTY_ROOT) + "\n"
    line = witness.sign(text, 1_700_000_000)
    assert line.timestamp == 1_700_000_000
    key = Verifier.parse(witness.verifier_key())
    assert key.kind == COSIGNATURE_V1 and key.verify(text, line)
    assert not key.verify(text.replace("\n1\n", "\n2\n"), line)
    late = dataclasses.replace(line, signature=(1_700_000_001).to_bytes(8, "big")
                               + line.signature[8:])
    assert not key.verify(text, late)


@pytest.mark.parametrize("data, says", [
    ("just text\n", "no blank line"),
    ("a\n\n— x\n", "not a signature line"),
    ("a\n\n— x !!!\n", "not base64"),
    ("a\n\n— x AAAA\n", "too short"),
    ("a\x07\n\n— x AAAAAAAA\n", "control characters"),
    (b"\xff\xfe\n\n", "not UTF-8"),
])
def test_a_malformed_note_is_refused_with_a_sentence(data, says):
    with pytest.raises(NoteError, match=says):
        Note.parse(data)


@pytest.mark.parametrize("vkey, says", [
    ("nonsense", "not a verifier key"),
    ("a+0000000+AQ==", "not a verifier key"),
    ("a+00000000+AQ==", "not an Ed25519"),
    (SPEC_VKEY.replace("530d903a", "530d903b"), "ID does not match"),
])
def test_a_malformed_key_is_refused_with_a_sentence(vkey, says):
    with pytest.raises(NoteError, match=says):
        Verifier.parse(vkey)


def test_a_log_key_speaks_for_the_origins_under_its_name_only():
    key = Verifier.parse(signer().verifier_key())
    assert trusts(key, origin(key.name, 1))
    assert trusts(key, origin(key.name, 1, generation=3))
    assert not trusts(key, "portal.example.az/guzestli-menzil-fake/satis/1/tlog")


@pytest.mark.parametrize("text, says", [
    ("origin\n12\n", "own lines"),
    ("origin\n012\n" + tlog.b64(merkle.EMPTY_ROOT) + "\n", "whole number"),
    ("origin\n-1\n" + tlog.b64(merkle.EMPTY_ROOT) + "\n", "whole number"),
    ("origin\n1\nAAAA\n", "32 bytes"),
])
def test_a_malformed_checkpoint_is_refused_with_a_sentence(text, says):
    with pytest.raises(NoteError, match=says):
        Checkpoint.parse_text(text)


def test_a_proof_file_reads_back_as_it_was_written():
    proof = Proof(b'{"seq":1}', 0, [os.urandom(32), os.urandom(32)], "log\n1\nx\n\n— k sig\n")
    assert Proof.parse(proof.format()) == proof
    assert proof.format().startswith("c2sp.org/tlog-proof@v1\nextra eyJzZXEiOjF9\nindex 0\n")


@pytest.mark.parametrize("mangle, says", [
    (lambda t: t.replace("c2sp.org/tlog-proof@v1", "hello"), "not a proof"),
    (lambda t: t.replace("index 4", "index four"), "whole number"),
    (lambda t: t.replace("extra ", "extras "), "carry its entry"),
    (lambda t: t.replace("\n\n", "\n"), "no blank line before its checkpoint"),
])
def test_a_malformed_proof_is_refused_with_a_sentence(mangle, says):
    text = Proof(b"{}", 4, [os.urandom(32)], "log\n5\nx\n\n— k s\n").format()
    with pytest.raises(NoteError, match=says):
        Proof.parse(mangle(text))


@pytest.mark.parametrize("number, path", [(0, "000"), (5, "005"), (1000, "x001/000"),
                                          (1234067, "x001/x234/067")])
def test_tile_indexes_are_written_in_three_digit_groups(number, path):
    assert tlog.encode_index(number) == path
    assert parse_tile_path("0", path) == TileAddress(0, number, 256)
    assert TileAddress(2, number, 17).path() == f"tile/2/{path}.p/17"
    assert parse_tile_path("entries", f"{path}.p/17") == TileAddress(None, number, 17)


@pytest.mark.parametrize("level, rest", [("64", "000"), ("01", "000"), ("x", "000"),
                                         ("0", "5"), ("0", "x000/005"), ("0", "000.p/256"),
                                         ("0", "000.p/0"), ("0", "../000")])
def test_a_tile_path_that_is_not_one_is_refused(level, rest):
    with pytest.raises(NoteError):
        parse_tile_path(level, rest)


def test_an_entry_bundle_reads_back_and_a_truncated_one_is_refused():
    entries = [b"", b"a", "ə".encode() * 300]
    data = tlog.bundle(entries)
    assert tlog.unbundle(data) == entries
    with pytest.raises(NoteError, match="truncated"):
        tlog.unbundle(data[:-1])
    with pytest.raises(NoteError, match="shorter than the tree"):
        tiles.tree_from_tiles(3, lambda level, number: b"\x00" * 70).root()


def test_the_tiles_of_a_tree_are_the_spec_s_example():
    # c2sp.org/tlog-tiles, "Partial Tiles": a tree of 70,000
    found = tiles.tiles_of(70_000)
    level0 = [w for level, _n, w in found if level == 0]
    assert (len(level0), level0.count(256), level0[-1]) == (274, 273, 112)
    assert [(n, w) for level, n, w in found if level == 1] == [(0, 256), (1, 17)]
    assert [(n, w) for level, n, w in found if level == 2] == [(0, 1)]
    assert tiles.tiles_of(256) == [(0, 0, 256), (1, 0, 1)]


def test_tiles_grown_in_steps_give_the_tree_of_the_leaves_at_every_step():
    rng = random.Random(25)
    leaves = [merkle.leaf_hash(str(i).encode()) for i in range(70_000)]
    whole = merkle.Tree.of_leaves(leaves)
    stored: dict[tuple[int, int], bytes] = {}

    def read(level, number):
        return stored.get((level, number), b"")

    size = 0
    while size < len(leaves):
        step = rng.choice([1, 2, 7, 255, 256, 257, 3000])
        grown = tiles.extend(read, size, leaves[size:size + step])
        for key, hashes in grown.items():
            assert not (key in stored and len(stored[key]) == 256 * 32), "a full tile changed"
            assert key not in stored or hashes.startswith(stored[key]), "a tile was rewritten"
        stored.update(grown)
        size = min(size + step, len(leaves))
        tree = tiles.tree_from_tiles(size, read)
        assert tree.root() == whole.prefix(size).root()
    index = rng.randrange(size)
    assert merkle.verify_inclusion(index, size, leaves[index], tree.inclusion_proof(index),
                                   whole.root())
    assert tree.consistency_proof(65_537) == whole.consistency_proof(65_537)


def test_a_signature_line_names_its_key():
    line = signer("a.example/w", kind=COSIGNATURE_V1).sign("x\n", 5).line()
    assert parse_signature_line(line.rstrip("\n")).name == "a.example/w"
