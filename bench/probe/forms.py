"""Reading pages with html.parser: same-origin links, and POST forms with their fields."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str    # text, password, hidden, radio, checkbox, select, textarea, submit, …
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str                   # path and query on the portal
    page: str                     # the page the form was found on
    fields: list[Field] = field(default_factory=list)

    @property
    def path(self) -> str:
        return urlsplit(self.action).path

    def names(self) -> list[str]:
        seen: list[str] = []
        for f in self.fields:
            if f.name not in seen and f.kind != "submit":
                seen.append(f.name)
        return seen

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def csrf(self) -> str | None:
        f = self.field("csrf_token")
        return f.value if f else None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[tuple[str, list[Field]]] = []
        self._form: list[Field] | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = []
                self.forms.append((a.get("action", ""), self._form))
            else:  # a GET form (e.g. Xidmətə keç) leads to a page like a link does
                self._form = None
                if a.get("action"):
                    self.links.append(a["action"])
        elif self._form is None:
            return
        for attribute in ("hx-post", "formaction"):  # another POST endpoint for the same fields
            if a.get(attribute) and (a[attribute], self._form) not in self.forms:
                self.forms.append((a[attribute], self._form))
        if tag == "form":
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                existing = next((f for f in self._form if f.name == a["name"]), None)
                if existing is None:
                    existing = Field(a["name"], kind, "")
                    self._form.append(existing)
                existing.options.append(a.get("value", "on"))
                if "checked" in a:
                    existing.value = a.get("value", "on")
            elif kind in ("submit", "image"):
                self._form.append(Field(a["name"], "submit", a.get("value", "")))
            else:
                self._form.append(Field(a["name"], kind, a.get("value", "")))
        elif tag == "input" and a.get("type", "").lower() in ("submit", "image"):
            self._form.append(Field("", "submit", a.get("value", "")))
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self._form.append(Field(a.get("name", ""), "submit", a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select")
            self._form.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea")
            self._form.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def on_site(base: str, href: str) -> str | None:
    """The path and query of href when it is on the portal's origin, else None."""
    absolute = urljoin(base, href.strip())
    parts, origin = urlsplit(absolute), urlsplit(base)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def parse(base: str, page: str, html: str) -> tuple[list[str], list[Form]]:
    """Links (on-site paths) and POST forms of a page fetched from base + page."""
    parser = _PageParser()
    parser.feed(html)
    here = base + page
    links = [p for p in (on_site(here, h) for h in parser.links) if p]
    forms = []
    for action, fields in parser.forms:
        target = on_site(here, action or page)
        if target:
            forms.append(Form(target, page, fields))
    return links, forms
