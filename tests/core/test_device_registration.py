from datetime import timedelta

import pytest

from core.kernel import db
from core.device_registration import registration as reg
from core.platform import drafts
from core.platform import job_queue, this_process
from core.platform.settings import Settings
from core.device_registration import adapters
from core.payments import receipts
from core.sandbox import devices
from core.sandbox.population_registry import SandboxPersonRegistry
from core.device_registration.models import DeviceApplication
from core.payments.models import Payment
from core.platform.usage import usage_count

AYSEL = dict(id_card_number="AZE12345678", fin="5ZX8K2P")


@pytest.fixture
def registry(factory, clock):
    return devices.SandboxDeviceRegistry(factory, delay_seconds=5, clock=clock)


def check(factory, registry, imei, id_card_number="AZE12345678", fin="5ZX8K2P", people=None):
    return reg.check_applicant(factory, people or SandboxPersonRegistry(), registry,
                               id_card_number, fin, imei)


def paid_application(factory, imei="353325111234567", draft_id="d1"):
    with db.transaction(factory) as session:
        payment = Payment(idempotency_key=f"{reg.payment_subject(draft_id)}#1",
                          subject=reg.payment_subject(draft_id), attempt=1,
                          service_slug=reg.SERVICE_SLUG, description="IMEI", amount_qepik=3000,
                          brand="visa", last4="1111", status="approved",
                          gateway_reference="SBX1")
        session.add(payment)
        session.flush()
        answers = dict(AYSEL, full_name="Məmmədova Aysel Rauf qızı", address="Bakı",
                       imei=imei, mobile="0501234567")
        application = reg.complete(session, payment=payment, answers=answers)
        again = reg.complete(session, payment=payment, answers=answers)
        assert again.id == application.id
        return application.id


def test_aysel_may_register_the_samsung_for_thirty_manat(factory, registry):
    result = check(factory, registry, "35 332511 123456 7", "aze 1234 5678", "5zx8k2p")
    assert result.ok
    assert result.person.full_name == "Məmmədova Aysel Rauf qızı"
    assert (result.device.model, result.device.fee_qepik) == ("Samsung Galaxy A15", 3000)


def test_the_iphone_costs_a_hundred_manat(factory, registry):
    assert check(factory, registry, "354071159876542").device.fee_qepik == 10000


def test_reshads_nokia_is_refused_as_already_registered(factory, registry):
    assert check(factory, registry, "352099001761481").errors == {"imei": "registered"}


def test_an_imei_with_a_wrong_check_digit_is_refused_for_it(factory, registry):
    assert check(factory, registry, "353325111234568").errors == {"imei": "check_digit"}


def test_a_card_and_fin_of_two_different_people_are_refused(factory, registry):
    result = check(factory, registry, "353325111234567", id_card_number="AA1234567")
    assert result.errors == {"fin": "mismatch"}


def test_format_errors_are_reported_for_every_field_at_once(factory, registry):
    result = check(factory, registry, "123", id_card_number="X1", fin="IIIIIII")
    assert result.errors == {"id_card_number": "format", "fin": "characters", "imei": "length"}


def test_outside_systems_that_are_down_are_reported_not_mistaken_for_a_refusal(factory, registry):
    registry.fail_next(1)
    assert check(factory, registry, "353325111234567").errors == {"form": "registry_unavailable"}
    people = SandboxPersonRegistry(available=False)
    assert check(factory, registry, "353325111234567", people=people).errors == {
        "form": "people_unavailable"}


def test_a_paid_application_makes_one_receipt_and_counts_one_use(factory):
    application_id = paid_application(factory)
    with db.transaction(factory) as session:
        application = session.get(DeviceApplication, application_id)
        receipt = session.get(receipts.Receipt, application.receipt_id)
        assert application.status == reg.PENDING and application.model == "Samsung Galaxy A15"
        assert receipt.details["imei"] == "353325111234567"
        assert usage_count(session, reg.SERVICE_SLUG) == 1


def test_an_imei_with_a_paid_application_is_refused_as_in_progress(factory, registry):
    paid_application(factory)
    assert check(factory, registry, "353325111234567").errors == {"imei": "in_progress"}


def test_the_registry_registers_the_device_after_its_delay(factory, registry, clock):
    application_id = paid_application(factory)
    progress = reg.advance(factory, registry, application_id, clock=clock)
    assert progress.status == reg.SUBMITTED and progress.check_again_after == 5
    clock.now += timedelta(seconds=6)
    assert reg.advance(factory, registry, application_id, clock=clock).status == reg.REGISTERED
    assert check(factory, registry, "353325111234567").errors == {"imei": "registered"}


