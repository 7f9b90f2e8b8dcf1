"""Signed notes (c2sp.org/signed-note) with Ed25519 (`cryptography`): the log's signature
(type 0x01) and a witness's timestamped cosignature (c2sp.org/tlog-cosignature, type 0x04).

    signer = Signer("portal.example.az/guzestli-menzil", seed)
    note = Note(text, (signer.sign(text),))
    verified = verify(note, [Verifier.parse(signer.verifier_key())])

A note is text ending in a newline, a blank line, then lines "— <key name> base64(key ID ||
signature)". A verifier key (vkey) is "<name>+<hex key ID>+base64(type || public key)"; the key
ID is SHA-256(name || 0x0A || type || public key)[:4]. Every malformed input raises NoteError
with a sentence that says what is wrong."""
from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey, Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01
COSIGNATURE_V1 = 0x04
DASH = "\u2014"
MAX_SIGNATURES = 16
MAX_NOTE_BYTES = 16_384
_NAME = re.compile(r"^[^\s+]+$")


class NoteError(ValueError):
    """The note, key or signature is not what it should be; the message says what."""


def b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise NoteError(f"{what} is not base64") from None


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def key_id(name: str, kind: int, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + public_key).digest()[:4]


def cosigned_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes    # after the key ID: Ed25519's 64 bytes, or timestamp + 64 bytes

    def line(self) -> str:
        return f"{DASH} {self.name} {b64(self.key_id + self.signature)}\n"

    @property
    def timestamp(self) -> int | None:
        """A cosignature's time (POSIX seconds); None for a plain signature."""
        return struct.unpack(">Q", self.signature[:8])[0] if len(self.signature) == 72 else None


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[Signature, ...]

    def format(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)

    def with_signatures(self, more: list[Signature]) -> "Note":
        known = {s.line() for s in self.signatures}
        return Note(self.text, self.signatures + tuple(s for s in more if s.line() not in known))

    @classmethod
    def parse(cls, data: str | bytes) -> "Note":
        if isinstance(data, bytes):
            if len(data) > MAX_NOTE_BYTES:
                raise NoteError("the note is too long")
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                raise NoteError("the note is not UTF-8 text") from None
        if len(data.encode()) > MAX_NOTE_BYTES:
            raise NoteError("the note is too long")
        if any(ch < " " and ch != "\n" for ch in data):
            raise NoteError("the note has control characters (only newlines are allowed)")
        text, separator, signed = data.rpartition("\n\n")
        if not separator or not text:
            raise NoteError("the note has no blank line before its signatures")
        if not signed.endswith("\n"):
            raise NoteError("the note's last signature line does not end in a newline")
        lines = signed[:-1].split("\n")
        if len(lines) > MAX_SIGNATURES:
            raise NoteError(f"the note has more than {MAX_SIGNATURES} signatures")
        return cls(text + "\n", tuple(parse_signature_line(line) for line in lines))


def parse_signature_line(line: str) -> Signature:
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != DASH or not _NAME.match(parts[1]):
        raise NoteError(f"“{line[:80]}” is not a signature line (— name signature)")
    raw = b64decode(parts[2], "a signature")
    if len(raw) < 5:
        raise NoteError("a signature is too short")
    return Signature(parts[1], raw[:4], raw[4:])


class Signer:
    """An Ed25519 key that signs notes under `name` (0x01) or cosigns checkpoints (0x04)."""

    def __init__(self, name: str, seed: bytes, kind: int = ED25519):
        if not _NAME.match(name):
            raise NoteError("a key name must not be empty nor have spaces or “+”")
        if len(seed) != 32:
            raise NoteError("an Ed25519 private key is 32 bytes")
        self.name, self.kind = name, kind
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_key = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = key_id(name, kind, self.public_key)

    def verifier_key(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{b64(bytes([self.kind]) + self.public_key)}"

    def sign(self, text: str, timestamp: int | None = None) -> Signature:
        if self.kind == COSIGNATURE_V1:
            stamp = struct.pack(">Q", timestamp)
            return Signature(self.name, self.key_id,
                             stamp + self._key.sign(cosigned_message(text, timestamp)))
        return Signature(self.name, self.key_id, self._key.sign(text.encode()))


@dataclass(frozen=True)
class Verifier:
    name: str
    key_id: bytes
    kind: int
    public_key: bytes

    @classmethod
    def parse(cls, vkey: str) -> "Verifier":
        parts = vkey.strip().split("+", 2)  # base64 may hold "+" too
        if len(parts) != 3 or not parts[0] or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
            raise NoteError("the key is not a verifier key (name+key ID+base64 key)")
        raw = b64decode(parts[2], "the key")
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
            raise NoteError("the key is not an Ed25519 verifier key")
        found = cls(parts[0], bytes.fromhex(parts[1]), raw[0], raw[1:])
        if key_id(found.name, found.kind, found.public_key) != found.key_id:
            raise NoteError("the key's ID does not match its name and public key")
        return found

    def vkey(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{b64(bytes([self.kind]) + self.public_key)}"

    def matches(self, signature: Signature) -> bool:
        return signature.name == self.name and signature.key_id == self.key_id

    def verify(self, text: str, signature: Signature) -> bool:
        if not self.matches(signature):
            return False
        key = Ed25519PublicKey.from_public_bytes(self.public_key)
        if self.kind == COSIGNATURE_V1:
            if len(signature.signature) != 72:
                return False
            message, sig = cosigned_message(text, signature.timestamp), signature.signature[8:]
        else:
            message, sig = text.encode(), signature.signature
        try:
            key.verify(sig, message)
        except InvalidSignature:
            return False
        return True


def verify(note: Note, verifiers: list[Verifier]) -> list[Signature]:
    """The signatures of `note` by known keys, all verified. NoteError if one of them fails
    (the whole note is refused) or if none is there."""
    verified = []
    for signature in note.signatures:
        for verifier in verifiers:
            if verifier.matches(signature):
                if not verifier.verify(note.text, signature):
                    raise NoteError(f"the signature of {signature.name} does not verify: the "
                                    "note was changed or signed with another key")
                verified.append(signature)
    if not verified:
        names = ", ".join(sorted({v.name for v in verifiers})) or "no key"
        raise NoteError(f"the note has no signature by the key given ({names})")
    return verified
