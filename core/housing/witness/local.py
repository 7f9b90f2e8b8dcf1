"""The witness `make run` starts beside the portal (web/serve.py) when EGOV_LOG_WITNESSES names
none: its command, and the setting that tells the portal where it is and what its key is.
Its folder is <instance>/witness; it follows the portal's log key. A stand-in for the
independent witnesses a real sale has (a newspaper's, a university's: see the guide)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from core.housing.log_keys import log_signer, witness_signer
from core.housing.witness.__main__ import DEFAULT_NAME
from core.platform.processes import free_port
from core.platform.settings import Settings


@dataclass(frozen=True)
class LocalWitness:
    command: list[str]
    url: str
    verifier_key: str
    state_dir: Path

    @property
    def environment(self) -> dict[str, str]:
        return {"EGOV_LOG_WITNESSES": f"{self.url} {self.verifier_key}"}



def local_witness(settings: Settings, host: str = "127.0.0.1",
                  port: int | None = None) -> LocalWitness | None:
    """None when the portal already has witnesses (EGOV_LOG_WITNESSES)."""
    if settings.log_witnesses:
        return None
    state_dir = Path(settings.instance_path) / "witness"
    port = port or free_port(host)
    command = [sys.executable, "-m", "core.housing.witness", "--state-dir", str(state_dir),
               "--name", DEFAULT_NAME, "--host", host, "--port", str(port),
               "--log-key", log_signer(settings).verifier_key()]
    return LocalWitness(command, f"http://{host}:{port}",
                        witness_signer(state_dir, DEFAULT_NAME).verifier_key(), state_dir)
