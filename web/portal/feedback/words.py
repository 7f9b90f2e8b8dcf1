"""What the feedback forms and the agency's view call things."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Where the feedback component is: the key is what is stored.
PAGES = {
    "service": _l("Xidmətin səhifəsi"),
    "receipt": _l("Ödəniş qəbzi"),
    "paid": _l("Ödəniş uğurla həyata keçirildi"),
    "confirmation": _l("Müraciətiniz qeydə alındı"),
    "call-records": _l("Danışıqların siyahısı"),
    "cabinet": _l("Elektron kabinet"),
}
LANGUAGE_NAMES = {"az": "Azərbaycanca", "en": "English"}
