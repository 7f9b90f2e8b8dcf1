import pytest
from hypothesis import given, strategies as st

from core.kernel.phones import (CITIES, CITY_BY_SLUG, MOBILE_CODES, OPERATORS, format_mobile,
                         landline_problem, mobile_problem, mobile_problems, parse_mobile)


def test_every_operator_code_of_the_fact_sheet_is_known():
    assert set(MOBILE_CODES) == {"10", "50", "51", "55", "99", "70", "77", "60"}
    assert OPERATORS["55"] == "Bakcell" and OPERATORS["77"] == "Nar"


@pytest.mark.parametrize("text", ["0501234567", "050 123 45 67", "+994 50 123-45-67",
                                  "994501234567", "(050) 123 45 67", "501234567"])
def test_mobile_numbers_are_read_as_people_write_them(text):
    number = parse_mobile(text)
    assert number.national == "0501234567" and str(number) == "050 123 45 67"


@pytest.mark.parametrize("code, subscriber, problem", [
    ("50", "1234567", None), ("52", "1234567", "operator"), ("50", "", "required"),
    ("50", "12345", "length"), ("50", "12a4567", "digits"), ("50", "0234567", "leading_zero"),
    ("50", "123 45 67", None),
])
def test_a_mobile_number_is_checked_by_operator_and_seven_digits(code, subscriber, problem):
    assert mobile_problem(code, subscriber) == problem


@pytest.mark.parametrize("code, subscriber, problems", [
    ("", "", {"operator": "operator", "subscriber": "required"}),
    ("", "1234567", {"operator": "operator"}), ("50", "12", {"subscriber": "length"}),
    ("50", "1234567", {}),
])
def test_both_parts_of_a_mobile_number_are_checked_at_once(code, subscriber, problems):
    assert mobile_problems(code, subscriber) == problems


def test_landlines_use_the_city_codes_of_the_fact_sheet():
    codes = {city.name: city.code for city in CITIES}
    assert codes == {"Bakı": "12", "Abşeron": "12", "Sumqayıt": "18", "Gəncə": "22",
                     "Mingəçevir": "24", "Lənkəran": "25", "Şirvan": "21", "Quba": "23",
                     "Naxçıvan": "36"}
    assert landline_problem("baki", "4212372") is None
    assert landline_problem("moskva", "4212372") == "city"


@given(st.sampled_from(MOBILE_CODES), st.integers(min_value=1_000_000, max_value=9_999_999))
def test_every_operator_code_with_seven_digits_is_a_mobile_number(code, subscriber):
    national = f"0{code}{subscriber}"
    assert mobile_problem(code, str(subscriber)) is None
    assert parse_mobile(format_mobile(national)).national == national


@given(st.text(max_size=20), st.text(max_size=12))
def test_any_input_is_either_a_mobile_number_or_gets_a_reason(code, subscriber):
    assert mobile_problem(code, subscriber) in (None, "operator", "required", "digits",
                                                "length", "leading_zero")


@given(st.text(max_size=20))
def test_parsing_any_text_gives_a_valid_number_or_none(text):
    number = parse_mobile(text)
    assert number is None or mobile_problem(number.operator_code, number.subscriber) is None


@given(st.sampled_from(sorted(CITY_BY_SLUG)), st.text(max_size=10))
def test_any_landline_input_is_either_valid_or_gets_a_reason(city, number):
    assert landline_problem(city, number) in (None, "required", "digits", "length",
                                              "leading_zero")
