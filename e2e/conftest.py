"""Browser journeys. By default a real portal (gunicorn + job consumer, `python -m web.serve`)
is started on a free port with a fresh SQLite database and the demo data; with
`--base-url https://…` the same journeys run against any deployment instead.

Every test that uses `journey` runs twice: JavaScript on and JavaScript off."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from e2e.guide_video import add_option as add_video_option
# the guide videos' fixture and hooks (e2e/guide_video.py): pytest finds them by name here
from e2e.guide_video import guide_video, pytest_collection_modifyitems, pytest_runtest_makereport  # noqa: F401
from e2e.support import Auditor, Journey

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-gpu", "--no-sandbox"]
VIEWPORT = {"width": 1024, "height": 768}


def pytest_addoption(parser):
    parser.addoption("--update-guide-figures", action="store_true", default=False,
                     help="write the guide figures (guides/images/…) from the journeys")
    add_video_option(parser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the portal did not answer at {url} within {seconds} s")


@pytest.fixture(scope="session")
def portal_env(tmp_path_factory) -> dict:
    instance = tmp_path_factory.mktemp("portal")
    env = {**os.environ, "EGOV_INSTANCE_PATH": str(instance), "EGOV_SANDBOX": "1",
           "EGOV_DATABASE_URL": f"sqlite:///{instance / 'egov.sqlite3'}",
           "EGOV_REGISTRY_DELAY_SECONDS": "1", "EGOV_SECRET_KEY": "e2e-secret",
           # a bank slow enough that the journeys see the card step say it is being asked
           "EGOV_GATEWAY_DELAY_SECONDS": "1.5",
           "EGOV_GUIDES_DIR": str(ROOT / "site"), "EGOV_LOG_LEVEL": "WARNING"}
    env.pop("EGOV_TEST_DATABASE_URL", None)
    env.pop("EGOV_REDIS_URL", None)  # the embedded default: SQLite job queue
    return env


@pytest.fixture(scope="session")
def base_url(pytestconfig, portal_env):
    given = pytestconfig.getoption("base_url", default=None)
    if given:
        Journey.compare_figures = False  # the figures show this portal's demo data, not theirs
        yield given.rstrip("/")
        return
    subprocess.run([sys.executable, "-m", "web.manage", "setup"], cwd=ROOT, env=portal_env,
                   check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(Path(portal_env["EGOV_INSTANCE_PATH"]) / "portal.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "web.serve", "--port", str(port)], cwd=ROOT,
        env={**portal_env, "EGOV_WORKERS": "2"}, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def portal_log(portal_env) -> Path:
    """What the locally started portal wrote (access log, errors): tests read it for leaks."""
    return Path(portal_env["EGOV_INSTANCE_PATH"]) / "portal.log"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = os.environ.get("EGOV_BROWSER_PATH")
    args = {**browser_type_launch_args,
            "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS]}
    if executable:
        args["executable_path"] = executable
    return args


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js_enabled(request) -> bool:
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, js_enabled, base_url):
    return {**browser_context_args, "java_script_enabled": js_enabled, "viewport": VIEWPORT,
            "locale": "az-AZ", "timezone_id": "Asia/Baku", "reduced_motion": "reduce",
            "base_url": base_url}


@pytest.fixture(scope="session")
def auditor(browser) -> Auditor:
    context = browser.new_context(bypass_csp=True, java_script_enabled=True, viewport=VIEWPORT)
    auditor = Auditor(context.new_page(), ROOT / "node_modules" / "axe-core" / "axe.min.js")
    yield auditor
    context.close()


@pytest.fixture
def journey(page, js_enabled, auditor, base_url, pytestconfig) -> Journey:
    walked = Journey(page=page, js_enabled=js_enabled, auditor=auditor, base_url=base_url,
                     figures_root=ROOT / "guides" / "images",
                     write_figures=pytestconfig.getoption("update_guide_figures"))
    yield walked
    # a violation after the last step's check (a late swap, a poll) fails the journey too
    late = walked.csp_violations()
    assert not late, f"CSP violations after the last step: {late}"
