"""Azerbaijani telephone numbers: mobile operator codes and landline city codes.

    parse_mobile("+994 50 123 45 67")      # MobileNumber("50", "1234567")
    mobile_problem("50", "12345")          # "length"
    format_mobile("0501234567")            # "050 123 45 67"
    CITIES                                 # Bakı (12), Sumqayıt (18), ...
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPERATORS: dict[str, str] = {
    "10": "Azercell", "50": "Azercell", "51": "Azercell",
    "55": "Bakcell", "99": "Bakcell",
    "70": "Nar", "77": "Nar",
    "60": "Naxtel",
}
MOBILE_CODES = tuple(OPERATORS)
_NOISE = re.compile(r"[\s\-().]+")


@dataclass(frozen=True)
class MobileNumber:
    operator_code: str
    subscriber: str  # 7 digits

    @property
    def national(self) -> str:
        return f"0{self.operator_code}{self.subscriber}"

    @property
    def operator(self) -> str:
        return OPERATORS[self.operator_code]

    def __str__(self) -> str:
        return format_mobile(self.national)


def subscriber_problem(text: str | None) -> str | None:
    digits = _NOISE.sub("", text or "")
    if not digits:
        return "required"
    if not (digits.isascii() and digits.isdigit()):
        return "digits"
    if len(digits) != 7:
        return "length"
    if digits[0] == "0":
        return "leading_zero"  # local numbers never start with 0
    return None


def mobile_problem(operator_code: str | None, subscriber: str | None) -> str | None:
    if operator_code not in OPERATORS:
        return "operator"
    return subscriber_problem(subscriber)


def mobile_problems(operator_code: str | None, subscriber: str | None) -> dict[str, str]:
    """Each part's problem at once ("operator", "subscriber"): a form shows both, so a missing
    operator code does not hide that the number is empty too."""
    problems = {"operator": "operator"} if operator_code not in OPERATORS else {}
    if (problem := subscriber_problem(subscriber)) is not None:
        problems["subscriber"] = problem
    return problems


def parse_mobile(text: str | None) -> MobileNumber | None:
    """A whole number as people write it: 0501234567, 050 123 45 67, +994 50 123-45-67."""
    digits = _NOISE.sub("", text or "")
    if digits.startswith("+994"):
        digits = "0" + digits[4:]
    elif digits.startswith("994") and len(digits) == 12:
        digits = "0" + digits[3:]
    elif len(digits) == 9:
        digits = "0" + digits
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit() or digits[0] != "0":
        return None
    code, subscriber = digits[1:3], digits[3:]
    return None if mobile_problem(code, subscriber) else MobileNumber(code, subscriber)


def format_mobile(national: str) -> str:
    """"0501234567" -> "050 123 45 67"."""
    d = national
    return f"{d[:3]} {d[3:6]} {d[6:8]} {d[8:10]}"


@dataclass(frozen=True)
class City:
    slug: str
    name: str
    code: str


CITIES: tuple[City, ...] = (
    City("baki", "Bakı", "12"),
    City("abseron", "Abşeron", "12"),
    City("sumqayit", "Sumqayıt", "18"),
    City("sirvan", "Şirvan", "21"),
    City("gence", "Gəncə", "22"),
    City("quba", "Quba", "23"),
    City("mingecevir", "Mingəçevir", "24"),
    City("lenkeran", "Lənkəran", "25"),
    City("naxcivan", "Naxçıvan", "36"),
)
CITY_BY_SLUG = {city.slug: city for city in CITIES}


def landline_problem(city_slug: str | None, number: str | None) -> str | None:
    if city_slug not in CITY_BY_SLUG:
        return "city"
    return subscriber_problem(number)


def normalise_subscriber(text: str | None) -> str:
    return _NOISE.sub("", text or "")


def format_landline(city_code: str, number: str) -> str:
    return f"({city_code}) {number}"


@dataclass(frozen=True)
class Landline:
    """A landline: city code + 7-digit number, e.g. Landline("12", "4212372")."""

    city_code: str
    number: str

    def __post_init__(self) -> None:
        if not (self.city_code.isdigit() and 2 <= len(self.city_code) <= 3):
            raise ValueError("city code must be 2 or 3 digits")
        if not (self.number.isdigit() and len(self.number) == 7):
            raise ValueError("landline number must be 7 digits")

    @property
    def key(self) -> str:
        """The line as one string of digits, for URLs and forms: "124212372"."""
        return f"{self.city_code}{self.number}"

    def __str__(self) -> str:
        return f"({self.city_code}) {self.number}"
