"""The outbox: every e-mail and SMS the portal sends, kept before it is handed to the queue,
so a message that cannot be delivered now is retried and never lost.

delivery_status (as GOV.UK Notify names them):
    created            kept, not tried yet
    sending            claimed by a worker; stays so between the retries of a passing failure
    delivered          the transport (SMTP server, SMS provider) accepted it
    temporary-failure  every attempt failed for a passing reason: the retries ran out
    permanent-failure  refused for good (e.g. no such mailbox)
`status` is the coarse view the portal's pages use: queued, sent or failed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base, utcnow

CREATED, SENDING, DELIVERED = "created", "sending", "delivered"
TEMPORARY_FAILURE, PERMANENT_FAILURE = "temporary-failure", "permanent-failure"
IN_PROGRESS = (CREATED, SENDING)
COARSE = {CREATED: "queued", SENDING: "queued", DELIVERED: "sent",
          TEMPORARY_FAILURE: "failed", PERMANENT_FAILURE: "failed"}


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "delivery_status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)  # email | sms
    recipient: Mapped[str] = mapped_column(String(254), nullable=False)
    subject: Mapped[str | None] = mapped_column(String(200))  # e-mail only
    body: Mapped[str] = mapped_column(Text, nullable=False)
    # The same notice asked for twice (double click, replay) is queued once.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    delivery_status: Mapped[str] = mapped_column(String(20), default=CREATED, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_error: Mapped[str | None] = mapped_column(String(300))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What the transport called it (an SMS provider's message id), for its delivery reports.
    provider_reference: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)  # when it was delivered

    @property
    def status(self) -> str:
        """queued (created or sending), sent (delivered) or failed (either failure)."""
        return COARSE[self.delivery_status]
