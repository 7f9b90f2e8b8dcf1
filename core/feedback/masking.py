"""Text a citizen types into a feedback form may hold what must never be stored: a FİN, an ID
card number, a card number, a telephone number, an e-mail address. Each is replaced by a mark
saying what stood there, before anything is kept:

    mask("FİN 5ZX8K2P, kart 4111 1111 1111 1111")   # Masked("FİN [FİN], kart [kart]", 2)

The rules lean towards masking too much: every run of 7 or more digits goes (a phone number,
an abonent code, an account), whatever it is, and so does every 7-character word of Latin
letters and digits with both in it (a FİN, typed in any case). Control characters go too:
what is kept is text a person could have typed."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.kernel import luhn

EMAIL, ID_CARD, FIN, CARD, PHONE, NUMBER = (
    "[e-poçt]", "[vəsiqə]", "[FİN]", "[kart]", "[telefon]", "[nömrə]")
MARKS = (EMAIL, ID_CARD, FIN, CARD, PHONE, NUMBER)

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
_SEPARATOR = r"[ \t\-()/]{0,2}"
# AA + 7 digits or AZE + 8 digits (core.kernel.identity), as people type them: spaced, dashed.
_ID_CARD = re.compile(rf"(?<![0-9A-Za-z])(?:AZE|AA){_SEPARATOR}(?:\d{_SEPARATOR}){{6,7}}\d(?!\d)",
                      re.IGNORECASE)
_FIN = re.compile(r"(?<![0-9A-Za-z])(?=[A-Za-z]{0,6}\d)(?=\d{0,6}[A-Za-z])[0-9A-Za-z]{7}(?![0-9A-Za-z])")
# Digits with at most two separators between them (") "): a card typed in fours, a phone in groups.
_DIGITS = re.compile(rf"\+?\(?\d(?:{_SEPARATOR}\d)+")
_PHONE_PREFIXES = ("10", "12", "18", "50", "51", "55", "60", "70", "77", "99")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
MIN_DIGITS = 7


@dataclass(frozen=True)
class Masked:
    text: str
    count: int  # how many things were masked


def clean(text: str | None) -> str:
    """NFC, one kind of line break, no control or direction-override characters, trimmed."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def _number_mark(run: str) -> str | None:
    digits = re.sub(r"\D", "", run)
    if len(digits) < MIN_DIGITS:
        return None
    if 12 <= len(digits) <= 19 and luhn.is_valid(digits):
        return CARD
    if _looks_like_phone(digits):
        return PHONE
    return NUMBER


def _looks_like_phone(digits: str) -> bool:
    national = digits[3:] if digits.startswith("994") else digits.removeprefix("0")
    return len(digits) == 7 or (len(national) == 9 and national[:2] in _PHONE_PREFIXES)


def mask(text: str | None) -> Masked:
    count = 0

    def replace_with(mark: str):
        def replace(_match: re.Match) -> str:
            nonlocal count
            count += 1
            return mark
        return replace

    def replace_number(match: re.Match) -> str:
        nonlocal count
        mark = _number_mark(match.group(0))
        if mark is None:
            return match.group(0)
        count += 1
        return mark

    masked = clean(text)
    masked = _EMAIL.sub(replace_with(EMAIL), masked)
    masked = _ID_CARD.sub(replace_with(ID_CARD), masked)
    masked = _FIN.sub(replace_with(FIN), masked)
    masked = _DIGITS.sub(replace_number, masked)
    return Masked(masked, count)
