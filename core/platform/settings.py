"""The portal's one settings object, built once from EGOV_* environment variables with embedded
defaults that need no other server (SQLite, SQLite job queue, sandbox adapters).

    settings = Settings.from_environment()      # the web app, the job consumer, manage, serve

This is the only module that reads the environment (tests/test_meta.py); everything else is
handed the settings (or the web app's config made from them)."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def flag(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _number(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


@dataclass(frozen=True)
class Settings:
    instance_path: Path
    database_url: str
    redis_url: str | None = None
    secret_key: str | None = None  # None: web/config generates one into the instance folder
    sandbox: bool = True
    jobs_immediate: bool = False
    guides_dir: Path = PROJECT_ROOT / "site"
    url_scheme: str = "http"
    max_body_bytes: int = 64 * 1024
    session_idle_minutes: int = 30
    log_level: str = "INFO"
    workers: int = 2
    # Threads per gunicorn worker (gthread): a slow client holds a thread, never a worker.
    threads: int = 32
    request_timeout_seconds: int = 30
    proxy_count: int = 0  # reverse proxies in front whose X-Forwarded-* headers are trusted
    metrics_allowed_from: tuple[str, ...] = ("127.0.0.1", "::1")
    # Set by web.serve for gunicorn's workers: prometheus_client's multiprocess folder.
    prometheus_multiproc_dir: Path | None = None
    smtp_url: str | None = None
    mail_from: str = "no-reply@portal.example.az"
    # Sandbox knobs for demos and QA: how slow or absent the outside systems are.
    registry_delay_seconds: float = 5.0
    gateway_delay_seconds: float | None = None
    gateway_failure: str | None = None
    billing_delay_seconds: float = 0.3
    billing_down: str | None = None
    sms_url: str | None = None  # an SMS provider's HTTP API; unset: the sandbox's SMS outbox
    azerisiq_delay_seconds: float = 0.0
    azerisiq_down: bool = False
    # The waiting room in front of a Güzəştli mənzil sale: how many citizens choose at once
    # at most (the pacer admits as fast as the sale keeps its pace, within this), how long an
    # admission lasts, and how long a turn waits for its citizen (core.housing.waiting_room).
    waiting_room_capacity: int = 200
    waiting_room_minutes: int = 10
    waiting_room_turn_minutes: int = 3
    # The allocation logs as transparency logs (core.housing.checkpoints): the name of the
    # signing key (each sale's log origin is <name>/satis/<id>/tlog), the Ed25519 key itself
    # (base64 of its 32-byte seed; None: generated once into the instance folder), how often
    # at most a growing log gets a new checkpoint, and the witnesses asked to cosign
    # ("URL VKEY" pairs, comma-separated; None: web.serve runs one beside the portal).
    log_name: str = "portal.example.az/guzestli-menzil"
    log_signing_key: str | None = None
    log_checkpoint_seconds: float = 2.0
    log_witnesses: str | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None, **changes) -> "Settings":
        env = os.environ if env is None else env
        instance = Path(env.get("EGOV_INSTANCE_PATH") or PROJECT_ROOT / "instance")
        found = cls(
            instance_path=instance,
            database_url=env.get("EGOV_DATABASE_URL") or f"sqlite:///{instance / 'egov.sqlite3'}",
            redis_url=env.get("EGOV_REDIS_URL") or None,
            secret_key=env.get("EGOV_SECRET_KEY") or None,
            sandbox=flag(env.get("EGOV_SANDBOX"), True),
            jobs_immediate=flag(env.get("EGOV_JOBS_IMMEDIATE")),
            guides_dir=Path(env.get("EGOV_GUIDES_DIR") or PROJECT_ROOT / "site"),
            url_scheme=env.get("EGOV_URL_SCHEME") or "http",
            max_body_bytes=int(env.get("EGOV_MAX_BODY_BYTES") or 64 * 1024),
            session_idle_minutes=int(env.get("EGOV_SESSION_IDLE_MINUTES") or 30),
            log_level=env.get("EGOV_LOG_LEVEL") or "INFO",
            workers=int(env.get("EGOV_WORKERS") or 2),
            threads=int(env.get("EGOV_THREADS") or 32),
            request_timeout_seconds=int(env.get("EGOV_REQUEST_TIMEOUT_SECONDS") or 30),
            proxy_count=int(env.get("EGOV_PROXY_COUNT") or 0),
            metrics_allowed_from=tuple(
                a.strip() for a in (env.get("EGOV_METRICS_ALLOWED_FROM") or "127.0.0.1,::1")
                .split(",") if a.strip()),
            prometheus_multiproc_dir=Path(env["PROMETHEUS_MULTIPROC_DIR"])
            if env.get("PROMETHEUS_MULTIPROC_DIR") else None,
            smtp_url=env.get("EGOV_SMTP_URL") or None,
            mail_from=env.get("EGOV_MAIL_FROM") or "no-reply@portal.example.az",
            registry_delay_seconds=float(env.get("EGOV_REGISTRY_DELAY_SECONDS") or 5),
            gateway_delay_seconds=_number(env.get("EGOV_GATEWAY_DELAY_SECONDS")),
            gateway_failure=env.get("EGOV_GATEWAY_FAILURE") or None,
            billing_delay_seconds=float(env.get("EGOV_BILLING_DELAY_SECONDS") or 0.3),
            billing_down=env.get("EGOV_BILLING_DOWN") or None,
            sms_url=env.get("EGOV_SMS_URL") or None,
            azerisiq_delay_seconds=float(env.get("EGOV_AZERISIQ_DELAY_SECONDS") or 0),
            azerisiq_down=flag(env.get("EGOV_AZERISIQ_DOWN")),
            waiting_room_capacity=int(env.get("EGOV_WAITING_ROOM_CAPACITY") or 200),
            waiting_room_minutes=int(env.get("EGOV_WAITING_ROOM_MINUTES") or 10),
            waiting_room_turn_minutes=int(env.get("EGOV_WAITING_ROOM_TURN_MINUTES") or 3),
            log_name=env.get("EGOV_LOG_NAME") or "portal.example.az/guzestli-menzil",
            log_signing_key=env.get("EGOV_LOG_SIGNING_KEY") or None,
            log_checkpoint_seconds=float(env.get("EGOV_LOG_CHECKPOINT_SECONDS") or 2),
            log_witnesses=env.get("EGOV_LOG_WITNESSES") or None,
        )
        if "instance_path" in changes and "database_url" not in changes \
                and not env.get("EGOV_DATABASE_URL"):
            changes["database_url"] = f"sqlite:///{Path(changes['instance_path']) / 'egov.sqlite3'}"
        return replace(found, **changes) if changes else found

    @staticmethod
    def child_environment(**extra: str) -> dict[str, str]:
        """The environment for a process the portal starts (web.serve), with `extra` set."""
        return {**os.environ, **extra}

    @classmethod
    def field_names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))

    def service_options(self) -> dict:
        """What the job queue's tasks need to build the same adapters as the web process."""
        return {
            "registry_delay_seconds": self.registry_delay_seconds,
            "billing_delay_seconds": self.billing_delay_seconds,
            "billing_down": self.billing_down,
            "smtp_url": self.smtp_url,
            "mail_from": self.mail_from,
            "gateway_delay_seconds": self.gateway_delay_seconds,
            "gateway_failure": self.gateway_failure,
            "sms_url": self.sms_url,
            "azerisiq_delay_seconds": self.azerisiq_delay_seconds,
            "azerisiq_down": self.azerisiq_down,
            "waiting_room_minutes": self.waiting_room_minutes,
        }
