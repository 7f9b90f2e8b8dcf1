"""Finding every POST form: crawl GET pages from / (same origin, bounded), and walk each
step-by-step service by submitting its forms once with plausible sandbox values, so the later
steps' forms are reached too. Done three times: anonymous, signed in with a password as the
demo citizen aysel, and in the Güzəştli mənzil e-cabinet (which takes only an enhanced
signature) as Rəşad, signed in with Asan İmza through the sandbox phone. Every URL seen is kept
for the URL probe (paths.py)."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from .forms import Form, on_site, parse
from .loopback import LoopbackSession

SKIP = re.compile(r"^/(guides|assets|static)/|/(cixis|logout|sign-?out)(/|$)")
SIGN_OUT = re.compile(r"/(cixis|logout|sign-?out)(/|$)")
CANCEL = re.compile(r"cancel|imtina|legv|geri|back|new_code|again", re.I)
SIGN_IN_PATH = "/daxil-ol/sifre"
CREDENTIALS = {"login": "aysel", "password": "Demo-parol-2026"}
# Forms whose plausible values would sign the crawling session in (or lock a demo account when
# mutated): they are fuzzed from their defaults and never walked.
CREDENTIAL_FORMS = re.compile(r"^/daxil-ol/(sifre|e-imza)$")
# Documented sandbox handles (../shared/demo-data.md) that no page links to. Nigar's token
# page: her certificate has expired, so fuzzing its forms disturbs no sign-in the probe needs.
SANDBOX_PAGES = ["/sandbox/asan-imza/0501234567", "/sandbox/outbox", "/sandbox/e-imza/3HN5T7R"]
# The Güzəştli mənzil e-cabinet as Rəşad (demo-data.md): Asan İmza, PIN1 on the sandbox phone.
# `bitir=1` ends his other session: the service allows one, and each re-walk signs in anew.
HOUSING = {"mobile": "0557654321", "user_id": "654321", "pin1": "4321"}
HOUSING_SIGN_IN = ("/daxil-ol/asan-imza?xidmet=guzestli-menzil&bitir=1"
                   "&next=%2Fguzestli-menzil%2F")
# Signing the flat with Asan İmza as Rəşad with his own pair: the request waits on his phone
# (nobody answers it), so the waiting page's form is found too.
OWNER_VALUES = {"housing": {"mobile": HOUSING["mobile"], "user_id": HOUSING["user_id"]}}
HOUSING_PAGES = ["/guzestli-menzil/", "/guzestli-menzil/satis/1/layihe/1/?usul=ipoteka",
                 "/guzestli-menzil/muracietim"]


def fresh_imei() -> str:
    """A valid IMEI (Luhn) of a model outside the catalogue: never registered yet, so every
    walk through device registration gets past its first step (fee 15 AZN)."""
    body = "35691611" + f"{random.randrange(10**6):06d}"
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
                for i, d in enumerate(int(c) for c in body))
    return body + str((10 - total % 10) % 10)


# Plausible values from ../shared/demo-data.md (the sandbox's fixed records), by field name.
HAPPY = {
    "fin": "5ZX8K2P", "id_card_number": "AZE12345678", "imei": fresh_imei,
    "security_code": "24680", "city": "12", "number": "4212372", "email": "probe@example.org",
    "mobile": "0501234567", "user_id": "123456", "subscriber": "1234567", "pin": "1234",
    "pin2": "12345", "puk": "12345678", "amount": "1.00", "card_type": "visa",
}
CARD = {"number": "4111111111111111", "exp_month": "12", "exp_year": str(date.today().year + 2),
        "cvv": "123"}

Step = tuple  # ("get", path) or ("post", action, pairs)


@dataclass
class Endpoint:
    form: Form
    owner: str                    # "anonymous", "signed-in" or "housing"
    chain: list[Step] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.form.path


def _visit_key(target: str) -> str:
    """Pages that differ only in where to go afterwards (`next`) are one page to the crawl."""
    parts = urlsplit(target)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if k != "next")
    return parts.path + "?" + "&".join(f"{k}={v}" for k, v in query)


def happy_value(form: Form, name: str, owner: str | None = None) -> str:
    f = form.field(name)
    if "cvv" in form.names() and name in CARD:
        return CARD[name]
    if f.kind == "hidden" or name == "csrf_token":
        return f.value
    value = OWNER_VALUES.get(owner, {}).get(name, HAPPY.get(name))
    value = value() if callable(value) else value
    if value is not None and (not f.options or value in f.options):
        return value
    if f.options:
        return f.value or next((o for o in f.options if o), f.options[0])
    return f.value or "Probe"


def happy_pairs(form: Form, walk: bool = True, owner: str | None = None) -> list[tuple[str, str]]:
    """Plausible values (walk) or the form's own defaults, plus the button a citizen presses."""
    pairs = []
    for name in form.names():
        f = form.field(name)
        if walk:
            pairs.append((name, happy_value(form, name, owner)))
        elif f.kind != "checkbox" or f.value:
            pairs.append((name, f.value))
    buttons = [f for f in form.fields if f.kind == "submit"]
    if buttons and all(b.name for b in buttons):
        chosen = next((b for b in buttons if not CANCEL.search(b.value)), buttons[0])
        pairs.append((chosen.name, chosen.value))
    return pairs


