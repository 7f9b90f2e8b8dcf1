"""How a service's factory (core/<service>/adapters.py) decides, per outside system, what the
portal talks to: the system itself over HTTP when its URL is set (or the sandbox service's,
when sandbox mode points at one), the sandbox adapter in this process in sandbox mode, or
nothing ("not connected": the service says Tezliklə and /readyz says which system is missing).

    def build(settings, session_factory) -> Adapters:
        found = Connections(settings)
        azerisiq = found.choose("azerisiq",
                                over_http=lambda system: HttpAzerisiq(system),
                                in_process=lambda: SandboxAzerisiq(session_factory, ...))
        return Adapters(azerisiq=azerisiq, missing=found.missing)
"""
from __future__ import annotations

from typing import Callable, TypeVar

from core.platform.outside import OutsideSystem, connect
from core.platform.settings import SANDBOX_IN_PROCESS, Settings

Port = TypeVar("Port")


class Connections:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.missing: list[str] = []

    def choose(self, system: str, *, in_process: Callable[[], Port],
               over_http: Callable[[OutsideSystem], Port] | None = None) -> Port | None:
        url = self.settings.url_of(system)
        if url is None or (over_http is None and not url.startswith(SANDBOX_IN_PROCESS)):
            self.missing.append(system)
            return None
        if url.startswith(SANDBOX_IN_PROCESS):
            return in_process()
        return over_http(connect(self.settings, system))
