"""Statuses, results and facts of every service's applications in words. Core gives keys
(core.platform.applications); each service's web package describes its own keys here at
start-up, so this page knows no service."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

_WORDS: dict[str, object] = {
    # Device registration (seed 000): its web package predates this page.
    "device_registration.pending": _l("Ödənilib, Mobil Cihazların Qeydiyyatı Sisteminə "
                                      "göndərilir"),
    "device_registration.submitted": _l("Qeydiyyata alınır (24 saat ərzində)"),
    "device_registration.registered": _l("Cihaz qeydiyyata alınıb"),
    "device_registration.rejected": _l("Qeydiyyat rədd edilib"),
    "device_registration.imei": _l("İMEİ"),
    "device_registration.model": _l("Model"),
}


def describe(prefix: str, words: dict[str, object]) -> None:
    """A service's keys (each starting with its prefix) and their words."""
    assert all(key.startswith(prefix) for key in words), prefix
    _WORDS.update(words)


def word(key: str | None) -> str:
    if key is None:
        return ""
    return str(_WORDS.get(key, key))
