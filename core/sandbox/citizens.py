"""Citizens of the sandbox population registry (demo-data.md, "Citizens").

Read-only reference data of an outside system, so it lives in code, not in our tables."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCitizen:
    fin: str
    id_card_number: str
    surname: str
    name: str
    patronymic: str
    address: str
    mobile: str  # 10 digits, 0 + operator code + 7 digits
    login: str
    password: str
    asan_user_id: str
    asan_pin1: str
    asan_pin2: str
    asan_puk: str
    token_pin: str
    landline: tuple[str, str]  # (city code, 7-digit number)
    token_puk: str = ""  # the e-imza token's PUK (the 157 Call Centre asks for it)

    @property
    def full_name(self) -> str:
        return f"{self.surname} {self.name} {self.patronymic}"


AYSEL = DemoCitizen(
    fin="5ZX8K2P", id_card_number="AZE12345678",
    surname="Məmmədova", name="Aysel", patronymic="Rauf qızı",
    address="Bakı ş., Nəsimi r., Rəşid Behbudov küç. 12, m. 5",
    mobile="0501234567", login="aysel", password="Demo-parol-2026",
    asan_user_id="123456", asan_pin1="1234", asan_pin2="12345", asan_puk="12345678",
    token_pin="123456", landline=("12", "4212372"), token_puk="11223344",
)
RESHAD = DemoCitizen(
    fin="7KP3M9D", id_card_number="AA1234567",
    surname="Əliyev", name="Rəşad", patronymic="Vaqif oğlu",
    address="Sumqayıt ş., 9-cu mkr., ev 14, m. 31",
    mobile="0557654321", login="reshad", password="Demo-parol-2026",
    asan_user_id="654321", asan_pin1="4321", asan_pin2="54321", asan_puk="87654321",
    token_pin="654321", landline=("18", "6541234"), token_puk="44332211",
)
CITIZENS: tuple[DemoCitizen, ...] = (AYSEL, RESHAD)


def by_fin(fin: str) -> DemoCitizen | None:
    return next((c for c in CITIZENS if c.fin == fin), None)
