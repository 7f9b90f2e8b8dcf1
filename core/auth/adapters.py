"""The sign-in and signing systems (Asan İmza, e-imza, the e-gov identity app), as the settings
say (core.platform.connections): the web app builds them here."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.auth import Method
from core.auth.asan_imza import AsanImzaPort
from core.auth.egov_identity import EgovIdentityPort
from core.auth.eimza import EimzaPort
from core.auth.signing import SigningPort
from core.auth.http_asan_imza import HttpAsanImza
from core.auth.http_egov_identity import HttpEgovIdentity
from core.auth.http_eimza import HttpEimza
from core.auth.http_sandbox import SandboxHttpAsanImza, SandboxHttpEgovIdentity, SandboxHttpEimza
from core.auth.http_signing import HttpSigning
from core.platform.connections import Connections
from core.platform.settings import Settings
from core.sandbox.asan_imza import SandboxAsanImza
from core.sandbox.egov_identity import SandboxEgovIdentity
from core.sandbox.eimza import SandboxEimza
from core.sandbox.signing import SandboxSigning


@dataclass(frozen=True)
class Adapters:
    asan_imza: AsanImzaPort | None
    eimza: EimzaPort | None
    egov_identity: EgovIdentityPort | None
    signing: SigningPort | None  # Asan İmza PIN2 and the e-imza token's PIN: both, or None
    missing: tuple[str, ...] = field(default=())

    @property
    def methods(self) -> frozenset[Method]:
        """The ways to sign in that work here: a password always, each other with its system."""
        connected = ((Method.ASAN_IMZA, self.asan_imza), (Method.EIMZA, self.eimza),
                     (Method.EGOV_IDENTITY, self.egov_identity))
        return frozenset([Method.PASSWORD, *(method for method, port in connected
                                             if port is not None)])


def build(settings: Settings, session_factory=None) -> Adapters:
    found = Connections(settings)
    # in sandbox mode the HTTP adapters also reach the sandbox's phone, token and app side,
    # which the /sandbox/... pages drive
    over_http = _sandbox_over_http if settings.sandbox else _over_http
    asan = found.choose("asan_imza", in_process=SandboxAsanImza,
                        over_http=over_http["asan_imza"])
    token = found.choose("eimza", in_process=SandboxEimza, over_http=over_http["eimza"])
    identity = found.choose("egov_identity", in_process=SandboxEgovIdentity,
                            over_http=over_http["egov_identity"])
    signing = None
    if isinstance(asan, SandboxAsanImza) and isinstance(token, SandboxEimza):
        signing = SandboxSigning(asan, token)
    elif isinstance(asan, HttpAsanImza) and isinstance(token, HttpEimza):
        signing = HttpSigning(asan, token)
    return Adapters(asan_imza=asan, eimza=token, egov_identity=identity, signing=signing,
                    missing=tuple(found.missing))


_over_http = {"asan_imza": HttpAsanImza, "eimza": HttpEimza, "egov_identity": HttpEgovIdentity}
_sandbox_over_http = {"asan_imza": SandboxHttpAsanImza, "eimza": SandboxHttpEimza,
                      "egov_identity": SandboxHttpEgovIdentity}
