"""The population registry and Azərişıq (its subscribers and its cases) behind meter damage,
as the settings say (core.platform.connections): the web app and the job consumer both build
them here."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.kernel.http_population_registry import HttpPopulationRegistry
from core.kernel.identity import PersonRegistry
from core.meter_damage.azerisiq import AzerisiqPort
from core.meter_damage.back_office import BackOffice, HttpBackOffice
from core.meter_damage.http_azerisiq import HttpAzerisiq, HttpSubscribers
from core.meter_damage.subscribers import ElectricitySubscribers
from core.platform.connections import Connections
from core.platform.settings import Settings
from core.sandbox import electricity
from core.sandbox.azerisiq import InProcessBackOffice, SandboxAzerisiq
from core.sandbox.population_registry import SandboxPersonRegistry


@dataclass(frozen=True)
class Adapters:
    people: PersonRegistry | None
    subscribers: ElectricitySubscribers | None
    azerisiq: AzerisiqPort | None
    back_office: BackOffice | None = None  # the sandbox's (its /sandbox/azerisiq page)
    missing: tuple[str, ...] = field(default=())


def build(settings: Settings, session_factory) -> Adapters:
    found = Connections(settings)
    people = found.choose("population_registry", in_process=SandboxPersonRegistry,
                          over_http=HttpPopulationRegistry)
    subscribers = found.choose("azerisiq", in_process=electricity.subscribers,
                               over_http=HttpSubscribers)
    # one client for Azərişıq: its cases and its subscribers share one circuit breaker
    azerisiq = found.choose("azerisiq", in_process=lambda: SandboxAzerisiq(
        session_factory, delay_seconds=settings.azerisiq_delay_seconds,
        down=settings.azerisiq_down),
        over_http=lambda _: HttpAzerisiq(subscribers.system))
    back_office = None
    if settings.sandbox and isinstance(azerisiq, HttpAzerisiq):
        back_office = HttpBackOffice(azerisiq.system)
    elif settings.sandbox and azerisiq is not None:
        back_office = InProcessBackOffice(session_factory)
    return Adapters(people=people, subscribers=subscribers, azerisiq=azerisiq,
                    back_office=back_office, missing=tuple(dict.fromkeys(found.missing)))
