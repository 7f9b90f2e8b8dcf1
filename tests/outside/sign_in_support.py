"""The sandbox service in this process for the sign-in systems' tests (Asan İmza, e-imza,
e-gov identity): the portal's client of a system (no real sleeping between retries), a
client of the sandbox's own side (faults, the phone, the app), and a look into its database."""
from __future__ import annotations

import itertools

import httpx
import pytest
from sqlalchemy import func, select

from core.platform.outside import CircuitBreaker, OutsideSystem
from core.platform.settings import Settings
from sandbox_service import InProcessTransport, create_app


@pytest.fixture
def sandbox(tmp_path):
    app = create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}"))
    # A "lost" fault must reach the transport as a hang-up (httpx.ReadTimeout), not as Flask's
    # 500 for an unhandled exception (which it becomes unless exceptions propagate).
    app.config["PROPAGATE_EXCEPTIONS"] = True
    return app


def portal_client(sandbox, system: str, **options) -> OutsideSystem:
    options.setdefault("breaker", CircuitBreaker(failures_to_open=5, open_seconds=30))
    return OutsideSystem(system, f"http://sandbox/{system}", transport=InProcessTransport(app=sandbox),
                         sleep=lambda _seconds: None, **options)


class SandboxSide:
    """What QA (or the sandbox's own pages) does: faults, and the citizen's side of a system."""

    def __init__(self, sandbox, system: str):
        self.system = system
        self.keys = (f"side-{n}" for n in itertools.count())
        self.http = httpx.Client(transport=InProcessTransport(app=sandbox),
                                 base_url="http://sandbox")

    def fault(self, mode: str, **options) -> None:
        self.http.post(f"/faults/{self.system}", json={"mode": mode, **options}).raise_for_status()

    def clear_fault(self) -> None:
        self.http.delete(f"/faults/{self.system}").raise_for_status()

    def get(self, path: str) -> dict:
        answer = self.http.get(f"/{self.system}{path}")
        answer.raise_for_status()
        return answer.json()

    def post(self, path: str, json: dict | None = None, key: str | None = None) -> dict:
        answer = self.http.post(f"/{self.system}{path}", json=json,
                                headers={"Idempotency-Key": key or next(self.keys)})
        answer.raise_for_status()
        return answer.json()


def rows(sandbox, model) -> int:
    with sandbox.extensions["sandbox_db"]() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def fixed_key(value: str = "the-same-key"):
    return lambda: value
