"""E-imza, the electronic signature on a USB token: the port and its rules (the sandbox token is
core.sandbox.eimza).

The citizen picks a certificate on the token and enters the token's PIN. Rules (seed 004):
10 wrong PINs block the token (call the 157 Call Centre, with the PUK at hand: it unblocks the
token; 3 wrong PUKs and only a new token helps); a certificate
that has expired or been revoked is refused, and then the PIN is not asked at all, so a
citizen with an old certificate does not use up attempts on it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Protocol

from sqlalchemy.orm import Session

from core.auth import Document, Identity

PIN_ATTEMPTS = 10
PUK_ATTEMPTS = 3   # then only a new token from the issuing centre helps
CALL_CENTRE = "157"


class TokenRefusal(str, Enum):
    UNKNOWN_CERTIFICATE = "unknown_certificate"
    CERTIFICATE_EXPIRED = "certificate_expired"
    CERTIFICATE_NOT_YET_VALID = "certificate_not_yet_valid"
    CERTIFICATE_REVOKED = "certificate_revoked"
    WRONG_PIN = "wrong_pin"
    BLOCKED = "blocked"  # 10 wrong PINs: call 157, the PUK is needed


@dataclass(frozen=True)
class Certificate:
    serial: str
    token_serial: str
    fin: str
    full_name: str
    valid_from: date
    valid_until: date
    revoked: bool

    def problem(self, today: date) -> TokenRefusal | None:
        if self.revoked:
            return TokenRefusal.CERTIFICATE_REVOKED
        if today > self.valid_until:
            return TokenRefusal.CERTIFICATE_EXPIRED
        if today < self.valid_from:
            return TokenRefusal.CERTIFICATE_NOT_YET_VALID
        return None


@dataclass(frozen=True)
class TokenResult:
    identity: Identity | None = None
    refusal: TokenRefusal | None = None
    attempts_left: int | None = None
    certificate: Certificate | None = None
    signature: str | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class TokenState:
    """What the sandbox token page shows, as the 157 Call Centre sees the token."""

    serial: str
    certificates: list[Certificate]
    pin_attempts_left: int
    puk_attempts_left: int

    @property
    def blocked(self) -> bool:
        return self.pin_attempts_left == 0

    @property
    def blocked_for_good(self) -> bool:
        return self.puk_attempts_left == 0


class EimzaPort(Protocol):
    def certificates(self, session: Session, fin: str | None = None, *,
                     tokens: list[str] | None = None) -> list[Certificate]:
        """The certificates on the tokens plugged into the citizen's computer (`tokens`, as
        its signing program reports them); with `fin`, only that citizen's."""
        ...

    def sign_in(self, session: Session, certificate_serial: str, pin: str,
                now: datetime | None = None) -> TokenResult: ...

    def sign(self, session: Session, certificate_serial: str, pin: str, document: Document,
             now: datetime | None = None) -> TokenResult: ...


