"""Operations: one JSON line per request (request id, endpoint, route, status, duration) with
no personal or card data, and Prometheus metrics at /metrics for configured addresses only."""
from __future__ import annotations

from dataclasses import replace

import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.notifications import outbox
from core.platform import job_queue
from tests.web.device_registration_support import AYSEL, register
from web.platform.request_log import JsonLines

CARD = "4111111111111111"


def _request_lines(caplog) -> list[dict]:
    formatter = JsonLines()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "egov.request"]


def _samples(client) -> dict:
    response = client.get("/metrics")
    assert response.status_code == 200
    found = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def _value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_every_request_gives_one_json_line_with_its_id_route_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="egov.request")
    response = client.get(f"/mobil-cihazlarin-qeydiyyati/?fin={AYSEL['fin']}",
                          headers={"X-Request-ID": "probe-request-0001"})
    lines = _request_lines(caplog)
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "probe-request-0001" == response.headers["X-Request-ID"]
    assert line["endpoint"] == "device_registration.check"
    assert line["route"] == "/mobil-cihazlarin-qeydiyyati/"
    assert line["status"] == 200 and line["duration_ms"] >= 0
    assert AYSEL["fin"] not in json.dumps(line)


def test_a_made_up_request_id_is_replaced(client):
    response = client.get("/", headers={"X-Request-ID": "bad id <script>"})
    assert response.headers["X-Request-ID"] != "bad id <script>"
    assert len(response.headers["X-Request-ID"]) == 32


def test_no_log_line_holds_a_fin_an_id_card_or_a_card_number(client, caplog):
    caplog.set_level(logging.DEBUG)
    register(client)
    formatter = JsonLines()
    text = "\n".join(formatter.format(r) for r in caplog.records)
    assert any(r.name == "egov.request" for r in caplog.records)
    for secret in (AYSEL["fin"], AYSEL["id_card_number"], CARD, "4111 1111 1111 1111"):
        assert secret not in text


def test_metrics_count_requests_payments_and_notices(app, client, db):
    before = _samples(client)
    client.get("/")
    register(client)
    outbox.queue_email(db, "aysel@example.az", "Mövzu", "Mətn", dedupe_key="metrics-test")
    db.commit()
    after = _samples(client)
    home = dict(endpoint="catalogue.home", method="GET")
    assert (_value(after, "egov_request_duration_seconds_count", **home)
            == _value(before, "egov_request_duration_seconds_count", **home) + 1)
    assert _value(after, "egov_requests_total", status="200", **home) >= 1
    approved = dict(service="mobil-cihazlarin-qeydiyyati", outcome="approved")
    assert (_value(after, "egov_payments_total", **approved)
            == _value(before, "egov_payments_total", **approved) + 1)
    assert any(name == "egov_notices" and dict(labels).get("channel") == "email"
               for name, labels in after)
    assert ("egov_jobs_queued", ()) in after


@pytest.mark.parametrize("address", ["203.0.113.5", "10.1.2.3"])
def test_metrics_are_not_shown_to_other_addresses(client, address):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 404
    assert "egov_" not in response.get_data(as_text=True)


def test_a_network_may_be_allowed(app, client):
    app.config["EGOV_SETTINGS"] = replace(app.config["EGOV_SETTINGS"],
                                          metrics_allowed_from=("10.1.0.0/16",))
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/metrics").status_code == 404


@job_queue.task(retries=0)
def always_fails_for_the_metrics_test():
    raise RuntimeError("a downstream refused")


def _failed_jobs(samples: dict) -> float:
    return sum(value for (name, labels), value in samples.items()
               if name == "egov_jobs_total" and ("event", "failed") in labels
               and "always_fails" in dict(labels).get("task", ""))


def test_a_failed_job_is_counted(app, client):
    job_queue.huey.flush()
    before = _failed_jobs(_samples(client))
    always_fails_for_the_metrics_test()
    job_queue.drain()
    assert _failed_jobs(_samples(client)) == before + 1
