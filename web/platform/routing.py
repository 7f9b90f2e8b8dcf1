"""What a URL's parts may be: numbers (`<int:…>` and a query string's numbers), and text
segments, which never hold a NUL.

Werkzeug's own `int` converter matches any Unicode digit (`\\d`) and any size, so
`/satis/9223372036854775808/` reached SQLite as an OverflowError (500) and any id ≥ 2³¹ reached
PostgreSQL's integer columns as a DataError (logged as "database unavailable", 503), and `²`
passed `str.isdigit()` but not `int()`. Every id here is a database integer: ASCII digits up
to 2³¹ − 1, anything else is a page that does not exist (404). No address of the portal has a
NUL in it either (PostgreSQL refuses it in any text, which read as "database unavailable"): a
path argument with one does not match (404), as web.platform.input_text drops it from query
and form values."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

LARGEST_ID = 2**31 - 1  # PostgreSQL's integer, the type of every id column


class DatabaseId(IntegerConverter):
    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = LARGEST_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, LARGEST_ID if max is None else max, signed)


class TextSegment(UnicodeConverter):
    def __init__(self, map, minlength: int = 1, maxlength: int | None = None,  # noqa: A002
                 length: int | None = None) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00]", 1)


class TextPath(PathConverter):
    regex = r"[^/\x00][^\x00]*?"


def whole_number(text: str | None, *, default: int | str | None = None,
                 largest: int = LARGEST_ID) -> int | str | None:
    """A non-negative whole number typed in ASCII digits (`?sehife=3`), at most `largest`;
    `default` for anything else (empty, `²`, `٣`, `-1`, `1e9`, 400 digits)."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(largest)):
        return default
    number = int(text)
    return number if number <= largest else default


def init_app(app: Flask) -> None:
    """Before any blueprint adds its rules: every `<int:…>` of the portal is a DatabaseId,
    every `<name>` a TextSegment and every `<path:…>` a TextPath."""
    app.url_map.converters.update(int=DatabaseId, default=TextSegment, string=TextSegment,
                                  path=TextPath)
