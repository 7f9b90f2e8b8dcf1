"""The service's words for what "Müraciətlərim" shows of its applications: the statuses and
the facts (core.device_registration.my_applications gives their keys)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.device_registration import registration

STATUSES = {
    registration.PENDING: _l("Ödənilib, Mobil Cihazların Qeydiyyatı Sisteminə göndərilir"),
    registration.SUBMITTED: _l("Qeydiyyata alınır (24 saat ərzində)"),
    registration.REGISTERED: _l("Cihaz qeydiyyata alınıb"),
    registration.REJECTED: _l("Qeydiyyat rədd edilib"),
}
FACT_LABELS = {
    "imei": _l("İMEİ"),
    "model": _l("Model"),
}
