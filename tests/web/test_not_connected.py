"""Outside the sandbox a service whose outside system has no URL is not connected: it says
Tezliklə and /readyz names the system it waits for (core.platform.connections)."""
from __future__ import annotations

import pytest

from web import create_app

# What /readyz names outside the sandbox with no system's URL set: each shared piece's and each
# service's systems (`python -m web.manage new-service` adds a new service's line).
NOT_CONNECTED_OUTSIDE_THE_SANDBOX = {
    "sign-in": ["asan_imza", "egov_identity", "eimza"],
    "payments": ["bank"],
    "notifications": ["sms", "smtp"],
    "mobil-cihazlarin-qeydiyyati": ["mcqs", "population_registry"],
    "rabite-ve-kommunal-odenisler": ["billing"],
    "seherlerarasi-danisiqlar": ["call_records"],
    "sayga-zedelenmesinin-arasdirilmasi": ["azerisiq", "population_registry"],
    "guzestli-menzil": ["asan_imza", "eimza"],
}


@pytest.fixture
def production(app_config):
    app = create_app({**app_config, "SANDBOX": False})
    yield app
    app.extensions["egov_db"].engine.dispose()


def test_readyz_names_every_system_that_is_not_connected(production):
    answer = production.test_client().get("/readyz")
    assert answer.status_code == 200
    found = answer.get_json()
    assert found["status"] == "partly ready" and found["database"] == "ok"
    assert found["not_connected"] == NOT_CONNECTED_OUTSIDE_THE_SANDBOX


def test_a_service_that_is_not_connected_says_tezlikle(production):
    for slug in ("mobil-cihazlarin-qeydiyyati", "rabite-ve-kommunal-odenisler",
                 "seherlerarasi-danisiqlar", "sayga-zedelenmesinin-arasdirilmasi",
                 "guzestli-menzil"):
        page = production.test_client().get(f"/xidmet/{slug}/").get_data(as_text=True)
        assert "Tezliklə" in page and "Xidmətə keç" not in page, slug


def test_in_the_sandbox_everything_is_connected(client):
    found = client.get("/readyz").get_json()
    assert found == {"status": "ready", "database": "ok", "not_connected": {}}
