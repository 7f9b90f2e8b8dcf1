"""Settings from EGOV_* environment variables, with embedded defaults that need no other server."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _number(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def _secret_key(instance: Path) -> str:
    """EGOV_SECRET_KEY if set; otherwise a key generated once into the instance folder."""
    from_env = os.environ.get("EGOV_SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()


def from_environment(overrides: dict | None = None) -> dict:
    env = os.environ
    overrides = dict(overrides or {})
    instance = Path(overrides.get("INSTANCE_PATH") or env.get("EGOV_INSTANCE_PATH")
                    or PROJECT_ROOT / "instance")
    settings = {
        "INSTANCE_PATH": instance,
        "DATABASE_URL": env.get("EGOV_DATABASE_URL") or f"sqlite:///{instance / 'egov.sqlite3'}",
        "REDIS_URL": env.get("EGOV_REDIS_URL") or None,
        "SANDBOX": _flag(env.get("EGOV_SANDBOX"), True),
        "REGISTRY_DELAY_SECONDS": float(env.get("EGOV_REGISTRY_DELAY_SECONDS") or 5),
        "SMTP_URL": env.get("EGOV_SMTP_URL") or None,
        "MAIL_FROM": env.get("EGOV_MAIL_FROM") or "no-reply@portal.example.az",
        "GUIDES_DIR": Path(env.get("EGOV_GUIDES_DIR") or PROJECT_ROOT / "site"),
        "PREFERRED_URL_SCHEME": env.get("EGOV_URL_SCHEME") or "http",
        "MAX_CONTENT_LENGTH": int(env.get("EGOV_MAX_BODY_BYTES") or 64 * 1024),
        "SESSION_IDLE_MINUTES": int(env.get("EGOV_SESSION_IDLE_MINUTES") or 30),
        "LOG_LEVEL": env.get("EGOV_LOG_LEVEL") or "INFO",
        # Sandbox knobs for demos and QA: how slow or absent the outside systems are.
        "GATEWAY_DELAY_SECONDS": _number(env.get("EGOV_GATEWAY_DELAY_SECONDS")),
        "GATEWAY_FAILURE": env.get("EGOV_GATEWAY_FAILURE") or None,
        "BILLING_DELAY_SECONDS": _number(env.get("EGOV_BILLING_DELAY_SECONDS")),
        "BILLING_DOWN": env.get("EGOV_BILLING_DOWN") or None,
        "SMS_URL": env.get("EGOV_SMS_URL") or None,
        "AZERISIQ_DELAY_SECONDS": _number(env.get("EGOV_AZERISIQ_DELAY_SECONDS")),
        "AZERISIQ_DOWN": _flag(env.get("EGOV_AZERISIQ_DOWN"), False),
    }
    settings.update(overrides)
    if "SECRET_KEY" not in settings:
        settings["SECRET_KEY"] = _secret_key(Path(settings["INSTANCE_PATH"]))
    return settings
