"""Citizen-facing wording every service shares: cities, times, cards, and "too many attempts —
try again in N minutes" (the minutes computed one way). The shared fields' sentences (ID card,
FİN, mobile number, card) are with those fields in web/forms/."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from flask_babel import format_datetime
from flask_babel import gettext as _

from core.kernel import phones
from core.payments.cards import Brand


def city_choices() -> list[tuple[str, str]]:
    """One choice per city code, as the seed shows it: "Bakı, Abşeron (12)"."""
    names: dict[str, list[str]] = {}
    for city in phones.CITIES:
        names.setdefault(city.code, []).append(city.name)
    return [(code, f"{', '.join(found)} ({code})") for code, found in names.items()]


def city_label(code: str) -> str:
    return dict(city_choices()).get(code, f"({code})")



def baku_time(moment: datetime) -> str:
    """A stored (naive UTC) moment as the citizen reads it: "02.06.2025 12:41 (Bakı vaxtı)"."""
    return _("%(moment)s (Bakı vaxtı)", moment=format_datetime(moment, "dd.MM.yyyy HH:mm"))


def card_label(brand: str | None, last4: str | None) -> str:
    try:
        name = Brand(brand).label
    except ValueError:
        name = brand or ""
    return f"{name} •••• {last4 or ''}"


def minutes_until(wait: timedelta) -> int:
    """Whole minutes, rounded up, never 0: "try again in 1 minute" rather than "in 0"."""
    return max(1, math.ceil(wait.total_seconds() / 60))


def try_again_in(wait: timedelta) -> str:
    return _("Təhlükəsizlik üçün %(minutes)d dəqiqə sonra yenidən cəhd edin.",
             minutes=minutes_until(wait))


def too_many(what_happened: str, wait: timedelta) -> str:
    """"Çox sayda …" and when to try again. `what_happened` is a sentence of its own: inside an
    f-string it would be a msgid that extraction cannot see."""
    return f"{what_happened} {try_again_in(wait)}"


def too_many_attempts(wait: timedelta) -> str:
    return too_many(_("Çox sayda uğursuz cəhd edildi."), wait)
