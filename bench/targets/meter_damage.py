"""Sayğac zədələnməsinin araşdırılması, signed in with the password as the e2e journey does:
every step GET and POST of Aysel's household application for 100200300400501, each with a
draft of its own walked to its step; and Müraciəti göndər, sent once while the targets are
built, then repeated: the portal answers a second press with the same application (one per
draft, however often it is pressed), so no application is added per request."""
from __future__ import annotations

from bench.targets import signing_in
from bench.targets.client import Browser, get, post
from core.sandbox.citizens import AYSEL

SERVICE = "sayga-zedelenmesinin-arasdirilmasi"
BASIC = f"/{SERVICE}/"
KIND = BASIC + "muraciet"
DETAILS = BASIC + "muraciet/abonent"
CONTACT = BASIC + "elaqe"
CHECK = BASIC + "yoxla"
MINE = "/muracietlerim/"
# Each step, the form that completes it, and where that form leads, in order.
STEPS = [
    ("basic", BASIC, {}, KIND),
    ("kind", KIND, {"kind": "household"}, DETAILS),
    ("details", DETAILS, {"subscriber_code": "100200300400501", "damage_kind": "seal"}, CONTACT),
    ("contact", CONTACT, {"operator": "50", "subscriber": "1234567",
                          "email": "aysel@example.az"}, CHECK),
]
NAME = "meter damage"


def at(base: str, step: int) -> Browser:
    """Aysel signed in, with the steps before STEPS[step] (or all of them) done."""
    client = Browser(base)
    signing_in.with_password(client, AYSEL, SERVICE, BASIC)
    for _step, path, form, then in STEPS[:step]:
        client.submit(path, form, expect_path=then)
    return client


def build(base: str) -> list[dict]:
    targets = []
    for index, (step, path, form, then) in enumerate(STEPS):
        client = at(base, index)
        targets += [get(f"{NAME} {step} GET", path, client),
                    post(f"{NAME} {step} POST (İrəli)", path, form, client, location=then)]
    targets.append(get(f"{NAME} check GET", CHECK, at(base, len(STEPS))))
    sent = at(base, len(STEPS))
    confirmation = sent.submit(CHECK, {}, expect_path=f"{KIND}/").path
    reference = confirmation.removeprefix(f"{KIND}/").removesuffix("/qebul")
    return targets + [
        post(f"{NAME} check POST (Müraciəti göndər, again)", CHECK, {}, sent, expect=303,
             location=confirmation, token_from=confirmation),
        get(f"{NAME} confirmation GET", confirmation, sent),
        get(f"{NAME} Müraciətlərim GET", MINE, sent),
        get(f"{NAME} Müraciətlərim GET (the application)", f"{MINE}{reference}/", sent),
    ]
