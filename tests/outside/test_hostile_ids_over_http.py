"""What a hostile visitor types where the sandbox pages expect a request id or a case
reference never becomes a 500 (make probe found 20): ids no system issues are not sent, and a
system that knows no such request answers 404, which is "no such request", not an error."""
from __future__ import annotations

import pytest

from core.auth.asan_imza import PinResult
from core.auth.http_sandbox import SandboxHttpAsanImza
from core.meter_damage.back_office import HttpBackOffice
from core.platform.outside import OutsideSystem
from core.platform.settings import Settings
from sandbox_service import InProcessTransport, create_app
from tests.outside.support import CountingTransport

HOSTILE = ["../../../../etc/passwd", "7" * 41_000, "\nevil", "x\r\nX-Injected: 1", "əəə"]


@pytest.fixture
def sandbox(tmp_path):
    return create_app(Settings.from_environment(
        {}, sandbox_database_url=f"sqlite:///{tmp_path / 'sandbox.sqlite3'}"))


def test_a_hostile_request_id_on_the_phone_is_no_request_and_is_not_sent(sandbox):
    transport = CountingTransport(sandbox)
    phone = SandboxHttpAsanImza(OutsideSystem("asan_imza", "http://sandbox/asan_imza",
                                              transport=transport, sleep=lambda s: None))
    for request_id in HOSTILE:
        assert phone.enter_pin(None, request_id, "1234") == (PinResult.NOT_WAITING, 0)
        assert phone.decline(None, request_id) is False
    assert sum(transport.calls.values()) == 0
    assert phone.decline(None, "no-such-request") is False  # asked, and the system said 404
    assert phone.enter_pin(None, "no-such-request", "1234") == (PinResult.NOT_WAITING, 0)


def test_a_hostile_case_reference_in_the_back_office_is_no_case(sandbox):
    office = HttpBackOffice(OutsideSystem("azerisiq", "http://sandbox/azerisiq",
                                          transport=InProcessTransport(app=sandbox),
                                          sleep=lambda s: None))
    for case in HOSTILE + ["AZS-NONE"]:
        assert office.decide(case, "intact", None).known is False
