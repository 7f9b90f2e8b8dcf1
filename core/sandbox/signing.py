"""Signing in the sandbox, over the sandbox Asan İmza and e-imza in this process: the rules of
core.auth.signing, and a signature the sandbox providers made is checked by recomputing it."""
from __future__ import annotations

import hmac

from core.auth import Document, sandbox_signature
from core.auth.signing import ProviderSigning, Signature


class SandboxSigning(ProviderSigning):
    def verify(self, signature: Signature, document: Document) -> bool:
        expected = sandbox_signature(signature.method, signature.fin, document.digest)
        return (signature.document_digest == document.digest
                and hmac.compare_digest(signature.value or "", expected))
