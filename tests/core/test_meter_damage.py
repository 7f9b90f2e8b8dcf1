"""Meter-damage applications (seed 002): only the citizen's own codes, one application per
draft however often and from however many processes it is sent, the hand-over to Azərişıq
with retries while it is down, and the result reported back once."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.kernel.db import transaction, utcnow
from core.meter_damage import application as meter
from core.meter_damage.azerisiq import Submission
from core.meter_damage.back_office import Decision
from core.meter_damage.models import MeterApplication, MeterApplicationEvent, SandboxAzerisiqCase
from core.notifications.models import OutboxMessage
from core.platform import applications, usage
from core.sandbox import azerisiq_cases, electricity
from core.sandbox.azerisiq import InProcessBackOffice, SandboxAzerisiq
from core.sandbox.citizens import AYSEL, RESHAD
from core.sandbox.population_registry import SandboxPersonRegistry
from tests.core.meter_damage_support import AYSEL_HOUSEHOLD, aysel, submit, submit_in_another_process

AYSELS = electricity.subscribers().holdings_of(AYSEL.fin)
RESHADS = electricity.subscribers().holdings_of(RESHAD.fin)


def count(factory, model, *where) -> int:
    with transaction(factory) as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar()


# ---- what the citizen may ask

def test_a_citizen_holds_only_the_codes_in_their_own_name():
    assert [h.code for h in AYSELS.households] == ["100200300400501", "100200300400519"]
    assert AYSELS.businesses == ()
    assert RESHADS.business("7001234567").point("7001234567-02").label.startswith("anbar")
    assert not RESHADS.owns("100200300400501") and AYSELS.owns("100200300400501")


def test_a_subscriber_code_of_someone_else_is_refused():
    answers = {**AYSEL_HOUSEHOLD, "subscriber_code": "100200300400527"}  # Rəşad's
    assert meter.check_answers(AYSELS, answers) == {"subscriber_code": "not_own"}


def test_a_metering_point_must_belong_to_the_chosen_base_code():
    answers = {"kind": "business", "base_code": "7001234567",
               "metering_point": "7001234567-03", "damage_kind": "seal"}
    assert meter.check_answers(RESHADS, answers) == {"metering_point": "not_own"}
    assert meter.check_answers(AYSELS, {**answers, "metering_point": "7001234567-02"}) == {
        "base_code": "not_own"}


@pytest.mark.parametrize("description, kind, problem", [
    ("a" * 501, "seal", "too_long"), ("", "other", "required_for_other"),
    ("a" * 500, "seal", None), ("  ", "other", "required_for_other"),
])
def test_the_description_is_at_most_500_characters_and_needed_for_other_damage(
        description, kind, problem):
    assert meter.check_damage(kind, description).get("description") == problem


@pytest.mark.parametrize("mobile, problem", [
    ("", "required"), ("050123456", "invalid"), ("0201234567", "invalid"),
    ("050 123 45 67", None), ("+994 55 765 43 21", None),
])
def test_the_mobile_number_is_required_and_must_be_an_operators(mobile, problem):
    assert meter.check_contact(mobile, None).get("mobile") == problem


@given(st.dictionaries(st.sampled_from(["kind", "subscriber_code", "base_code",
                                        "metering_point", "damage_kind", "description",
                                        "mobile", "email"]), st.text(max_size=30)))
def test_any_answers_are_either_accepted_or_refused_with_reasons(answers):
    problems = meter.check_answers(RESHADS, answers)
    assert all(isinstance(reason, str) for reason in problems.values())


def test_references_are_readable_and_unlike_each_other():
    found = {meter.new_reference() for _ in range(200)}
    assert len(found) == 200
    assert all(r.startswith("SZ-") and not set(r[10:]) & set("01IO") for r in found)


# ---- kept once

def test_an_application_is_kept_with_its_history_notices_and_one_use(factory):
    with transaction(factory) as session:
        before = usage.usage_count(session, meter.SERVICE_SLUG)
    sent = submit(factory)
    assert sent.created and len(sent.message_ids) == 2
    with transaction(factory) as session:
        application = session.get(MeterApplication, sent.application_id)
        assert (application.status, application.meter_address) == (
            "registered", electricity.HOUSEHOLDS[0].address)
        assert [e.status for e in meter.history(session, application.id)] == ["registered"]
        assert usage.usage_count(session, meter.SERVICE_SLUG) == before + 1
        channels = sorted(session.get(OutboxMessage, i).channel for i in sent.message_ids)
    assert channels == ["email", "sms"]


def test_sending_the_same_draft_again_makes_no_second_application_or_notice(factory):
    first = submit(factory)
    again = submit(factory)
    assert (again.created, again.reference) == (False, first.reference)
    assert count(factory, MeterApplication, MeterApplication.submission_key == "draft-1") == 1
    assert count(factory, OutboxMessage, OutboxMessage.dedupe_key.like("meter:SZ-260101%")) == 2


def test_several_processes_sending_one_draft_at_once_make_one_application(factory,
                                                                         database_url):
    with transaction(factory) as session:
        before = usage.usage_count(session, meter.SERVICE_SLUG)
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("spawn")) as pool:
        created = list(pool.map(submit_in_another_process, [database_url] * 8,
                                ["same-draft"] * 8, ["SZ-260101-BBBBBB"] * 8))
    assert created.count(True) == 1
    assert count(factory, MeterApplication, MeterApplication.submission_key == "same-draft") == 1
    assert count(factory, OutboxMessage, OutboxMessage.dedupe_key.like("meter:SZ-260101-BBBBBB%")) == 2
    with transaction(factory) as session:
        assert usage.usage_count(session, meter.SERVICE_SLUG) == before + 1


def test_another_citizen_cannot_take_over_a_draft_by_its_key(factory):
    submit(factory)
    reshad = SandboxPersonRegistry().person(RESHAD.fin)
    answers = {**AYSEL_HOUSEHOLD, "subscriber_code": "100200300400527", "mobile": "0557654321"}
    with pytest.raises(IntegrityError):
        submit(factory, answers=answers, citizen=reshad, reference="SZ-260101-CCCCCC")


def test_an_application_with_a_code_not_the_citizens_is_never_kept(factory):
    with pytest.raises(meter.InvalidApplication) as refused:
        submit(factory, answers={**AYSEL_HOUSEHOLD, "subscriber_code": "100200300400527"})
    assert refused.value.problems == {"subscriber_code": "not_own"}
    assert count(factory, MeterApplication, MeterApplication.submission_key == "draft-1") == 0


# ---- forwarded to Azərişıq

def test_while_azerisiq_is_down_the_application_waits_and_goes_once_it_is_back(factory):
    sent = submit(factory)
    port = SandboxAzerisiq(factory, down=True)
    now = utcnow()
    assert meter.forward(factory, port, sent.application_id, now=now) == "waiting"
    assert meter.forward(factory, port, sent.application_id, now=now) == "skipped"  # not due
    with transaction(factory) as session:
        assert meter.due_for_forwarding(session, now=now + timedelta(minutes=1)) == [
            sent.application_id]
    port.down = False
    later = now + timedelta(minutes=1)
    assert meter.forward(factory, port, sent.application_id, now=later) == "forwarded"
    assert meter.forward(factory, port, sent.application_id, now=later) == "skipped"
    assert count(factory, SandboxAzerisiqCase,
                 SandboxAzerisiqCase.application_ref == sent.reference) == 1
    with transaction(factory) as session:
        application = session.get(MeterApplication, sent.application_id)
        assert (application.status, application.attempts, application.azerisiq_reference) == (
            "forwarded", 2, "AZS-260101-AAAAAA")


def test_a_lost_answer_from_azerisiq_does_not_open_a_second_case(factory):
    sent = submit(factory)
    port = SandboxAzerisiq(factory)
    submission = Submission(sent.reference, "household", "100200300400501", "x", "seal", None,
                            AYSEL.full_name, AYSEL.mobile)
    assert port.submit(submission) == port.submit(submission)
    assert count(factory, SandboxAzerisiqCase,
                 SandboxAzerisiqCase.application_ref == sent.reference) == 1


def test_the_waits_between_forwarding_attempts_grow_to_an_hour():
    assert [meter.retry_delay(a).total_seconds() for a in (1, 2, 3, 9, 20)] == [
        30, 60, 120, 3600, 3600]


# ---- the result

def test_a_result_recorded_once_notifies_the_citizen_once(factory):
    sent = submit(factory)
    port = SandboxAzerisiq(factory)
    meter.forward(factory, port, sent.application_id)
    with transaction(factory) as session:
        case = azerisiq_cases.decide(session, "AZS-260101-AAAAAA", "replace", "Sayğac 12.06-da dəyişəcək")
        assert case is not None
        _app, messages = meter.receive_result(session, case.application_ref, "replace",
                                              case.note)
        assert len(messages) == 2
    with transaction(factory) as session:
        assert azerisiq_cases.decide(session, "AZS-260101-AAAAAA", "intact") is None
        assert meter.receive_result(session, sent.reference, "intact") is None
        application = session.get(MeterApplication, sent.application_id)
        assert (application.status, application.result) == ("resolved", "replace")
        assert [e.status for e in meter.history(session, application.id)] == [
            "registered", "forwarded", "resolved"]
    assert count(factory, OutboxMessage, OutboxMessage.dedupe_key.like("meter:%:result:%")) == 2


def test_the_back_office_hands_the_citizens_notices_to_the_queue_once(factory):
    """The /sandbox/azerisiq page queues what a decision returns (after_commit), so the
    notices reach the citizen at once and not only at the next sweep."""
    sent = submit(factory)
    meter.forward(factory, SandboxAzerisiq(factory), sent.application_id)
    office = InProcessBackOffice(factory)
    decision = office.decide("AZS-260101-AAAAAA", "replace", None)
    assert (decision.known, decision.decided, decision.valid) == (True, True, True)
    with transaction(factory) as session:
        assert sorted(decision.message_ids) == sorted(session.execute(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key.like(
                f"meter:{sent.reference}:result:%"))).scalars())
    assert len(decision.message_ids) == 2
    assert office.decide("AZS-260101-AAAAAA", "intact", None) == Decision(known=True,
                                                                           decided=False)


# ---- Müraciətlərim

def test_a_citizens_applications_across_services_are_theirs_only(factory):
    sent = submit(factory)
    with transaction(factory) as session:
        aysels = applications.all_for(session, AYSEL.fin)
        reshads = applications.all_for(session, RESHAD.fin)
        assert aysels[0].reference == sent.reference  # newest first
        assert {a.service_slug for a in reshads} == {
            "sayga-zedelenmesinin-arasdirilmasi", "mobil-cihazlarin-qeydiyyati"}
        assert applications.find(session, RESHAD.fin, sent.reference) is None
        detail = applications.find(session, AYSEL.fin, sent.reference)
        assert detail.summary.status_key == "meter_damage.registered"
        device = applications.find(session, RESHAD.fin, "MC-250602-104117")
        assert device.result_key == "device_registration.registered"
        assert applications.find(session, AYSEL.fin, "MC-250602-104117") is None
