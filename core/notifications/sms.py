"""The SMS port's adapters. The port is outbox.Transport: deliver(message) -> provider reference.

    HttpSmsGateway(HttpSmsSettings.from_url("https://token@sms.example.az/api/send"))

A real provider is reached over HTTPS with a JSON POST (the shape most Azerbaijani SMS
gateways offer): {"to": "994501234567", "text": "...", "sender": "E-GOV", "client_ref":
"egov-42"}. The client_ref is the outbox message's id, so a retry after a lost answer is the
same message to the provider, not a second SMS. Answers map onto the outbox's failures:
2xx delivered (the JSON's "id" kept as the provider reference); 400/404/422 (a number the
provider cannot serve) permanent; 401/403 (our credentials), 429, 5xx and network errors
temporary, so they are retried with backoff and nothing is lost while the provider is down.

In the sandbox, SMS go to the outbox alone (outbox.OutboxOnly); SandboxSms adds the outages
a real provider has, for demos and tests."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from core.notifications.models import OutboxMessage
from core.notifications.outbox import PermanentFailure, TemporaryFailure

PERMANENT_HTTP = frozenset({400, 404, 410, 422})


@dataclass(frozen=True)
class HttpSmsSettings:
    url: str
    token: str | None = None
    sender: str = "E-GOV"
    timeout: float = 10.0

    @classmethod
    def from_url(cls, url: str, sender: str = "E-GOV") -> "HttpSmsSettings":
        """https://TOKEN@host/path (the token as the URL's user part), or http:// on loopback."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the SMS URL must look like https://token@sms.example.az/send")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        plain = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        return cls(url=plain, token=unquote(parts.username) if parts.username else None,
                   sender=sender)


def international(mobile: str) -> str:
    """0501234567 -> 994501234567, as SMS providers address Azerbaijani numbers."""
    return "994" + mobile[1:]


class HttpSmsGateway:
    def __init__(self, settings: HttpSmsSettings):
        self.settings = settings

    def deliver(self, message: OutboxMessage) -> str | None:
        payload = json.dumps({"to": international(message.recipient), "text": message.body,
                              "sender": self.settings.sender,
                              "client_ref": f"egov-{message.id}"}).encode()
        request = urllib.request.Request(self.settings.url, data=payload, method="POST",
                                         headers={"Content-Type": "application/json"})
        if self.settings.token:
            request.add_header("Authorization", f"Bearer {self.settings.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as answer:
                body = answer.read(4096)
        except urllib.error.HTTPError as exc:
            if exc.code in PERMANENT_HTTP:
                raise PermanentFailure(f"SMS provider refused: HTTP {exc.code}") from None
            raise TemporaryFailure(f"SMS provider: HTTP {exc.code}") from None
        except (OSError, ValueError) as exc:
            raise TemporaryFailure(f"SMS provider: {type(exc).__name__}: {exc}"[:250]) from None
        try:
            reference = json.loads(body or b"{}").get("id")
        except (ValueError, AttributeError):
            reference = None
        return str(reference) if reference else None


class SandboxSms:
    """The sandbox SMS provider: the outbox row is the SMS (/sandbox/outbox). `down` or
    `fail_next(n)` make it fail for a passing reason, as a provider's outage would."""

    def __init__(self, down: bool = False):
        self.down = down
        self._failures_left = 0
        self.delivered: list[int] = []

    def fail_next(self, count: int) -> None:
        self._failures_left = count

    def deliver(self, message: OutboxMessage) -> str:
        if self.down or self._failures_left > 0:
            self._failures_left = max(0, self._failures_left - 1)
            raise TemporaryFailure("sandbox SMS provider is down")
        self.delivered.append(message.id)
        return f"SBX-SMS-{message.id}"
