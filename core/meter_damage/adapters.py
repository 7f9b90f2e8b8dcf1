"""The population registry and Azərişıq (its subscribers and its cases) behind meter damage,
as the settings say (core.platform.connections): the web app and the job consumer both build
them here."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.meter_damage.azerisiq import AzerisiqPort, SandboxAzerisiq
from core.meter_damage.people import PeopleByFin
from core.meter_damage.subscribers import ElectricitySubscribers
from core.platform.connections import Connections
from core.platform.settings import Settings
from core.sandbox import electricity


@dataclass(frozen=True)
class Adapters:
    people: PeopleByFin | None
    subscribers: ElectricitySubscribers | None
    azerisiq: AzerisiqPort | None
    missing: tuple[str, ...] = field(default=())


def build(settings: Settings, session_factory) -> Adapters:
    found = Connections(settings)
    people = found.choose("population_registry", in_process=electricity.people)
    subscribers = found.choose("azerisiq", in_process=electricity.subscribers)
    azerisiq = found.choose("azerisiq", in_process=lambda: SandboxAzerisiq(
        session_factory, delay_seconds=settings.azerisiq_delay_seconds,
        down=settings.azerisiq_down))
    return Adapters(people=people, subscribers=subscribers, azerisiq=azerisiq,
                    missing=tuple(dict.fromkeys(found.missing)))
