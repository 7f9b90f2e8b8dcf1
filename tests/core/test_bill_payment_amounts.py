"""The amount rules of a bill payment: default the debt, 0.01 AZN at least, a cap, two
decimals, and more than owed is an advance that says so."""
from __future__ import annotations

from hypothesis import given, strategies as st

from core.bill_payment import billing
from core.kernel import money

debts = st.integers(min_value=-50_000, max_value=500_000)


def test_the_amount_offered_is_the_whole_debt():
    assert billing.default_amount(250) == 250
    assert billing.default_amount(2375) == 2375


def test_nothing_is_offered_when_nothing_is_owed():
    assert billing.default_amount(0) is None
    assert billing.default_amount(-500) is None


@given(debts, st.data())
def test_any_amount_from_one_qepik_to_the_cap_with_two_decimals_is_accepted(debt, data):
    amount = data.draw(st.integers(min_value=1, max_value=billing.maximum_amount(debt)))
    check = billing.check_amount(money.format_amount(amount), debt)
    assert check.ok and check.amount == amount


@given(debts)
def test_the_debt_itself_is_always_accepted_when_something_is_owed(debt):
    if debt >= 1:
        check = billing.check_amount(money.format_amount(debt), debt)
        assert check.ok and check.amount == debt and check.advance == 0


@given(st.integers(min_value=1, max_value=200_000), debts)
def test_paying_more_than_owed_is_an_advance_of_exactly_the_difference(amount, debt):
    check = billing.check_amount(money.format_amount(amount), debt)
    if check.ok:
        assert check.advance == max(amount - max(debt, 0), 0)


def test_paying_part_of_a_debt_is_no_advance():
    check = billing.check_amount("1", 250)
    assert check.ok and check.amount == 100 and check.advance == 0


def test_paying_4_against_2_50_is_an_advance_of_1_50():
    assert billing.check_amount("4.00", 250).advance == 150


@given(st.sampled_from(["0", "0.00", "0,0", "00.00"]), debts)
def test_nothing_or_zero_is_too_small(text, debt):
    assert billing.check_amount(text, debt).problem == "too_small"


@given(debts, st.integers(min_value=1, max_value=10_000_000))
def test_above_the_cap_is_refused(debt, over):
    limit = billing.maximum_amount(debt)
    check = billing.check_amount(money.format_amount(limit + over), debt)
    assert check.problem == "too_large" and check.maximum == limit


def test_the_cap_never_stops_a_citizen_paying_a_large_debt_in_full():
    assert billing.check_amount("2500.00", 250_000).ok
    assert billing.maximum_amount(250_000) == 250_000
    assert billing.maximum_amount(250) == billing.MAXIMUM_AMOUNT


@given(st.integers(min_value=0, max_value=99_999), st.integers(min_value=100, max_value=99_999))
def test_three_or_more_decimals_are_refused_with_their_own_reason(manat, fraction):
    assert billing.check_amount(f"{manat}.{fraction:03d}", 250).problem == "too_many_decimals"


@given(st.sampled_from(["", "   ", None]))
def test_an_empty_amount_is_reported_as_empty(text):
    assert billing.check_amount(text, 250).problem == "empty"


@given(st.sampled_from(["abc", "-2.50", "2.5.0", "1e3", "2,50 manat", "½", "٢٫٥"]))
def test_words_signs_and_foreign_digits_are_not_a_number(text):
    assert billing.check_amount(text, 250).problem == "not_a_number"


def test_a_comma_spaces_and_the_currency_are_understood():
    assert billing.check_amount(" 2,5 ", 250).amount == 250
    assert billing.check_amount("1 000.00 AZN", 250).amount == 100_000


@given(st.text(max_size=40), debts)
def test_no_input_ever_breaks_the_rules_and_an_accepted_amount_is_within_them(text, debt):
    check = billing.check_amount(text, debt)
    assert check.ok == (check.problem is None)
    if check.ok:
        assert billing.MINIMUM_AMOUNT <= check.amount <= billing.maximum_amount(debt)
    else:
        assert check.amount is None
