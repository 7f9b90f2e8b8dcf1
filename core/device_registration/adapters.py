"""The population registry and MCQS behind device registration, as the settings say
(core.platform.connections): the web app and the job consumer both build them here."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.device_registration import registration
from core.device_registration.http_registry import HttpDeviceRegistry
from core.kernel.http_population_registry import HttpPopulationRegistry
from core.kernel.identity import PersonRegistry
from core.platform.connections import Connections
from core.platform.settings import Settings
from core.sandbox.devices import SandboxDeviceRegistry
from core.sandbox.population_registry import SandboxPersonRegistry


@dataclass(frozen=True)
class Adapters:
    people: PersonRegistry | None
    registry: registration.DeviceRegistry | None  # MCQS
    missing: tuple[str, ...] = field(default=())


def build(settings: Settings, session_factory) -> Adapters:
    found = Connections(settings)
    people = found.choose("population_registry", in_process=SandboxPersonRegistry,
                          over_http=HttpPopulationRegistry)
    registry = found.choose("mcqs", in_process=lambda: SandboxDeviceRegistry(
        session_factory, delay_seconds=settings.registry_delay_seconds),
        over_http=HttpDeviceRegistry)
    return Adapters(people=people, registry=registry, missing=tuple(found.missing))
