"""Mobil cihazların qeydiyyatı, no sign-in: every step GET and POST, each with a session
walked to its step. Every walk applies for a fresh IMEI (bench.floor.fresh_imei), so no demo
device is used up; one walk pays once with the sandbox's approved card, for the receipt and
ARXİV targets."""
from __future__ import annotations

from bench.floor import fresh_imei
from bench.targets.cards import APPROVED_VISA, EXPIRED_SAYS, EXPIRED_VISA
from bench.targets.client import Browser, get, post, primed_post
from core.sandbox.citizens import AYSEL

START = "/mobil-cihazlarin-qeydiyyati/"
DETAILS = START + "melumatlar"
CARD = START + "odenis"
RECEIPTS = START + "qebz/"
ARCHIVE = START + "arxiv"
SANDBOX_CODE = "24680"  # the sandbox's test security code (demo-data.md)
DETAILS_FORM = {"operator": "50", "subscriber": "1234567", "card_type": "visa"}
CODE_USED_SAYS = "Təhlükəsizlik kodunun vaxtı bitib"
NAME = "device registration"


def applicant() -> dict:
    return {"id_card_number": AYSEL.id_card_number, "fin": AYSEL.fin, "imei": fresh_imei(),
            "security_code": SANDBOX_CODE}


def at_details(base: str) -> Browser:
    client = Browser(base)
    client.submit(START, applicant(), expect_path=DETAILS)
    return client


def at_card(base: str) -> Browser:
    client = at_details(base)
    client.submit(DETAILS, DETAILS_FORM, expect_path=CARD)
    return client


def replayed_step_one(base: str) -> dict:
    """A step 1 form sent again after its code was used: the draft exists (no new one per
    request) and the form comes back asking for the new code."""
    client = at_details(base)
    client.open(START)
    target = post(f"{NAME} step 1 POST, replayed (code used)", START,
                  {**applicant(), "security_code": SANDBOX_CODE}, client, expect=200,
                  contains=CODE_USED_SAYS)
    client.open(START, target["form"])  # uses the code the target's cookie holds
    return target


def build(base: str) -> list[dict]:
    details, card = at_details(base), at_card(base)
    paid = at_card(base)
    receipt = paid.submit(CARD, APPROVED_VISA, expect_path=RECEIPTS).path
    number = receipt.removeprefix(RECEIPTS)
    archive = Browser(base)
    return [
        get(f"{NAME} step 1 GET", START),
        primed_post(f"{NAME} step 1 POST, valid (own GET before each)", START,
                    applicant(), location=DETAILS),
        replayed_step_one(base),
        get(f"{NAME} step 2 GET (details)", DETAILS, details),
        post(f"{NAME} step 2 POST (mobile, Visa)", DETAILS, DETAILS_FORM, details,
             location=CARD),
        get(f"{NAME} card GET", CARD, card),
        post(f"{NAME} card POST, expired card (no bank)", CARD, EXPIRED_VISA, card,
             expect=200, contains=EXPIRED_SAYS),
        get(f"{NAME} receipt GET", receipt, paid),
        get(f"{NAME} ARXİV GET", ARCHIVE),
        post(f"{NAME} ARXİV POST (Aysel's: her receipt)", ARCHIVE,
             {"id_card_number": AYSEL.id_card_number, "fin": AYSEL.fin}, archive, expect=200,
             contains=number),
    ]
