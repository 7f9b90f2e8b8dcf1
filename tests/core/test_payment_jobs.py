from datetime import date, datetime

import pytest

from core.kernel import db
from core.platform import job_queue, this_process
from core.platform.settings import Settings
from core.payments import adapters as payment_adapters
from core.payments import checkout
from core.payments import jobs as payment_jobs
from core.payments.cards import check_card
from core.payments.service import APPROVED, PENDING, GatewayTimeout, PaymentService
from core.sandbox.bank import SandboxGateway


@pytest.fixture
def setup(database_url, tmp_path):
    engine = db.make_engine(database_url)
    factory = db.make_session_factory(engine)
    gateway = SandboxGateway(factory, delay_seconds=0)
    service = PaymentService(factory, gateway)
    previous = this_process.settings()
    this_process.configure(Settings(database_url="sqlite://", instance_path=tmp_path),
                           session_factory=factory)
    this_process.provide(payment_adapters.build, payment_adapters.Adapters(payments=service))
    yield service, gateway
    this_process.configure(previous)
    engine.dispose()


def test_a_payment_whose_answer_was_lost_is_settled_by_the_job_and_finished_once(setup):
    service, gateway = setup
    finished = []
    checkout.on_approved("job-test")(lambda factory, payment: finished.append(payment.id))

    def bank_unreachable(order_id):
        raise GatewayTimeout("no answer")

    gateway.failure, gateway.lookup, real_lookup = "timeout", bank_unreachable, gateway.lookup
    card = check_card("4111111111111111", "12", str(date.today().year + 2), "123",
                      card_type="visa").card
    outcome = service.pay(subject="job-test:1", service_slug="job-test", description="x",
                          amount_qepik=500, card=card)
    assert outcome.status == PENDING
    payment_jobs.settle_payment(outcome.payment.id)
    job_queue.drain()                      # the bank still does not answer: retried later
    assert finished == [] and len(job_queue.pending_payloads()) == 1
    gateway.lookup = real_lookup
    job_queue.drain(now=datetime(2999, 1, 1))  # every retry is due
    assert finished == [outcome.payment.id]
    assert service.current("job-test:1").status == APPROVED
    assert gateway.charge_count() == 1
