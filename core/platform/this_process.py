"""What this process runs with: the portal's settings, its database's session factory, and
what is built from them once per process (each service's adapters). The web app and the job
consumer both read them here, so a job run in the app's process uses exactly the app's adapters.

    from core.platform import this_process

    this_process.configure(settings, session_factory=factory)   # create_app, before init_app
    registry = this_process.resource(adapters.build).registry   # built once per process
    factory = this_process.session_factory()                    # in a job, as in the app
    this_process.provide(adapters.build, Adapters(...))         # a test's own adapters

A process that was not configured (a consumer started on its own) reads the environment."""
from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any, Callable

from core.kernel.db import make_engine, make_session_factory
from core.platform.settings import Settings

_lock = threading.RLock()
_settings: Settings | None = None
_session_factory = None
_resources: dict[Callable, Any] = {}
# told of every configure(): (the settings, whether they changed); the job queue is one
_followers: list[Callable[[Settings, bool], None]] = []


def settings() -> Settings:
    """The portal's settings, as the web app configured them (or, in a consumer started on
    its own, as the environment says)."""
    global _settings
    with _lock:
        if _settings is None:
            _settings = Settings.from_environment()
        return _settings


def configure(portal: Settings | None = None, *, session_factory=None, **changes) -> Settings:
    """Point this process at its settings and database. Same settings again: nothing is
    built again."""
    global _settings, _session_factory
    with _lock:
        new = portal or settings()
        if changes:
            new = replace(new, **changes)
        changed = new != _settings
        if changed:
            _settings = new
            _resources.clear()
            _session_factory = None
        if session_factory is not None:
            _session_factory = session_factory
        for follow in _followers:
            follow(new, changed)
        return new


def on_configure(follow: Callable[[Settings, bool], None]) -> None:
    """Call `follow(settings, changed)` on every configure() from now on, and at once when
    this process was configured already."""
    with _lock:
        _followers.append(follow)
        if _settings is not None:
            follow(_settings, True)


def session_factory():
    global _session_factory
    with _lock:
        if _session_factory is None:
            _session_factory = make_session_factory(make_engine(settings().database_url))
        return _session_factory


def provide(build: Callable, value: Any) -> None:
    """What `resource(build)` gives from now on in this process (a test's own adapter)."""
    with _lock:
        _resources[build] = value


def resource(build: Callable[[Settings, Any], Any]) -> Any:
    """`build(settings, session_factory)`, once per process and settings: the web app and the
    jobs run in its process share what it built (e.g. a service's adapters)."""
    with _lock:
        if build not in _resources:
            _resources[build] = build(settings(), session_factory())
        return _resources[build]
