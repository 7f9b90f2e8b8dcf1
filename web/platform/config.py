"""The Flask app's config, made from the portal's one settings object (core.platform.settings).

create_app's `overrides` use the config's own (upper-case) names; those that name a setting
change the settings object too, so the job queue sees what the app sees."""
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
    if "instance_path" in changes and "database_url" not in changes \
            and settings.database_url.endswith(str(settings.instance_path / "egov.sqlite3")):
        changes["database_url"] = f"sqlite:///{Path(changes['instance_path']) / 'egov.sqlite3'}"
    if "instance_path" in changes:
        changes["instance_path"] = Path(changes["instance_path"])
    return replace(settings, **changes) if changes else settings


def from_environment(overrides: dict | None = None, base: Settings | None = None) -> dict:
    settings = settings_with(overrides, base)
    if settings.secret_key is None:
        settings = replace(settings, secret_key=session_secret(settings.instance_path))
    config = {
        "EGOV_SETTINGS": settings,
        "INSTANCE_PATH": settings.instance_path,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "SECRET_KEY": settings.secret_key,
        "SANDBOX": settings.sandbox,
        "JOBS_IMMEDIATE": settings.jobs_immediate,
        "REGISTRY_DELAY_SECONDS": settings.registry_delay_seconds,
        "SMTP_URL": settings.smtp_url,
        "MAIL_FROM": settings.mail_from,
        "GUIDES_DIR": settings.guides_dir,
        "PREFERRED_URL_SCHEME": settings.url_scheme,
        "MAX_CONTENT_LENGTH": settings.max_body_bytes,
        "SESSION_IDLE_MINUTES": settings.session_idle_minutes,
        "LOG_LEVEL": settings.log_level,
        "PROXY_COUNT": settings.proxy_count,
        "THREADS": settings.threads,
        "PROMETHEUS_MULTIPROC_DIR": settings.prometheus_multiproc_dir,
        "METRICS_ALLOWED_FROM": settings.metrics_allowed_from,
        "GATEWAY_DELAY_SECONDS": settings.gateway_delay_seconds,
        "GATEWAY_FAILURE": settings.gateway_failure,
        "BILLING_DELAY_SECONDS": settings.billing_delay_seconds,
        "BILLING_DOWN": settings.billing_down,
        "SMS_URL": settings.sms_url,
        "AZERISIQ_DELAY_SECONDS": settings.azerisiq_delay_seconds,
        "AZERISIQ_DOWN": settings.azerisiq_down,
    }
    config.update(overrides or {})
    return config
