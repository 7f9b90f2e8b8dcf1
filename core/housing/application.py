"""The purchase application a holder signs: its summary, in a fixed order, is the document, and
the signature is over the SHA-256 of that text, so what the citizen saw is what they signed."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from core.auth import Document
from core.housing.models import Building, Cabinet, Flat, Place, Project
from core.kernel.money import to_decimal

TITLE = "Güzəştli mənzilin alınması üçün müraciət"
PAYMENT_METHOD_NAMES = {
    "ipoteka": "İpoteka kreditinin vəsaiti hesabına",
    "oz-vesaiti": "Öz vəsaiti hesabına",
}


@dataclass(frozen=True)
class Application:
    place: Place
    flat: Flat
    building: Building
    project: Project
    cabinet: Cabinet

    @property
    def area_m2(self) -> str:
        return f"{self.flat.area_dm2 // 100}.{(self.flat.area_dm2 % 100) // 10}"

    def text(self) -> str:
        lines = [
            TITLE,
            f"Müraciət: {self.place.id}",
            f"Vətəndaş: {self.cabinet.full_name}, FİN {self.cabinet.fin}",
            f"Layihə: {self.project.name}, {self.project.address}",
            f"Bina: {self.building.name}, mənzil {self.flat.number}",
            f"Otaq sayı: {self.flat.rooms}; mərtəbə: {self.flat.floor}; sahə: {self.area_m2} m²",
            f"Qiymət: {to_decimal(self.flat.price_qepik)} AZN",
            f"Ödəniş üsulu: {PAYMENT_METHOD_NAMES[self.place.payment_method]}",
        ]
        return "\n".join(lines)

    def document(self) -> Document:
        return Document(TITLE, hashlib.sha256(self.text().encode()).hexdigest())
