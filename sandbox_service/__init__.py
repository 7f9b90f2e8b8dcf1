"""The sandbox: every outside system the portal talks to (population registry, MCQS, billing
systems, call records, the bank, Azərişıq, Asan İmza, e-imza, e-gov identity, SMS) as one
WSGI app of its own, with its own database, speaking the contracts in contracts/.

    python -m sandbox_service --port 8001      # its own process (web.serve starts it)
    app = create_app(settings)                 # in-process, e.g. httpx.WSGITransport(app)

Each module in sandbox_service/systems/ is one system: a blueprint `bp` mounted at
/<system>/ (its contract's paths), optionally `tables` (the models whose rows are that system's
state, created in the sandbox's database) and `load(session)` (its demo records). Faults are
switched per system at run time (sandbox_service.faults): down, slow, lost answer, error."""
from __future__ import annotations

import importlib
import pkgutil
import socket
import threading
import time
from pathlib import Path
from types import ModuleType

import httpx
from flask import Flask, g, jsonify, request

from core.kernel.db import Base, make_engine, make_session_factory, transaction
from core.platform.settings import Settings
from sandbox_service import faults


def system_modules() -> list[ModuleType]:
    from sandbox_service import systems
    return [importlib.import_module(f"{systems.__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(systems.__path__), key=lambda m: m.name)
            if not info.name.startswith("_")]


class _SandboxFlask(Flask):
    def handle_exception(self, e):
        # A lost answer must reach _HangUpOnLostAnswer, not become a 500 page: Flask turns
        # every exception a view raises into one unless it propagates.
        if isinstance(e, faults.AnswerLostOnPurpose):
            raise e
        return super().handle_exception(e)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_environment()
    app = _SandboxFlask(__name__)
    app.config["EGOV_SETTINGS"] = settings
    if settings.sandbox_database_url.startswith("sqlite:///"):  # its folder, on a fresh machine
        Path(settings.sandbox_database_url.removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True)
    engine = make_engine(settings.sandbox_database_url)
    modules = system_modules()
    tables = [model.__table__ for module in modules for model in getattr(module, "tables", ())]
    Base.metadata.create_all(engine, tables=tables)
    factory = make_session_factory(engine)
    app.extensions["sandbox_db"] = factory
    app.extensions["sandbox_faults"] = faults.Switchboard()
    with transaction(factory) as session:
        for module in modules:
            if hasattr(module, "load"):
                module.load(session)
    for module in modules:
        app.register_blueprint(module.bp)
    app.register_blueprint(faults.bp)
    app.before_request(_faults_for_this_call)
    app.before_request(_housekeeping_when_due)
    app.extensions["sandbox_housekeeping"] = {
        "modules": [m for m in modules if hasattr(m, "housekeeping")],
        "last": float("-inf"), "lock": threading.Lock()}
    app.wsgi_app = _HangUpOnLostAnswer(app.wsgi_app)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok", systems=[m.bp.name for m in modules])

    return app


def _faults_for_this_call():
    """Before a system's blueprint answers: apply that system's switched-on fault, if any."""
    blueprint = request.blueprint
    if blueprint and blueprint != faults.bp.name:
        g.fault = faults.switchboard().apply(blueprint)
        if g.fault is not None:
            return g.fault


HOUSEKEEPING_EVERY_SECONDS = 3600


def _housekeeping_when_due() -> None:
    """At most once an hour, on the first request after it is due: each system forgets what
    it keeps only for a while (answers by Idempotency-Key, expired sign-in requests)."""
    from flask import current_app
    kept = current_app.extensions["sandbox_housekeeping"]
    if time.monotonic() - kept["last"] < HOUSEKEEPING_EVERY_SECONDS \
            or not kept["lock"].acquire(blocking=False):
        return
    try:
        kept["last"] = time.monotonic()
        with transaction(current_app.extensions["sandbox_db"]) as session:
            for module in kept["modules"]:
                module.housekeeping(session)
    finally:
        kept["lock"].release()


class _HangUpOnLostAnswer:
    """A "lost" fault: the work is done, then the connection closes with no answer."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        try:
            return self.wsgi_app(environ, start_response)
        except faults.AnswerLostOnPurpose:
            connection = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
            if connection is not None:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            raise


class InProcessTransport(httpx.WSGITransport):
    """httpx's WSGI transport to the sandbox in this process (unit tests, or the portal when
    no sandbox URL is set), where a lost answer is what a client sees of one: a read timeout."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return super().handle_request(request)
        except faults.AnswerLostOnPurpose as lost:
            raise httpx.ReadTimeout(f"sandbox {lost} lost its answer", request=request)


def session_factory():
    from flask import current_app
    return current_app.extensions["sandbox_db"]
