"""Signing a walking client in the way the e2e journeys do: the password form, Asan İmza with
the sandbox phone driven over HTTP (/sandbox/asan-imza/<mobile>: PIN1 to sign in, PIN2 to
sign a document), the e-imza token form (the token plugged in first on its sandbox page); and
signing out. Each raises if it does not end where
it should."""
from __future__ import annotations

import re
import urllib.parse

from bench.targets.client import Walker, input_value
from core.kernel.phones import format_mobile
from core.sandbox.citizens import DemoCitizen

REQUEST_ID = re.compile(r'name="request_id" value="([^"]+)"')


def _query(service: str, next_path: str) -> str:
    return urllib.parse.urlencode({"xidmet": service, "next": next_path})


def with_password(client: Walker, citizen: DemoCitizen, service: str, next_path: str) -> None:
    client.submit(f"/daxil-ol/sifre?{_query(service, next_path)}",
                  {"login": citizen.login, "password": citizen.password}, expect_path=next_path)


def with_asan_imza(client: Walker, citizen: DemoCitizen, service: str, next_path: str) -> None:
    client.submit(f"/daxil-ol/asan-imza?{_query(service, next_path)}",
                  {"mobile": format_mobile(citizen.mobile), "user_id": citizen.asan_user_id},
                  expect_path="/daxil-ol/asan-imza/gozleyin")
    confirm_on_phone(client, citizen, citizen.asan_pin1)
    client.submit("/daxil-ol/asan-imza/gozleyin", {}, expect_path=next_path)


def confirm_on_phone(client: Walker, citizen: DemoCitizen, pin: str) -> None:
    """The sandbox phone answers the request waiting on it with `pin` (PIN1 or PIN2)."""
    phone = f"/sandbox/asan-imza/{citizen.mobile}"
    found = REQUEST_ID.search(client.get(phone))
    if not found:
        raise RuntimeError(f"no request waits on {phone}")
    client.submit(f"{phone}/pin", {"request_id": found.group(1), "pin": pin}, token_from=phone,
                  expect_path=f"{phone}?netice=confirmed")


def with_eimza(client: Walker, citizen: DemoCitizen, service: str, next_path: str) -> None:
    plug_in_token(client, citizen)
    client.submit(f"/daxil-ol/e-imza?{_query(service, next_path)}",
                  {"certificate": certificate_of(citizen), "pin": citizen.token_pin},
                  expect_path=next_path)


def certificate_of(citizen: DemoCitizen) -> str:
    return f"AZ-ICA-{citizen.fin}"  # the sandbox token's serials


def plug_in_token(client: Walker, citizen: DemoCitizen) -> None:
    """The sandbox token page plugs the citizen's token into this client (the e-imza form
    lists only the certificates of tokens plugged in)."""
    page = f"/sandbox/e-imza/{citizen.fin}"
    client.submit(f"{page}/tax", {"token": f"TKN-{citizen.fin}"}, token_from=page,
                  expect_path=f"{page}?netice=plugged")


def sign_out(client: Walker) -> None:
    """Sign out if signed in (the page offers its form only then)."""
    if input_value(client.get("/cixis"), "csrf_token") is not None:
        client.submit("/cixis", {}, expect_path="/cixis?ok=1")
