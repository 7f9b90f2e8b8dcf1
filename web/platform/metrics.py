"""Prometheus metrics at /metrics, answered only to EGOV_METRICS_ALLOWED_FROM (addresses or
networks; the client as web/platform/proxies.py sees it, so behind a proxy the real one).

- egov_request_duration_seconds{endpoint,method}  histogram, and egov_requests_total{…,status}
- egov_payments_total{service,outcome}            every checkout: approved, declined, pending,
                                                  unavailable, refused (core.payments.checkout)
- egov_feedback_total{service,answer}             Əks əlaqə stored: yes, no (Bəli / Xeyr) or
                                                  problem (a report), per catalogue service
- egov_jobs_total{task,event}                     enqueued, complete, failed, retrying
                                                  (core.platform.job_metrics, any process)
- egov_jobs_queued                                tasks waiting in the queue, at scrape time
- egov_notices{channel,status}                    the outbox by delivery status, at scrape time

Under gunicorn (web.serve) every worker writes its counts to PROMETHEUS_MULTIPROC_DIR and a
scrape adds them up (prometheus_client's multiprocess mode); without it (tests, flask run)
the process's own registry answers. The figures read at scrape time come from the database
and the queue, so they are the same whichever worker is asked."""
from __future__ import annotations

import ipaddress
import logging

from flask import Flask, Response, abort, current_app, request
from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter,
                               Histogram, generate_latest, multiprocess)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from web.platform.config import settings
from core.notifications.models import OutboxMessage
from core.platform import job_queue
from core.platform.job_metrics import count_jobs
from core.kernel.db import transaction

log = logging.getLogger("egov.web")

REQUEST_SECONDS = Histogram("egov_request_duration_seconds", "Time to answer a request",
                            ["endpoint", "method"],
                            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
REQUESTS = Counter("egov_requests_total", "Requests answered", ["endpoint", "method", "status"])
PAYMENTS = Counter("egov_payments_total", "Card payments by outcome", ["service", "outcome"])
FEEDBACK = Counter("egov_feedback_total", "Feedback stored, by service and answer",
                   ["service", "answer"])


def observe_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    if endpoint == "metrics":
        return
    REQUEST_SECONDS.labels(endpoint, method).observe(seconds)
    REQUESTS.labels(endpoint, method, str(status)).inc()


def count_payment(service_slug: str, outcome: str) -> None:
    PAYMENTS.labels(service_slug, outcome).inc()


def count_feedback(service_slug: str, answer: str) -> None:
    FEEDBACK.labels(service_slug, answer).inc()


def notices_by_status(session) -> list[tuple[str, str, int]]:
    """(channel, delivery status, how many) for every message in the outbox."""
    rows = session.execute(select(OutboxMessage.channel, OutboxMessage.delivery_status,
                                  func.count())
                           .group_by(OutboxMessage.channel, OutboxMessage.delivery_status))
    return [(channel, status, count) for channel, status, count in rows]


class ReadAtScrape:
    """Figures read from the database and the queue when Prometheus asks."""

    def __init__(self, session_factory):
        self._factory = session_factory

    def collect(self):
        queued = GaugeMetricFamily("egov_jobs_queued", "Job-queue tasks waiting to run")
        try:
            queued.add_metric([], job_queue.huey.pending_count() + job_queue.huey.scheduled_count())
        except Exception:  # the queue's storage is down: say nothing rather than fail
            log.warning("metrics: the job queue could not be read")
        else:
            yield queued
        notices = GaugeMetricFamily("egov_notices", "Outbox messages by delivery status",
                                    labels=["channel", "status"])
        with transaction(self._factory) as session:
            for channel, status, count in notices_by_status(session):
                notices.add_metric([channel, status], count)
        yield notices


def _allowed(address: str | None, allowed: tuple[str, ...]) -> bool:
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    for entry in allowed:
        try:
            if client in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _registry() -> CollectorRegistry:
    if settings().prometheus_multiproc_dir:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry(auto_describe=True)
        registry.register(_Process())
    registry.register(ReadAtScrape(current_app.extensions["egov_db"].session_factory))
    return registry


class _Process:
    """This process's own metrics (the default registry), beside the scrape-time ones."""

    def collect(self):
        return REGISTRY.collect()


def metrics_view():
    if not _allowed(request.remote_addr, settings().metrics_allowed_from):
        abort(404)
    response = Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    count_jobs()  # tasks run in this process (EGOV_JOBS_IMMEDIATE), and those it enqueues
    app.add_url_rule("/metrics", "metrics", metrics_view)
