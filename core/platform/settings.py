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


def _parse(kind: str, text: str):
    """An environment variable's text as the field's type (annotations are strings here)."""
    kind = kind.replace(" | None", "")
    if kind == "bool":
        return flag(text)
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "Path":
        return Path(text)
    if kind.startswith("tuple"):
        return tuple(part.strip() for part in text.split(",") if part.strip())
    return text


ENVIRONMENT_NAMES = {"prometheus_multiproc_dir": "PROMETHEUS_MULTIPROC_DIR"}
SANDBOX_IN_PROCESS = "sandbox-in-process://"
# The outside systems the portal calls; each has <system>_url and <system>_token settings
# (EGOV_MCQS_URL, EGOV_MCQS_TOKEN …) and a contract in contracts/<system>.yaml.
OUTSIDE_SYSTEMS = ("population_registry", "mcqs", "billing", "call_records", "bank",
                   "azerisiq", "asan_imza", "eimza", "egov_identity", "sms")


@dataclass(frozen=True)
class Settings:
    instance_path: Path = PROJECT_ROOT / "instance"
    database_url: str = ""  # from_environment: sqlite:///<instance>/egov.sqlite3
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
    # How long a worker's thread keeps the interpreter before another may take it (Python's
    # sys.setswitchinterval; None: Python's 5 ms). Shorter lets a thread whose database answer
    # has come back run sooner while others compute.
    switch_interval_ms: float | None = None
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
    azerisiq_delay_seconds: float = 0.0
    azerisiq_down: bool = False
    # The waiting room in front of a Güzəştli mənzil sale: how many citizens choose at once
    # at most (the pacer admits as fast as the sale keeps its pace, within this), how long an
    # admission lasts, and how long a turn waits for its citizen (core.housing.waiting_room).
    waiting_room_capacity: int = 200
    waiting_room_minutes: int = 10
    waiting_room_turn_minutes: int = 3
    # How many of a sale's crowd (arrivals, waiting pages, leaving the line) each portal
    # process serves at once; those inside the sale never wait behind them
    # (web.platform.crowd_gate).
    crowd_at_once: int = 2
    # The allocation logs as transparency logs (core.housing.checkpoints): the name of the
    # signing key (each sale's log origin is <name>/satis/<id>/tlog), the Ed25519 key itself
    # (base64 of its 32-byte seed; None: generated once into the instance folder), how often
    # at most a growing log gets a new checkpoint, and the witnesses asked to cosign
    # ("URL VKEY" pairs, comma-separated; None: web.serve runs one beside the portal).
    log_name: str = "portal.example.az/guzestli-menzil"
    log_signing_key: str | None = None
    log_checkpoint_seconds: float = 2.0
    log_witnesses: str | None = None
    # Outside systems (OUTSIDE_SYSTEMS above): the sandbox service (sandbox_service/) when
    # sandbox is on and no system URL is set: its address (None: in this process) and its
    # own database; every call's timeout; the secret the systems sign their callbacks with.
    sandbox_url: str | None = None
    sandbox_database_url: str = ""  # from_environment: sqlite:///<instance>/sandbox.sqlite3
    outside_timeout_seconds: float = 5.0
    callback_secret: str | None = None
    callbacks_url: str | None = None  # the sandbox service's: where the portal takes callbacks
    population_registry_url: str | None = None
    population_registry_token: str | None = None
    mcqs_url: str | None = None
    mcqs_token: str | None = None
    billing_url: str | None = None
    billing_token: str | None = None
    call_records_url: str | None = None
    call_records_token: str | None = None
    bank_url: str | None = None
    bank_token: str | None = None
    azerisiq_url: str | None = None
    azerisiq_token: str | None = None
    asan_imza_url: str | None = None
    asan_imza_token: str | None = None
    eimza_url: str | None = None
    eimza_token: str | None = None
    egov_identity_url: str | None = None
    egov_identity_token: str | None = None
    sms_url: str | None = None
    sms_token: str | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None, **changes) -> "Settings":
        """Each field from EGOV_<FIELD NAME> when set (a new setting is one new field), else
        its default; the database files default to the instance folder."""
        env = os.environ if env is None else env
        found = {}
        for spec in fields(cls):
            name = ENVIRONMENT_NAMES.get(spec.name, f"EGOV_{spec.name.upper()}")
            text = env.get(name)
            if text not in (None, ""):
                found[spec.name] = _parse(spec.type, text)
        instance = Path(found.get("instance_path") or changes.get("instance_path")
                        or PROJECT_ROOT / "instance")
        found["instance_path"] = instance
        found.setdefault("database_url", f"sqlite:///{instance / 'egov.sqlite3'}")
        found.setdefault("sandbox_database_url", f"sqlite:///{instance / 'sandbox.sqlite3'}")
        settings = cls(**found)
        if "instance_path" in changes:
            for key, file in (("database_url", "egov"), ("sandbox_database_url", "sandbox")):
                if key not in changes and not env.get(f"EGOV_{key.upper()}"):
                    changes[key] = f"sqlite:///{Path(changes['instance_path']) / file}.sqlite3"
        return replace(settings, **changes) if changes else settings

    def url_of(self, system: str) -> str | None:
        """Where the portal reaches an outside system: its own URL when set; in sandbox mode
        the sandbox service's (SANDBOX_IN_PROCESS when no sandbox URL is set: the sandbox app
        in this process, over httpx's WSGI transport); None: not connected."""
        own = getattr(self, f"{system}_url")
        if own:
            return own
        if not self.sandbox:
            return None
        if self.sandbox_url:
            return f"{self.sandbox_url.rstrip('/')}/{system}"
        return SANDBOX_IN_PROCESS + system

    def token_of(self, system: str) -> str | None:
        return getattr(self, f"{system}_token", None)

    @staticmethod
    def child_environment(**extra: str) -> dict[str, str]:
        """The environment for a process the portal starts (web.serve), with `extra` set."""
        return {**os.environ, **extra}

    @classmethod
    def field_names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))
