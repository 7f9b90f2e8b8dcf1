"""Signing in from tests the way a browser does: through the sign-in pages."""
from __future__ import annotations

import re

from datetime import timedelta

from sqlalchemy import select

from core.auth.models import AsanRequest, CitizenSession
from tests.conftest import csrf_token

CODE = re.compile(r'id="verification-code">(\d{4})<')
PHONE_CODE = re.compile(r'id="phone-code">(\d{4})<')
REQUEST_ID = re.compile(r'name="request_id" value="([^"]+)"')


def sign_in_with_password(client, citizen, next_url=None, service=None):
    query = "&".join(f"{k}={v}" for k, v in (("next", next_url), ("xidmet", service)) if v)
    url = "/daxil-ol/sifre" + ("?" + query if query else "")
    return client.submit(url, {"login": citizen.login, "password": citizen.password})


def start_asan_imza(client, citizen, service=None, next_url=None):
    """Fill in mobile number and user ID; returns the waiting page's response."""
    query = "&".join(f"{k}={v}" for k, v in (("next", next_url), ("xidmet", service)) if v)
    url = "/daxil-ol/asan-imza" + ("?" + query if query else "")
    response = client.submit(url, {"mobile": citizen.mobile, "user_id": citizen.asan_user_id})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return client.get(response.headers["Location"])


def phone_enter_pin(phone, mobile, pin):
    """On the sandbox phone page of `mobile` (another browser: `phone`), enter a PIN."""
    page = phone.get(f"/sandbox/asan-imza/{mobile}").get_data(as_text=True)
    match = REQUEST_ID.search(page)
    assert match, "no request is waiting on the phone"
    return phone.post(f"/sandbox/asan-imza/{mobile}/pin", data={
        "csrf_token": csrf_token(page), "request_id": match.group(1),
        "pin": pin})


def continue_asan_imza(client, htmx=False):
    """Press "Davam et" on the waiting page (or let htmx poll it)."""
    headers = {"HX-Request": "true", "HX-Target": "main"} if htmx else {}
    return client.submit("/daxil-ol/asan-imza/gozleyin", {}, headers=headers)


def sign_in_with_asan_imza(client, phone, citizen, service=None, next_url=None):
    start_asan_imza(client, citizen, service, next_url)
    phone_enter_pin(phone, citizen.mobile, citizen.asan_pin1)
    return continue_asan_imza(client)


def plug_in_token(client, fin):
    """On the sandbox token page, plug the citizen's token into this browser."""
    return client.submit(f"/sandbox/e-imza/{fin}/tax", {"token": f"TKN-{fin}"},
                         form_url=f"/sandbox/e-imza/{fin}")


def sign_in_with_token(client, citizen, pin=None, service=None, next_url=None, **request):
    """Plug the citizen's token into this browser, then sign in with it; `request` goes to the
    test client (e.g. environ_base={"REMOTE_ADDR": …})."""
    plug_in_token(client, citizen.fin)
    query = "&".join(f"{k}={v}" for k, v in (("next", next_url), ("xidmet", service)) if v)
    url = "/daxil-ol/e-imza" + ("?" + query if query else "")
    return client.submit(url, {"certificate": f"AZ-ICA-{citizen.fin}",
                               "pin": pin or citizen.token_pin}, **request)


def age_sessions(db, minutes: float) -> None:
    """Make every session look idle for `minutes` longer (SQLite cannot do date arithmetic)."""
    for record in db.execute(select(CitizenSession)).scalars():
        record.last_seen_at -= timedelta(minutes=minutes)
        record.created_at -= timedelta(minutes=minutes)
        record.expires_at -= timedelta(minutes=minutes)
    db.commit()


def expire_asan_requests(db) -> None:
    for request in db.execute(select(AsanRequest)).scalars():
        request.expires_at = request.created_at - timedelta(seconds=1)
    db.commit()
