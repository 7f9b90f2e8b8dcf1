"""The Flask app's config, made from the portal's one settings object (core.platform.settings).

Views, jobs and commands read the one settings object (`settings()` here,
`this_process.settings()` in a job), never a copy of it. create_app's `overrides` may use upper-case names (tests); those
that name a setting change the settings object, so the job queue sees what the app sees."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from core.platform.instance_files import session_secret
from core.platform.settings import Settings

# config key -> settings field, where the two names differ
ALIASES = {"PREFERRED_URL_SCHEME": "url_scheme", "MAX_CONTENT_LENGTH": "max_body_bytes"}


def settings_with(overrides: dict | None, base: Settings | None = None) -> Settings:
    settings = base or Settings.from_environment()
    names = Settings.field_names()
    changes = {}
    for key, value in (overrides or {}).items():
        field = ALIASES.get(key, key.lower())
        if field in names:
            changes[field] = value
    for key, file in (("database_url", "egov"), ("sandbox_database_url", "sandbox")):
        if "instance_path" in changes and key not in changes \
                and getattr(settings, key).endswith(str(settings.instance_path / f"{file}.sqlite3")):
            changes[key] = f"sqlite:///{Path(changes['instance_path']) / file}.sqlite3"
    if "instance_path" in changes:
        changes["instance_path"] = Path(changes["instance_path"])
    return replace(settings, **changes) if changes else settings


def from_environment(overrides: dict | None = None, base: Settings | None = None) -> dict:
    """The Flask config: the settings object itself (EGOV_SETTINGS, read through `settings()`),
    Flask's own keys made from it, and the overrides that name no setting (TESTING …)."""
    settings = settings_with(overrides, base)
    if settings.secret_key is None:
        settings = replace(settings, secret_key=session_secret(settings.instance_path))
    names = Settings.field_names()
    config = {key: value for key, value in (overrides or {}).items()
              if ALIASES.get(key, key.lower()) not in names}
    config.update({
        "EGOV_SETTINGS": settings,
        "SECRET_KEY": settings.secret_key,
        "PREFERRED_URL_SCHEME": settings.url_scheme,
        "MAX_CONTENT_LENGTH": settings.max_body_bytes,
    })
    return config


def settings(app=None) -> Settings:
    """The portal's settings, from the app (or the current app)."""
    if app is None:
        from flask import current_app as app
    return app.config["EGOV_SETTINGS"]
