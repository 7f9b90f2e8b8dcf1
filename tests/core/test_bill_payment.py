"""What a line owes, from providers that may be down or slow, and paying one debt."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.bill_payment import billing
from core.bill_payment.systems import (
    AZERIQAZ, AZERISIQ, AZTELEKOM, BAKTELEKOM, CARI, INTERNET, ISIQ, QAZ, QEBZ, SERVICES,
    TELEFON, Landline, ProviderUnavailable, provider_for,
)
from core.kernel.db import transaction
from core.sandbox import billing as demo_billing
from core.sandbox.billing import SandboxBillingSystem, sandbox_systems
from core.bill_payment.models import BillingAccount, BillingPosting, BillPayment
from tests.core.bill_payment_support import session_factory_on

AYSEL_LINE = Landline("12", "4212372")
EMPTY_LINE = Landline("12", "4212312")
RESHAD_LINE = Landline("18", "6541234")
GAS_DOWN_LINE = Landline("22", "2554411")


@pytest.fixture
def systems(factory):
    return sandbox_systems(factory)


def balance(factory, line: Landline, service: str) -> int:
    with transaction(factory) as session:
        return session.execute(
            select(BillingAccount.balance).where(
                BillingAccount.city_code == line.city_code, BillingAccount.number == line.number,
                BillingAccount.service == service,
            )
        ).scalar_one()


def charged_payment(factory, key: str, amount: int, line=AYSEL_LINE, service=TELEFON) -> str:
    with transaction(factory) as session:
        payment = billing.start_payment(session, key=key, line=line, service=service,
                                        amount=amount, debt_before=250, card_type="visa")
        billing.record_charge(session, payment.reference, gateway_reference=f"GW-{key}",
                              card_brand="mastercard", card_last4="4444")
        return payment.reference


def test_baku_lines_are_billed_by_baktelekom_and_other_cities_by_aztelekom():
    assert provider_for("12", TELEFON) == BAKTELEKOM
    assert provider_for("18", INTERNET) == AZTELEKOM
    assert provider_for("12", QAZ) == AZERIQAZ
    assert provider_for("36", ISIQ) == AZERISIQ


def test_a_line_needs_a_city_code_and_seven_digits():
    with pytest.raises(ValueError):
        Landline("12", "421237")
    with pytest.raises(ValueError):
        Landline("x1", "4212372")


def test_aysels_line_shows_the_six_debts_of_the_demo_data_in_the_guides_order(systems):
    found = billing.statement(systems, AYSEL_LINE)
    assert found.known is True and found.complete
    assert [(i.service, i.balance) for i in found.items] == [
        (TELEFON, 250), (INTERNET, 1500), (QEBZ, 120), (CARI, 80), (QAZ, 1240), (ISIQ, 2375)]
    assert found.total_owed == 250 + 1500 + 120 + 80 + 1240 + 2375
    assert not found.nothing_owed


def test_a_line_with_nothing_owed_says_so(systems):
    found = billing.statement(systems, EMPTY_LINE)
    assert found.known is True
    assert len(found.items) == 6 and found.nothing_owed


def test_reshads_sumqayit_line_is_answered_by_aztelekom(systems):
    found = billing.statement(systems, RESHAD_LINE)
    assert found.item(TELEFON).provider == AZTELEKOM
    assert found.item(CARI).balance == 315 and found.item(QAZ).balance == 860


def test_an_unknown_number_is_reported_as_unknown_not_as_nothing_owed(systems):
    found = billing.statement(systems, Landline("12", "9999999"))
    assert found.known is False and found.items == () and not found.nothing_owed


def test_a_provider_that_is_down_gives_try_later_for_its_lines_while_the_others_show(factory):
    systems = sandbox_systems(factory, down=frozenset({AZERIQAZ}))
    found = billing.statement(systems, AYSEL_LINE)
    assert found.known is True and not found.complete
    assert found.item(QAZ).available is False
    assert found.unavailable_providers == (AZERIQAZ,)
    assert found.item(ISIQ).balance == 2375 and found.item(TELEFON).balance == 250
    assert not found.nothing_owed


def test_the_sandbox_line_with_a_silent_gas_provider_shows_the_rest(systems):
    found = billing.statement(systems, GAS_DOWN_LINE)
    assert found.unavailable_providers == (AZERIQAZ,)
    assert found.item(ISIQ).balance == 1630


def test_a_provider_slower_than_the_timeout_counts_as_unavailable(factory):
    systems = sandbox_systems(factory)
    systems[AZERISIQ] = SandboxBillingSystem(AZERISIQ, factory, delay_seconds=1.0)
    found = billing.statement(systems, AYSEL_LINE, timeout=0.2)
    assert found.item(ISIQ).available is False and found.item(QAZ).balance == 1240


def test_when_every_provider_is_down_the_number_is_neither_known_nor_unknown(factory):
    systems = sandbox_systems(factory, down=frozenset({BAKTELEKOM, AZERIQAZ, AZERISIQ}))
    assert billing.statement(systems, AYSEL_LINE).known is None


def test_paying_the_whole_telephone_debt_leaves_zero_on_it_and_nothing_else_changes(factory,
                                                                                  systems):
    reference = charged_payment(factory, "draft-1:1", 250)
    payment = billing.post(factory, systems, reference)
    assert payment.status == billing.POSTED and payment.balance_after == 0
    assert balance(factory, AYSEL_LINE, TELEFON) == 0
    assert balance(factory, AYSEL_LINE, INTERNET) == 1500
    assert billing.statement(systems, AYSEL_LINE).item(TELEFON).balance == 0


def test_the_lowered_debt_survives_a_restart(database_url):
    with session_factory_on(database_url) as factory:
        billing.post(factory, sandbox_systems(factory), charged_payment(factory, "k", 120))

    with session_factory_on(database_url) as restarted:
        with transaction(restarted) as session:
            assert demo_billing.load(session) is False  # demo records are not put back
        statement = billing.statement(sandbox_systems(restarted), AYSEL_LINE)
        assert statement.item(TELEFON).balance == 130


def test_posting_the_same_payment_again_does_not_lower_the_debt_twice(factory, systems):
    reference = charged_payment(factory, "k", 100)
    billing.post(factory, systems, reference)
    billing.post(factory, systems, reference)
    systems[BAKTELEKOM].post_payment(AYSEL_LINE, TELEFON, 100, reference)
    assert balance(factory, AYSEL_LINE, TELEFON) == 150


def test_a_payment_the_bank_has_not_charged_is_never_posted(factory, systems):
    with transaction(factory) as session:
        payment = billing.start_payment(session, key="k", line=AYSEL_LINE, service=TELEFON,
                                        amount=250, debt_before=250)
    assert billing.post(factory, systems, payment.reference).status == billing.NEW
    assert balance(factory, AYSEL_LINE, TELEFON) == 250


def test_a_payment_made_while_the_provider_is_down_is_posted_when_it_is_back(factory):
    systems = sandbox_systems(factory, down=frozenset({BAKTELEKOM}))
    reference = charged_payment(factory, "k", 250)
    with pytest.raises(ProviderUnavailable):
        billing.post(factory, systems, reference)
    with transaction(factory) as session:
        assert billing.find(session, reference).status == billing.CHARGED
    systems[BAKTELEKOM].down = False
    assert billing.post(factory, systems, reference).status == billing.POSTED
    assert balance(factory, AYSEL_LINE, TELEFON) == 0


def test_paying_more_than_owed_leaves_an_advance(factory, systems):
    billing.post(factory, systems, charged_payment(factory, "k", 1000))
    found = billing.statement(systems, AYSEL_LINE).item(TELEFON)
    assert found.balance == -750 and found.owed == 0 and found.advance == 750


def test_starting_the_same_payment_twice_gives_one_payment(factory):
    with transaction(factory) as session:
        first = billing.start_payment(session, key="draft:1", line=AYSEL_LINE, service=QAZ,
                                      amount=1240, debt_before=1240)
        again = billing.start_payment(session, key="draft:1", line=AYSEL_LINE, service=QAZ,
                                      amount=1240, debt_before=1240)
        assert first.reference == again.reference
        assert first.provider == AZERIQAZ
        assert session.scalar(select(func.count()).select_from(BillPayment)) == 1


def test_a_payment_outside_the_amount_rules_cannot_be_started(factory):
    with transaction(factory) as session, pytest.raises(ValueError):
        billing.start_payment(session, key="k", line=AYSEL_LINE, service=QAZ, amount=0,
                              debt_before=1240)


def test_a_charge_is_recorded_once_and_keeps_only_the_last_four_digits(factory):
    with transaction(factory) as session:
        payment = billing.start_payment(session, key="k", line=AYSEL_LINE, service=TELEFON,
                                        amount=250, debt_before=250)
        assert billing.record_charge(session, payment.reference, gateway_reference="G1",
                                     card_brand="mastercard", card_last4="4444")
        assert not billing.record_charge(session, payment.reference, gateway_reference="G1",
                                         card_brand="mastercard", card_last4="4444")
        with pytest.raises(ValueError):
            billing.record_charge(session, payment.reference, gateway_reference="G1",
                                  card_brand="mastercard", card_last4="5555555555554444")


def test_cancelling_before_the_bank_is_asked_charges_nothing_and_keeps_the_debt(factory,
                                                                               systems):
    with transaction(factory) as session:
        payment = billing.start_payment(session, key="k", line=AYSEL_LINE, service=TELEFON,
                                        amount=250, debt_before=250)
        assert billing.cancel(session, payment.reference)
    assert billing.post(factory, systems, payment.reference).status == billing.CANCELLED
    assert balance(factory, AYSEL_LINE, TELEFON) == 250


def test_a_charged_payment_can_no_longer_be_cancelled(factory):
    reference = charged_payment(factory, "k", 250)
    with transaction(factory) as session:
        assert not billing.cancel(session, reference)
        assert billing.find(session, reference).status == billing.CHARGED


def test_references_are_unique_and_readable():
    references = {billing.new_reference() for _ in range(500)}
    assert len(references) == 500
    assert all(r.startswith("RK-") and len(r) == 16 for r in references)


def test_every_service_has_its_demo_account_for_aysel(factory):
    with transaction(factory) as session:
        services = session.execute(select(BillingAccount.service).where(
            BillingAccount.number == "4212372")).scalars().all()
        assert sorted(services) == sorted(SERVICES)
        assert session.scalar(select(func.count()).select_from(BillingPosting)) == 0
