from hypothesis import given, strategies as st

from core.kernel import luhn

digits = st.text(alphabet="0123456789", min_size=1, max_size=25)


def test_known_numbers_pass_the_luhn_check():
    for number in ("4111111111111111", "5555555555554444", "6759649826438453", "353325111234567"):
        assert luhn.is_valid(number)


def test_a_changed_last_digit_fails_the_luhn_check():
    assert not luhn.is_valid("353325111234568")
    assert not luhn.is_valid("4111111111111112")


@given(digits)
def test_appending_the_check_digit_always_makes_a_valid_number(payload):
    assert luhn.is_valid(payload + str(luhn.check_digit(payload)))


@given(digits, st.integers(min_value=1, max_value=9))
def test_any_single_digit_error_in_the_check_digit_is_detected(payload, shift):
    good = luhn.check_digit(payload)
    assert not luhn.is_valid(payload + str((good + shift) % 10))


@given(st.text(max_size=20))
def test_non_digit_text_is_never_valid(text):
    if not (text.isascii() and text.isdigit()):
        assert not luhn.is_valid(text)
