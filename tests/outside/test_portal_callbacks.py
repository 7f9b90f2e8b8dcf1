"""The portal's callback route (web.platform.callbacks) with Azərişıq's sandbox calling it over
HTTP: a signed result is recorded once, however often it comes; an unsigned or wrongly signed
one, or any while the portal has no secret, changes nothing."""
from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from core.kernel.db import transaction
from core.meter_damage import application as meter
from core.meter_damage.http_azerisiq import HttpAzerisiq
from core.meter_damage.models import MeterApplication
from core.notifications.models import OutboxMessage
from core.platform.outside import OutsideSystem, SIGNATURE_HEADER, sign
from sandbox_service import InProcessTransport
from sandbox_service.systems import azerisiq as sandbox_azerisiq
from tests.core.meter_damage_support import submit
from tests.outside.test_azerisiq import CASE, sandbox_on

SECRET = "the-portals-callback-secret"
ROUTE = "http://portal.test/callbacks/azerisiq"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CALLBACK_SECRET": SECRET, "JOBS_IMMEDIATE": True}


def forwarded(app, tmp_path):
    factory = app.extensions["egov_db"].session_factory
    sent = submit(factory)
    sandbox = sandbox_on(tmp_path)
    system = OutsideSystem("azerisiq", "http://sandbox/azerisiq",
                           transport=InProcessTransport(app=sandbox), sleep=lambda s: None)
    assert meter.forward(factory, HttpAzerisiq(system), sent.application_id) == "forwarded"
    return factory, sent.application_id, sandbox


def notices(factory) -> int:
    with transaction(factory) as session:
        return session.execute(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.dedupe_key.like("meter:%:result:%"))).scalar()


def test_a_signed_result_reaches_the_portal_over_http_once(app, tmp_path):
    factory, application_id, sandbox = forwarded(app, tmp_path)
    portal = httpx.WSGITransport(app=app)
    decided = sandbox_azerisiq.decide_and_report(
        sandbox.extensions["sandbox_db"], CASE, "intact", None, callback_url=ROUTE,
        secret=SECRET, transport=portal)
    assert decided
    assert sandbox_azerisiq.report(sandbox.extensions["sandbox_db"], CASE, callback_url=ROUTE,
                                   secret=SECRET, transport=portal)  # sent again: no change
    with transaction(factory) as session:
        found = session.get(MeterApplication, application_id)
        assert (found.status, found.result) == ("resolved", "intact")
    assert notices(factory) == 2  # one SMS, one e-mail, not four


@pytest.mark.parametrize("signature", [None, "0" * 64, sign("another-secret", b"{}")])
def test_a_result_not_signed_with_the_portals_secret_is_refused(app, tmp_path, signature):
    factory, application_id, _sandbox = forwarded(app, tmp_path)
    body = (b'{"application_ref": "SZ-260101-AAAAAA", "case_reference": "' + CASE.encode()
            + b'", "result": "act", "note": null, "decided_at": "2026-01-01T10:00:00+00:00"}')
    headers = {"Content-Type": "application/json"}
    if signature:
        headers[SIGNATURE_HEADER] = signature
    answer = app.test_client().post("/callbacks/azerisiq", data=body, headers=headers)
    assert answer.status_code == 401
    with transaction(factory) as session:
        assert session.get(MeterApplication, application_id).status == "forwarded"
    assert notices(factory) == 0
    signed = {**headers, SIGNATURE_HEADER: sign(SECRET, body)}
    assert app.test_client().post("/callbacks/azerisiq", data=body,
                                  headers=signed).status_code == 204


def test_without_a_secret_the_portal_takes_no_callback(app_config, tmp_path):
    from web import create_app
    app = create_app({**app_config, "CALLBACK_SECRET": None})
    body = b"{}"
    answer = app.test_client().post("/callbacks/azerisiq", data=body,
                                    headers={SIGNATURE_HEADER: sign("", body)})
    assert answer.status_code == 401
    assert app.test_client().post("/callbacks/no-such-system", data=body).status_code == 404
    app.extensions["egov_db"].engine.dispose()
