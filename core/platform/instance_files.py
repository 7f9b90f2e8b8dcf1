"""Secrets generated once into the instance folder when no setting gives them: the session key
(web/platform/config.py), the allocation log's signing key and a witness's key
(core.housing.log_keys). The first process to need one writes it (O_EXCL, mode 0600); any
other, at the same moment or later, reads that one."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Callable


def generated_once(key_file: Path, make: Callable[[], str]) -> str:
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return key_file.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(make())
    return key_file.read_text().strip()


def session_secret(instance_path: Path) -> str:
    """The portal's secret key (sessions, CSRF, receipts, the waiting room's tickets) when no
    EGOV_SECRET_KEY is set: generated once into the instance folder, shared by the web app
    and the job consumer."""
    return generated_once(Path(instance_path) / "secret_key", lambda: secrets.token_urlsafe(48))


def callback_secret(instance_path: Path) -> str:
    """The secret the sandbox service signs its callbacks with, and the portal checks them
    with, when no EGOV_CALLBACK_SECRET is set: generated once into the instance folder."""
    return generated_once(Path(instance_path) / "callback_secret",
                          lambda: secrets.token_urlsafe(32))
