"""Payment card checks made before the bank is asked: number (Luhn), brand, expiry, CVV.

    check = check_card("4111 1111 1111 1111", "12", "2030", "123", card_type="visa")
    if check.ok:
        check.card.brand, check.card.last4   # Brand.VISA, "1111"
    else:
        check.errors                          # {"number": "brand_mismatch", ...}

Error codes are stable identifiers; the web layer turns them into sentences.
A CardDetails object refuses to be pickled or shown, so it cannot slip into a job
payload, a log line or a traceback's repr."""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date

from core.kernel import luhn


class Brand(str, enum.Enum):
    VISA = "visa"
    MASTERCARD = "mastercard"
    MAESTRO = "maestro"

    @property
    def label(self) -> str:
        return {"visa": "Visa", "mastercard": "MasterCard", "maestro": "Maestro"}[self.value]


@dataclass(frozen=True)
class CardType:
    """The choice the citizen makes before entering the card (seed, Şəkil 5)."""

    code: str
    label: str
    brands: frozenset[Brand]


CARD_TYPES: dict[str, CardType] = {
    "maestro_mastercard": CardType(
        "maestro_mastercard", "Maestro / MasterCard", frozenset({Brand.MAESTRO, Brand.MASTERCARD})
    ),
    "visa": CardType("visa", "Visa / Visa Electron", frozenset({Brand.VISA})),
}

_MAESTRO_PREFIXES = ("5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763",
                     "50", "56", "57", "58", "639", "67")
_SEPARATORS = re.compile(r"[\s\-]+")
MAX_YEARS_AHEAD = 20


def normalise_number(raw: str) -> str:
    """Drop the spaces and dashes people type between digit groups."""
    return _SEPARATORS.sub("", raw or "")


def detect_brand(number: str) -> Brand | None:
    if not number.isascii() or not number.isdigit():
        return None
    length = len(number)
    if number.startswith("4") and length in (13, 16, 19):
        return Brand.VISA
    if length == 16:
        two, four = int(number[:2]), int(number[:4])
        if 51 <= two <= 55 or 2221 <= four <= 2720:
            return Brand.MASTERCARD
    if 12 <= length <= 19 and number.startswith(_MAESTRO_PREFIXES):
        return Brand.MAESTRO
    return None


def last_four(number: str) -> str:
    return normalise_number(number)[-4:]


def mask(number: str) -> str:
    return "•••• " + last_four(number)


def parse_expiry_year(raw: str) -> int | None:
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) not in (2, 4):
        return None
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def parse_expiry_month(raw: str) -> int | None:
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 2:
        return None
    month = int(text)
    return month if 1 <= month <= 12 else None


def is_expired(month: int, year: int, today: date) -> bool:
    """A card works until the last day of its expiry month."""
    return (year, month) < (today.year, today.month)


@dataclass(frozen=True)
class CardDetails:
    number: str = field(repr=False)
    exp_month: int = field(repr=False)
    exp_year: int = field(repr=False)
    cvv: str = field(repr=False)
    brand: Brand = field(repr=False)

    @property
    def last4(self) -> str:
        return self.number[-4:]

    def __repr__(self) -> str:
        return f"CardDetails({self.brand.label} •••• {self.last4})"

    __str__ = __repr__

    def __reduce_ex__(self, protocol):
        raise TypeError("card details must never be serialised (job payloads, sessions, caches)")


@dataclass(frozen=True)
class CardCheck:
    card: CardDetails | None
    errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return self.card is not None


def check_card(number: str, exp_month: str, exp_year: str, cvv: str, *,
               card_type: str, today: date | None = None) -> CardCheck:
    """Check everything that can be checked without the bank. Fields: number, exp_month,
    exp_year, cvv. Codes: required, format, length, luhn, unknown_brand, brand_mismatch,
    invalid, expired, too_far."""
    today = today or date.today()
    errors: dict[str, str] = {}
    digits = normalise_number(number)
    brand = None
    if not digits:
        errors["number"] = "required"
    elif not digits.isascii() or not digits.isdigit():
        errors["number"] = "format"
    elif not 12 <= len(digits) <= 19:
        errors["number"] = "length"
    elif not luhn.is_valid(digits):
        errors["number"] = "luhn"
    else:
        brand = detect_brand(digits)
        chosen = CARD_TYPES.get(card_type)
        if brand is None:
            errors["number"] = "unknown_brand"
        elif chosen is not None and brand not in chosen.brands:
            errors["number"] = "brand_mismatch"

    month = parse_expiry_month(exp_month)
    year = parse_expiry_year(exp_year)
    if not (exp_month or "").strip():
        errors["exp_month"] = "required"
    elif month is None:
        errors["exp_month"] = "invalid"
    if not (exp_year or "").strip():
        errors["exp_year"] = "required"
    elif year is None:
        errors["exp_year"] = "invalid"
    elif year > today.year + MAX_YEARS_AHEAD:
        errors["exp_year"] = "too_far"
    elif month is not None and is_expired(month, year, today):
        errors["exp_year"] = "expired"
    elif month is None and year < today.year:
        errors["exp_year"] = "expired"

    code = (cvv or "").strip()
    if not code:
        errors["cvv"] = "required"
    elif not (len(code) == 3 and code.isascii() and code.isdigit()):
        errors["cvv"] = "invalid"

    if errors or card_type not in CARD_TYPES:
        if card_type not in CARD_TYPES:
            errors.setdefault("card_type", "invalid")
        return CardCheck(None, errors)
    return CardCheck(CardDetails(digits, month, year, code, brand), {})
