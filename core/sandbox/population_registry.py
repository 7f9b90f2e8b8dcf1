"""The sandbox population registry: the citizens of demo-data.md behind the PersonRegistry port
(in this process) and behind the sandbox service's /population_registry (its contract)."""
from __future__ import annotations

import time

from core.kernel.identity import Person, RegistryUnavailable, normalise_fin, normalise_id_card
from core.sandbox import citizens


def person(fin: str, id_card_number: str | None = None) -> Person | None:
    """The demo citizen with this FİN, and when an ID card number is given, only if it is
    theirs: a card of someone else and an unknown FİN are both no one."""
    citizen = citizens.by_fin(normalise_fin(fin))
    if citizen is None:
        return None
    if id_card_number is not None and citizen.id_card_number != normalise_id_card(id_card_number):
        return None
    return Person(citizen.fin, citizen.id_card_number, citizen.surname, citizen.name,
                  citizen.patronymic, citizen.address)


class SandboxPersonRegistry:
    """The population registry of the demo: the citizens of demo-data.md."""

    def __init__(self, *, delay_seconds: float = 0.0, available: bool = True):
        self.delay_seconds = delay_seconds
        self.available = available

    def find(self, id_card_number: str, fin: str) -> Person | None:
        self._answer()
        return person(fin, id_card_number or "")

    def person(self, fin: str) -> Person | None:
        self._answer()
        return person(fin)

    def _answer(self) -> None:
        if not self.available:
            raise RegistryUnavailable("sandbox population registry is switched off")
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
