"""The scaffold's edits of the lists every service is named in (web/scaffold/edits.py): each
adds at one place and leaves the rest of the file as it was written."""
from __future__ import annotations

import ast

import pytest

from web.scaffold import edits


def test_an_item_joins_the_tuple_on_its_last_line():
    source = 'A = 1\nSERVICES = ("a", "b")  # the one list\nB = 2\n'
    assert edits.add_to_tuple(source, "SERVICES", '"c"') == \
        'A = 1\nSERVICES = ("a", "b", "c")  # the one list\nB = 2\n'


def test_an_item_that_would_make_the_line_too_long_goes_under_the_first_one():
    source = "NAMES = (" + ", ".join(f'"name_{n:02}"' for n in range(9)) + ")\n"
    changed = edits.add_to_tuple(source, "NAMES", '"city_façade"')
    assert changed.splitlines()[1] == '         "city_façade")'
    assert ast.literal_eval(changed.split(" = ", 1)[1])[-1] == "city_façade"


def test_a_tuple_over_several_lines_grows_at_its_end():
    source = 'X = ("şəhər", "b",\n     "c")\n'
    assert edits.add_to_tuple(source, "X", '"d"') == 'X = ("şəhər", "b",\n     "c", "d")\n'


def test_a_block_goes_before_the_closing_line_of_a_dict_or_a_tuple():
    source = "D = {\n    'a': 1,\n}\nT = (\n    1,\n)\n"
    changed = edits.insert_before_closing(source, "D", "    'b': 2,\n")
    assert edits.insert_before_closing(changed, "T", "    2,\n") == \
        "D = {\n    'a': 1,\n    'b': 2,\n}\nT = (\n    1,\n    2,\n)\n"


def test_a_constant_goes_after_the_last_constant_above_the_list():
    source = 'A = "a"\nB = "b"  # why\n\nSERVICES = (A, B)\nC = "c"\n'
    assert edits.add_constant_before(source, "SERVICES", "N", "n-n") == \
        'A = "a"\nB = "b"  # why\nN = "n-n"\n\nSERVICES = (A, B)\nC = "c"\n'


def test_a_long_text_is_written_as_adjacent_literals_that_read_back_the_same():
    text = "Poçt indeksini yazın və küçənin adını görün: " * 4
    literal = edits.python_text(text, indent=12)
    assert len(literal.splitlines()) > 1
    assert all(12 + len(line.strip()) + 1 <= edits.WIDTH for line in literal.splitlines())
    assert ast.literal_eval(f"({literal})") == text


def test_a_list_that_is_not_there_stops_the_scaffold():
    with pytest.raises(edits.ScaffoldError):
        edits.add_to_tuple("OTHER = (1,)\n", "SERVICES", "2")
