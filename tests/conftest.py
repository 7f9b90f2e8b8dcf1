"""Fixtures: a fresh, migrated database with the demo data for every test; the app on it;
a client that submits forms as a browser does (with the page's CSRF token).

EGOV_TEST_DATABASE_URL runs the suite on that database (e.g. PostgreSQL) instead of SQLite."""
from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from core import sandbox as demo
from core.platform import migrate
from core.kernel.db import make_engine, make_session_factory, transaction
from tests.pagecheck import check_page
from tests.server_database import DemoSnapshot
from web import create_app

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                        r'name="csrf_token" value="([^"]+)"')


class PortalClient(FlaskClient):
    """Every portal page it receives goes through tests/pagecheck.py's check_page (as
    notifications-admin's client_request does): a test cannot forget to check a page."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if _is_portal_page(response):
            check_page(response)
        return response

    def submit(self, url: str, data: dict | None = None, *, form_url: str | None = None, **kwargs):
        """POST `data` to `url` with the CSRF token of the form shown at `form_url` (default `url`)."""
        page = self.get(form_url or url)
        token = csrf_token(page.get_data(as_text=True))
        return self.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def _is_portal_page(response) -> bool:
    """A whole page or the htmx fragment of one (with its <main>), not a guide page (mkdocs'
    own HTML) nor a partial such as a polled status."""
    if response.mimetype != "text/html" or response.status_code in (
            204, 301, 302, 303, 304, 307, 308):
        return False
    if response.request is not None and response.request.path.startswith("/guides"):
        return False
    body = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return b'<main id="main"' in body


def csrf_token(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1) or match.group(2)


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    server_url = os.environ.get("EGOV_TEST_DATABASE_URL")
    if server_url:
        snapshot = DemoSnapshot(server_url)
        yield snapshot
        snapshot.engine.dispose()
        return
    template = tmp_path_factory.mktemp("db") / "template.sqlite3"
    url = f"sqlite:///{template}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        demo.load_all(session)
    engine.dispose()  # the last connection to close checkpoints the WAL into the file we copy
    yield template


@pytest.fixture
def database_url(database_template, tmp_path) -> str:
    if isinstance(database_template, DemoSnapshot):  # a server: back to the demo rows
        database_template.restore()
        return database_template.url
    copy = tmp_path / "egov.sqlite3"
    shutil.copyfile(database_template, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def factory(database_url):
    """A session factory on an engine of its own, as one app process opens the database."""
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def guides_site(tmp_path_factory) -> Path:
    """The built guides the portal serves: `make guides`' site/ when it is there, otherwise
    built once for this run (a clean checkout's tests need no earlier build)."""
    built = Path(__file__).resolve().parent.parent / "site"
    if (built / "index.html").exists():
        return built
    from tests.guides_support import build_site
    target = tmp_path_factory.mktemp("site")
    result = build_site(target)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    return target


@pytest.fixture
def app_config(database_url, tmp_path, guides_site) -> dict:
    """Override keys in a test (before `app` is used) to configure the app differently."""
    return {
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": tmp_path / "instance",
        "SECRET_KEY": "test-secret-key",
        "SANDBOX": True,
        "REGISTRY_DELAY_SECONDS": 0,
        "GUIDES_DIR": guides_site,
        "TESTING": True,
    }


@pytest.fixture
def app(app_config):
    application = create_app(app_config)
    application.test_client_class = PortalClient
    yield application
    application.extensions["egov_db"].engine.dispose()


@pytest.fixture
def client(app) -> PortalClient:
    return app.test_client()


@pytest.fixture
def db(app):
    session = app.extensions["egov_db"].session_factory()
    yield session
    session.rollback()
    session.close()
