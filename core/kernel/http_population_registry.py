"""The population registry over HTTP (contracts/population_registry.yaml): both lookups of the
portal's port onto it, PersonRegistry.find (device registration) and PersonRegistry.person
(meter damage), are its one lookup, GET /people.

    registry = HttpPopulationRegistry(connect(settings, "population_registry"))
    registry.find("AZE12345678", "5ZX8K2P")   # Person, or None
    registry.person("5ZX8K2P")                # Person, or None

A registry that is down, slow past the timeout, or whose circuit is open raises
RegistryUnavailable at once ("try again shortly"); a lookup is retried by the client with
backoff, since asking again changes nothing."""
from __future__ import annotations

import logging

from core.kernel.identity import Person, RegistryUnavailable
from core.platform.outside import AnswerLost, OutsideSystem, Refused, SystemDown

log = logging.getLogger("egov.outside")

_FIELDS = ("fin", "id_card_number", "surname", "name", "patronymic", "address")


class HttpPopulationRegistry:
    def __init__(self, system: OutsideSystem):
        self.system = system

    def find(self, id_card_number: str, fin: str) -> Person | None:
        """The person holding both documents, or None (unknown, or two different people)."""
        return self._lookup({"fin": fin, "id_card_number": id_card_number})

    def person(self, fin: str) -> Person | None:
        """The registry's record of this FİN, or None."""
        return self._lookup({"fin": fin})

    def _lookup(self, params: dict[str, str]) -> Person | None:
        try:
            answer = self.system.call("GET", "/people", params=params, expect=(200, 404))
        except (SystemDown, AnswerLost) as error:
            raise RegistryUnavailable(str(error)) from error
        except Refused as refused:
            if refused.status == 400:  # a malformed FİN or card number is no one's
                return None
            log.error("population registry refused the portal: %s %s", refused.status,
                      refused.problem.get("code", ""))
            raise RegistryUnavailable(str(refused)) from refused
        if answer.status_code == 404:
            return None
        try:
            record = answer.json()
            return Person(**{name: str(record[name]) for name in _FIELDS})
        except (ValueError, KeyError, TypeError) as error:
            raise RegistryUnavailable("population registry: an answer not in the contract"
                                      ) from error
