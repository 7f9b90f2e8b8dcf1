"""Money as integer qəpik (1 AZN = 100 qəpik). Never float.

    format_amount(3000)        -> "30.00"
    format_azn(3000)           -> "30.00 AZN"
    parse_amount(" 30,5 ")     -> 3050
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

QEPIK_PER_MANAT = 100
CURRENCY = "AZN"
_AMOUNT = re.compile(r"([0-9]{1,9})(?:[.,]([0-9]{1,2}))?")


class AmountError(ValueError):
    """The text is not an amount of manat with at most two decimals."""


def format_amount(qepik: int) -> str:
    if not isinstance(qepik, int) or isinstance(qepik, bool):
        raise TypeError("amounts are integer qəpik")
    sign = "-" if qepik < 0 else ""
    manat, rest = divmod(abs(qepik), QEPIK_PER_MANAT)
    return f"{sign}{manat}.{rest:02d}"


def format_azn(qepik: int) -> str:
    return f"{format_amount(qepik)} {CURRENCY}"


def parse_amount(text: str) -> int:
    """Parse what a person types ("30", "30.5", "30,50", " 1 200.00 ") into qəpik."""
    cleaned = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if cleaned.upper().endswith(CURRENCY):
        cleaned = cleaned[: -len(CURRENCY)]
    match = _AMOUNT.fullmatch(cleaned)
    if not match:
        raise AmountError(text)
    manat, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(manat) * QEPIK_PER_MANAT + int(fraction)


def to_decimal(qepik: int) -> Decimal:
    return (Decimal(qepik) / QEPIK_PER_MANAT).quantize(Decimal("0.01"))


def from_decimal(amount: Decimal | str) -> int:
    """Exact conversion; refuses fractions of a qəpik instead of rounding them away."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError) as exc:
        raise AmountError(str(amount)) from exc
    qepik = value * QEPIK_PER_MANAT
    if qepik != qepik.to_integral_value():
        raise AmountError(str(amount))
    return int(qepik)
