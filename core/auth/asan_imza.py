"""Asan İmza, the mobile signature: the port and its rules (the sandbox that behaves like it is
core.sandbox.asan_imza).

The portal starts a request with the mobile number and user ID; Asan İmza answers with a
4-digit verification code, which the citizen also sees on the phone, where they confirm with
PIN1 (sign-in) or PIN2 (signing). Rules (seed 004, demo-data.md): 3 wrong PIN1 or PIN2 block
it until the PUK is entered; 3 wrong PUKs block the SIM for good (a duplicate SIM from the
operator and a new certificate from ASXM are needed); a subscription suspended for debt gives
"Service suspended"; a request not confirmed in time expires.

Each call takes the caller's Session; the caller commits, also after a failure, so a wrong PIN
is always counted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from sqlalchemy.orm import Session

from core.kernel import phones
from core.auth import Document, Identity
from core.auth import sign_in_requests
from core.auth.models import AsanRequest

PIN_ATTEMPTS = 3
PUK_ATTEMPTS = 3
REQUEST_LIFETIME = timedelta(minutes=2)


class Purpose(str, Enum):
    SIGN_IN = "sign_in"  # confirmed with PIN1
    SIGN = "sign"        # confirmed with PIN2


class Status(str, Enum):
    WAITING = sign_in_requests.WAITING
    CONFIRMED = "confirmed"
    DECLINED = "declined"        # "İmtina" pressed on the phone
    EXPIRED = sign_in_requests.EXPIRED
    PIN_BLOCKED = "pin_blocked"  # the third wrong PIN ended this request
    SUPERSEDED = "superseded"    # a newer request was sent to the same phone


class Refusal(str, Enum):
    """Why Asan İmza would not even send the request to the phone."""

    UNKNOWN = "unknown"                  # mobile number and user ID do not match
    SUSPENDED = "suspended"              # "Service suspended (Xidmət dayandırılmışdır)"
    PIN1_BLOCKED = "pin1_blocked"
    PIN2_BLOCKED = "pin2_blocked"
    BLOCKED_FOR_GOOD = "blocked_for_good"
    CERTIFICATE_EXPIRED = "certificate_expired"


@dataclass(frozen=True)
class Started:
    request_id: str
    verification_code: str
    expires_at: datetime


@dataclass(frozen=True)
class Refused:
    reason: Refusal


@dataclass(frozen=True)
class Outcome:
    status: Status
    purpose: Purpose
    verification_code: str
    expires_at: datetime
    identity: Identity | None = None   # set once confirmed
    signature: str | None = None       # set once a signing request is confirmed
    document_digest: str | None = None


class AsanImzaPort(Protocol):
    def start(self, session: Session, *, mobile: str, user_id: str, purpose: Purpose,
              document: Document | None = None, now: datetime | None = None,
              holder_fin: str | None = None) -> Started | Refused:
        """`holder_fin`: only a subscription of this citizen may be asked (signing their own
        document); another's is answered as a pair Asan İmza does not know, and nothing is
        sent to that phone."""
        ...

    def outcome(self, session: Session, request_id: str,
                now: datetime | None = None) -> Outcome | None: ...


def normalise_mobile(text: str) -> str | None:
    """'050 123 45 67', '+994 50 123 45 67', '0501234567' -> '0501234567'; None if not a
    mobile number of an Azerbaijani operator."""
    parsed = phones.parse_mobile(text)
    return parsed.national if parsed else None


# Phone-side answers (the sandbox phone page shows them).
class PinResult(str, Enum):
    CONFIRMED = "confirmed"
    WRONG = "wrong"
    BLOCKED = "blocked"          # this wrong PIN was the third
    NOT_WAITING = "not_waiting"  # expired, declined or already answered


class PukResult(str, Enum):
    UNBLOCKED = "unblocked"
    WRONG = "wrong"
    BLOCKED_FOR_GOOD = "blocked_for_good"
    NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class PhoneScreen:
    """What the sandbox phone shows: the SIM's state and the request waiting for a PIN."""

    mobile: str
    full_name: str
    suspended: bool
    pin1_blocked: bool
    pin2_blocked: bool
    blocked_for_good: bool
    pin1_attempts_left: int
    pin2_attempts_left: int
    puk_attempts_left: int
    request: AsanRequest | None


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete Asan İmza requests that expired long ago (nightly housekeeping)."""
    return sign_in_requests.purge_expired(session, AsanRequest, now)
