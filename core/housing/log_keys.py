"""Who signs and who cosigns: the log's Ed25519 key (EGOV_LOG_SIGNING_KEY, or generated once
into the instance folder like the session key), the witnesses the portal asks to cosign
(EGOV_LOG_WITNESSES), a witness's own key, and each sale's log origin.

One key signs the logs of every sale; its name is EGOV_LOG_NAME and each sale's log is the
origin "<name>/satis/<sale id>/tlog" (the scheme-less URL of its tiles), "/<n>" added for the
n-th log of a sale the sandbox has reset. A witness that trusts the key trusts the origins
under its name."""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from core.housing.note import COSIGNATURE_V1, NoteError, Signer, Verifier, b64decode
from core.platform.instance_files import generated_once
from core.platform.settings import Settings

LOG_KEY_FILE = "log_signing_key"
WITNESS_KEY_FILE = "witness_key"


def _new_seed() -> str:
    return base64.b64encode(os.urandom(32)).decode("ascii")


def _seed(text: str, where: str) -> bytes:
    try:
        seed = b64decode(text.strip(), where)
    except NoteError:
        seed = b""
    if len(seed) != 32:
        raise ValueError(f"{where} must be the base64 of a 32-byte Ed25519 private key")
    return seed


def log_signer(settings: Settings) -> Signer:
    if settings.log_signing_key:
        return Signer(settings.log_name, _seed(settings.log_signing_key, "EGOV_LOG_SIGNING_KEY"))
    key_file = Path(settings.instance_path) / LOG_KEY_FILE
    return Signer(settings.log_name, _seed(generated_once(key_file, _new_seed), str(key_file)))


def witness_signer(state_dir: Path, name: str) -> Signer:
    key_file = Path(state_dir) / WITNESS_KEY_FILE
    return Signer(name, _seed(generated_once(key_file, _new_seed), str(key_file)),
                  kind=COSIGNATURE_V1)


def origin(log_name: str, sale_id: int, generation: int = 1) -> str:
    base = f"{log_name}/satis/{sale_id}/tlog"
    return base if generation == 1 else f"{base}/{generation}"


def trusts(log_key: Verifier, checkpoint_origin: str) -> bool:
    """Whether a log key speaks for this origin: its own name, or an origin under it."""
    return checkpoint_origin == log_key.name or checkpoint_origin.startswith(log_key.name + "/")


@dataclass(frozen=True)
class WitnessEndpoint:
    url: str            # its submission prefix: POST <url>/add-checkpoint
    key: Verifier       # its cosigning key (type 0x04)


def witnesses(settings: Settings) -> list[WitnessEndpoint]:
    """EGOV_LOG_WITNESSES: "URL VKEY" pairs separated by commas; ValueError says what is
    wrong with a pair."""
    found = []
    for pair in (settings.log_witnesses or "").split(","):
        if not pair.strip():
            continue
        parts = pair.split()
        if len(parts) != 2 or not parts[0].startswith(("http://", "https://")):
            raise ValueError("EGOV_LOG_WITNESSES: each witness is its URL, a space and its key")
        try:
            key = Verifier.parse(parts[1])
        except NoteError as error:
            raise ValueError(f"EGOV_LOG_WITNESSES: {error}") from None
        if key.kind != COSIGNATURE_V1:
            raise ValueError("EGOV_LOG_WITNESSES: a witness key is a cosignature key (type 4)")
        found.append(WitnessEndpoint(parts[0].rstrip("/"), key))
    return found
