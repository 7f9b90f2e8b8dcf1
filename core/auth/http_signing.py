"""Signing a document over HTTP: core.auth.signing's rules over the Asan İmza and e-imza HTTP
adapters; a signature is verified by the provider that made it."""
from __future__ import annotations

from core.auth import Document, Method
from core.auth.http_asan_imza import HttpAsanImza
from core.auth.http_eimza import HttpEimza
from core.auth.signing import ProviderSigning, Signature


class HttpSigning(ProviderSigning):
    def __init__(self, asan_imza: HttpAsanImza, eimza: HttpEimza):
        super().__init__(asan_imza, eimza)

    def verify(self, signature: Signature, document: Document) -> bool:
        if signature.document_digest != document.digest or not signature.value:
            return False
        provider = self.asan_imza if signature.method is Method.ASAN_IMZA else self.eimza
        return provider.signature_is_valid(signature.fin, document.digest, signature.value)
