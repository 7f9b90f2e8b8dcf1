"""The sale's public allocation log: anyone reads it without signing in, pages of 50 entries
with the newest last, the chain's head, and the whole log as a JSON Lines file that verifies.
No citizen is named in it: no FİN and no name of any e-cabinet appears in the page or the file."""
from __future__ import annotations

import re

from sqlalchemy import select

from core.housing import allocation_log, holds
from core.housing.allocation_log import holders, read_lines, verify
from core.housing.models import Cabinet, Sale
from core.sandbox.citizens import AYSEL, CITIZENS, RESHAD
from tests.core.housing_support import add_buyers
from tests.pagecheck import LATER_STEP_BUDGET_KB, check_page
from tests.web.housing_support import (
    CABINET, CLOCK, enter_with_asan_imza, enter_with_token, free_flats, press, set_phase,
    sign_with_asan_imza,
)

LOG = "/guzestli-menzil/satis/1/bolgu-jurnali"
FILE = "/guzestli-menzil/satis/1/bolgu-jurnali.jsonl"


def entries_of(response) -> list[allocation_log.Entry]:
    return list(read_lines(response.get_data(as_text=True).splitlines()))


def a_sale_with_a_signature_and_a_reserve(app):
    aysel, reshad = app.test_client(), app.test_client()
    enter_with_asan_imza(app, aysel, AYSEL)
    enter_with_token(reshad, RESHAD)
    set_phase(aysel, "waiting_list")
    flat = free_flats(aysel)[0]
    press(aysel, flat)
    press(reshad, flat)
    sign_with_asan_imza(app, aysel, AYSEL)
    return aysel, reshad


def salt_of(db) -> str:
    salt = db.execute(select(Sale.log_salt).where(Sale.id == 1)).scalar_one()
    db.commit()  # SQLite: a read holds the write lock until the transaction ends
    return salt


def no_citizen_named(db, *bodies: str) -> None:
    cabinets = db.execute(select(Cabinet)).scalars().all()
    db.commit()
    assert len(cabinets) >= 2
    people = [(c.fin, c.full_name) for c in cabinets] + [(c.fin, c.full_name) for c in CITIZENS]
    for body in bodies:
        for fin, full_name in people:
            assert fin not in body and fin.lower() not in body.lower()
            assert full_name not in body
            for part in full_name.split():
                if len(part) > 4 and part not in ("oğlu", "qızı"):
                    assert part not in body, part


def test_an_anonymous_visitor_reads_the_log_and_downloads_a_file_that_verifies(app, client, db):
    a_sale_with_a_signature_and_a_reserve(app)
    page = client.get(LOG)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Bölgü jurnalı" in text and "Mənzili seçdi" in text and "Müraciəti imzaladı" in text
    assert "Ehtiyat oldu" in text and "Ehtiyat yeri bağlandı" in text
    download = client.get(FILE)
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/jsonl; charset=utf-8"
    assert download.headers["Content-Disposition"] == \
        'attachment; filename="bolgu-jurnali-satis-1.jsonl"'
    assert download.is_streamed
    entries = entries_of(download)
    assert [e.kind for e in entries] == ["hold", "reserve", "sign", "release"]
    head = re.search(r"<dd>([0-9a-f]{64})</dd>", text).group(1)
    assert verify(entries, head=head) is None
    assert holders(entries).unfair == []
    salt = salt_of(db)
    assert [(h.status, h.citizen) for h in holders(entries).holdings] == [
        ("signed", allocation_log.pseudonym(salt, AYSEL.fin))]
    assert salt not in text and salt not in download.get_data(as_text=True)
    no_citizen_named(db, text, download.get_data(as_text=True))


def test_the_log_names_no_citizen_in_english_either(app, client, db):
    a_sale_with_a_signature_and_a_reserve(app)
    client.get("/dil/en?next=" + LOG)
    page = client.get(LOG)
    text = page.get_data(as_text=True)
    assert "Allocation log" in text and "Signed the application" in text
    no_citizen_named(db, text)


def test_the_citizen_finds_their_own_pseudonym_in_the_cabinet_and_the_log(app, client, db):
    aysel, _reshad = a_sale_with_a_signature_and_a_reserve(app)
    salt = salt_of(db)
    mine = allocation_log.pseudonym(salt, AYSEL.fin)
    cabinet = aysel.get(CABINET).get_data(as_text=True)
    assert mine in cabinet and f'href="{LOG}"' in cabinet
    assert mine in client.get(LOG).get_data(as_text=True)
    assert allocation_log.pseudonym(salt, RESHAD.fin) not in cabinet


def test_the_sandbox_clock_links_the_log(client):
    assert f'href="{LOG}"' in client.get(CLOCK).get_data(as_text=True)


def test_a_long_log_is_paged_fifty_entries_at_a_time_newest_last(app, client, db):
    buyers = add_buyers(app.extensions["egov_db"].session_factory, 60)
    flat = 1
    for fin in buyers:  # each holds a flat and gives it up: 120 entries
        holds.press_confirm(db, fin=fin, flat_id=flat, payment_method="ipoteka")
        db.commit()
        holds.withdraw(db, fin=fin, sale_id=1)
        db.commit()
    last = client.get(LOG)
    text = last.get_data(as_text=True)
    assert "Səhifə 3 / 3" in text and ">120<" in text and ">100<" not in text
    assert "?sehife=2" in text and "?sehife=1" in text
    middle = client.get(LOG + "?sehife=2", headers={"Accept-Encoding": "gzip"})
    check_page(middle, LATER_STEP_BUDGET_KB)
    html = client.get(LOG + "?sehife=2").get_data(as_text=True)
    seqs = [int(n) for n in re.findall(r'<tr><td class="num[^"]*">(\d+)</td>', html)]
    assert seqs == list(range(51, 101))
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert len(entries_of(client.get(FILE))) == 120


def test_an_unknown_sale_has_no_log(client):
    assert client.get("/guzestli-menzil/satis/99/bolgu-jurnali").status_code == 404
    assert client.get("/guzestli-menzil/satis/99/bolgu-jurnali.jsonl").status_code == 404
