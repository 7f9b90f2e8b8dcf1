"""Güzəştli mənzil, signed in with an enhanced signature as the e2e journey does (the service
takes no password, and one session per citizen): Aysel with Asan İmza (the sandbox phone over
HTTP), Rəşad with the e-imza token. Aysel holds a flat and starts signing with Asan İmza
(PIN2 is never entered: the request waits); every page of choosing and signing is loaded with
her session. The POSTs never take a flat for good: pressing Təsdiq et again while holding one
is refused (one place per citizen), the signing forms are sent without a valid user ID or PIN
(no phone or token is asked), and İmtina et is repeated by Rəşad after his own withdrawal.

Built just before it is loaded (bench/targets/__init__.py): an Asan İmza request lives 2
minutes, a hold 15, an admission to the sale 10. The demo sale is reset first (12 free flats);
afterwards, or if the walk fails, both sign out and it is reset again, so the journeys that
follow sign in and choose as on a fresh portal."""
from __future__ import annotations

import re

from bench.targets import signing_in
from bench.targets.client import Browser, Group, Walker, get, post
from core.sandbox.citizens import AYSEL, RESHAD

SERVICE = "guzestli-menzil"
CABINET = f"/{SERVICE}/"
APPLICATION = CABINET + "muracietim"
SIGN_ASAN = APPLICATION + "/asan-imza"
SIGN_WAIT = SIGN_ASAN + "/gozleyin"
SIGN_TOKEN = APPLICATION + "/e-imza"
WITHDRAW = APPLICATION + "/imtina"
METHOD = "ipoteka"  # İpoteka kreditinin vəsaiti hesabına
BAD_USER_ID_SAYS = "İstifadəçi ID 6 rəqəmdən ibarətdir"
NO_PIN_SAYS = "Tokenin PIN kodunu yazın"
HTMX = {"HX-Request": "true"}
NAME = "housing"


class Sale:
    """The demo sale's addresses, as the cabinet and its links give them."""

    def __init__(self, client: Browser):
        found = re.search(rf'href="({CABINET}satis/\d+/)"', client.get(CABINET))
        if not found:
            raise RuntimeError(f"no sale open in {CABINET}")
        self.payment = found.group(1)
        self.projects = f"{self.payment}layiheler?usul={METHOD}"
        project = re.search(rf'href="({re.escape(self.payment)}layihe/\d+/)\?',
                            client.get(self.projects))
        if not project:
            raise RuntimeError(f"no project on {self.projects}")
        self.flats = f"{project.group(1)}?usul={METHOD}"
        self.log = f"{self.payment}bolgu-jurnali"

    def presses(self, client: Browser) -> list[str]:
        """The Təsdiq et form of every flat the citizen may press now, in the list's order."""
        return re.findall(rf'action="({CABINET}menzil/\d+/tesdiq)"', client.get(self.flats))


def hold(client: Browser, sale: Sale, press: str) -> None:
    client.submit(press, {"usul": METHOD}, token_from=sale.flats,
                  expect_path=f"{APPLICATION}?netice=held")


def group(base: str) -> Group:
    reset_sale(Browser(base))
    aysel, reshad = Browser(base), Browser(base)

    def after() -> None:
        for client in (aysel, reshad):
            signing_in.sign_out(client)
        reset_sale(Browser(base))

    try:
        return Group(NAME, _targets(aysel, reshad), after)
    except Exception:
        after()  # whoever signed in must not keep the one session the service allows
        raise


def _targets(aysel: Browser, reshad: Browser) -> list[dict]:
    signing_in.with_asan_imza(aysel, AYSEL, SERVICE, CABINET)
    signing_in.with_eimza(reshad, RESHAD, SERVICE, CABINET)
    sale = Sale(aysel)
    free = sale.presses(aysel)
    hold(aysel, sale, free[0])
    hold(reshad, sale, free[1])
    reshad.submit(WITHDRAW, {}, expect_path=f"{APPLICATION}?netice=withdrawn")
    aysel.open(sale.flats)  # a new admission: holding the flat spent the last one
    aysel.submit(SIGN_ASAN, {"mobile": AYSEL.mobile, "user_id": AYSEL.asan_user_id},
                 expect_path=SIGN_WAIT)
    return [  # the waiting ones first: the request they wait on lives 2 minutes
        get(f"{NAME} sign, Asan İmza waiting GET", SIGN_WAIT, aysel),
        post(f"{NAME} sign, Asan İmza waiting POST (htmx poll)", SIGN_WAIT, {}, aysel,
             expect=204, headers=HTMX),
        get(f"{NAME} cabinet GET", CABINET, aysel),
        get(f"{NAME} payment method GET", sale.payment, aysel),
        get(f"{NAME} payment method GET ?usul= (Davam et)", f"{sale.payment}?usul={METHOD}",
            aysel, expect=303, location=sale.projects),
        get(f"{NAME} projects GET", sale.projects, aysel),
        get(f"{NAME} flats GET", sale.flats, aysel),
        get(f"{NAME} flats GET (htmx refresh)", sale.flats, aysel,
            headers={**HTMX, "HX-Target": "flats-region"}),
        post(f"{NAME} Təsdiq et POST (holding one: refused)", free[2], {"usul": METHOD},
             aysel, expect=303, location=f"{sale.flats}&netice=already_has_place",
             token_from=sale.flats),
        get(f"{NAME} Müraciətim GET (held)", APPLICATION, aysel),
        get(f"{NAME} sign, Asan İmza GET", SIGN_ASAN, aysel),
        post(f"{NAME} sign, Asan İmza POST (bad user ID)", SIGN_ASAN,
             {"mobile": AYSEL.mobile, "user_id": "12345"}, aysel, expect=200,
             contains=BAD_USER_ID_SAYS),
        get(f"{NAME} sign, e-imza GET", SIGN_TOKEN, aysel),
        post(f"{NAME} sign, e-imza POST (no PIN)", SIGN_TOKEN,
             {"certificate": signing_in.certificate_of(AYSEL), "pin": ""}, aysel, expect=200,
             contains=NO_PIN_SAYS),
        get(f"{NAME} İmtina et GET", WITHDRAW, aysel),
        post(f"{NAME} İmtina et POST (again, after withdrawing)", WITHDRAW, {}, reshad,
             expect=303, location=APPLICATION, token_from=APPLICATION),
        get(f"{NAME} allocation log GET", sale.log, aysel),
    ]


def reset_sale(client: Walker) -> None:
    """The sandbox sale clock's reset: 12 free flats, no places, the sale open."""
    client.submit("/sandbox/satis/sifirla", {}, token_from="/sandbox/satis/",
                  expect_path="/sandbox/satis/?netice=reset")
