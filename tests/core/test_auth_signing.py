"""Signing a document: Asan İmza with PIN2 on the phone, e-imza with the token PIN."""
from __future__ import annotations

import hashlib

import pytest

from core.auth import Document, Method
from core.auth.asan_imza import PIN_ATTEMPTS, PinResult, Purpose, Refused, Refusal
from core.auth.signing import NOT_SIGNER, WRONG_DOCUMENT, SigningState
from core.kernel.db import transaction
from core.sandbox.asan_imza import SandboxAsanImza
from core.sandbox.eimza import SandboxEimza
from core.sandbox.signing import SandboxSigning
from core.sandbox.accounts import certificate_serial
from core.sandbox.citizens import AYSEL, RESHAD
from core.auth.models import EimzaToken
from tests.core.auth_support import auth_db, factory  # noqa: F401  fixtures

CONTRACT = Document("Alğı-satqı müqaviləsi", hashlib.sha256(b"flat 12, block B").hexdigest())
OTHER = Document("Başqa sənəd", hashlib.sha256(b"something else").hexdigest())


@pytest.fixture
def signing():
    return SandboxSigning(SandboxAsanImza(), SandboxEimza())


def begin(factory, signing, citizen=AYSEL, signer=AYSEL):
    with transaction(factory) as session:
        return signing.begin_asan_imza(session, signer_fin=signer.fin, mobile=citizen.mobile,
                                       user_id=citizen.asan_user_id, document=CONTRACT)


def phone_pin(factory, signing, handle, pin):
    with transaction(factory) as session:
        return signing.asan_imza.enter_pin(session, handle, pin)


def poll(factory, signing, handle, signer=AYSEL, document=CONTRACT):
    with transaction(factory) as session:
        return signing.poll(session, signer_fin=signer.fin, handle=handle, document=document)


def test_asan_imza_signs_with_pin2_on_the_phone(factory, signing):
    step = begin(factory, signing)
    assert step.state is SigningState.WAITING and len(step.verification_code) == 4
    assert poll(factory, signing, step.handle).state is SigningState.WAITING
    assert phone_pin(factory, signing, step.handle, AYSEL.asan_pin2)[0] is PinResult.CONFIRMED
    signed = poll(factory, signing, step.handle)
    assert signed.state is SigningState.SIGNED
    assert signed.signature.method is Method.ASAN_IMZA and signed.signature.fin == AYSEL.fin
    assert signing.verify(signed.signature, CONTRACT)
    assert not signing.verify(signed.signature, OTHER)


def test_pin1_does_not_sign(factory, signing):
    step = begin(factory, signing)
    assert phone_pin(factory, signing, step.handle, AYSEL.asan_pin1)[0] is PinResult.WRONG


def test_three_wrong_pin2_block_signing_but_not_sign_in(factory, signing):
    step = begin(factory, signing)
    for _ in range(PIN_ATTEMPTS):
        phone_pin(factory, signing, step.handle, "00000")
    assert poll(factory, signing, step.handle).reason == "pin_blocked"
    refused = begin(factory, signing)
    assert refused.state is SigningState.REFUSED and refused.reason == Refusal.PIN2_BLOCKED.value
    with transaction(factory) as session:
        started = signing.asan_imza.start(session, mobile=AYSEL.mobile,
                                          user_id=AYSEL.asan_user_id, purpose=Purpose.SIGN_IN)
    assert not isinstance(started, Refused)


def test_a_confirmation_counts_only_for_the_document_it_was_asked_for(factory, signing):
    step = begin(factory, signing)
    phone_pin(factory, signing, step.handle, AYSEL.asan_pin2)
    assert poll(factory, signing, step.handle, document=OTHER).reason == WRONG_DOCUMENT


def test_someone_elses_asan_imza_is_not_even_asked_to_sign_for_the_signed_in_citizen(
        factory, signing):
    """Rəşad's right pair typed by Aysel is answered as a pair Asan İmza does not know, and
    no PIN2 request for Aysel's document ever reaches Rəşad's phone."""
    refused = begin(factory, signing, citizen=RESHAD, signer=AYSEL)
    assert refused.state is SigningState.REFUSED and refused.reason == Refusal.UNKNOWN.value
    with transaction(factory) as session:
        assert signing.asan_imza.phone(session, RESHAD.mobile).request is None


def test_a_confirmation_by_someone_else_never_signs_for_the_signed_in_citizen(factory, signing):
    with transaction(factory) as session:  # a request for Rəşad's own document, on his phone
        started = signing.asan_imza.start(session, mobile=RESHAD.mobile,
                                          user_id=RESHAD.asan_user_id, purpose=Purpose.SIGN,
                                          document=CONTRACT)
    phone_pin(factory, signing, started.request_id, RESHAD.asan_pin2)
    refused = poll(factory, signing, started.request_id, signer=AYSEL)
    assert refused.state is SigningState.REFUSED and refused.reason == NOT_SIGNER


def test_the_token_signs_with_its_pin_and_counts_wrong_ones(factory, signing):
    def sign(pin, signer=AYSEL, serial=certificate_serial(AYSEL.fin)):
        with transaction(factory) as session:
            return signing.sign_with_token(session, signer_fin=signer.fin,
                                           certificate_serial=serial, pin=pin, document=CONTRACT)

    wrong = sign("000000")
    assert wrong.state is SigningState.REFUSED and wrong.attempts_left == 9
    signed = sign(AYSEL.token_pin)
    assert signed.state is SigningState.SIGNED and signing.verify(signed.signature, CONTRACT)
    # Rəşad's certificate cannot sign for Aysel, and trying does not cost Rəşad an attempt.
    assert sign(RESHAD.token_pin, serial=certificate_serial(RESHAD.fin)).reason == NOT_SIGNER
    with transaction(factory) as session:
        assert session.get(EimzaToken, f"TKN-{RESHAD.fin}").pin_failures == 0
