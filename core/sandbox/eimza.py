"""The sandbox e-imza in this process, behind the EimzaPort (core.auth.eimza): the demo tokens
and their certificates, and what the 157 Call Centre and the issuing centre do for a blocked
one. The wrong-PIN counter lives in the database, so every process sees it and a restart keeps
it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth import Document, Identity, Method, sandbox_signature
from core.auth.asan_imza import PukResult
from core.auth.eimza import (PIN_ATTEMPTS, PUK_ATTEMPTS, Certificate, TokenRefusal, TokenResult,
                             TokenState)
from core.auth.models import EimzaCertificate, EimzaToken
from core.auth.passwords import hash_pin, verify_pin
from core.kernel.db import utcnow


class SandboxEimza:
    """The demo tokens. Which are "plugged into this computer" is the browser's to say (the
    sandbox token page, web/auth/sandbox_token.py), as a real computer's signing program does."""

    def certificates(self, session: Session, fin: str | None = None, *,
                     tokens: list[str] | None = None) -> list[Certificate]:
        query = select(EimzaCertificate)
        if fin is not None:
            query = query.where(EimzaCertificate.fin == fin)
        if tokens is not None:
            query = query.where(EimzaCertificate.token_serial.in_(tokens))
        rows = session.execute(
            query.order_by(EimzaCertificate.full_name, EimzaCertificate.serial)).scalars()
        return [_certificate(row) for row in rows]

    def certificate(self, session: Session, serial: str) -> Certificate | None:
        row = session.get(EimzaCertificate, serial or "")
        return _certificate(row) if row else None

    def sign_in(self, session: Session, certificate_serial: str, pin: str,
                now: datetime | None = None) -> TokenResult:
        return self._use(session, certificate_serial, pin, None, now or utcnow())

    def sign(self, session: Session, certificate_serial: str, pin: str, document: Document,
             now: datetime | None = None) -> TokenResult:
        return self._use(session, certificate_serial, pin, document, now or utcnow())

    def pin_attempts_left(self, session: Session, certificate_serial: str) -> int | None:
        row = session.get(EimzaCertificate, certificate_serial or "")
        if row is None:
            return None
        token = session.get(EimzaToken, row.token_serial)
        return max(0, PIN_ATTEMPTS - token.pin_failures)

    def tokens(self, session: Session, fin: str) -> list[TokenState]:
        """The citizen's tokens (the sandbox token page)."""
        found = []
        for serial in sorted({c.token_serial for c in self.certificates(session, fin)}):
            token = session.get(EimzaToken, serial)
            found.append(TokenState(
                serial, self.certificates(session, fin, tokens=[serial]),
                max(0, PIN_ATTEMPTS - token.pin_failures),
                max(0, PUK_ATTEMPTS - token.puk_failures)))
        return found

    def unblock_with_puk(self, session: Session, token_serial: str, puk: str) -> PukResult:
        """What the 157 Call Centre does with the PUK the citizen gives on the phone."""
        token = session.get(EimzaToken, token_serial or "", with_for_update=True)
        if token is None or token.pin_failures < PIN_ATTEMPTS:
            return PukResult.NOT_NEEDED
        if token.puk_failures >= PUK_ATTEMPTS:
            return PukResult.BLOCKED_FOR_GOOD
        if token.puk_hash and verify_pin(token.puk_hash, (puk or "").strip()):
            token.pin_failures = token.puk_failures = 0
            session.flush()
            return PukResult.UNBLOCKED
        token.puk_failures += 1
        session.flush()
        return PukResult.BLOCKED_FOR_GOOD if token.puk_failures >= PUK_ATTEMPTS \
            else PukResult.WRONG

    def issue_new_token(self, session: Session, token_serial: str) -> bool:
        """What the issuing centre does for a token blocked for good (sandbox: its counters go
        back to zero, so a demo can be shown again)."""
        token = session.get(EimzaToken, token_serial or "", with_for_update=True)
        if token is None:
            return False
        token.pin_failures = token.puk_failures = 0
        session.flush()
        return True

    def _use(self, session: Session, serial: str, pin: str, document: Document | None,
             now: datetime) -> TokenResult:
        row = session.get(EimzaCertificate, serial or "")
        if row is None:
            return TokenResult(refusal=TokenRefusal.UNKNOWN_CERTIFICATE)
        certificate = _certificate(row)
        problem = certificate.problem(now.date())
        if problem is not None:
            return TokenResult(refusal=problem, certificate=certificate)
        token = session.get(EimzaToken, row.token_serial, with_for_update=True)
        if token.pin_failures >= PIN_ATTEMPTS:
            return TokenResult(refusal=TokenRefusal.BLOCKED, attempts_left=0, certificate=certificate)
        if not verify_pin(token.pin_hash, (pin or "").strip()):
            token.pin_failures += 1
            session.flush()
            left = PIN_ATTEMPTS - token.pin_failures
            refusal = TokenRefusal.BLOCKED if left <= 0 else TokenRefusal.WRONG_PIN
            return TokenResult(refusal=refusal, attempts_left=max(0, left), certificate=certificate)
        token.pin_failures = 0
        session.flush()
        return TokenResult(
            identity=Identity(certificate.fin, certificate.full_name, Method.EIMZA),
            attempts_left=PIN_ATTEMPTS, certificate=certificate,
            signature=sandbox_signature(Method.EIMZA, certificate.fin, document.digest) if document else None,
        )


def add_token(session: Session, *, serial: str, pin: str, certificates: list[dict],
              puk: str | None = None) -> EimzaToken:
    token = EimzaToken(serial=serial, pin_hash=hash_pin(pin), pin_failures=0,
                       puk_hash=hash_pin(puk) if puk else None, puk_failures=0)
    session.add(token)
    session.flush()
    for fields in certificates:
        session.add(EimzaCertificate(token_serial=serial, **fields))
    session.flush()
    return token


def _certificate(row: EimzaCertificate) -> Certificate:
    return Certificate(row.serial, row.token_serial, row.fin, row.full_name,
                       row.valid_from, row.valid_until, row.revoked)
