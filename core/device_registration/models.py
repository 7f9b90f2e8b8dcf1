"""Mobile device registration applications, and the sandbox device registry's records (MCQS)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base, utcnow


class DeviceApplication(Base):
    """A paid application, handed to the device registry (MCQS) by a job.

    status: pending (paid, not yet accepted by MCQS) -> submitted (accepted, registering
    within 24 hours) -> registered; or rejected when MCQS refuses it."""

    __tablename__ = "device_application"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), unique=True, nullable=False)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipt.id"), unique=True, nullable=False)
    id_card_number: Mapped[str] = mapped_column(String(11), nullable=False)
    fin: Mapped[str] = mapped_column(String(7), nullable=False, index=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    address: Mapped[str] = mapped_column(String(300), nullable=False)
    imei: Mapped[str] = mapped_column(String(15), nullable=False, index=True)
    model: Mapped[str | None] = mapped_column(String(100))
    price_band: Mapped[str] = mapped_column(String(20), nullable=False)
    fee_qepik: Mapped[int] = mapped_column(Integer, nullable=False)
    mobile: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    registry_reference: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    # When the job should next look at it; a sweep re-queues rows long past this.
    next_check_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    registered_at: Mapped[datetime | None] = mapped_column(DateTime)


class SandboxRegistryDevice(Base):
    """The sandbox MCQS's own register (an outside system's state; unused in production)."""

    __tablename__ = "sandbox_registry_device"

    imei: Mapped[str] = mapped_column(String(15), primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    application_ref: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    fin: Mapped[str] = mapped_column(String(7), nullable=False)
    model: Mapped[str | None] = mapped_column(String(100))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    registers_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class ImeiReservation(Base):
    """One IMEI held for one application (a draft) from just before its bank is asked: a
    second draft paying for the same device is refused before any charge. A reservation
    abandoned (no payment under way) is taken over once it expires."""

    __tablename__ = "device_imei_reservation"

    imei: Mapped[str] = mapped_column(String(15), primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(36), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
