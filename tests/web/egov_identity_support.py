"""Driving e-gov identity from tests the way a citizen does: the portal page in one browser,
the sandbox app page of the citizen in another."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from core.auth.models import EgovIdentityRequest
from core.sandbox.egov_identity import APP_PINS
from tests.conftest import csrf_token

SIGN_IN = "/daxil-ol/e-gov-identity"
CALLS_SERVICE = "seherlerarasi-danisiqlar"
CALLS = "/seherlerarasi-danisiqlar/"
REQUEST_CODE = re.compile(r'id="request-code">([A-Z0-9]{8})<')
APP_CODE = re.compile(r'id="app-code">([A-Z0-9]{8})<')
REQUEST_ID = re.compile(r'name="request_id" value="([^"]+)"')


def sign_in_url(service=CALLS_SERVICE, next_url=CALLS) -> str:
    query = "&".join(f"{k}={v}" for k, v in (("xidmet", service), ("next", next_url)) if v)
    return SIGN_IN + ("?" + query if query else "")


def request_code(response) -> str:
    match = REQUEST_CODE.search(response.get_data(as_text=True))
    assert match, "the page shows no request code"
    return match.group(1)


def app_open(phone, citizen, code):
    """In the citizen's app (another browser: `phone`), type the portal's request code."""
    page = phone.get(f"/sandbox/e-gov-identity/{citizen.fin}").get_data(as_text=True)
    return phone.post(f"/sandbox/e-gov-identity/{citizen.fin}/sorgu",
                      data={"csrf_token": csrf_token(page), "code": code})


def app_answer(phone, citizen, pin=None, decline=False):
    """Approve the request open in the citizen's app with the PIN (theirs by default), or decline."""
    page = phone.get(f"/sandbox/e-gov-identity/{citizen.fin}").get_data(as_text=True)
    match = REQUEST_ID.search(page)
    assert match, "no request is open in the app"
    action = "imtina" if decline else "pin"
    data = {"csrf_token": csrf_token(page), "request_id": match.group(1)}
    if not decline:
        data["pin"] = APP_PINS[citizen.fin] if pin is None else pin
    return phone.post(f"/sandbox/e-gov-identity/{citizen.fin}/{action}", data=data)


def press_davam_et(client, page, url=None, htmx=False):
    """Press "Davam et" on the sign-in page already shown (`page`), or let htmx poll it."""
    headers = {"HX-Request": "true", "HX-Target": "main"} if htmx else {}
    token = csrf_token(page.get_data(as_text=True))
    return client.post(url or sign_in_url(), data={"csrf_token": token}, headers=headers)


def expire_requests(db) -> None:
    for request in db.execute(select(EgovIdentityRequest)).scalars():
        request.expires_at = request.created_at - timedelta(seconds=1)
    db.commit()