def sign_in(base: str, session: LoopbackSession, next_url: str | None = None, hx=False):
    """The password sign-in as aysel; returns the POST's response."""
    query = {"next": next_url} if next_url is not None else None
    page = session.get(base + SIGN_IN_PATH, params=query, timeout=15)
    forms = [f for f in parse(base, SIGN_IN_PATH, page.text)[1] if f.path == SIGN_IN_PATH]
    if not forms:
        raise RuntimeError(f"no password sign-in form at {SIGN_IN_PATH} ({page.status_code})")
    pairs = [(n, CREDENTIALS.get(n, v)) for n, v in happy_pairs(forms[0], walk=False)]
    headers = {"HX-Request": "true"} if hx else {}
    return session.post(base + SIGN_IN_PATH, params=query, data=pairs, headers=headers,
                        timeout=15)


def _form_on(base: str, session: LoopbackSession, page: str, action: str) -> Form:
    response = session.get(base + page, timeout=15)
    form = next((f for f in parse(base, page, response.text)[1] if f.path == action), None)
    if form is None:
        raise RuntimeError(f"no form posting to {action} on {page} ({response.status_code})")
    return form


def sign_in_housing(base: str, session: LoopbackSession):
    """Rəşad into the Güzəştli mənzil e-cabinet with Asan İmza, PIN1 typed on the sandbox phone;
    returns the last POST's response (a redirect to the cabinet when it worked)."""
    path = urlsplit(HOUSING_SIGN_IN).path
    form = _form_on(base, session, HOUSING_SIGN_IN, path)
    pairs = [(n, HOUSING.get(n, v)) for n, v in happy_pairs(form, walk=False)]
    answer = session.post(base + HOUSING_SIGN_IN, data=pairs, timeout=15)
    if not answer.is_redirect:
        return answer
    phone = f"/sandbox/asan-imza/{HOUSING['mobile']}"
    pin = _form_on(base, session, phone, f"{phone}/pin")
    session.post(base + pin.action, timeout=15, data=[
        (n, HOUSING["pin1"] if n == "pin" else v) for n, v in happy_pairs(pin, walk=False)])
    waiting = "/daxil-ol/asan-imza/gozleyin"
    go_on = _form_on(base, session, waiting, waiting)
    return session.post(base + waiting, data=happy_pairs(go_on, walk=False), timeout=15)


def sign_in_as(owner: str, base: str, session: LoopbackSession) -> None:
    if owner == "signed-in":
        sign_in(base, session)
    elif owner == "housing":
        sign_in_housing(base, session)


