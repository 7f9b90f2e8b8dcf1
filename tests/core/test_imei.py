import pytest
from hypothesis import given, strategies as st

from core.device_registration import imei
from core.kernel import luhn
from core.device_registration.imei import FEES_QEPIK, PriceBand


@pytest.mark.parametrize("number, model, fee", [
    ("353325111234567", "Samsung Galaxy A15", 3000),
    ("354071159876542", "Apple iPhone 15 Pro", 10000),
    ("867692041112224", "Xiaomi Redmi 13C", 2000),
    ("352099001761481", "Nokia 105", 1500),
    ("356916110000012", None, 1500),
])
def test_the_demo_devices_have_their_models_and_fees(number, model, fee):
    assert imei.problem(number) is None
    device = imei.lookup(number)
    assert (device.model, device.fee_qepik) == (model, fee)


def test_the_demo_imei_with_a_wrong_check_digit_is_refused():
    assert imei.problem("353325111234568") == "check_digit"


@pytest.mark.parametrize("text, problem", [
    ("", "required"), ("35332511123456", "length"), ("3533251112345670", "length"),
    ("35332511123456A", "characters"), ("٣٥٣٣٢٥١١١٢٣٤٥٦٧", "characters"),
])
def test_a_malformed_imei_gets_its_own_reason(text, problem):
    assert imei.problem(text) == problem


def test_spaces_dashes_and_slashes_in_an_imei_are_ignored():
    assert imei.problem("35-332511-123456-7") is None
    assert imei.normalise(" 35 332511 123456 7 ") == "353325111234567"
    assert imei.display("353325111234567") == "35332511 123456 7"


def test_the_fee_table_matches_the_official_table_of_december_2023():
    assert {band: fee // 100 for band, fee in FEES_QEPIK.items()} == {
        PriceBand.BASIC: 15, PriceBand.UP_TO_100: 20, PriceBand.USD_101_200: 30,
        PriceBand.USD_201_400: 40, PriceBand.USD_401_700: 50, PriceBand.USD_701_1000: 70,
        PriceBand.FROM_1001: 100, PriceBand.NOT_IN_CATALOGUE: 15,
    }


fourteen = st.text(alphabet="0123456789", min_size=14, max_size=14)


@given(fourteen)
def test_fourteen_digits_with_their_check_digit_always_make_a_valid_imei(first14):
    assert imei.problem(imei.with_check_digit(first14)) is None


@given(fourteen, st.integers(min_value=1, max_value=9))
def test_any_other_check_digit_is_always_refused(first14, shift):
    wrong = (luhn.check_digit(first14) + shift) % 10
    assert imei.problem(first14 + str(wrong)) == "check_digit"


@given(st.text(max_size=25))
def test_any_text_is_either_a_valid_imei_or_gets_a_reason_and_the_fee_is_always_known(text):
    problem = imei.problem(text)
    assert problem in (None, "required", "characters", "length", "check_digit")
    if problem is None:
        assert imei.lookup(text).fee_qepik in FEES_QEPIK.values()
