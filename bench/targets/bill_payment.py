"""Rabitə və kommunal ödənişlər, no sign-in: every step GET and POST for Aysel's line Bakı (12)
4212372, each with a session walked to its step; one walk pays once with the sandbox's
approved card, for the receipt targets. Confirming (Təsdiqlə) again with nothing changed goes on
with the unpaid payment the first press made: nothing is charged, no bank is asked."""
from __future__ import annotations

import re

from bench.targets.cards import APPROVED_VISA, EXPIRED_SAYS, EXPIRED_VISA
from bench.targets.client import Browser, get, input_value, post

START = "/rabite-ve-kommunal-odenisler/"
DEBTS = START + "borclar"
AMOUNT = START + "mebleg"
CONFIRM = START + "tesdiq"
CARD = START + "kart"
RECEIPTS = START + "qebz/"
AGAIN = START + "yeni-odenis"
LINE = {"city": "12", "number": "4212372"}
NAME = "bill payment"


def at_debts(base: str) -> Browser:
    client = Browser(base)
    client.submit(START, LINE, expect_path=DEBTS)
    return client


def first_debt(client: Browser) -> str:
    """The service of the first "Ödə" button the debts table shows."""
    found = re.search(r'name="service" value="([^"]+)"', client.get(DEBTS))
    if not found:
        raise RuntimeError(f"no debt to pay on {DEBTS}")
    return found.group(1)


def at_amount(base: str) -> Browser:
    client = at_debts(base)
    client.submit(DEBTS, {"service": first_debt(client)}, expect_path=AMOUNT)
    return client


def amount_form(client: Browser) -> dict:
    """The amount the step offers (the debt), with a Visa card."""
    return {"amount": input_value(client.get(AMOUNT), "amount") or "1.00", "card_type": "visa"}


def at_confirm(base: str) -> Browser:
    client = at_amount(base)
    client.submit(AMOUNT, amount_form(client), expect_path=CONFIRM)
    return client


def at_card(base: str) -> Browser:
    client = at_confirm(base)
    client.submit(CONFIRM, {}, expect_path=CARD)
    return client


def build(base: str) -> list[dict]:
    debts, amount, confirm, card = at_debts(base), at_amount(base), at_confirm(base), at_card(base)
    paid = at_card(base)
    receipt = paid.submit(CARD, APPROVED_VISA, expect_path=RECEIPTS).path
    return [
        get(f"{NAME} step 1 GET", START),
        post(f"{NAME} step 1 POST (12 4212372)", START, LINE, debts, location=DEBTS),
        get(f"{NAME} debts GET", DEBTS, debts),
        post(f"{NAME} debts POST (Ödə, first debt)", DEBTS, {"service": first_debt(debts)},
             debts, location=AMOUNT),
        get(f"{NAME} amount GET", AMOUNT, amount),
        post(f"{NAME} amount POST (the debt, Visa)", AMOUNT, amount_form(amount), amount,
             location=CONFIRM),
        get(f"{NAME} confirm GET", CONFIRM, confirm),
        post(f"{NAME} confirm POST (Təsdiqlə again: the same unpaid payment)", CONFIRM, {}, confirm,
             location=CARD),
        get(f"{NAME} card GET", CARD, card),
        post(f"{NAME} card POST, expired card (no bank)", CARD, EXPIRED_VISA, card,
             expect=200, contains=EXPIRED_SAYS),
        get(f"{NAME} receipt GET", receipt, paid),
        # Post/Redirect/Get: the mistyped address goes back to the receipt, which says why
        post(f"{NAME} receipt e-mail POST, bad address", f"{receipt}/e-poct",
             {"email": "aysel-at-example"}, paid, expect=303, location=receipt,
             token_from=receipt),
        post(f"{NAME} new payment POST (Yeni ödəniş)", AGAIN, {}, paid, location=DEBTS,
             token_from=receipt),
    ]
