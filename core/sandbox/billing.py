"""The sandbox billing systems in this process (Baktelekom, Aztelekom, Azəriqaz and Azərişıq
behind bill payment's BillingSystem port), their accounts (demo-data.md, "Landline accounts"),
and what the sandbox's other outside systems read of them (the operator's call records: the
long-distance debt), so that only this module of the sandbox knows bill payment's ledger.

Accounts are only added when missing: a payment made in the demo lowers a debt and a restart
keeps it."""
from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.bill_payment.models import BillingAccount, BillingPosting
from core.bill_payment.systems import (CARI, INTERNET, ISIQ, PROVIDERS, QAZ, QEBZ, SERVICES,
                                       TELEFON, Posted, ProviderUnavailable, UnknownAccount,
                                       bills, provider_for)
from core.kernel.db import transaction, utcnow
from core.kernel.phones import Landline
from core.sandbox.outages import Outages

# (city code, number, holder, {service: qəpik}, services whose provider does not answer)
ACCOUNTS: tuple[tuple[str, str, str | None, dict[str, int], frozenset[str]], ...] = (
    ("12", "4212372", "Məmmədova Aysel Rauf qızı",
     {TELEFON: 250, INTERNET: 1500, QEBZ: 120, CARI: 80, QAZ: 1240, ISIQ: 2375}, frozenset()),
    ("12", "4212312", None, dict.fromkeys(SERVICES, 0), frozenset()),
    ("18", "6541234", "Əliyev Rəşad Vaqif oğlu",
     {TELEFON: 200, INTERNET: 0, QEBZ: 0, CARI: 315, QAZ: 860, ISIQ: 0}, frozenset()),
    # Beyond demo-data.md: a line whose gas provider does not answer, to show "try later".
    ("22", "2554411", None,
     {TELEFON: 300, INTERNET: 1200, QEBZ: 0, CARI: 45, QAZ: 910, ISIQ: 1630}, frozenset({QAZ})),
)


def load(session: Session) -> bool:
    added = False
    for city_code, number, holder, balances, faulty in ACCOUNTS:
        for service, balance in balances.items():
            exists = session.execute(
                select(BillingAccount.id).where(
                    BillingAccount.city_code == city_code, BillingAccount.number == number,
                    BillingAccount.service == service,
                )
            ).first()
            if exists:
                continue
            session.add(BillingAccount(
                provider=provider_for(city_code, service), service=service,
                city_code=city_code, number=number, holder=holder, balance=balance,
                sandbox_fault="down" if service in faulty else None,
            ))
            added = True
    session.flush()
    return added


def restore(session: Session) -> int:
    """Sandbox handle for QA (/sandbox/borclar): every demo account back to its demo amount, so
    journeys that pay demo debts can run again and again against one deployment. The
    providers' postings stay (each reference is still booked once). Returns how many changed."""
    load(session)
    changed = 0
    for city_code, number, _holder, balances, _faulty in ACCOUNTS:
        for service, balance in balances.items():
            account = session.execute(select(BillingAccount).where(
                BillingAccount.city_code == city_code, BillingAccount.number == number,
                BillingAccount.service == service)).scalar_one()
            if account.balance != balance:
                account.balance = balance
                changed += 1
    session.flush()
    return changed


def long_distance_debt(session: Session, line: Landline) -> int | None:
    """The line's "şəhərlərarası danışıqlar üzrə cari borc" in qəpik as the ledger has it now,
    or None when the line has no such account."""
    return session.execute(select(BillingAccount.balance).where(
        BillingAccount.city_code == line.city_code, BillingAccount.number == line.number,
        BillingAccount.service == CARI)).scalar_one_or_none()


@dataclass
class SandboxBillingSystem(Outages):
    """A provider whose ledger is the billing_account table: it answers slowly when told to,
    goes down (`down`, `fail_next(n)`), and books a payment exactly once per reference."""

    code: str
    session_factory: sessionmaker[Session]
    delay_seconds: float = 0.0
    down: bool = False

    def serves(self, line: Landline, service: str) -> bool:
        return bills(self.code, line, service)

    def _answer(self) -> None:
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        self._refuse_if_out(ProviderUnavailable(self.code))

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


def sandbox_systems(session_factory: sessionmaker[Session], delay_seconds: float = 0.0,
                    down: frozenset[str] = frozenset()) -> dict[str, SandboxBillingSystem]:
    """All four sandbox providers; `down` lists provider codes that do not answer."""
    return {
        code: SandboxBillingSystem(code, session_factory, delay_seconds, down=code in down)
        for code in PROVIDERS
    }
