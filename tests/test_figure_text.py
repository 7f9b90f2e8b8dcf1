"""What e2e/figure_text.py writes beside a figure: the page's text with what moves from run to
run as placeholders, and what it says when a page no longer says what its figure shows."""
from __future__ import annotations

import pytest

from e2e.figure_text import drift, normalise


@pytest.mark.parametrize(("shown", "stored"), [
    ("1\t08.12\t16:11\t72\t0,28\t-", "1 ⟨tarix⟩ 16:11 72 0,28 -"),  # seed times stay
    ("Tarix: 02.06.2025 12:41 (Bakı vaxtı)", "Tarix: ⟨tarix⟩ (Bakı vaxtı)"),
    ("Ödəniləcək məbləğ 30.00 AZN; 15.00 AZN; 2.50", "Ödəniləcək məbləğ 30.00 AZN; 15.00 AZN; 2.50"),
    ("danışıqlar, dekabr 2026", "danışıqlar, ⟨ay⟩"), ("calls, December 2026", "calls, ⟨ay⟩"),
    ("sessiyanız bitəcək: saat 13:50.", "sessiyanız bitəcək: saat ⟨vaxt⟩."),
    ("Qəbz MC-261207-457092, müraciət SZ-250514-DM7K2Q", "Qəbz ⟨nömrə⟩, müraciət ⟨nömrə⟩"),
    ("İMEİ 35332511 176148 1", "İMEİ ⟨İMEİ⟩"), ("İstifadə sayı: 14", "İstifadə sayı: ⟨say⟩"),
    ("Təsdiq kodu: 5438", "Təsdiq kodu: ⟨kod⟩"), ("Request code: JG9MNTG3", "Request code: ⟨kod⟩"),
    ("at: http://127.0.0.1:41485/qebz/yoxla?kod=QACZ-VMRA-HXEY-WNH7", "at: ⟨portal⟩/qebz/yoxla?kod=⟨kod⟩"),
    ("Heş 6dbae901a777…; təxəllüs 0f3c9a1b2c3d4e5f", "Heş ⟨xeş⟩…; təxəllüs ⟨xeş⟩"),
    ("100200300400501 — Bakı; 15 rəqəm, məsələn 353325111234567",
     "100200300400501 — Bakı; 15 rəqəm, məsələn 353325111234567"),
    ("Bankın əməliyyat kodu SBXB9CFCC5AD8BD", "Bankın əməliyyat kodu ⟨bank⟩"),
    ("Sign the application by 13:44 (15 minutes left)", "Sign the application by ⟨vaxt⟩ (15 minutes left)"),
    ("  a \n\n\t b  c ", "a\nb c"),
    # the allocation log's signed checkpoint: keys made for each portal, so what they sign
    ("Portalın açıq açarı portal.example.az/guzestli-menzil+18d53b57+AawGujDcWXWd8CttvAQlY2BRK/tSh4It5CJ04TJWrtoK",
     "Portalın açıq açarı portal.example.az/guzestli-menzil+⟨açar⟩"),
    ("açarı: localhost/egov-witness+5c65f260+BK+S5yAfgc7EW94B62H7Xp7UfOAfbRa5GoEUNRmvxGa1",
     "açarı: localhost/egov-witness+⟨açar⟩"),
    ("portal.example.az/guzestli-menzil/satis/1/tlog/18\n1\n68e93qgKBNwbIgNUk9XQSzQ3rX/MvixASe6KfMT0Wqs=\n"
     "— localhost/egov-witness XGXyYAAAAABrFq5Mg1fxdHImcZGuiwIVZWjYrD/dipXAbZtQU5RbXEtmocfTqjGxbkNVgKhC==",
     "portal.example.az/guzestli-menzil/satis/1/tlog/⟨n⟩\n1\n⟨xeş⟩\n— localhost/egov-witness ⟨imza⟩"),
])
def test_what_moves_between_runs_is_a_placeholder_and_nothing_else(shown, stored):
    assert normalise(shown) == stored + "\n"


def test_a_page_that_no_longer_says_what_its_figure_shows_names_the_figure_and_the_remedy():
    assert drift("x/az/sekil-1.png", "a\nb\n", "a\nb\n") is None
    problem = drift("x/az/sekil-1.png", "a\nb\n", "a\nc\n")
    assert problem.startswith("guides/images/x/az/sekil-1.png no longer shows what the page says")
    assert "make guide-figures" in problem and "-b\n+c" in problem
    assert "make guide-figures" in drift("x/az/sekil-1.png", None, "a\n")
