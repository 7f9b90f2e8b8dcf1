"""What the portal reads from a query string or a form is text a person could have typed: the
NUL character (which no keyboard types, and PostgreSQL refuses in any text column) is dropped
from every name and value, so a crafted request gets the same answer as the text around it
instead of a database error."""
from __future__ import annotations

from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

NUL = "\x00"


def _without_nul(values: ImmutableMultiDict) -> ImmutableMultiDict:
    if not any(NUL in key or NUL in value for key, value in values.items(multi=True)
               if isinstance(value, str)):
        return values
    return ImmutableMultiDict(
        (key.replace(NUL, ""), value.replace(NUL, "") if isinstance(value, str) else value)
        for key, value in values.items(multi=True))


class TypedTextRequest(Request):
    @cached_property
    def args(self):
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.form = _without_nul(self.form)


def init_app(app: Flask) -> None:
    app.request_class = TypedTextRequest
