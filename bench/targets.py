"""What the throughput table loads: every catalogue page (found by following the catalogue's
own links), every step GET reachable without signing in, the signed-in steps with a session of
Aysel signed in through the password form, and one step POST per service with a valid CSRF
token of its own session. Each target is a plain dict, handed to bench/load.py as JSON."""
from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

from bench.servers import assert_loopback

CATALOGUE = "/e-xidmetler/"
SIGN_IN = "/daxil-ol/sifre"
ANONYMOUS_STEPS = ["/mobil-cihazlarin-qeydiyyati/", "/rabite-ve-kommunal-odenisler/"]
SIGNED_IN_STEPS = ["/seherlerarasi-danisiqlar/", "/sayga-zedelenmesinin-arasdirilmasi/"]
# (name, path, form, signed in, statuses that count as the answer the step gives)
POSTS = [
    ("bill payment step 1 POST (12 4212372)", "/rabite-ve-kommunal-odenisler/",
     {"city": "12", "number": "4212372"}, False, [302, 303]),
    ("device registration step 1 POST (wrong code)", "/mobil-cihazlarin-qeydiyyati/",
     {"id_card_number": "AZE12345678", "fin": "5ZX8K2P", "imei": "353325111234567",
      "security_code": "00000"}, False, [200]),
    ("meter damage step 1 POST (İrəli)", "/sayga-zedelenmesinin-arasdirilmasi/", {}, True, [302, 303]),
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping client, enough to sign in and take a form's CSRF token."""

    def __init__(self, base: str):
        assert_loopback(base)
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=15) as answer:
            return answer.read().decode()

    def post(self, path: str, form: dict) -> int:
        data = urllib.parse.urlencode(form).encode()
        with self.opener.open(self.base + path, data=data, timeout=15) as answer:
            answer.read()
            return answer.status

    def csrf_token(self, path: str) -> str:
        found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', self.get(path))
        if not found:
            raise RuntimeError(f"no CSRF token on {path}")
        return found.group(1)

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def sign_in(self, login: str = "aysel", password: str = "Demo-parol-2026") -> None:
        token = self.csrf_token(SIGN_IN)
        self.post(SIGN_IN, {"csrf_token": token, "login": login, "password": password})
        if "/cixis" not in self.get("/"):
            raise RuntimeError(f"{login} could not sign in through {SIGN_IN}")


def _links(html: str, prefix: str) -> list[str]:
    return sorted(set(re.findall(rf'href="({re.escape(prefix)}[^"?#]+/)"', html)))


def catalogue_pages(base: str) -> list[str]:
    """/, /e-xidmetler/, the first agency page, and every service page any agency lists."""
    client = Browser(base)
    agencies = [p for p in _links(client.get(CATALOGUE), CATALOGUE) if p != CATALOGUE]
    services = sorted({s for agency in agencies for s in _links(client.get(agency), "/xidmet/")})
    return ["/", CATALOGUE, agencies[0], *services]


def _get(name: str, path: str, cookie: str = "") -> dict:
    return {"name": name, "method": "GET", "path": path, "form": None,
            "headers": {"Cookie": cookie} if cookie else {}, "expect": [200]}


def build(base: str) -> list[dict]:
    targets = [_get(path, path) for path in catalogue_pages(base)]
    targets += [_get(f"{path} (step 1)", path) for path in ANONYMOUS_STEPS]
    aysel = Browser(base)
    aysel.sign_in()
    targets += [_get(f"{path} (signed in)", path, aysel.cookie_header()) for path in SIGNED_IN_STEPS]
    for name, path, form, signed_in, statuses in POSTS:
        client = aysel if signed_in else Browser(base)
        token = client.csrf_token(path)
        targets.append({"name": name, "method": "POST", "path": path,
                        "form": {"csrf_token": token, **form}, "expect": statuses,
                        "headers": {"Cookie": client.cookie_header()}})
    return targets
