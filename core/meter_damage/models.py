"""Meter-damage applications (seed 002), their history, and the sandbox Azərişıq's register."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base, utcnow


class MeterApplication(Base):
    """One application, kept by the portal before it is forwarded to Azərişıq.

    status: registered (kept by the portal) -> forwarded (Azərişıq accepted it) -> resolved
    (Azərişıq recorded its result). `submission_key` (the draft's id) and `reference` are
    unique, so a double submit or a replay makes one application, not two."""

    __tablename__ = "meter_application"
    __table_args__ = (Index("ix_meter_application_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    submission_key: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    fin: Mapped[str] = mapped_column(String(7), nullable=False, index=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    id_card_number: Mapped[str] = mapped_column(String(11), nullable=False)
    registered_address: Mapped[str] = mapped_column(String(300), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # household | business
    subscriber_code: Mapped[str | None] = mapped_column(String(15))  # household: abonent kodu
    base_code: Mapped[str | None] = mapped_column(String(10))  # business: Baş kod
    metering_point: Mapped[str | None] = mapped_column(String(20))  # business: Uçot nöqtəsi
    meter_address: Mapped[str] = mapped_column(String(300), nullable=False)
    damage_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    mobile: Mapped[str] = mapped_column(String(10), nullable=False)
    email: Mapped[str | None] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), nullable=False, default="az")
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="registered")
    azerisiq_reference: Mapped[str | None] = mapped_column(String(40))
    result: Mapped[str | None] = mapped_column(String(12))  # intact | replace | act
    result_note: Mapped[str | None] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    forwarded_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)


class MeterApplicationEvent(Base):
    """The history of an application's status, oldest first: what Müraciətlərim shows."""

    __tablename__ = "meter_application_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("meter_application.id"),
                                                nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(12), nullable=False)
    note: Mapped[str | None] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class SandboxAzerisiqCase(Base):
    """The sandbox Azərişıq's own register of applications it received (an outside system's
    state; unused in production). One case per portal application (application_ref)."""

    __tablename__ = "sandbox_azerisiq_case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    application_ref: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    code: Mapped[str] = mapped_column(String(20), nullable=False)  # abonent kodu / uçot nöqtəsi
    meter_address: Mapped[str] = mapped_column(String(300), nullable=False)
    damage_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    mobile: Mapped[str] = mapped_column(String(10), nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    result: Mapped[str | None] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(String(300))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
