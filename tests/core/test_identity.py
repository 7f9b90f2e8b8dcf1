import pytest
from hypothesis import given, strategies as st

from core.kernel.identity import (FIN_ALPHABET, RegistryUnavailable, fin_problem,
                                  id_card_problem, normalise_fin, normalise_id_card)
from core.sandbox.population_registry import SandboxPersonRegistry


@pytest.mark.parametrize("fin", ["5ZX8K2P", "7kp3m9d", " 5ZX 8K2P "])
def test_a_fin_of_seven_latin_capitals_and_digits_is_accepted_in_any_case(fin):
    assert fin_problem(fin) is None


@pytest.mark.parametrize("fin, problem", [
    ("", "required"), ("5ZX8K2", "length"), ("5ZX8K2PP", "length"),
    ("5ZX8K2O", "characters"), ("5ZX8K2I", "characters"), ("5ZX8K2Ə", "characters"),
    ("5ZX-8K2", "length"),
])
def test_a_wrong_fin_gets_its_own_reason(fin, problem):
    assert fin_problem(fin) == problem


@pytest.mark.parametrize("number", ["AZE12345678", "aa1234567", "AZE 1234 5678", "aa 123 45 67"])
def test_both_id_card_formats_are_accepted_with_lower_case_and_spaces(number):
    assert id_card_problem(number) is None


@pytest.mark.parametrize("number, problem", [
    ("", "required"), ("AA123456", "format"), ("AZE1234567", "format"), ("AB1234567", "format"),
    ("AZE12345678X", "format"), ("AA١٢٣٤٥٦٧", "format"),
])
def test_a_wrong_id_card_number_is_refused(number, problem):
    assert id_card_problem(number) == problem


def test_the_registry_finds_aysel_when_her_card_and_fin_belong_together():
    person = SandboxPersonRegistry().find("aze12345678", "5zx8k2p")
    assert person.full_name == "Məmmədova Aysel Rauf qızı"
    assert person.address.startswith("Bakı ş., Nəsimi r.")


def test_the_registry_finds_nobody_when_the_card_is_someone_elses():
    assert SandboxPersonRegistry().find("AA1234567", "5ZX8K2P") is None
    assert SandboxPersonRegistry().find("AZE12345678", "ZZZZZZZ") is None


def test_the_registry_finds_aysel_by_her_fin_alone():
    person = SandboxPersonRegistry().person("5ZX8K2P")
    assert (person.full_name, person.id_card_number) == ("Məmmədova Aysel Rauf qızı",
                                                         "AZE12345678")
    assert SandboxPersonRegistry().person("ZZZZZZZ") is None


def test_a_registry_that_is_down_says_so_instead_of_answering_nobody():
    with pytest.raises(RegistryUnavailable):
        SandboxPersonRegistry(available=False).find("AZE12345678", "5ZX8K2P")
    with pytest.raises(RegistryUnavailable):
        SandboxPersonRegistry(available=False).person("5ZX8K2P")


@given(st.text(alphabet=FIN_ALPHABET, min_size=7, max_size=7))
def test_every_seven_character_code_from_the_fin_alphabet_is_a_valid_fin(fin):
    assert fin_problem(fin.lower()) is None and normalise_fin(fin.lower()) == fin


@given(st.text(max_size=12))
def test_any_text_either_is_a_valid_fin_or_gets_a_reason(text):
    problem = fin_problem(text)
    fin = normalise_fin(text)
    assert (problem is None) == (len(fin) == 7 and all(c in FIN_ALPHABET for c in fin))


@given(st.sampled_from(["AA", "AZE"]), st.integers(min_value=0, max_value=10**8 - 1))
def test_id_numbers_are_valid_exactly_with_the_right_digit_count(prefix, number):
    for digits in (f"{number:07d}", f"{number:08d}"):
        expected_ok = len(digits) == (7 if prefix == "AA" else 8)
        assert (id_card_problem(prefix + digits) is None) == expected_ok


@given(st.text(max_size=15))
def test_any_text_either_is_a_valid_id_number_or_gets_a_reason(text):
    problem = id_card_problem(text)
    assert problem in (None, "required", "format")
    if problem is None:
        assert normalise_id_card(text)[:2] == "AA" or normalise_id_card(text)[:3] == "AZE"
