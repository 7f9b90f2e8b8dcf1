"""Identity documents (FİN, ID card number) and the population registry port.

    fin = normalise_fin(" 5zx8k2p ")          # "5ZX8K2P"
    fin_problem(fin)                          # None, or "required" | "length" | "characters"
    id_card_problem("aze 1234 5678")          # None ("AZE12345678" after normalising)
    registry.find(id_card_number, fin)        # Person, or None when they are not one person
    registry.person(fin)                      # Person, or None when no one has that FİN
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol


FIN_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # Latin capitals without I and O
_FIN = re.compile(r"[0-9A-HJ-NP-Z]{7}")
_ID_CARD = re.compile(r"AA[0-9]{7}|AZE[0-9]{8}")
_SPACES = re.compile(r"[\s\-]+")


def normalise_fin(text: str | None) -> str:
    return _SPACES.sub("", text or "").upper()


def fin_problem(text: str | None) -> str | None:
    fin = normalise_fin(text)
    if not fin:
        return "required"
    if len(fin) != 7:
        return "length"
    if not _FIN.fullmatch(fin):
        return "characters"  # e.g. the letters I or O, or non-Latin letters
    return None


def normalise_id_card(text: str | None) -> str:
    return _SPACES.sub("", text or "").upper()


def id_card_problem(text: str | None) -> str | None:
    number = normalise_id_card(text)
    if not number:
        return "required"
    if not _ID_CARD.fullmatch(number):
        return "format"  # AA + 7 digits or AZE + 8 digits
    return None


@dataclass(frozen=True)
class Person:
    fin: str
    id_card_number: str
    surname: str
    name: str
    patronymic: str
    address: str

    @property
    def full_name(self) -> str:
        return f"{self.surname} {self.name} {self.patronymic}"


class PersonRegistry(Protocol):
    """The population registry (contracts/population_registry.yaml): device registration checks
    that two documents are one person's, meter damage fills in Əsas məlumatlar by FİN. Both
    raise RegistryUnavailable when it does not answer."""

    def find(self, id_card_number: str, fin: str) -> Person | None:
        """The person holding both documents, or None (unknown, or two different people)."""

    def person(self, fin: str) -> Person | None:
        """The registry's record of this FİN, or None."""


class RegistryUnavailable(Exception):
    """The population registry did not answer; ask the citizen to try again shortly."""
