"""A check of a whole value checks all of it (hardening round three, row 8): `re.match(…$)`
matched before a trailing line break and `\\d` matched any script's digits, so
`victim\\n@example.az` passed as an e-mail address and then broke the message built for SMTP;
and a transport that raises something unexpected still ends the message in a recorded
delivery status instead of leaving it "sending" and retried for ever."""
from __future__ import annotations

import pytest

from core.kernel.db import transaction
from core.meter_damage.subscribers import code_kind
from core.notifications import outbox as n
from core.notifications.models import OutboxMessage
from core.payments.receipts import NUMBER_PATTERN


@pytest.mark.parametrize("address", ["victim\n@example.az", "a@example\n.az",
                                     "victim\r\n@example.az", "a@example.az\n.evil.az",
                                     "a\n@example.az"])
def test_a_line_break_inside_an_address_is_refused(address):
    with pytest.raises(n.InvalidEmail):
        n.normalise_email(address)


def test_digits_of_other_scripts_are_not_a_subscriber_code():
    assert code_kind("100200300400501") == "subscriber"
    assert code_kind("١٠٠٢٠٠٣٠٠٤٠٠٥٠١") is None
    assert code_kind("１００２００３００４") is None


def test_a_receipt_number_is_ascii_and_ends_where_it_ends():
    assert NUMBER_PATTERN.fullmatch("RK-260521-123456")
    assert not NUMBER_PATTERN.fullmatch("RK-٢٦٠٥٢١-123456")
    assert not NUMBER_PATTERN.fullmatch("RK-260521-123456\n")


def _stored_message(factory, recipient: str) -> int:
    """A message as an older portal could have queued it (before the address check was whole)."""
    with transaction(factory) as session:
        message = OutboxMessage(channel=n.EMAIL, recipient=recipient, subject="Bildiriş",
                                body="Mətn", delivery_status="created", attempts=0)
        session.add(message)
        session.flush()
        return message.id


def _status(factory, message_id: int) -> tuple[str, str | None]:
    with transaction(factory) as session:
        message = session.get(OutboxMessage, message_id)
        return message.delivery_status, message.last_error


def test_a_message_smtp_cannot_carry_fails_for_good_without_asking_the_server(factory):
    message_id = _stored_message(factory, "victim\n@example.az")
    # Nothing listens on port 9: the message is refused before any connection is tried.
    smtp = {n.EMAIL: n.SmtpMailer(n.SmtpSettings.from_url("smtp://127.0.0.1:9?timeout=1"),
                                  "no-reply@portal.example.az")}
    assert n.deliver(factory, smtp, message_id).status == n.FAILED
    status, error = _status(factory, message_id)
    assert status == "permanent-failure" and "newline" not in (error or "")


class Broken:
    def deliver(self, message):
        raise KeyError("a fault of the transport's own code")


def test_a_transport_that_raises_anything_ends_the_message_in_a_recorded_status(factory):
    message_id = _stored_message(factory, "aysel@example.az")
    assert n.deliver(factory, {n.EMAIL: Broken()}, message_id).status == n.FAILED
    assert _status(factory, message_id) == ("permanent-failure", "unexpected KeyError")


def test_a_message_whose_attempts_all_died_mid_send_stops_as_failed(factory):
    message_id = _stored_message(factory, "aysel@example.az")
    with transaction(factory) as session:  # eight workers claimed it and none finished
        message = session.get(OutboxMessage, message_id)
        message.delivery_status, message.attempts = "sending", n.MAX_ATTEMPTS
    assert n.deliver(factory, {n.EMAIL: n.OutboxOnly()}, message_id).status == n.FAILED
    assert _status(factory, message_id)[0] == "temporary-failure"
