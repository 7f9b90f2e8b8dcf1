"""Sign-in credentials of the sandbox (demo-data.md, "Citizens"): portal accounts, Asan İmza
SIMs and e-imza tokens of Aysel and Rəşad, plus one more subscriber whose Asan İmza
subscription is suspended and whose token holds an expired certificate, so those refusals
can be shown. Only added when missing: a blocked PIN stays blocked across restarts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.accounts import create_account
from core.auth.models import Account, AsanSubscriber, EimzaToken
from core.auth.passwords import hash_password, hash_pin
from core.sandbox import asan_imza, eimza
from core.sandbox.citizens import CITIZENS


@dataclass(frozen=True)
class DemoSubscriber:
    """Someone the sandbox Asan İmza and e-imza know, who is not in the population demo."""

    fin: str
    full_name: str
    mobile: str
    asan_user_id: str
    asan_pin1: str
    asan_pin2: str
    asan_puk: str
    token_pin: str
    token_puk: str


# "Service suspended (Xidmət dayandırılmışdır)" and an expired e-imza certificate.
NIGAR = DemoSubscriber(
    fin="3HN5T7R", full_name="Həsənova Nigar Elçin qızı", mobile="0705551234",
    asan_user_id="700123", asan_pin1="1111", asan_pin2="11111", asan_puk="11111111",
    token_pin="111111", token_puk="55667788",
)


def token_serial(fin: str) -> str:
    return f"TKN-{fin}"


def certificate_serial(fin: str) -> str:
    return f"AZ-ICA-{fin}"


@cache
def _pin_hash(pin: str) -> str:
    return hash_pin(pin)


@cache
def _password_hash(password: str) -> str:
    # One hash per process: the demo data is loaded into many test databases.
    return hash_password(password)


def load(session: Session, today: date | None = None) -> bool:
    today = today or date.today()
    added = False
    for citizen in CITIZENS:
        if session.execute(select(Account.id).where(Account.fin == citizen.fin)).first() is None:
            create_account(session, fin=citizen.fin, full_name=citizen.full_name,
                           login=citizen.login, password=citizen.password,
                           password_hash=_password_hash(citizen.password))
            added = True
    added = load_asan_imza(session, today) | added
    added = load_eimza(session, today) | added
    session.flush()
    return added


def _people() -> list[tuple]:
    """(citizen-like record, troubled): the demo citizens, then Nigar."""
    return [*((c, False) for c in CITIZENS), (NIGAR, True)]


def load_asan_imza(session: Session, today: date | None = None) -> bool:
    """The Asan İmza SIMs (also the sandbox service's Asan İmza, in its own database)."""
    today = today or date.today()
    added = False
    for person, troubled in _people():
        if session.get(AsanSubscriber, person.mobile) is None:
            asan_imza.add_subscriber(
                session, mobile=person.mobile, user_id=person.asan_user_id, fin=person.fin,
                full_name=person.full_name, pin1=person.asan_pin1, pin2=person.asan_pin2,
                puk=person.asan_puk, suspended=troubled,
                certificate_valid_until=today + timedelta(days=3 * 365))
            added = True
    session.flush()
    return added


def load_eimza(session: Session, today: date | None = None) -> bool:
    """The e-imza tokens (also the sandbox service's e-imza, in its own database)."""
    today = today or date.today()
    added = False
    for person, troubled in _people():
        fin, full_name = person.fin, person.full_name
        token = session.get(EimzaToken, token_serial(fin))
        if token is not None and token.puk_hash is None:  # loaded before tokens had a PUK
            token.puk_hash = _pin_hash(person.token_puk)
            added = True
        if token is None:
            # Valid certificates run from a year ago for three years; Nigar's ran out last year.
            start = today - timedelta(days=(4 if troubled else 1) * 365)
            certificate = {"serial": certificate_serial(fin), "fin": fin, "full_name": full_name,
                           "valid_from": start, "valid_until": start + timedelta(days=3 * 365),
                           "revoked": False}
            eimza.add_token(session, serial=token_serial(fin), pin=person.token_pin,
                            puk=person.token_puk, certificates=[certificate])
            added = True
    session.flush()
    return added
