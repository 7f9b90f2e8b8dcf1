"""The billing systems a landline's debts live in, as ports (their sandbox adapters are
core.sandbox.billing's).

Baktelekom bills the Bakı, Abşeron (12) lines and Aztelekom every other city for telephone,
internet and intercity; Azəriqaz bills gas and Azərişıq electricity, each keyed by the
landline number. A real adapter calls the provider's API (core.bill_payment.http_systems);
either way a payment is booked exactly once per reference."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.kernel.phones import Landline

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


def bills(code: str, line: Landline, service: str) -> bool:
    """Whether the provider `code` bills this line's `service`: the rule every adapter of the
    BillingSystem port answers `serves` by."""
    return service in services_of(code) and provider_for(line.city_code, service) == code


def services_of(code: str) -> tuple[str, ...]:
    """The services a provider bills (of any line)."""
    return tuple(s for s in SERVICES if code in _providers_of(s))


def _providers_of(service: str) -> tuple[str, ...]:
    if service in TELECOM_SERVICES:
        return (BAKTELEKOM, AZTELEKOM)
    return (provider_for("", service),)
