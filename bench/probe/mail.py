"""The notices the probed portal sends: an SMTP sink on loopback (aiosmtpd) takes them, so a
notice goes through the same SMTP message building as in production; afterwards the portal's
outbox is read for any address with a line break in it (hardening round three, row 8: such an
address must be refused at the field, never kept) and for the delivery statuses."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from aiosmtpd.controller import Controller

from .loopback import assert_loopback
from .portal import HOST, free_port


class Sink:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


class MailSink:
    def __init__(self) -> None:
        assert_loopback(HOST)
        self.port = free_port()
        self.sink = Sink()
        self.controller = Controller(self.sink, hostname=HOST, port=self.port)

    def __enter__(self) -> "MailSink":
        self.controller.start()
        return self

    def __exit__(self, *_) -> None:
        self.controller.stop()


def outbox(database: Path) -> dict:
    """What the portal's outbox holds: statuses, and addresses with a line break."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        statuses = dict(connection.execute(
            "SELECT delivery_status, count(*) FROM outbox_message GROUP BY delivery_status"))
        broken = connection.execute(
            "SELECT count(*) FROM outbox_message WHERE instr(recipient, char(10)) > 0 "
            "OR instr(recipient, char(13)) > 0").fetchone()[0]
    return {"statuses": statuses, "addresses_with_a_line_break": broken}
