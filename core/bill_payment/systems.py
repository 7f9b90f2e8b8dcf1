"""The billing systems a landline's debts live in, as ports, and their sandbox adapters.

Baktelekom bills the Bakı, Abşeron (12) lines and Aztelekom every other city for telephone,
internet and intercity; Azəriqaz bills gas and Azərişıq electricity, each keyed by the
landline number. A real adapter would call the provider's API; the sandbox adapters keep the
provider's ledger in our database (core.bill_payment.models) and behave like the real thing: they
answer slowly when told to, go down, and book a payment exactly once per reference."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.kernel.db import transaction, utcnow
from core.kernel.phones import Landline
from core.bill_payment.models import BillingAccount, BillingPosting

BAKU_CITY_CODE = "12"

TELEFON = "telefon"          # telefon abunə haqqı
INTERNET = "internet"        # internet abunə haqqı
QEBZ = "qebz"                # şəhərlərarası qəbzlər üzrə borc
CARI = "cari"                # şəhərlərarası danışıqlar üzrə cari borc
QAZ = "qaz"
ISIQ = "isiq"
SERVICES: tuple[str, ...] = (TELEFON, INTERNET, QEBZ, CARI, QAZ, ISIQ)

BAKTELEKOM = "baktelekom"
AZTELEKOM = "aztelekom"
AZERIQAZ = "azeriqaz"
AZERISIQ = "azerisiq"
PROVIDERS: tuple[str, ...] = (BAKTELEKOM, AZTELEKOM, AZERIQAZ, AZERISIQ)
PROVIDER_NAMES = {
    BAKTELEKOM: "Baktelekom", AZTELEKOM: "Aztelekom", AZERIQAZ: "Azəriqaz", AZERISIQ: "Azərişıq",
}
TELECOM_SERVICES = (TELEFON, INTERNET, QEBZ, CARI)


def provider_for(city_code: str, service: str) -> str:
    if service == QAZ:
        return AZERIQAZ
    if service == ISIQ:
        return AZERISIQ
    if service in TELECOM_SERVICES:
        return BAKTELEKOM if city_code == BAKU_CITY_CODE else AZTELEKOM
    raise ValueError(f"unknown service {service!r}")


class ProviderUnavailable(Exception):
    """The billing system did not answer; ask again later."""


class UnknownAccount(Exception):
    """The billing system has no such account for this line and service."""


@dataclass(frozen=True)
class Posted:
    reference: str
    amount: int
    balance_after: int  # qəpik; negative is an advance


class BillingSystem(Protocol):
    code: str

    def serves(self, line: Landline, service: str) -> bool: ...

    def balances(self, line: Landline) -> dict[str, int]:
        """Balance in qəpik per service this system holds for the line (empty: line unknown).
        Raises ProviderUnavailable."""
        ...

    def post_payment(self, line: Landline, service: str, amount: int, reference: str) -> Posted:
        """Book a payment. Posting the same reference again books nothing and returns the first
        booking. Raises ProviderUnavailable or UnknownAccount."""
        ...


@dataclass
class SandboxBillingSystem:
    """A provider whose ledger is the billing_account table. `down` takes it offline."""

    code: str
    session_factory: sessionmaker[Session]
    delay_seconds: float = 0.0
    down: bool = False
    services: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.services:
            self.services = services_of(self.code)

    def serves(self, line: Landline, service: str) -> bool:
        return service in self.services and provider_for(line.city_code, service) == self.code

    def _answer(self) -> None:
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if self.down:
            raise ProviderUnavailable(self.code)

    def balances(self, line: Landline) -> dict[str, int]:
        self._answer()
        with transaction(self.session_factory) as session:
            rows = session.execute(
                select(BillingAccount).where(
                    BillingAccount.provider == self.code,
                    BillingAccount.city_code == line.city_code,
                    BillingAccount.number == line.number,
                )
            ).scalars().all()
            if any(row.sandbox_fault == "down" for row in rows):
                raise ProviderUnavailable(self.code)
            return {row.service: row.balance for row in rows}

    def post_payment(self, line: Landline, service: str, amount: int, reference: str) -> Posted:
        if amount <= 0:
            raise ValueError("a payment must be positive")
        self._answer()
        try:
            return self._book(line, service, amount, reference)
        except IntegrityError:
            # A concurrent post of the same reference won the unique constraint.
            return self._booked(reference)

    def _book(self, line: Landline, service: str, amount: int, reference: str) -> Posted:
        with transaction(self.session_factory) as session:
            earlier = self._find(session, reference)
            if earlier is not None:
                return earlier
            account = session.execute(
                select(BillingAccount).where(
                    BillingAccount.provider == self.code,
                    BillingAccount.city_code == line.city_code,
                    BillingAccount.number == line.number,
                    BillingAccount.service == service,
                )
            ).scalar_one_or_none()
            if account is None:
                raise UnknownAccount(f"{self.code} {line} {service}")
            if account.sandbox_fault == "down":
                raise ProviderUnavailable(self.code)
            # The posting row first: its unique reference stops a second booking before the
            # balance moves. The UPDATE is relative, so concurrent payments never lose one.
            posting = BillingPosting(provider=self.code, reference=reference,
                                     account_id=account.id, amount=amount, balance_after=0)
            session.add(posting)
            session.flush()
            session.execute(
                update(BillingAccount).where(BillingAccount.id == account.id)
                .values(balance=BillingAccount.balance - amount, updated_at=utcnow())
            )
            balance = session.execute(
                select(BillingAccount.balance).where(BillingAccount.id == account.id)
            ).scalar_one()
            posting.balance_after = balance
            return Posted(reference=reference, amount=amount, balance_after=balance)

    def lookup(self, reference: str) -> Posted | None:
        """The booking under this reference, if any (after an answer was lost)."""
        self._answer()
        with transaction(self.session_factory) as session:
            return self._find(session, reference)

    def _booked(self, reference: str) -> Posted:
        with transaction(self.session_factory) as session:
            posted = self._find(session, reference)
        if posted is None:
            raise ProviderUnavailable(self.code)
        return posted

    def _find(self, session: Session, reference: str) -> Posted | None:
        row = session.execute(
            select(BillingPosting).where(
                BillingPosting.provider == self.code, BillingPosting.reference == reference
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        return Posted(reference=row.reference, amount=row.amount, balance_after=row.balance_after)


def services_of(code: str) -> tuple[str, ...]:
    """The services a provider bills (of any line)."""
    return tuple(s for s in SERVICES if code in _providers_of(s))


def _providers_of(service: str) -> tuple[str, ...]:
    if service in TELECOM_SERVICES:
        return (BAKTELEKOM, AZTELEKOM)
    return (provider_for("", service),)


def sandbox_systems(session_factory: sessionmaker[Session], delay_seconds: float = 0.0,
                    down: frozenset[str] = frozenset()) -> dict[str, SandboxBillingSystem]:
    """All four sandbox providers; `down` lists provider codes that do not answer."""
    return {
        code: SandboxBillingSystem(code, session_factory, delay_seconds, down=code in down)
        for code in PROVIDERS
    }
