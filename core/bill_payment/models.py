"""Bill payment tables.

`billing_account` and `billing_posting` are the sandbox billing systems' own ledgers (what
Baktelekom, Aztelekom, Azəriqaz and Azərişıq would hold); they stay empty when the real
adapters are configured. `bill_payment` is the portal's record of each payment a citizen made."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base, utcnow


class BillingAccount(Base):
    """One service of one landline at one provider; balance > 0 is owed, < 0 is an advance."""

    __tablename__ = "billing_account"
    __table_args__ = (
        UniqueConstraint("city_code", "number", "service", name="uq_billing_account_line_service"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(20), nullable=False)
    service: Mapped[str] = mapped_column(String(20), nullable=False)
    city_code: Mapped[str] = mapped_column(String(3), nullable=False)
    number: Mapped[str] = mapped_column(String(7), nullable=False)
    holder: Mapped[str | None] = mapped_column(String(120))
    balance: Mapped[int] = mapped_column(Integer, nullable=False)  # qəpik
    # Sandbox handle: "down" makes the provider fail to answer for this account.
    sandbox_fault: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class BillingPosting(Base):
    """A payment a provider has booked. Unique per reference, so a repeated post books nothing."""

    __tablename__ = "billing_posting"
    __table_args__ = (
        UniqueConstraint("provider", "reference", name="uq_billing_posting_provider_reference"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(20), nullable=False)
    reference: Mapped[str] = mapped_column(String(40), nullable=False)
    account_id: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[int] = mapped_column(Integer, nullable=False)
    balance_after: Mapped[int] = mapped_column(Integer, nullable=False)
    posted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class BillPayment(Base):
    """A citizen's payment of one debt. Never holds a card number or CVV."""

    __tablename__ = "bill_payment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    # One payment per intent (e.g. a draft): a double submit finds the same row.
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    provider: Mapped[str] = mapped_column(String(20), nullable=False)
    service: Mapped[str] = mapped_column(String(20), nullable=False)
    city_code: Mapped[str] = mapped_column(String(3), nullable=False)
    number: Mapped[str] = mapped_column(String(7), nullable=False)
    amount: Mapped[int] = mapped_column(Integer, nullable=False)  # qəpik
    debt_before: Mapped[int] = mapped_column(Integer, nullable=False)  # as shown to the citizen
    card_type: Mapped[str | None] = mapped_column(String(20))
    # new -> paying (the bank is asked) -> charged -> posted; paying -> new when the bank
    # took nothing; new -> cancelled
    status: Mapped[str] = mapped_column(String(12), default="new", nullable=False)
    gateway_reference: Mapped[str | None] = mapped_column(String(64))
    card_brand: Mapped[str | None] = mapped_column(String(20))
    card_last4: Mapped[str | None] = mapped_column(String(4))
    balance_after: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    charged_at: Mapped[datetime | None] = mapped_column(DateTime)
    posted_at: Mapped[datetime | None] = mapped_column(DateTime)
