"""The sign-in and signing systems (Asan İmza, e-imza, the e-gov identity app), as the settings
say (core.platform.connections): the web app builds them here."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.auth.asan_imza import AsanImzaPort, SandboxAsanImza
from core.auth.egov_identity import EgovIdentityPort, SandboxEgovIdentity
from core.auth.eimza import EimzaPort, SandboxEimza
from core.auth.signing import SandboxSigning, SigningPort
from core.platform.connections import Connections
from core.platform.settings import Settings


@dataclass(frozen=True)
class Adapters:
    asan_imza: AsanImzaPort | None
    eimza: EimzaPort | None
    egov_identity: EgovIdentityPort | None
    signing: SigningPort | None  # Asan İmza PIN2 and the e-imza token's PIN: both, or None
    missing: tuple[str, ...] = field(default=())


def build(settings: Settings, session_factory=None) -> Adapters:
    found = Connections(settings)
    asan = found.choose("asan_imza", in_process=SandboxAsanImza)
    token = found.choose("eimza", in_process=SandboxEimza)
    identity = found.choose("egov_identity", in_process=SandboxEgovIdentity)
    signing = None
    if isinstance(asan, SandboxAsanImza) and isinstance(token, SandboxEimza):
        signing = SandboxSigning(asan, token)
    return Adapters(asan_imza=asan, eimza=token, egov_identity=identity, signing=signing,
                    missing=tuple(found.missing))
