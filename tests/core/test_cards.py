import pickle
from datetime import date

import pytest
from hypothesis import given, strategies as st

from core.kernel import luhn
from core.payments.cards import CARD_TYPES, Brand, check_card, detect_brand, normalise_number

TODAY = date(2026, 3, 15)


def check(number="4111 1111 1111 1111", month="12", year="2030", cvv="123", card_type="visa"):
    return check_card(number, month, year, cvv, card_type=card_type, today=TODAY)


@pytest.mark.parametrize("number, brand", [
    ("4111111111111111", Brand.VISA),
    ("5555555555554444", Brand.MASTERCARD),
    ("2221000000000009", Brand.MASTERCARD),
    ("6759649826438453", Brand.MAESTRO),
    ("4000000000000002", Brand.VISA),
])
def test_the_test_cards_brands_are_recognised(number, brand):
    assert detect_brand(number) is brand


def test_a_visa_card_is_accepted_for_the_visa_card_type_with_spaces_ignored():
    result = check()
    assert result.ok and result.errors == {}
    assert result.card.brand is Brand.VISA
    assert result.card.last4 == "1111"


def test_maestro_and_mastercard_are_accepted_for_the_maestro_mastercard_type():
    assert check("5555-5555-5555-4444", card_type="maestro_mastercard").ok
    assert check("6759 6498 2643 8453", card_type="maestro_mastercard").ok


def test_a_card_of_another_brand_than_the_chosen_type_is_refused():
    assert check("5555555555554444", card_type="visa").errors == {"number": "brand_mismatch"}
    assert check("4111111111111111", card_type="maestro_mastercard").errors == {
        "number": "brand_mismatch"}


def test_the_card_type_labels_follow_the_seed():
    assert CARD_TYPES["maestro_mastercard"].label == "Maestro / MasterCard"
    assert CARD_TYPES["visa"].label == "Visa / Visa Electron"


@pytest.mark.parametrize("number, code", [
    ("", "required"), ("4111 1111 1111 111x", "format"), ("4111", "length"),
    ("4111111111111112", "luhn"), ("3530111333300000", "unknown_brand"),
])
def test_a_wrong_card_number_gets_its_own_reason(number, code):
    assert check(number).errors["number"] == code


def test_a_card_that_expired_last_month_is_refused_before_the_bank_is_asked():
    assert check(month="02", year="2026").errors == {"exp_year": "expired"}


def test_a_card_expiring_this_month_is_still_accepted():
    assert check(month="3", year="26").ok


@pytest.mark.parametrize("month, year, errors", [
    ("", "2030", {"exp_month": "required"}), ("13", "2030", {"exp_month": "invalid"}),
    ("12", "", {"exp_year": "required"}), ("12", "20301", {"exp_year": "invalid"}),
    ("12", "2099", {"exp_year": "too_far"}),
])
def test_a_wrong_expiry_date_gets_its_own_reason(month, year, errors):
    assert check(month=month, year=year).errors == errors


@pytest.mark.parametrize("cvv, code", [("", "required"), ("12", "invalid"), ("12a", "invalid"),
                                       ("1234", "invalid")])
def test_a_cvv_that_is_not_three_digits_is_refused(cvv, code):
    assert check(cvv=cvv).errors == {"cvv": code}


def test_card_details_never_show_the_number_or_cvv_and_cannot_be_serialised():
    card = check(cvv="987").card
    assert "4111111111111111" not in repr(card) and "987" not in repr(card)
    assert "1111" in str(card)
    with pytest.raises(TypeError):
        pickle.dumps(card)


card_numbers = st.builds(
    lambda prefix, body: prefix + body + str(luhn.check_digit(prefix + body)),
    st.sampled_from(["4", "51", "55", "2221", "6759", "50", "67"]),
    st.text(alphabet="0123456789", min_size=10, max_size=14),
)


@given(card_numbers, st.sampled_from(sorted(CARD_TYPES)))
def test_a_luhn_valid_number_is_accepted_exactly_when_its_brand_matches_the_type(number, card_type):
    result = check(number, card_type=card_type)
    brand = detect_brand(number)
    if brand is not None and brand in CARD_TYPES[card_type].brands:
        assert result.ok and result.card.number == number
    else:
        assert not result.ok and result.errors["number"] in ("brand_mismatch", "unknown_brand")


@given(st.text(max_size=25), st.text(max_size=4), st.text(max_size=5), st.text(max_size=5),
       st.text(max_size=20))
def test_any_input_gives_either_card_details_or_field_errors_never_an_exception(
        number, month, year, cvv, card_type):
    result = check(number, month, year, cvv, card_type)
    assert result.ok != bool(result.errors)
    assert set(result.errors) <= {"number", "exp_month", "exp_year", "cvv", "card_type"}


@given(st.text(alphabet="0123456789 -", max_size=30))
def test_spaces_and_dashes_are_ignored_in_card_numbers(raw):
    assert normalise_number(raw) == raw.replace(" ", "").replace("-", "")