def test_a_registry_outage_is_noted_and_retried_without_losing_the_application(
        factory, registry, clock):
    application_id = paid_application(factory)
    registry.fail_next(2)
    for _ in range(2):
        with pytest.raises(reg.DeviceRegistryUnavailable):
            reg.advance(factory, registry, application_id, clock=clock)
    with db.transaction(factory) as session:
        application = session.get(DeviceApplication, application_id)
        assert application.status == reg.PENDING and application.attempts == 2
    assert reg.advance(factory, registry, application_id, clock=clock).status == reg.SUBMITTED
    clock.now += timedelta(seconds=6)
    assert reg.advance(factory, registry, application_id, clock=clock).status == reg.REGISTERED


def test_submitting_twice_gives_the_same_registry_reference(factory, registry):
    application_id = paid_application(factory)
    submission = reg.Submission(f"portal-{application_id}", "353325111234567", "5ZX8K2P",
                                "Aysel", None)
    assert registry.submit(submission) == registry.submit(submission)


def test_the_registry_rejects_a_device_someone_else_registered_meanwhile(factory, registry):
    application_id = paid_application(factory)
    registry.submit(reg.Submission("elsewhere-1", "353325111234567", "7KP3M9D", "Rəşad", None))
    assert reg.advance(factory, registry, application_id).status == reg.REJECTED


def test_an_application_whose_job_was_lost_is_found_by_the_sweep(factory):
    application_id = paid_application(factory)
    assert reg.stalled(factory) == []
    assert reg.stalled(factory, now=db.utcnow() + timedelta(minutes=11)) == [application_id]


def test_the_archive_lists_a_citizens_registrations_only_with_both_documents(factory):
    with db.transaction(factory) as session:
        reshad = reg.applications_for(session, "aa1234567", "7kp3m9d")
        assert [(a.imei, a.status) for a in reshad] == [("352099001761481", reg.REGISTERED)]
        assert reg.applications_for(session, "AA1234567", "5ZX8K2P") == []


def test_the_demo_devices_load_once(factory):
    with db.transaction(factory) as session:
        assert devices.load(session) is False


def test_the_registry_job_registers_the_device_and_retries_after_a_failure(factory, tmp_path):
    from core.device_registration import jobs as reg_jobs

    previous = this_process.settings()
    this_process.configure(Settings(database_url="sqlite://", instance_path=tmp_path,
                                    registry_delay_seconds=0), session_factory=factory)
    try:
        registry = devices.SandboxDeviceRegistry(factory, delay_seconds=0)
        this_process.provide(adapters.build, adapters.Adapters(people=None, registry=registry))
        application_id = paid_application(factory)
        registry.fail_next(1)
        reg_jobs.register_device(application_id)
        assert job_queue.drain() == 1  # failed: the retry waits 30 s
        with db.transaction(factory) as session:
            assert session.get(DeviceApplication, application_id).status == reg.PENDING
        payloads = job_queue.pending_payloads()
        assert len(payloads) == 1 and b"5ZX8K2P" not in payloads[0]
        job_queue.drain(now=db.utcnow().replace(tzinfo=None) + timedelta(minutes=1))
        with db.transaction(factory) as session:
            assert session.get(DeviceApplication, application_id).status == reg.REGISTERED
    finally:
        this_process.configure(previous)


def test_a_payment_settled_in_the_background_still_becomes_an_application(factory, tmp_path):
    from core.device_registration import jobs as reg_jobs

    with db.transaction(factory) as session:
        draft = drafts.create(session, reg.SERVICE_SLUG)
        drafts.update(session, draft, full_name="Məmmədova Aysel Rauf qızı", address="Bakı",
                      imei="867692041112224", mobile="0501234567", **AYSEL)
        draft_id = draft.id
    previous = this_process.settings()
    this_process.configure(Settings(database_url="sqlite://", instance_path=tmp_path,
                                    jobs_immediate=True, registry_delay_seconds=0),
                           session_factory=factory)
    try:
        this_process.provide(adapters.build, adapters.Adapters(
            people=None, registry=devices.SandboxDeviceRegistry(factory, delay_seconds=0)))
        with db.transaction(factory) as session:
            payment = Payment(idempotency_key=f"{reg.payment_subject(draft_id)}#1",
                              subject=reg.payment_subject(draft_id), attempt=1,
                              service_slug=reg.SERVICE_SLUG, description="IMEI",
                              amount_qepik=2000, brand="visa", last4="1111", status="approved",
                              gateway_reference="SBX2")
            session.add(payment)
        first = reg_jobs.finish_after_payment(factory, payment)
        assert reg_jobs.finish_after_payment(factory, payment) == first
        with db.transaction(factory) as session:
            assert session.get(DeviceApplication, first).status == reg.REGISTERED
            assert usage_count(session, reg.SERVICE_SLUG) == 1
    finally:
        this_process.configure(previous)
