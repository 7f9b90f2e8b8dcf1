"""Calls to an outside system over HTTP (population registry, MCQS, billing systems, the bank,
Azərişıq, Asan İmza, SMS …): one client per system, used by that system's HTTP adapter.

    registry = OutsideSystem("mcqs", settings.mcqs_url, token=settings.mcqs_token)
    answer = registry.call("POST", "/registrations", json={...}, idempotency_key=reference)
    answer.json()

What every call gets, so no adapter can forget it:
- a timeout (connect and read); a call never waits longer than `timeout` per attempt;
- retries with backoff, bounded, and only where repeating is harmless: a GET, or a call that
  carries an Idempotency-Key the system dedupes on; a refused connection (nothing was sent) is
  retried for any call;
- a circuit breaker: after `failures_to_open` failures in a row the system is "down" for
  `open_seconds` and a call fails at once (SystemDown) instead of waiting for a timeout, so the
  citizen hears "kept, will be sent" in well under a second; one trial call then tests it;
- the request's id (X-Request-ID) passed on, so the two sides' logs can be joined;
- a log line per call with the system, method, path, status and milliseconds, never a body:
  a card number or CVV sent to the bank is in no log line.

Errors, so callers can tell "certainly nothing happened" from "may have happened":
- SystemDown: refused, or the circuit is open; nothing was sent or nothing took effect;
- AnswerLost: the request went out and no answer came (timeout, 5xx after retries): only a
  lookup by its idempotency key can tell whether it took effect;
- Refused: the system answered 4xx (its `status` and JSON `problem`), a definite no.
"""
from __future__ import annotations

import contextvars
import hashlib
import hmac
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx

log = logging.getLogger("egov.outside")
# httpx logs every request's whole URL at INFO, query included (a FİN, an ID card number):
# this module's own line, path only, replaces it.
for _chatty in ("httpx", "httpcore"):
    logging.getLogger(_chatty).setLevel(logging.WARNING)

# Set by the web app for each request (web.platform.request_log) and by jobs for their run.
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_request_id", default=None)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
SIGNATURE_HEADER = "X-Signature"


class OutsideError(Exception):
    def __init__(self, system: str, message: str):
        super().__init__(f"{system}: {message}")
        self.system = system


class SystemDown(OutsideError):
    """Nothing was sent (connection refused, circuit open): certainly nothing took effect."""


class AnswerLost(OutsideError):
    """Sent, and no usable answer came: it may have taken effect."""


class Refused(OutsideError):
    """The system answered with a 4xx: a definite answer, not a fault."""

    def __init__(self, system: str, status: int, problem: dict):
        super().__init__(system, f"refused with {status}: {problem.get('code', '')}")
        self.status = status
        self.problem = problem


@dataclass
class CircuitBreaker:
    failures_to_open: int = 5
    open_seconds: float = 30.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def allows(self) -> bool:
        """False while open; after open_seconds one trial call goes through (half open)."""
        with self._lock:
            if self.opened_at is None:
                return True
            if self.clock() - self.opened_at >= self.open_seconds:
                self.opened_at = self.clock()  # the trial: others still fail fast meanwhile
                return True
            return False

    def succeeded(self) -> None:
        with self._lock:
            self.failures, self.opened_at = 0, None

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            if self.failures >= self.failures_to_open:
                self.opened_at = self.clock()

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self.opened_at is not None


class OutsideSystem:
    def __init__(self, name: str, base_url: str, *, token: str | None = None,
                 timeout: float = 5.0, retries: int = 2, backoff_seconds: float = 0.2,
                 transport: httpx.BaseTransport | None = None,
                 breaker: CircuitBreaker | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.name = name
        self.retries = retries
        self.backoff_seconds = backoff_seconds
        self.breaker = breaker or CircuitBreaker()
        self._sleep = sleep
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx.Client(base_url=base_url.rstrip("/"), headers=headers,
                                   timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
                                   transport=transport)

    def call(self, method: str, path: str, *, json: Any = None, params: dict | None = None,
             idempotency_key: str | None = None, expect: tuple[int, ...] = (200, 201, 202, 204),
             ) -> httpx.Response:
        method = method.upper()
        repeatable = method in IDEMPOTENT_METHODS or idempotency_key is not None
        headers = {}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        request_id = current_request_id.get()
        if request_id:
            headers["X-Request-ID"] = request_id
        attempt = 0
        while True:
            if not self.breaker.allows():
                raise SystemDown(self.name, "circuit open after repeated failures")
            started = time.perf_counter()
            try:
                answer = self.client.request(method, path, json=json, params=params,
                                             headers=headers)
            except httpx.ConnectError as error:
                failure: OutsideError = SystemDown(self.name, f"refused: {type(error).__name__}")
                retry = True
                status = "refused"
            except httpx.TransportError as error:  # sent (or partly), no answer
                failure = AnswerLost(self.name, f"no answer: {type(error).__name__}")
                retry = repeatable
                status = "no answer"
            else:
                status = answer.status_code
                if answer.status_code in expect:
                    self.breaker.succeeded()
                    self._log(method, path, status, started, attempt)
                    return answer
                if 400 <= answer.status_code < 500 and answer.status_code not in (408, 429):
                    self.breaker.succeeded()  # it answered: the system is up
                    self._log(method, path, status, started, attempt)
                    raise Refused(self.name, answer.status_code, _problem(answer))
                if answer.status_code == 503:  # it says it did nothing: safe to repeat
                    failure, retry = SystemDown(self.name, "503 unavailable"), True
                else:
                    failure = AnswerLost(self.name, f"answered {answer.status_code}")
                    retry = repeatable
            self.breaker.failed()
            self._log(method, path, status, started, attempt)
            if not retry or attempt >= self.retries or self.breaker.is_open:
                raise failure
            self._sleep(self.backoff_seconds * (2 ** attempt))
            attempt += 1

    def _log(self, method: str, path: str, status, started: float, attempt: int) -> None:
        log.info("outside call", extra={
            "system": self.name, "method": method, "path": path.split("?")[0],
            "status": status, "ms": round((time.perf_counter() - started) * 1000, 1),
            "attempt": attempt})

    def close(self) -> None:
        self.client.close()


def _problem(answer: httpx.Response) -> dict:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


# Signed callbacks (a system answering later: Azərişıq's result, MCQS's confirmation, the
# bank's settlement), as GOV.UK Pay signs its webhooks: HMAC-SHA256 of the raw body.

def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(secret: str, body: bytes, signature: str | None) -> bool:
    return bool(signature) and hmac.compare_digest(sign(secret, body), signature or "")



def connect(settings, system: str) -> OutsideSystem:
    """The client for one outside system at the URL the settings give it
    (core.platform.settings.url_of; core.platform.connections decides when to ask)."""
    return OutsideSystem(system, settings.url_of(system), token=settings.token_of(system),
                         timeout=settings.outside_timeout_seconds)
