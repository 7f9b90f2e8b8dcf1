"""What the outside systems' tests share: a clock the test moves (for circuit breakers),
in-process transports to the sandbox service that count or record the calls they carry, and
the check that a request or an answer follows its contract."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
import jsonschema
import yaml

from sandbox_service import InProcessTransport

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class CountingTransport(InProcessTransport):
    def __init__(self, app):
        super().__init__(app=app)
        self.calls: Counter = Counter()
        self.headers: list = []  # each request's, in order

    def handle_request(self, request):
        self.calls[(request.method, request.url.path)] += 1
        self.headers.append(request.headers)
        return super().handle_request(request)


class Recording(InProcessTransport):
    """The sandbox in this process, keeping each request and its answer."""

    def __init__(self, app):
        super().__init__(app=app)
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request):
        answer = super().handle_request(request)
        answer.read()
        self.exchanges.append((request, answer))
        return answer


def follows(contract: str, schema_name: str, value) -> None:
    """`value` matches components/schemas/<schema_name> of contracts/<contract>.yaml."""
    document = yaml.safe_load((CONTRACTS / f"{contract}.yaml").read_text())
    jsonschema.Draft202012Validator(
        {**document, "$ref": f"#/components/schemas/{schema_name}"}).validate(value)
