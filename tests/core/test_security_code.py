import random
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from core.platform.models import SecurityChallenge
from core.platform.security_code import (EXPIRED, MISSING, OK, SANDBOX_TEST_CODE, USED, WRONG,
                                SecurityCodes, render_svg, spell)


def codes(clock, sandbox=False):
    return SecurityCodes("secret", sandbox=sandbox, clock=clock)


def test_the_code_shown_is_accepted_once_and_then_used_up(session, clock):
    service = codes(clock)
    challenge = service.issue()
    assert len(challenge.code) == 5 and challenge.code.isdigit()
    assert service.check(session, challenge.id, f" {challenge.code} ") == OK
    assert service.check(session, challenge.id, challenge.code) == USED


def test_a_wrong_answer_uses_the_code_up_too(session, clock):
    service = codes(clock)
    challenge = service.issue()
    wrong = "00000" if challenge.code != "00000" else "11111"
    assert service.check(session, challenge.id, wrong) == WRONG
    assert service.check(session, challenge.id, challenge.code) == USED


def test_an_expired_code_is_refused(session, clock):
    service = codes(clock)
    challenge = service.issue()
    clock.now += timedelta(minutes=16)
    assert service.challenge(challenge.id) is None
    assert service.check(session, challenge.id, challenge.code) == EXPIRED


def test_an_unknown_challenge_is_missing(session, clock):
    assert codes(clock).check(session, "nope", "12345") == MISSING
    assert codes(clock).check(session, None, "12345") == MISSING


def test_the_text_question_is_an_accessible_alternative_answer(session, clock):
    service = codes(clock)
    challenge = service.issue()
    a, b = challenge.question
    assert service.check(session, challenge.id, str(a + b)) == OK


def test_the_sandbox_test_code_passes_only_in_the_sandbox(session, clock):
    sandbox, production = codes(clock, sandbox=True), codes(clock, sandbox=False)
    assert sandbox.check(session, sandbox.issue().id, SANDBOX_TEST_CODE) == OK
    challenge = production.issue()
    if SANDBOX_TEST_CODE not in (challenge.code, challenge.answer):
        assert production.check(session, challenge.id, SANDBOX_TEST_CODE) == WRONG


def test_codes_come_from_the_secret_so_another_server_key_cannot_predict_them(session, clock):
    mine = codes(clock).issue()
    theirs = SecurityCodes("other", sandbox=False, clock=clock)._derive(mine.id)
    assert codes(clock)._derive(mine.id) == mine
    assert theirs.code != mine.code or theirs.question != mine.question


def test_the_image_is_an_svg_without_the_digits_as_text_and_never_drawn_twice_alike():
    first, second = render_svg("48213"), render_svg("48213")
    root = ET.fromstring(first)
    assert root.tag.endswith("svg")
    assert not any(el.tag.endswith("text") for el in root.iter())
    assert "48213" not in first and first != second
    assert len(first) < 6000


def test_the_image_of_a_used_challenge_is_no_longer_drawn(session, clock):
    service = codes(clock)
    challenge = service.issue()
    assert service.image(session, challenge.id).startswith("<svg")
    service.check(session, challenge.id, "x")
    assert service.image(session, challenge.id) is None


@pytest.mark.parametrize("number, az, en", [(7, "yeddi", "seven"), (10, "on", "ten"),
                                            (14, "on dörd", "fourteen"),
                                            (24, "iyirmi dörd", "twenty-four")])
def test_numbers_are_spelled_in_both_languages(number, az, en):
    assert spell(number, "az") == az and spell(number, "en") == en


@settings(max_examples=50)
@given(st.text(alphabet="0123456789", min_size=5, max_size=5), st.integers())
def test_every_code_draws_as_well_formed_svg(code, seed):
    ET.fromstring(render_svg(code, random.Random(seed)))


# Each example issues its own challenge, so sharing the session between examples is safe.
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=12))
def test_any_typed_answer_is_either_right_or_refused_without_an_exception(session, clock, text):
    service = codes(clock)
    challenge = service.issue()
    result = service.check(session, challenge.id, text)
    expected = OK if "".join(text.split()) in (challenge.code, challenge.answer) else WRONG
    assert result == expected


def test_challenges_expired_for_over_a_day_are_purged_by_the_nightly_job(session, clock):
    from core.platform.security_code import purge_expired

    service = codes(clock)
    old = service.issue()
    service.check(session, old.id, old.code)
    clock.now += timedelta(days=2)
    fresh = service.issue()
    service.check(session, fresh.id, "x")
    assert purge_expired(session, now=clock.now) == 1
    assert service.challenge(old.id) is None
    assert service.check(session, fresh.id, fresh.code) == USED


def test_showing_a_code_writes_nothing_and_answering_it_records_it_once(session, clock):
    service = codes(clock)
    challenge = service.issue()
    assert service.challenge(challenge.id) == challenge
    assert session.scalar(select(func.count()).select_from(SecurityChallenge)) == 0
    service.check(session, challenge.id, challenge.code)
    assert session.scalar(select(func.count()).select_from(SecurityChallenge)) == 1


def test_a_solved_token_replayed_is_refused(session, clock):
    service = codes(clock, sandbox=True)
    challenge = service.issue()
    assert service.check(session, challenge.id, challenge.code) == OK
    session.commit()
    for answer in (challenge.code, challenge.answer, SANDBOX_TEST_CODE):
        assert service.check(session, challenge.id, answer) == USED
    assert service.image(session, challenge.id) is None


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),           # signature
    lambda t: "0" * 32 + t[32:],                                  # nonce
    lambda t: t.split("-")[0] + "-9999999999-" + t.split("-")[2],  # a later expiry
    lambda t: t.split("-")[0],                                    # no expiry or signature
    lambda t: t + "-x",
])
def test_a_tampered_token_is_refused(session, clock, tamper):
    service = codes(clock, sandbox=True)
    forged = tamper(service.issue().id)
    assert service.challenge(forged) is None and service.image(session, forged) is None
    assert service.check(session, forged, SANDBOX_TEST_CODE) == MISSING


def test_a_token_signed_with_another_key_is_refused(session, clock):
    theirs = SecurityCodes("other", sandbox=True, clock=clock).issue()
    assert codes(clock, sandbox=True).check(session, theirs.id, SANDBOX_TEST_CODE) == MISSING


def test_an_expired_token_is_refused_even_with_the_sandbox_code(session, clock):
    service = codes(clock, sandbox=True)
    challenge = service.issue()
    clock.now += timedelta(minutes=15)
    assert service.image(session, challenge.id) is None
    assert service.check(session, challenge.id, SANDBOX_TEST_CODE) == EXPIRED


def test_two_checks_of_one_token_at_the_same_moment_pass_only_one(factory, clock):
    service = codes(clock, sandbox=True)
    challenge = service.issue()
    first, second = factory(), factory()
    try:
        assert service.check(first, challenge.id, challenge.code) == OK  # not yet committed
        with ThreadPoolExecutor(1) as pool:
            racing = pool.submit(service.check, second, challenge.id, challenge.code)
            time.sleep(0.2)  # the second check waits on the first one's row (or lock)
            first.commit()
            assert racing.result(timeout=30) == USED
    finally:
        first.close()
        second.rollback()
        second.close()