class Crawler:
    def __init__(self, base: str, max_pages: int = 150, max_walks: int = 40) -> None:
        self.base, self.max_pages, self.max_walks = base, max_pages, max_walks
        self.endpoints: dict[str, Endpoint] = {}
        self.next_targets: dict[str, dict] = {}    # path -> the query it was seen with
        self.urls: dict[str, set[str]] = {}        # owner -> every page and action it saw
        self.actions: dict[str, set[str]] = {}     # owner -> the POST actions among them
        self.pages = 0

    def _saw(self, owner: str, target: str, action: bool = False) -> None:
        self.urls.setdefault(owner, set()).add(target)
        if action:
            self.actions.setdefault(owner, set()).add(target)

    def _note(self, target: str) -> None:
        parts = urlsplit(target)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if "next" in query and parts.path not in self.next_targets:
            self.next_targets[parts.path] = query

    def follow(self, session: LoopbackSession, response, limit: int = 6,
               owner: str | None = None):
        """Follow same-origin redirects by hand (the session never does it itself)."""
        path = None
        while response.is_redirect and limit > 0:
            path = on_site(response.url, response.headers.get("Location", ""))
            if not path or SKIP.search(urlsplit(path).path):
                return response, None
            self._note(path)
            if owner is not None:
                self._saw(owner, path)
            response = session.get(self.base + path, timeout=15)
            limit -= 1
        if "HX-Redirect" in response.headers:
            path = on_site(response.url, response.headers["HX-Redirect"])
        return response, path

    def crawl(self, session: LoopbackSession, owner: str, start: list[str]) -> None:
        queue: list[tuple[str, list[Step]]] = [(p, []) for p in start]
        seen: set[str] = set()
        walks = pages = 0
        while queue and pages < self.max_pages:
            page, chain = queue.pop(0)
            if _visit_key(page) in seen or SKIP.search(urlsplit(page).path):
                continue
            seen.add(_visit_key(page))
            self._note(page)
            self._saw(owner, page)
            response, _ = self.follow(session, session.get(self.base + page, timeout=15),
                                      owner=owner)
            pages += 1
            self.pages += 1
            here = on_site(self.base, response.url) or page
            chain = chain + [("get", page)]
            links, forms = parse(self.base, here, response.text)
            for link in links:
                self._note(link)
                if _visit_key(link) not in seen:
                    queue.append((link, chain))
            for form in forms:
                self._note(form.action)
                self._saw(owner, form.action, action=True)
                if any(same_shape(form.path, known) for known in self.endpoints):
                    continue  # one endpoint per shape: Təsdiq et of flat 3 is that of flat 4
                self.endpoints[form.path] = Endpoint(form, owner, chain)
                if (SIGN_OUT.search(form.path) or CREDENTIAL_FORMS.search(form.path)
                        or walks >= self.max_walks):
                    continue
                walks += 1
                pairs = happy_pairs(form, owner=owner)
                answer, landed = self.follow(session, session.post(
                    self.base + form.action, data=pairs, timeout=30), owner=owner)
                step = ("post", form.action, [p for p in pairs if p[0] != "csrf_token"])
                if landed and _visit_key(landed) not in seen:
                    queue.insert(0, (landed, chain + [step]))
                elif answer.ok:  # a re-rendered form or a page reached by redirect
                    for link in parse(self.base, here, answer.text)[0]:
                        if _visit_key(link) not in seen:
                            queue.append((link, chain + [step]))
                    final = on_site(self.base, answer.url)
                    if final and _visit_key(final) not in seen:
                        queue.insert(0, (final, chain + [step]))


def same_shape(a: str, b: str) -> bool:
    """Two actions of one endpoint: equal, or differing in one inner segment (a reference)."""
    x, y = a.strip("/").split("/"), b.strip("/").split("/")
    differ = [i for i, (p, q) in enumerate(zip(x, y)) if p != q]
    return len(x) == len(y) and (not differ or (len(differ) == 1 and differ[0] < len(x) - 1))


def find_form(forms: list[Form], path: str) -> Form | None:
    return (next((f for f in forms if f.path == path), None)
            or next((f for f in forms if same_shape(f.path, path)), None))


def current_form(base: str, session: LoopbackSession, page: str, path: str) -> Form | None:
    """The form posting to `path` as this session sees it now on `page`, or None if the page
    no longer shows it (the session moved on or was signed out)."""
    response = session.get(base + page, timeout=15)
    return find_form(parse(base, page, response.text)[1], path)


def replay(base: str, endpoint: Endpoint) -> tuple[LoopbackSession, Form | None]:
    """A fresh session brought to the endpoint's page the way discovery reached it, with the
    endpoint's form as that session last saw it (its action may carry a new reference)."""
    session = LoopbackSession()
    sign_in_as(endpoint.owner, base, session)
    forms: list[Form] = []
    seen: Form | None = None

    def read(response, page):
        nonlocal forms, seen
        forms = parse(base, page, response.text)[1]
        seen = find_form(forms, endpoint.form.path) or seen

    for step in endpoint.chain:
        if step[0] == "get":
            read(session.get(base + step[1], timeout=15), step[1])
            continue
        fresh = find_form(forms, urlsplit(step[1]).path)
        if fresh is not None:  # today's hidden values (CSRF token, challenge ids)
            action, pairs = fresh.action, happy_pairs(fresh, owner=endpoint.owner)
        else:
            token = next((f.csrf() for f in forms if f.csrf()), None)
            action, pairs = step[1], list(step[2]) + ([("csrf_token", token)] if token else [])
        response = session.post(base + action, data=pairs, timeout=30)
        for _ in range(6):
            path = on_site(response.url, response.headers.get("Location", "")) \
                if response.is_redirect else None
            if not path:
                break
            response = session.get(base + path, timeout=15)
        read(response, on_site(base, response.url) or step[1])
    return session, seen
