"""Əsas məlumatlar come from the population registry ("Digər dövlət orqanları ilə
inteqrasiyada olduğu üçün … avtomatik olaraq doldurulur"): the signed-in citizen's name,
FİN, ID card and registered address, looked up by FİN. A port; the sandbox adapter is
handed the demo registry's citizens."""
from __future__ import annotations

from typing import Iterable, Protocol

from core.kernel.identity import Person, RegistryUnavailable

__all__ = ["PeopleByFin", "SandboxPeople", "RegistryUnavailable"]


class PeopleByFin(Protocol):
    def person(self, fin: str) -> Person | None:
        """The registry's record, or None. Raises RegistryUnavailable."""


class SandboxPeople:
    def __init__(self, people: Iterable[Person]):
        self.people = {p.fin: p for p in people}
        self.available = True

    def person(self, fin: str) -> Person | None:
        if not self.available:
            raise RegistryUnavailable("sandbox population registry is switched off")
        return self.people.get(fin)
