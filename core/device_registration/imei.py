"""IMEI numbers, the TAC catalogue of device models and the registration fee table.

    imei = normalise(" 35-332511-123456-7 ")   # "353325111234567"
    problem(imei)                               # None | "required" | "characters" | "length" | "check_digit"
    device = lookup(imei)                       # Device(model="Samsung Galaxy A15", band=USD_101_200)
    fee_qepik(device)                           # 3000

Fee table (AZN, by the device's market price, in force from 14 December 2023): a dual-SIM
device pays once for both of its IMEIs."""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from core.kernel import luhn

_SEPARATORS = re.compile(r"[\s\-/.]+")


class PriceBand(str, enum.Enum):
    BASIC = "basic"              # ≤ 100 USD without camera and internet
    UP_TO_100 = "up_to_100"
    USD_101_200 = "101_200"
    USD_201_400 = "201_400"
    USD_401_700 = "401_700"
    USD_701_1000 = "701_1000"
    FROM_1001 = "from_1001"
    NOT_IN_CATALOGUE = "unknown"


FEES_QEPIK: dict[PriceBand, int] = {
    PriceBand.BASIC: 1500,
    PriceBand.UP_TO_100: 2000,
    PriceBand.USD_101_200: 3000,
    PriceBand.USD_201_400: 4000,
    PriceBand.USD_401_700: 5000,
    PriceBand.USD_701_1000: 7000,
    PriceBand.FROM_1001: 10000,
    PriceBand.NOT_IN_CATALOGUE: 1500,
}


@dataclass(frozen=True)
class Device:
    tac: str
    model: str | None  # None when the TAC is not in the catalogue
    band: PriceBand

    @property
    def fee_qepik(self) -> int:
        return FEES_QEPIK[self.band]


# Type Allocation Codes (the first 8 digits) of the sandbox catalogue. Invented values.
CATALOGUE: dict[str, tuple[str, PriceBand]] = {
    "35332511": ("Samsung Galaxy A15", PriceBand.USD_101_200),
    "35407115": ("Apple iPhone 15 Pro", PriceBand.FROM_1001),
    "86769204": ("Xiaomi Redmi 13C", PriceBand.UP_TO_100),
    "35209900": ("Nokia 105", PriceBand.BASIC),
    "86054306": ("Xiaomi Redmi Note 13", PriceBand.USD_201_400),
    "35851212": ("Samsung Galaxy A55", PriceBand.USD_401_700),
    "35290611": ("Apple iPhone 13", PriceBand.USD_701_1000),
    "35676211": ("Samsung Galaxy S24 Ultra", PriceBand.FROM_1001),
}


def normalise(text: str | None) -> str:
    return _SEPARATORS.sub("", text or "")


def problem(text: str | None) -> str | None:
    imei = normalise(text)
    if not imei:
        return "required"
    if not (imei.isascii() and imei.isdigit()):
        return "characters"
    if len(imei) != 15:
        return "length"
    if not luhn.is_valid(imei):
        return "check_digit"
    return None


def lookup(imei: str) -> Device:
    tac = normalise(imei)[:8]
    model, band = CATALOGUE.get(tac, (None, PriceBand.NOT_IN_CATALOGUE))
    return Device(tac, model, band)


def fee_qepik(device: Device) -> int:
    return device.fee_qepik


def with_check_digit(first14: str) -> str:
    return first14 + str(luhn.check_digit(first14))


def display(imei: str) -> str:
    """The grouping printed on boxes: TAC, serial, check digit ("35332511 123456 7")."""
    d = normalise(imei)
    return f"{d[:8]} {d[8:14]} {d[14:]}" if len(d) == 15 else d
