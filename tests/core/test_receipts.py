import pytest
from hypothesis import given, settings, strategies as st

from core.payments import receipts
from core.payments.models import Payment


def approved_payment(session, status="approved", subject="test:1"):
    payment = Payment(idempotency_key=f"{subject}#1", subject=subject, attempt=1,
                      service_slug="mobil-cihazlarin-qeydiyyati", description="IMEI qeydiyyatı",
                      amount_qepik=3000, brand="visa", last4="1111", status=status,
                      gateway_reference="SBX0011AA22BB33")
    session.add(payment)
    session.flush()
    return payment


def issue(session, payment):
    return receipts.issue(session, payment, prefix="MC", payer_name="Məmmədova Aysel Rauf qızı",
                          payer_fin="5ZX8K2P", details={"imei": "353325111234567"})


def test_a_receipt_copies_the_payment_essentials_and_gets_a_notification_code(session):
    receipt = issue(session, approved_payment(session))
    assert receipts.NUMBER_PATTERN.match(receipt.number)
    assert (receipt.amount_qepik, receipt.brand, receipt.last4) == (3000, "visa", "1111")
    assert receipt.details == {"imei": "353325111234567"}
    assert receipts.by_number(session, receipt.number.lower()) is receipt


def test_issuing_twice_for_one_payment_gives_the_same_receipt(session):
    payment = approved_payment(session)
    assert issue(session, payment).id == issue(session, payment).id


def test_no_receipt_is_issued_for_a_payment_that_was_not_approved(session):
    with pytest.raises(ValueError):
        issue(session, approved_payment(session, status="declined"))


def test_the_printed_verification_code_finds_the_receipt_however_it_is_typed(session):
    receipt = issue(session, approved_payment(session))
    signer = receipts.ReceiptSigner("test-secret")
    code = signer.code(receipt.number)
    assert len(code) == 19 and code.count("-") == 3
    for typed in (code, code.lower(), code.replace("-", " "), f"  {code}  "):
        assert signer.verify(session, receipt.number, typed).receipt is receipt


def test_a_code_made_with_another_key_or_for_another_receipt_is_refused(session):
    receipt = issue(session, approved_payment(session))
    other = issue(session, approved_payment(session, subject="test:2"))
    signer = receipts.ReceiptSigner("test-secret")
    assert not signer.verify(session, receipt.number,
                             receipts.ReceiptSigner("other").code(receipt.number)).ok
    result = signer.verify(session, receipt.number, signer.code(other.number))
    assert result.reason == "not_found"


def test_a_well_signed_code_for_a_receipt_that_does_not_exist_is_not_found(session):
    signer = receipts.ReceiptSigner("test-secret")
    assert signer.verify(session, "MC-260101-000001",
                         signer.code("MC-260101-000001")).reason == "not_found"


def test_the_public_page_shows_only_the_first_name_and_an_initial():
    assert receipts.mask_name("Məmmədova Aysel Rauf qızı") == "Aysel M."


@settings(max_examples=200)
@given(st.text(max_size=30), st.text(max_size=30))
def test_verifying_any_typed_text_never_fails_with_an_exception(number, code):
    signer = receipts.ReceiptSigner("test-secret")
    result = signer.verify(_NoSession(), number, code)
    assert not result.ok and result.reason in ("format", "not_found")


class _NoSession:
    """Random text must be refused by its signature before the database is asked."""

    def execute(self, *_):
        raise AssertionError("looked up an unsigned number")
