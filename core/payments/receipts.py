"""Receipts issued after a successful payment, and their public verification.

    receipt = receipts.issue(session, payment, prefix="MC", payer_name="Məmmədova Aysel Rauf qızı",
                             payer_fin="5ZX8K2P", details={"imei": "353325111234567"})
    signer = receipts.ReceiptSigner(secret_key)
    code = signer.code(receipt.number)              # "K7QF-2MZA-9TXD-HW3B", printed on it
    signer.verify(session, receipt.number, code)    # the Receipt, or None

`issue` is idempotent per payment: calling it again returns the same receipt. The
verification code is an 80-bit HMAC (itsdangerous, with its own salt) of the receipt
number, so receipt numbers alone cannot be used to look receipts up."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from itsdangerous import Signer
from itsdangerous.encoding import base64_decode
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.kernel.db import utcnow
from core.payments.models import Payment, Receipt

BAKU = ZoneInfo("Asia/Baku")
NUMBER_PATTERN = re.compile(r"[A-Z]{2}-[0-9]{6}-[0-9]{6}")
_CODE_CHARS = re.compile(r"[^A-Z2-7]")


def issue(session: Session, payment: Payment, *, prefix: str, payer_name: str,
          payer_fin: str | None = None, details: dict | None = None) -> Receipt:
    if payment.status != "approved":
        raise ValueError("a receipt is issued only for an approved payment")
    existing = for_payment(session, payment.id)
    if existing is not None:
        return existing
    now = utcnow()
    for _ in range(10):
        receipt = Receipt(
            number=f"{prefix}-{_local(now):%y%m%d}-{secrets.randbelow(10**6):06d}",
            payment_id=payment.id, service_slug=payment.service_slug,
            description=payment.description, payer_name=payer_name, payer_fin=payer_fin,
            amount_qepik=payment.amount_qepik, currency=payment.currency, brand=payment.brand,
            last4=payment.last4, gateway_reference=payment.gateway_reference or "",
            details=dict(details or {}), paid_at=payment.updated_at, created_at=now,
        )
        try:
            with session.begin_nested():
                session.add(receipt)
            return receipt
        except IntegrityError:
            existing = for_payment(session, payment.id)
            if existing is not None:  # issued by a concurrent request
                return existing
    raise RuntimeError("could not find a free receipt number")


def for_payment(session: Session, payment_id: int) -> Receipt | None:
    return session.execute(
        select(Receipt).where(Receipt.payment_id == payment_id)
    ).scalar_one_or_none()


def by_number(session: Session, number: str) -> Receipt | None:
    return session.execute(
        select(Receipt).where(Receipt.number == normalise_number(number))
    ).scalar_one_or_none()


def normalise_number(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def normalise_code(text: str) -> str:
    return _CODE_CHARS.sub("", (text or "").upper())


@dataclass(frozen=True)
class Verification:
    receipt: Receipt | None
    reason: str | None  # None when verified; "format" or "not_found" otherwise

    @property
    def ok(self) -> bool:
        return self.receipt is not None


class ReceiptSigner:
    def __init__(self, secret_key: str | bytes):
        self._signer = Signer(secret_key, salt="egov.receipt-verification",
                              digest_method=hashlib.sha256)

    def code(self, number: str) -> str:
        raw = base64_decode(self._signer.get_signature(normalise_number(number)))[:10]
        text = base64.b32encode(raw).decode("ascii")
        return "-".join(text[i:i + 4] for i in range(0, len(text), 4))

    def verify(self, session: Session, number: str, code: str) -> Verification:
        number = normalise_number(number)
        if not NUMBER_PATTERN.fullmatch(number) or len(normalise_code(code)) != 16:
            return Verification(None, "format")
        expected = normalise_code(self.code(number))
        if not hmac.compare_digest(expected, normalise_code(code)):
            return Verification(None, "not_found")
        receipt = by_number(session, number)
        return Verification(receipt, None if receipt else "not_found")


def mask_name(full_name: str) -> str:
    """For the public verification page: "Məmmədova Aysel Rauf qızı" -> "Aysel M."."""
    parts = full_name.split()
    if len(parts) >= 2:
        return f"{parts[1]} {parts[0][0]}."
    return parts[0][0] + "." if parts else ""


def paid_at_local(receipt: Receipt) -> datetime:
    return _local(receipt.paid_at)


def _local(moment: datetime) -> datetime:
    """Naive UTC from the database, as the clock in Baku shows it."""
    return moment.replace(tzinfo=timezone.utc).astimezone(BAKU)
