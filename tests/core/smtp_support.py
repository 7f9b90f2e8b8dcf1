"""A real SMTP server on loopback (aiosmtpd) for the e-mail tests."""
from __future__ import annotations


class Collect:
    """aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"
