"""The sandbox's systems answering the portal later (Azərişıq's result, MCQS's confirmation):
a POST of the JSON body to the portal's callback address, signed as contracts/README.md says,
repeated with backoff while the portal does not answer or fails, never after a refusal."""
from __future__ import annotations

import logging
import time
from typing import Callable

import httpx

from core.platform.outside import SIGNATURE_HEADER, sign

log = logging.getLogger("egov.sandbox.callbacks")


def send_signed(callback_url: str, body: bytes, secret: str, *, what: str,
                transport: httpx.BaseTransport | None = None, attempts: int = 3,
                sleep: Callable[[float], None] = time.sleep) -> bool:
    """True when the portal took it (2xx); False once it refused (4xx) or never answered."""
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body)}
    with httpx.Client(transport=transport, timeout=5.0) as client:
        for attempt in range(attempts):
            try:
                answer = client.post(callback_url, content=body, headers=headers)
            except httpx.TransportError as error:
                log.warning("%s: no answer (%s)", what, type(error).__name__)
            else:
                if answer.is_success:
                    return True
                if answer.status_code < 500:  # refused (bad signature, unknown): final
                    log.error("%s refused with %s", what, answer.status_code)
                    return False
                log.warning("%s: %s", what, answer.status_code)
            if attempt + 1 < attempts:
                sleep(0.5 * (2 ** attempt))
    return False
