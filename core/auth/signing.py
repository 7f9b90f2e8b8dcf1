"""Signing a document with an enhanced electronic signature, for services that need it
(Güzəştli mənzil, meter damage): Asan İmza asks for PIN2 on the phone, e-imza for the token
PIN. The lockouts are the providers' own (3 wrong PIN2 → PUK; 10 wrong token PINs → 157).

Only the signed-in citizen can sign their document: a signature by anyone else's credential is
refused, and an Asan İmza confirmation only counts for the document it was asked for."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from sqlalchemy.orm import Session

from core.auth import Document, Method
from core.auth.asan_imza import AsanImzaPort, Outcome, Purpose, Refused, Status
from core.auth.eimza import Certificate, EimzaPort
from core.kernel.db import utcnow

NOT_SIGNER = "not_signer"        # the credential belongs to someone else
WRONG_DOCUMENT = "wrong_document"
UNKNOWN_REQUEST = "unknown_request"


class SigningState(str, Enum):
    WAITING = "waiting"
    SIGNED = "signed"
    REFUSED = "refused"


@dataclass(frozen=True)
class Signature:
    method: Method
    fin: str
    full_name: str
    document_digest: str
    value: str
    signed_at: datetime


@dataclass(frozen=True)
class SigningStep:
    state: SigningState
    reason: str | None = None            # a refusal or status code of the provider, or one above
    handle: str | None = None            # Asan İmza: the request to poll
    verification_code: str | None = None
    expires_at: datetime | None = None
    attempts_left: int | None = None
    signature: Signature | None = None


class SigningPort(Protocol):
    def begin_asan_imza(self, session: Session, *, signer_fin: str, mobile: str, user_id: str,
                        document: Document, now: datetime | None = None) -> SigningStep: ...

    def poll(self, session: Session, *, signer_fin: str, handle: str, document: Document,
             now: datetime | None = None) -> SigningStep: ...

    def sign_with_token(self, session: Session, *, signer_fin: str, certificate_serial: str,
                        pin: str, document: Document, now: datetime | None = None
                        ) -> SigningStep: ...

    def verify(self, signature: Signature, document: Document) -> bool: ...


class TokenProvider(EimzaPort, Protocol):
    def certificate(self, session: Session, serial: str) -> Certificate | None: ...


class ProviderSigning:
    """The signing rules above, over any Asan İmza and e-imza adapter (the sandboxes in this
    process, or core.auth.http_signing's over HTTP); `verify` is the provider's to say."""

    def __init__(self, asan_imza: AsanImzaPort, eimza: TokenProvider):
        self.asan_imza = asan_imza
        self.eimza = eimza

    def begin_asan_imza(self, session: Session, *, signer_fin: str, mobile: str, user_id: str,
                        document: Document, now: datetime | None = None) -> SigningStep:
        started = self.asan_imza.start(session, mobile=mobile, user_id=user_id,
                                       purpose=Purpose.SIGN, document=document, now=now,
                                       holder_fin=signer_fin)
        if isinstance(started, Refused):
            return SigningStep(SigningState.REFUSED, reason=started.reason.value)
        return SigningStep(SigningState.WAITING, handle=started.request_id,
                           verification_code=started.verification_code,
                           expires_at=started.expires_at)

    def poll(self, session: Session, *, signer_fin: str, handle: str, document: Document,
             now: datetime | None = None) -> SigningStep:
        outcome: Outcome | None = self.asan_imza.outcome(session, handle, now)
        if outcome is None or outcome.purpose is not Purpose.SIGN:
            return SigningStep(SigningState.REFUSED, reason=UNKNOWN_REQUEST)
        if outcome.document_digest != document.digest:
            return SigningStep(SigningState.REFUSED, reason=WRONG_DOCUMENT)
        if outcome.status is Status.WAITING:
            return SigningStep(SigningState.WAITING, handle=handle,
                               verification_code=outcome.verification_code,
                               expires_at=outcome.expires_at)
        if outcome.status is not Status.CONFIRMED:
            return SigningStep(SigningState.REFUSED, reason=outcome.status.value)
        if outcome.identity.fin != signer_fin:
            return SigningStep(SigningState.REFUSED, reason=NOT_SIGNER)
        return SigningStep(SigningState.SIGNED, signature=Signature(
            Method.ASAN_IMZA, outcome.identity.fin, outcome.identity.full_name,
            document.digest, outcome.signature, now or utcnow()))

    def sign_with_token(self, session: Session, *, signer_fin: str, certificate_serial: str,
                        pin: str, document: Document, now: datetime | None = None
                        ) -> SigningStep:
        certificate = self.eimza.certificate(session, certificate_serial)
        if certificate is not None and certificate.fin != signer_fin:
            # Checked before the PIN: someone else's token must not lose attempts here.
            return SigningStep(SigningState.REFUSED, reason=NOT_SIGNER)
        result = self.eimza.sign(session, certificate_serial, pin, document, now)
        if not result.ok:
            return SigningStep(SigningState.REFUSED, reason=result.refusal.value,
                               attempts_left=result.attempts_left)
        return SigningStep(SigningState.SIGNED, signature=Signature(
            Method.EIMZA, result.identity.fin, result.identity.full_name, document.digest,
            result.signature, now or utcnow()))

    def verify(self, signature: Signature, document: Document) -> bool:
        raise NotImplementedError


