"""The allocation log's Merkle tree (RFC 9162 §2.1): the published vectors of
transparency-dev/merkle, and every inclusion and consistency proof of every tree of 1–300
leaves verifies, while any altered hash, index or size fails."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from core.housing import merkle
from core.housing.merkle import Tree, leaf_hash, verify_consistency, verify_inclusion

VECTORS = json.loads((Path(__file__).parent / "data" / "transparency_dev_merkle_vectors.json")
                     .read_text())
LARGEST = 300


def _b64(value: str) -> bytes:
    return base64.b64decode(value)


def _flipped(hash_: bytes, bit: int = 0) -> bytes:
    return bytes([hash_[0] ^ (1 << bit)]) + hash_[1:]


@pytest.fixture(scope="module")
def leaves() -> list[bytes]:
    return [leaf_hash(f"entry {i}".encode()) for i in range(LARGEST)]


@pytest.fixture(scope="module")
def roots(leaves) -> list[bytes]:
    return [Tree.of_leaves(leaves[:n]).root() for n in range(LARGEST + 1)]


def test_the_roots_of_transparency_dev_s_reference_leaves_are_theirs():
    inputs = [bytes.fromhex(h) for h in VECTORS["leaf_inputs_hex"]]
    for size, expected in enumerate(VECTORS["root_hashes_hex"]):
        assert Tree.of_leaves([leaf_hash(d) for d in inputs[:size]]).root().hex() == expected


@pytest.mark.parametrize("name", sorted(VECTORS["inclusion"]))
def test_transparency_dev_inclusion_vector(name):
    case = VECTORS["inclusion"][name]
    verified = verify_inclusion(case["leafIdx"], case["treeSize"], _b64(case["leafHash"]),
                                [_b64(p) for p in case["proof"] or []], _b64(case["root"]))
    assert verified is not case["wantErr"], case["desc"]


@pytest.mark.parametrize("name", sorted(VECTORS["consistency"]))
def test_transparency_dev_consistency_vector(name):
    case = VECTORS["consistency"][name]
    verified = verify_consistency(case["size1"], case["size2"], _b64(case["root1"]),
                                  _b64(case["root2"]), [_b64(p) for p in case["proof"] or []])
    assert verified is not case["wantErr"], case["desc"]


def test_our_proofs_of_the_reference_tree_are_the_published_ones():
    inputs = [bytes.fromhex(h) for h in VECTORS["leaf_inputs_hex"]]
    tree = Tree.of_leaves([leaf_hash(d) for d in inputs])
    published = VECTORS["inclusion"]["inclusion/1/happy-path.json"]
    assert [base64.b64encode(h).decode() for h in tree.inclusion_proof(0)] == published["proof"]
    published = VECTORS["consistency"]["consistency/1/happy-path.json"]
    assert [base64.b64encode(h).decode() for h in tree.consistency_proof(1)] \
        == published["proof"]


def test_every_inclusion_proof_of_every_tree_up_to_300_verifies_and_any_change_fails(
        leaves, roots):
    for size in range(1, LARGEST + 1):
        tree = Tree.of_leaves(leaves[:size])
        assert tree.root() == roots[size]
        for index in range(size):
            proof = tree.inclusion_proof(index)
            assert verify_inclusion(index, size, leaves[index], proof, roots[size])
            for position in range(len(proof)):
                altered = list(proof)
                altered[position] = _flipped(altered[position])
                assert not verify_inclusion(index, size, leaves[index], altered, roots[size])
            assert not verify_inclusion(index, size, _flipped(leaves[index]), proof, roots[size])
            assert not verify_inclusion(index, size, leaves[index], proof, _flipped(roots[size]))
            for other in {index - 1, index + 1} & set(range(size)):
                assert not verify_inclusion(other, size, leaves[index], proof, roots[size])
            # a size the proof was not made for, with that size's own root
            for other in {size - 1, size + 1} & set(range(1, LARGEST + 1)):
                if index < other:
                    assert not verify_inclusion(index, other, leaves[index], proof, roots[other])


def test_every_consistency_proof_between_trees_up_to_300_verifies_and_any_change_fails(
        leaves, roots):
    for size in range(1, LARGEST + 1):
        tree = Tree.of_leaves(leaves[:size])
        for old in range(1, size + 1):
            proof = tree.consistency_proof(old)
            assert verify_consistency(old, size, roots[old], roots[size], proof)
            for position in range(len(proof)):
                altered = list(proof)
                altered[position] = _flipped(altered[position])
                assert not verify_consistency(old, size, roots[old], roots[size], altered)
            assert not verify_consistency(old, size, _flipped(roots[old]), roots[size], proof)
            assert not verify_consistency(old, size, roots[old], _flipped(roots[size]), proof)
            for other in {old - 1, old + 1} & set(range(1, size + 1)):
                if other != old:
                    assert not verify_consistency(other, size, roots[other], roots[size], proof)
            if size < LARGEST:
                assert not verify_consistency(old, size + 1, roots[old], roots[size + 1], proof)


def test_a_shrunk_tree_or_a_proof_from_nothing_never_verifies(leaves, roots):
    tree = Tree.of_leaves(leaves[:10])
    assert not verify_consistency(10, 9, roots[10], roots[9], tree.consistency_proof(9))
    assert not verify_consistency(0, 10, merkle.EMPTY_ROOT, roots[10], [])
    with pytest.raises(ValueError):
        tree.inclusion_proof(10)
    with pytest.raises(ValueError):
        tree.consistency_proof(11)


def test_hashes_of_the_wrong_length_are_refused_not_crashed_on(leaves, roots):
    tree = Tree.of_leaves(leaves[:5])
    proof = tree.inclusion_proof(2)
    assert not verify_inclusion(2, 5, leaves[2][:31], proof, roots[5])
    assert not verify_inclusion(2, 5, leaves[2], [*proof[:-1], proof[-1] + b"\x00"], roots[5])
