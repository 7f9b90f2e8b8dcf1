"""Azərişıq's subscribers: which abonent kodu, Baş kod and Uçot nöqtəsi a citizen holds.

    holdings = subscribers.holdings_of(fin)
    holdings.households          # (Household(code, address), ...)
    holdings.businesses          # (Business(base_code, name, points=(MeteringPoint, ...)), ...)
    holdings.owns("7001234567-02")  # any kind of code held in the citizen's own name

A citizen sees and chooses only the codes held in their own name. Its adapters: over HTTP
core.meter_damage.http_azerisiq.HttpSubscribers; in the sandbox core.sandbox.electricity."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

HOUSEHOLD, BUSINESS = "household", "business"
KINDS = (HOUSEHOLD, BUSINESS)
_SUBSCRIBER_CODE = re.compile(r"[0-9]{15}")
_BASE_CODE = re.compile(r"[0-9]{10}")
_POINT = re.compile(r"[0-9]{10}-[0-9]{2}")
_NOISE = re.compile(r"\s+")


@dataclass(frozen=True)
class Household:
    code: str  # abonent kodu, 15 digits
    fin: str
    address: str


@dataclass(frozen=True)
class MeteringPoint:
    code: str  # Uçot nöqtəsi: the Baş kod, a dash and two digits
    label: str  # what is metered there and where, e.g. "anbar, Sumqayıt ş., Sənaye küç. 4"


@dataclass(frozen=True)
class Business:
    base_code: str  # Baş kod, 10 digits
    fin: str
    name: str
    points: tuple[MeteringPoint, ...]

    def point(self, code: str) -> MeteringPoint | None:
        return next((p for p in self.points if p.code == code), None)


@dataclass(frozen=True)
class Holdings:
    households: tuple[Household, ...] = ()
    businesses: tuple[Business, ...] = ()

    def household(self, code: str) -> Household | None:
        return next((h for h in self.households if h.code == normalise(code)), None)

    def business(self, base_code: str) -> Business | None:
        return next((b for b in self.businesses if b.base_code == normalise(base_code)), None)

    def codes(self) -> list[str]:
        """Every code in the citizen's name, of any kind."""
        found = [h.code for h in self.households]
        for business in self.businesses:
            found.append(business.base_code)
            found.extend(p.code for p in business.points)
        return found

    def owns(self, code: str) -> bool:
        return normalise(code) in self.codes()


def normalise(code: str | None) -> str:
    return _NOISE.sub("", code or "")


def code_kind(code: str) -> str | None:
    """What a code looks like: subscriber (15 digits), base (10), point (10-NN), or None."""
    code = normalise(code)
    if _SUBSCRIBER_CODE.fullmatch(code):
        return "subscriber"
    if _BASE_CODE.fullmatch(code):
        return "base"
    if _POINT.fullmatch(code):
        return "point"
    return None


class SubscribersUnavailable(Exception):
    """Azərişıq's subscriber register did not answer."""


class ElectricitySubscribers(Protocol):
    def holdings_of(self, fin: str) -> Holdings:
        """The codes held in this citizen's name. Raises SubscribersUnavailable."""
