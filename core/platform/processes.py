"""What the platform runs beside the portal (core.packages.companion_processes, started by
web.serve): in sandbox mode, the sandbox service (sandbox_service/), every outside system the
portal calls, in a process and a database of its own, reached over HTTP through the real
adapters. Not when EGOV_SANDBOX_URL already names one, nor outside the sandbox."""
from __future__ import annotations

import socket
import sys
from dataclasses import dataclass

from core.platform.instance_files import callback_secret
from core.platform.settings import Settings


@dataclass(frozen=True)
class SandboxService:
    command: list[str]
    url: str
    secret: str

    @property
    def ready_url(self) -> str:
        return f"{self.url}/healthz"

    @property
    def environment(self) -> dict[str, str]:
        """What the portal's processes and the sandbox itself need: where it answers, and
        the secret its callbacks are signed with."""
        return {"EGOV_SANDBOX_URL": self.url, "EGOV_CALLBACK_SECRET": self.secret}


def free_port(host: str) -> int:
    """A port nothing listens on now, for a process started beside the portal."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def processes(settings: Settings, host: str = "127.0.0.1") -> list[SandboxService]:
    if not settings.sandbox or settings.sandbox_url:
        return []
    port = free_port(host)
    command = [sys.executable, "-m", "sandbox_service", "--host", host, "--port", str(port)]
    return [SandboxService(command, f"http://{host}:{port}",
                           settings.callback_secret or callback_secret(settings.instance_path))]
