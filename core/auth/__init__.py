"""Sign-in for services that need a signed-in citizen: login and password, Asan İmza (mobile
signature), e-imza (token) and e-gov identity (mobile identity app), the citizen's server-side
sessions, and document signing.

Outside systems (Asan İmza, the e-imza token, the e-gov identity app) are ports with sandbox
adapters. Everything here returns reason codes, never sentences: the web layer words them in the citizen's language."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import Enum

from core.platform import catalogue


class Method(str, Enum):
    """The catalogue's names of the methods a service accepts (Service.sign_in_methods)."""

    PASSWORD = catalogue.PASSWORD
    ASAN_IMZA = catalogue.ASAN_IMZA
    EIMZA = catalogue.E_IMZA
    EGOV_IDENTITY = catalogue.EGOV_IDENTITY


# In the order the seeds list them (seed 003).
ALL_METHODS: tuple[Method, ...] = (Method.EIMZA, Method.EGOV_IDENTITY, Method.ASAN_IMZA,
                                   Method.PASSWORD)
# Gücləndirilmiş elektron imza: the methods backed by a qualified certificate.
ENHANCED_METHODS: tuple[Method, ...] = (Method.EIMZA, Method.ASAN_IMZA)


@dataclass(frozen=True)
class Identity:
    """Who signed in, as proven by the method: the FİN and the name on the credential."""

    fin: str
    full_name: str
    method: Method


@dataclass(frozen=True)
class Document:
    """What a citizen signs: a title they recognise and the SHA-256 (hex) of its content."""

    title: str
    digest: str


def sandbox_signature(method: Method, fin: str, digest: str) -> str:
    """The sandboxes' stand-in for a CAdES signature: tied to method, signer and content, and
    checkable with the same function. Never used outside the sandbox adapters."""
    key = f"{method.value}-sandbox:{fin}".encode()
    return hmac.new(key, digest.encode(), hashlib.sha256).hexdigest()


class ProviderUnavailable(Exception):
    """The outside system behind a sign-in or signing method did not answer (down, its circuit
    open, or its answer lost after the retries): nothing the citizen did is wrong, the method is
    unavailable for now and the others may be offered. Raised by the HTTP adapters
    (core/auth/http_*.py), never by the in-process sandboxes."""

    def __init__(self, method: Method, detail: str = ""):
        super().__init__(f"{method.value} unavailable: {detail}" if detail else method.value)
        self.method = method
