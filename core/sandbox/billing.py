"""Accounts of the sandbox billing systems (demo-data.md, "Landline accounts"), and what the
sandbox's other outside systems read of them (the operator's call records: the long-distance
debt), so that only this module of the sandbox knows bill payment's ledger.

Only added when missing: a payment made in the demo lowers a debt and a restart keeps it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.bill_payment.systems import CARI, INTERNET, ISIQ, QAZ, QEBZ, SERVICES, TELEFON, provider_for
from core.bill_payment.models import BillingAccount
from core.kernel.phones import Landline

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
