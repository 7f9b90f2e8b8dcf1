"""What a citizen types into a feedback form is masked before it is kept: FİN, ID card numbers,
card numbers (Luhn), telephone numbers and e-mail addresses, however they are typed; ordinary
sentences, amounts and dates are left as they were."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.feedback.masking import (CARD, EMAIL, FIN, ID_CARD, MARKS, NUMBER, PHONE, clean,
                                   mask)
from core.kernel import luhn
from core.kernel.identity import FIN_ALPHABET


@pytest.mark.parametrize(("typed", "kept"), [
    ("FİN kodum 5ZX8K2P-dir", f"FİN kodum {FIN}-dir"),
    ("fin 5zx8k2p", f"fin {FIN}"),
    ("vəsiqə AZE12345678", f"vəsiqə {ID_CARD}"),
    ("vəsiqə aze 1234 5678 və AA1234567", f"vəsiqə {ID_CARD} və {ID_CARD}"),
    ("kart 4111 1111 1111 1111 rədd edildi", f"kart {CARD} rədd edildi"),
    ("kart 5555-5555-5555-4444", f"kart {CARD}"),
    ("kart 4111111111111112 (səhv yazılıb)", f"kart {NUMBER} (səhv yazılıb)"),
    ("zəng edin: 050 123 45 67", f"zəng edin: {PHONE}"),
    ("+994 50 123-45-67 və 994501234567", f"{PHONE} və {PHONE}"),
    ("(012) 421-23-72 nömrəsi", f"{PHONE} nömrəsi"),
    ("ev telefonu 4212372", f"ev telefonu {PHONE}"),
    ("abonent kodu 100200300400501", f"abonent kodu {NUMBER}"),
    ("yazın: aysel.mammadova+portal@example.az", f"yazın: {EMAIL}"),
])
def test_each_kind_of_personal_detail_is_masked(typed, kept):
    assert mask(typed).text == kept


@pytest.mark.parametrize("text", [
    "Ödəniş səhifəsi açılmadı, 30.00 AZN ödəmək istəyirdim",
    "12.05.2025 saat 14:30-da İrəli düyməsi işləmədi",
    "PROBLEM: Təsdiqlə düyməsi 2 dəfə basıldı",
    "Samsung Galaxy A15 modeli kataloqda yoxdur",
    "Şəkil 4-də göstərilən xana",
])
def test_ordinary_sentences_are_kept_as_they_were(text):
    assert mask(text).text == text
    assert mask(text).count == 0


def test_control_and_direction_override_characters_go_and_line_breaks_stay():
    assert clean("a\x00b\u202ec\r\nd\x1b[31m") == "abc\nd[31m"
    assert mask("  boşluq  ").text == "boşluq"


def test_the_count_says_how_many_things_were_masked():
    masked = mask("5ZX8K2P, AZE12345678, 4111 1111 1111 1111, 050 123 45 67, a@b.az")
    assert masked.count == 5
    assert sorted(re.findall(r"\[[^\]]+\]", masked.text)) == sorted(
        [FIN, ID_CARD, CARD, PHONE, EMAIL])


def test_masked_text_masks_nothing_more():
    once = mask("FİN 5ZX8K2P, kart 4111 1111 1111 1111, a@b.az")
    assert mask(once.text) == type(once)(once.text, 0)


# -- whatever the text around them -------------------------------------------------------------
SURROUNDINGS = st.text(alphabet=st.sampled_from("abcçdeəfgğhxıijkqlmnoöprsştuüvyz .,:;!?()\n"),
                       max_size=30)


@st.composite
def fins(draw) -> str:
    letters = [c for c in FIN_ALPHABET if c.isalpha()]
    digits = "0123456789"
    chars = [draw(st.sampled_from(letters)), draw(st.sampled_from(digits))]
    chars += draw(st.lists(st.sampled_from(FIN_ALPHABET), min_size=5, max_size=5))
    order = draw(st.permutations(chars))
    fin = "".join(order)
    return fin.lower() if draw(st.booleans()) else fin


@st.composite
def card_numbers(draw) -> tuple[str, str]:
    length = draw(st.integers(min_value=13, max_value=19))
    payload = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    payload = draw(st.sampled_from("3456")) + payload[1:]
    number = payload + str(luhn.check_digit(payload))
    separator = draw(st.sampled_from(["", " ", "-"]))
    typed = separator.join(number[i:i + 4] for i in range(0, len(number), 4))
    return number, typed


@st.composite
def phones(draw) -> str:
    code = draw(st.sampled_from(["50", "51", "55", "70", "77", "99", "10", "12"]))
    rest = draw(st.text(alphabet="0123456789", min_size=7, max_size=7))
    shape = draw(st.sampled_from(["0{c} {a} {b} {d}", "+994 {c} {a}-{b}-{d}", "994{c}{a}{b}{d}",
                                  "0{c}{a}{b}{d}", "(0{c}) {a}-{b}-{d}"]))
    return shape.format(c=code, a=rest[:3], b=rest[3:5], d=rest[5:])


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@given(before=SURROUNDINGS, fin=fins(), after=SURROUNDINGS)
def test_a_fin_anywhere_is_not_kept(before, fin, after):
    kept = mask(f"{before} {fin} {after}").text
    assert fin not in kept and fin.upper() not in kept.upper()


@given(before=SURROUNDINGS, card=card_numbers(), after=SURROUNDINGS)
def test_a_card_number_anywhere_is_not_kept_in_any_spacing(before, card, after):
    number, typed = card
    kept = mask(f"{before} {typed} {after}").text
    assert number not in _digits(kept)
    assert CARD in kept


@given(before=SURROUNDINGS, phone=phones(), after=SURROUNDINGS)
def test_a_phone_number_anywhere_is_not_kept(before, phone, after):
    kept = mask(f"{before} {phone} {after}").text
    assert _digits(phone)[-7:] not in _digits(kept)


@given(local=st.from_regex(r"[a-z0-9._+-]{1,12}", fullmatch=True),
       domain=st.from_regex(r"[a-z0-9-]{1,10}\.(az|com|org)", fullmatch=True),
       before=SURROUNDINGS)
def test_an_e_mail_address_anywhere_is_not_kept(local, domain, before):
    kept = mask(f"{before} {local}@{domain}, sağ olun").text
    assert "@" not in kept and EMAIL in kept


@given(st.text(max_size=300))
def test_any_text_masks_without_error_and_keeps_no_run_of_seven_digits(text):
    kept = mask(text).text
    assert re.search(r"\d(?:[ \t\-()/]{0,2}\d){6,}", kept) is None
    assert "\x00" not in kept
