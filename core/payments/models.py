"""Payments, receipts and the sandbox bank's ledger.

Only brand, last four digits, amount, status and the gateway's reference are kept:
never a card number or CVV."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base, utcnow


class Payment(Base):
    """One attempt to charge a card for a subject (e.g. one draft of one service).

    A subject is paid at most once: a new attempt starts only after the previous one
    ended without money moving (declined, or certainly never received by the bank)."""

    __tablename__ = "payment"
    __table_args__ = (UniqueConstraint("subject", "attempt", name="subject_attempt"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    subject: Mapped[str] = mapped_column(String(160), nullable=False, index=True)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    service_slug: Mapped[str] = mapped_column(String(80), nullable=False)
    description: Mapped[str] = mapped_column(String(200), nullable=False)
    amount_qepik: Mapped[int] = mapped_column(Integer, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False, default="AZN")
    brand: Mapped[str] = mapped_column(String(20), nullable=False)
    last4: Mapped[str] = mapped_column(String(4), nullable=False)
    # processing -> approved | declined | failed | unknown; unknown -> approved | declined | failed
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    decline_code: Mapped[str | None] = mapped_column(String(40))
    gateway_reference: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class Receipt(Base):
    """What the citizen keeps after paying: bildirişin kodu and the essentials of the payment."""

    __tablename__ = "receipt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True, nullable=False)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), unique=True, nullable=False)
    service_slug: Mapped[str] = mapped_column(String(80), nullable=False)
    description: Mapped[str] = mapped_column(String(200), nullable=False)
    payer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    payer_fin: Mapped[str | None] = mapped_column(String(7))
    amount_qepik: Mapped[int] = mapped_column(Integer, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False, default="AZN")
    brand: Mapped[str] = mapped_column(String(20), nullable=False)
    last4: Mapped[str] = mapped_column(String(4), nullable=False)
    gateway_reference: Mapped[str] = mapped_column(String(64), nullable=False)
    # Service-specific lines shown on the receipt, e.g. {"imei": "...", "model": "..."}.
    details: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    paid_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class SandboxBankCharge(Base):
    """The sandbox gateway's own ledger (an outside system's state; unused in production).

    Keyed by the merchant's order id, as a real acquirer dedupes repeated orders."""

    __tablename__ = "sandbox_bank_charge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    reference: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    amount_qepik: Mapped[int] = mapped_column(Integer, nullable=False)
    brand: Mapped[str] = mapped_column(String(20), nullable=False)
    last4: Mapped[str] = mapped_column(String(4), nullable=False)
    approved: Mapped[bool] = mapped_column(nullable=False)
    decline_code: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
