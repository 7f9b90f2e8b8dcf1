from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from core.kernel.money import AmountError, format_amount, format_azn, from_decimal, parse_amount, to_decimal


def test_thirty_manat_is_formatted_with_two_decimals():
    assert format_amount(3000) == "30.00"
    assert format_azn(3000) == "30.00 AZN"
    assert format_amount(5) == "0.05"
    assert format_amount(-250) == "-2.50"


@pytest.mark.parametrize("text, qepik", [
    ("30", 3000), ("30.5", 3050), ("30,50", 3050), (" 1 200.00 ", 120000), ("0.80", 80),
    ("15 AZN", 1500),
])
def test_amounts_people_type_are_parsed_to_qepik(text, qepik):
    assert parse_amount(text) == qepik


@pytest.mark.parametrize("text", ["", "abc", "1.234", "-5", "1e3", "12..3", ".5", "٣٠"])
def test_text_that_is_not_an_amount_is_refused(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_floats_are_refused_as_amounts():
    with pytest.raises(TypeError):
        format_amount(30.0)


def test_decimal_conversion_never_rounds_away_a_fraction_of_a_qepik():
    assert from_decimal(Decimal("23.75")) == 2375
    assert to_decimal(2375) == Decimal("23.75")
    with pytest.raises(AmountError):
        from_decimal("0.005")


@given(st.integers(min_value=0, max_value=10**11 - 1))
def test_formatting_then_parsing_gives_back_the_same_qepik(qepik):
    assert parse_amount(format_amount(qepik)) == qepik
    assert from_decimal(to_decimal(qepik)) == qepik


@given(st.text(max_size=30))
def test_parsing_any_text_either_gives_a_non_negative_amount_or_a_clear_error(text):
    try:
        assert parse_amount(text) >= 0
    except AmountError:
        pass
