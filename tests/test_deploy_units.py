"""What deploy/'s systemd units describe, run (hardening round three, row 4): egov-jobs.service
named a module that does not exist (core.jobs), so in production the consumer crash-looped and
no notice, forwarding, registry submission, lapse or housekeeping ever ran, while every test
passed. Here each unit's ExecStartPre and ExecStart run as systemd would run them (its
Environment= lines, then an EnvironmentFile that overrides them, ${…} expanded, the checkout
and state folders mapped to this one and a temporary one), with the sandbox off as in
production: the portal answers /healthz and the consumer delivers a notice to an SMTP server."""
from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from core.platform.settings import PROJECT_ROOT
from tests.core.smtp_support import Collect
from tests.process_support import (
    free_port, hand_the_consumer_a_notice, stop, wait_delivered, wait_for, wait_healthy,
)

DEPLOY = PROJECT_ROOT / "deploy"
CHECKOUT = "/srv/egov-portal"
STATE = "/var/lib/egov-portal"


class Unit:
    """The [Service] settings of a unit file that say what runs and with what."""

    def __init__(self, path: Path) -> None:
        text = re.sub(r"\\\n\s*", " ", path.read_text())  # continuation lines
        self.settings: list[tuple[str, str]] = []
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith(("#", ";", "[")) and "=" in line:
                key, _, value = line.partition("=")
                self.settings.append((key.strip(), value.strip()))

    def all(self, key: str) -> list[str]:
        return [v for k, v in self.settings if k == key]

    def one(self, key: str) -> str:
        values = self.all(key)
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def environment(self, environment_file: Path) -> dict[str, str]:
        """Environment= in order, then the EnvironmentFile's lines override them."""
        found = {}
        for assignment in self.all("Environment"):
            key, _, value = assignment.partition("=")
            found[key] = value
        assert self.one("EnvironmentFile") == "/etc/egov-portal/env"
        for line in environment_file.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, value = line.partition("=")
                found[key.strip()] = value.strip()
        return found

    def command(self, key: str, environment: dict[str, str]) -> list[str]:
        """The command line as systemd runs it: ${NAME} and $NAME from the unit's environment."""
        words = shlex.split(self.one(key))
        expanded = [re.sub(r"\$\{(\w+)\}|\$(\w+)",
                           lambda m: environment[m.group(1) or m.group(2)], w) for w in words]
        return [here(w) for w in expanded]


def here(value: str) -> str:
    """A path of the production layout as it is on this machine (the checkout is this one)."""
    return value.replace(CHECKOUT, str(PROJECT_ROOT))


@pytest.fixture
def smtp():
    handler, port = Collect(), free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    yield handler, port
    server.stop()


def test_the_units_commands_serve_the_portal_and_run_the_job_queue(tmp_path, smtp):
    collected, smtp_port = smtp
    state = tmp_path / "state"
    state.mkdir()
    database_url = f"sqlite:///{state / 'egov.sqlite3'}"
    environment_file = tmp_path / "env"
    environment_file.write_text(
        "EGOV_SECRET_KEY=units-test-secret-key-units-test-secret-key-1234\n"
        f"EGOV_DATABASE_URL={database_url}\n"
        f"EGOV_SMTP_URL=smtp://127.0.0.1:{smtp_port}\n"
        "EGOV_MAIL_FROM=no-reply@portal.example.az\n"
        "EGOV_WORKERS=1\n")
    portal_unit, jobs_unit = Unit(DEPLOY / "egov-portal.service"), Unit(DEPLOY / "egov-jobs.service")
    port = free_port()
    processes = []

    def run_environment(unit: Unit) -> dict[str, str]:
        unit_environment = {k: here(v).replace(STATE, str(state))
                            for k, v in unit.environment(environment_file).items()}
        base = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
        base.pop("PROMETHEUS_MULTIPROC_DIR", None)
        return {**base, **unit_environment, "GUNICORN_CMD_ARGS": ""}

    try:
        for unit in (portal_unit, jobs_unit):
            environment = run_environment(unit)
            cwd = here(unit.one("WorkingDirectory"))
            for key in ("ExecStartPre", "ExecStart"):
                if not unit.all(key):
                    continue
                command = [w.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
                           for w in unit.command(key, environment)]
                if key == "ExecStartPre":
                    subprocess.run(command, cwd=cwd, env=environment, check=True,
                                   stdout=subprocess.DEVNULL)
                else:
                    processes.append(subprocess.Popen(
                        command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL, start_new_session=True))
        wait_healthy(port, processes)
        message = hand_the_consumer_a_notice(database_url, state, sandbox=False)
        wait_delivered(database_url, message)
        wait_for(lambda: collected.messages, 10, "the notice reaching the SMTP server")
        assert all(p.poll() is None for p in processes)
    finally:
        if len(processes) > 1:
            processes[1].send_signal(getattr(signal, jobs_unit.one("KillSignal")))
        for process in processes:
            stop(process)
    assert collected.messages[0].rcpt_tos == ["aysel@example.az"]
