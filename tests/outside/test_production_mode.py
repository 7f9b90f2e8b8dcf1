"""Production mode proved, not assumed: EGOV_SANDBOX=0, and every outside system's URL set to
the sandbox service running as a process of its own (python -m sandbox_service, its own
database). The portal has no sandbox adapter then: what it does goes through the HTTP adapters,
over a real socket, as it would against the real systems."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from core.kernel.db import make_engine, make_session_factory, transaction
from core.payments.models import SandboxBankCharge
from core.platform import job_queue
from core.platform.settings import OUTSIDE_SYSTEMS
from tests.conftest import PortalClient
from tests.process_support import ROOT, free_port, wait_healthy
from tests.web.device_registration_support import BASE, check, details, pay
from tests.web.test_bill_payment import pay as pay_a_bill

SECRET = "production-mode-callback-secret"


@pytest.fixture(scope="module")
def sandbox_service(tmp_path_factory):
    instance = tmp_path_factory.mktemp("sandbox-service")
    port = free_port()
    env = {**os.environ, "EGOV_INSTANCE_PATH": str(instance), "EGOV_SANDBOX": "1",
           "EGOV_GATEWAY_DELAY_SECONDS": "0", "EGOV_BILLING_DELAY_SECONDS": "0",
           "EGOV_REGISTRY_DELAY_SECONDS": "0", "EGOV_CALLBACK_SECRET": SECRET}
    for name in ("EGOV_DATABASE_URL", "EGOV_SANDBOX_URL", "EGOV_REDIS_URL"):
        env.pop(name, None)
    process = subprocess.Popen([sys.executable, "-m", "sandbox_service", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_healthy(port, [process])
        yield f"http://127.0.0.1:{port}", instance / "sandbox.sqlite3"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def app_config(app_config, sandbox_service):
    url, _database = sandbox_service
    return {**app_config, "SANDBOX": False, "CALLBACK_SECRET": SECRET, "JOBS_IMMEDIATE": True,
            **{f"{system.upper()}_URL": f"{url}/{system}" for system in OUTSIDE_SYSTEMS}}


@pytest.fixture
def client(app):
    app.test_client_class = PortalClient
    return app.test_client()


def charges(sandbox_service) -> int:
    engine = make_engine(f"sqlite:///{sandbox_service[1]}")
    try:
        with transaction(make_session_factory(engine)) as session:
            return session.execute(select(func.count()).select_from(SandboxBankCharge)).scalar()
    finally:
        engine.dispose()


def test_every_outside_system_is_connected_over_http(client, app):
    found = client.get("/readyz").get_json()
    assert found["status"] == "partly ready"
    assert found["not_connected"] == {  # the agency's sales are set up in the sandbox only
        "guzestli-menzil": ["sales (the agency's sales are set up in the sandbox only)"],
        "notifications": ["smtp"]}  # e-mail is SMTP (EGOV_SMTP_URL), not one of these
    assert type(app.extensions["payments"].gateway).__name__ == "HttpGateway"
    assert type(app.extensions["device_registration"].registry).__name__ == \
        "HttpDeviceRegistry"


def test_a_device_is_registered_and_paid_for_through_the_real_adapters(client, app,
                                                                      sandbox_service):
    client.get(f"{BASE}/")
    with client.session_transaction() as session:
        challenge_id = session["device_registration_challenge"]
    answer = app.extensions["security_codes"]._derive(challenge_id).answer
    before = charges(sandbox_service)
    assert check(client, code=answer).status_code == 302  # the registry and MCQS, over HTTP
    assert details(client).status_code == 302
    response = pay(client)  # the bank, over HTTP
    assert response.status_code == 302 and "/qebz/MC-" in response.location
    assert charges(sandbox_service) == before + 1
    job_queue.drain()  # the application handed to MCQS over HTTP
    page = client.get(response.location).get_data(as_text=True)
    assert "Qeydiyyata alınıb" in page


def test_a_bill_is_looked_up_and_paid_through_the_real_adapters(client, sandbox_service):
    before = charges(sandbox_service)
    response = pay_a_bill(client)
    assert response.status_code == 302 and "/qebz/RK-" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "Ödəniş uğurla həyata keçirildi" in page and "Baktelekom" in page
    assert charges(sandbox_service) == before + 1


def test_a_registry_that_does_not_answer_is_given_up_on_and_then_answered_for_at_once(
        app_config):
    """The population registry accepts connections and never answers (a hung system): the
    first citizens wait for the timeout; once the circuit is open, the next is told at once
    that the registry is unavailable, with what they typed kept."""
    import socket
    import time

    from web import create_app

    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(64)  # connections are taken by the kernel, never answered
    try:
        app = create_app({**app_config, "OUTSIDE_TIMEOUT_SECONDS": 0.3,
                          "POPULATION_REGISTRY_URL": f"http://127.0.0.1:"
                                                     f"{hung.getsockname()[1]}/registry"})
        app.test_client_class = PortalClient
        citizen = app.test_client()
        codes = app.extensions["security_codes"]
        took = []
        for _ in range(3):
            citizen.get(f"{BASE}/")
            with citizen.session_transaction() as session:
                answer = codes._derive(session["device_registration_challenge"]).answer
            started = time.monotonic()
            response = check(citizen, code=answer)
            took.append(time.monotonic() - started)
            assert response.status_code == 200  # the step again, with the reason
        html = response.get_data(as_text=True)
        assert "Əhali reyestri hazırda cavab vermir" in html
        assert 'value="353325111234567"' in html  # the citizen's input kept
        assert took[0] >= 0.3  # the first waited for the timeout
        assert took[-1] < 1.0  # the circuit is open: answered at once
        app.extensions["egov_db"].engine.dispose()
    finally:
        hung.close()
