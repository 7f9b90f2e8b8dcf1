"""`make run` (web.serve) starts the sandbox service beside the portal in sandbox mode and tells
the portal's processes where it is; not outside the sandbox, nor when one is named already."""
from __future__ import annotations

import subprocess
import sys
import urllib.request

from core.platform.processes import SandboxService, processes
from core.platform.settings import Settings
from tests.process_support import ROOT, wait_healthy


def test_sandbox_mode_starts_the_sandbox_service_and_points_the_portal_at_it(tmp_path):
    settings = Settings.from_environment({}, instance_path=tmp_path)
    [service] = processes(settings)
    assert isinstance(service, SandboxService)
    told = Settings.from_environment(service.environment, instance_path=tmp_path)
    assert told.url_of("mcqs") == f"{service.url}/mcqs"
    assert told.callback_secret == service.secret == (tmp_path / "callback_secret").read_text()
    process = subprocess.Popen(service.command, cwd=ROOT, env={
        "PATH": "/usr/bin:/bin", "EGOV_INSTANCE_PATH": str(tmp_path)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(int(service.url.rsplit(":", 1)[1]), [process])
        with urllib.request.urlopen(service.ready_url, timeout=5) as answer:
            assert answer.status == 200
        assert (tmp_path / "sandbox.sqlite3").exists()  # a database of its own
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_no_sandbox_service_outside_the_sandbox_or_when_one_is_named(tmp_path):
    assert processes(Settings.from_environment({"EGOV_SANDBOX": "0"}, instance_path=tmp_path)) \
        == []
    assert processes(Settings.from_environment({"EGOV_SANDBOX_URL": "http://10.0.0.9:8001"},
                                               instance_path=tmp_path)) == []
