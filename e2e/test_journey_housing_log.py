"""Güzəştli mənzil's public allocation log (bölgü jurnalı), as a visitor who never signs in
reads it: Aysel signs in with her e-imza token, sees her pseudonym in the cabinet and holds a
flat; a visitor on another computer opens the sale's log, finds the hold under that pseudonym
(never her name), downloads the file and it verifies, sees the signed checkpoint with the
witness's cosignature, finds Aysel's entry by pseudonym and downloads its proof; Aysel opens the
log from her cabinet and downloads the proof of her hold there; both proofs verify offline with
the documented command and the keys the page shows. JavaScript on and off (e2e/conftest.py),
both languages."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.housing.allocation_log import holders, read_lines, verify
from e2e.support import Journey, plug_in_token, reset_sale

TEXT = {
    "az": {"sign_in": "Daxil ol", "pin": "Tokenin PIN kodu", "cabinet": "Elektron kabinet",
           "choose": "Mənzil seç", "mortgage": "İpoteka kreditinin vəsaiti hesabına",
           "continue": "Davam et", "flat": "mənzil", "application": "Müraciətim",
           "log": "Bölgü jurnalı", "log_link": "Satışın bölgü jurnalı", "held": "Mənzili seçdi",
           "download": "Jurnalın hamısını yükləyin", "sign_out": "Çıxış",
           "confirmed": "bu yoxlama nöqtəsini təsdiq edib",
           "lookup": "Təxəllüs və ya yazının nömrəsi", "find": "Sübutu tap",
           "proof": "Sübutu yükləyin", "mine": "Jurnaldakı yazılarınız"},
    "en": {"sign_in": "Sign in", "pin": "Token PIN", "cabinet": "E-cabinet",
           "choose": "Choose a flat", "mortgage": "With a mortgage loan", "continue": "Continue",
           "flat": "flat", "application": "My application", "log": "Allocation log",
           "log_link": "The sale's allocation log", "held": "Chose the flat",
           "download": "Download the whole log", "sign_out": "Sign out",
           "confirmed": "confirmed this checkpoint", "lookup": "Pseudonym or entry number",
           "find": "Find the proof", "proof": "Download the proof",
           "mine": "Your entries in the log"},
}
CABINET = "/guzestli-menzil/"
LOG = "/guzestli-menzil/satis/1/bolgu-jurnali"
AYSEL_CERTIFICATE = re.compile("Məmmədova Aysel Rauf qızı")


ROOT = Path(__file__).resolve().parent.parent


def reload_until(person: Journey, text: str, seconds: float = 30) -> None:
    """The checkpoint is signed and cosigned in the background within seconds: reload the
    page as a citizen would until it shows `text`."""
    deadline = time.monotonic() + seconds
    while text not in person.page.locator("main").inner_text():
        assert time.monotonic() < deadline, f"{text!r} did not appear on {person.page.url}"
        time.sleep(1)
        person.page.reload()
        person.settle()


def save_download(page, link, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with page.expect_download() as started:
        link.click()
    target = folder / started.value.suggested_filename
    started.value.save_as(target)
    return target


def verify_offline(proof: Path, log_key: str, witness_key: str) -> str:
    """The guide's command, as a citizen runs it on their own computer."""
    done = subprocess.run([sys.executable, "-m", "core.housing.verify_log", "--proof", str(proof),
                           "--key", log_key, "--witness-key", witness_key], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def visitor(journey: Journey, browser, context_args: dict, language: str) -> Journey:
    """Someone on another computer who never signs in, with the same JavaScript setting."""
    context = browser.new_context(**context_args)
    other = Journey(page=context.new_page(), js_enabled=journey.js_enabled,
                    auditor=journey.auditor, base_url=journey.base_url,
                    figures_root=journey.figures_root, write_figures=journey.write_figures)
    other.open("/", language)
    return other


@pytest.mark.parametrize("language", ["az", "en"])
def test_a_visitor_reads_the_log_and_finds_a_hold_under_the_holders_pseudonym(
        journey, browser, browser_context_args, language, tmp_path):
    text = TEXT[language]
    reset_sale(journey.page)
    page = journey.open("/", language)
    others: list[Journey] = []
    try:
        plug_in_token(page, "5ZX8K2P")
        page.goto(f"/daxil-ol/e-imza?xidmet=guzestli-menzil&next={CABINET}")
        page.get_by_label(AYSEL_CERTIFICATE).check()
        page.get_by_label(text["pin"]).fill("123456")
        page.get_by_role("button", name=text["sign_in"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["cabinet"])
        journey.check()
        pseudonym = page.locator("main strong.code").first.inner_text()
        assert re.fullmatch(r"[0-9a-f]{16}", pseudonym)

        page.get_by_role("link", name=text["choose"]).click()
        page.get_by_label(text["mortgage"]).check()
        page.get_by_role("button", name=text["continue"]).click()
        page.get_by_role("link", name="Yasamal Yaşayış Kompleksi").click()
        page.get_by_role("button", name=re.compile(f"Bina 1, {text['flat']} 3$")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["application"])
        journey.check()

        # a visitor, not signed in, reads the log and downloads it
        reader = visitor(journey, browser, browser_context_args, language)
        others.append(reader)
        reader.goto(LOG)
        expect(reader.page.get_by_role("heading", level=1)).to_have_text(text["log"])
        row = reader.page.locator("tbody tr").last
        expect(row).to_contain_text(text["held"])
        expect(row).to_contain_text(pseudonym)
        expect(reader.page.locator("main")).not_to_contain_text("Aysel")
        href = reader.page.get_by_role("link", name=re.compile(text["download"])).get_attribute("href")
        download = reader.page.request.get(href)
        assert download.headers["content-type"] == "application/jsonl; charset=utf-8"
        assert "attachment" in download.headers["content-disposition"]
        entries = list(read_lines(download.text().splitlines()))
        head = reader.page.locator("dd").filter(has_text=re.compile("^[0-9a-f]{64}$")).inner_text()
        assert verify(entries, head=head) is None
        assert [(h.status, h.citizen) for h in holders(entries).holdings][-1:] == [
            ("held", pseudonym)]

        # the signed checkpoint with the witness's cosignature; the proof found by pseudonym
        reload_until(reader, text["confirmed"])
        reader.check()
        reader.figure(f"guzestli-menzil/{language}/bolgu-jurnali.png")
        reader.figure(f"guzestli-menzil/{language}/yoxlama-noqtesi.png", "#yoxlama-noqtesi")
        section = reader.page.locator("#yoxlama-noqtesi")
        log_key = section.locator("dd").filter(has_text=re.compile(r"\+[0-9a-f]{8}\+")).inner_text()
        witness_key = section.locator(".verify-link").first.inner_text()
        reader.page.get_by_label(text["lookup"]).fill(pseudonym)
        reader.page.get_by_role("button", name=text["find"]).click()
        reader.check()
        reader.figure(f"guzestli-menzil/{language}/subut.png")
        proof_link = reader.page.get_by_role("link", name=re.compile(text["proof"]))
        found = save_download(reader.page, proof_link, tmp_path)
        assert found.suffix == ".tlog-proof"
        assert pseudonym in verify_offline(found, log_key, witness_key)

        # Aysel opens the log from her cabinet, and downloads her proof there
        page.goto(CABINET)
        journey.check()
        expect(page.get_by_role("heading", name=text["mine"])).to_be_visible()
        mine = save_download(page, page.get_by_role("link", name=re.compile(text["proof"])).first,
                        tmp_path / "aysel")
        assert "(hold, flat 3, holder" in verify_offline(mine, log_key, witness_key)
        page.get_by_role("link", name=text["log_link"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["log"])
        journey.check()
    finally:
        sign_out = journey.page.get_by_role("button", name=text["sign_out"])
        if sign_out.count():
            sign_out.first.click()
        for person in others:
            person.page.context.close()
        reset_sale(journey.page)
