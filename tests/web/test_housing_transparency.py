"""The allocation log as a transparency log, on the web: a hold signs nothing; the checkpoint
signed in the background is served with a short cache and verifies with the key the log page
shows; tiles and bundles are immutable and cacheable; a buyer downloads the proof of each of
their entries from the cabinet, anyone finds one by pseudonym or number, and the documented
command verifies it offline. Bad input gets a sentence, never a 5xx."""
from __future__ import annotations

import base64
import gzip
import html
import io
import re

from sqlalchemy import func, select

from core.housing import allocation_log, merkle, tlog
from core.housing.log_models import LogCheckpoint
from core.housing.log_signer import from_settings
from core.housing.models import Sale
from core.housing.note import Note, Verifier, verify
from core.housing.verify_log import main as verify_log
from core.sandbox.citizens import AYSEL, RESHAD
from tests.pagecheck import check_page
from tests.web.housing_support import (
    CABINET, enter_with_asan_imza, enter_with_token, free_flats, press, set_phase,
)

LOG = "/guzestli-menzil/satis/1/bolgu-jurnali"
TLOG = "/guzestli-menzil/satis/1/tlog"
LOOKUP = LOG + "/subut"


def sign_checkpoints(app) -> list:
    """What the job consumer's signer does every second."""
    settings = app.config["EGOV_SETTINGS"]
    return from_settings(settings, app.extensions["egov_db"].session_factory).tick()


def two_holds(app):
    aysel, reshad = app.test_client(), app.test_client()
    enter_with_asan_imza(app, aysel, AYSEL)
    enter_with_token(reshad, RESHAD)
    flats = free_flats(aysel)
    press(aysel, flats[0])
    press(reshad, flats[1])
    return aysel, reshad


def published_key(client) -> str:
    page = client.get(LOG).get_data(as_text=True)
    return html.unescape(re.search(r"<dd>([^<]+\+[0-9a-f]{8}\+[^<]+)</dd>", page).group(1))


def pseudonym_of(db, fin: str) -> str:
    salt = db.execute(select(Sale.log_salt).where(Sale.id == 1)).scalar_one()
    db.commit()
    return allocation_log.pseudonym(salt, fin)


def test_a_hold_signs_nothing_and_the_background_step_signs_what_the_page_shows(app, client, db):
    two_holds(app)
    assert db.execute(select(func.count(LogCheckpoint.id))).scalar_one() == 0
    db.commit()
    missing = client.get(f"{TLOG}/checkpoint")
    assert missing.status_code == 404 and "hələ yoxdur" in missing.get_data(as_text=True)
    assert "Hələ imzalanmış yoxlama nöqtəsi yoxdur" in client.get(LOG).get_data(as_text=True)
    assert [c.size for c in sign_checkpoints(app)] == [2]
    answer = client.get(f"{TLOG}/checkpoint")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert answer.headers["Cache-Control"] == "public, max-age=2"
    note = Note.parse(answer.get_data())
    assert verify(note, [Verifier.parse(published_key(client))])
    page = client.get(LOG).get_data(as_text=True)
    assert html.escape(note.text.split("\n")[0]) in page and "Şahidin imzası" in page
    assert "heç bir şahidə göndərmir" in page  # the tests' portal names no witness


def test_tiles_and_bundles_are_the_signed_tree_and_cached_for_good(app, client):
    two_holds(app)
    sign_checkpoints(app)
    checkpoint = tlog.parse_checkpoint(client.get(f"{TLOG}/checkpoint").get_data())[0]
    tile = client.get(f"{TLOG}/tile/0/000.p/2")
    assert tile.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert tile.headers["Content-Type"] == "application/octet-stream"
    bundle = client.get(f"{TLOG}/tile/entries/000.p/2", headers={"Accept-Encoding": "gzip"})
    assert bundle.headers["Content-Encoding"] == "gzip"
    entries = tlog.unbundle(gzip.decompress(bundle.get_data()))
    leaves = [merkle.leaf_hash(e) for e in entries]
    assert tlog.split_hashes(tile.get_data()) == leaves
    assert merkle.Tree.of_leaves(leaves).root() == checkpoint.root
    assert [tlog.entry_from_leaf(e).kind for e in entries] == ["hold", "hold"]


def test_a_tile_that_is_not_there_is_a_404_with_a_sentence(app, client):
    two_holds(app)
    sign_checkpoints(app)
    for path in ("tile/0/000.p/3", "tile/0/000", "tile/1/000.p/1", "tile/entries/001.p/1",
                 "tile/0/abc", "tile/99/000", "tile/0/000.p/300", "tile/x/000",
                 "2/checkpoint", "2/tile/0/000.p/2"):
        answer = client.get(f"{TLOG}/{path}")
        assert answer.status_code == 404, path
        assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert answer.get_data(as_text=True).strip(), path


def test_the_buyer_downloads_the_proof_of_each_entry_from_the_cabinet_and_it_verifies(
        app, client, db, tmp_path):
    aysel, _reshad = two_holds(app)
    cabinet = aysel.get(CABINET).get_data(as_text=True)
    assert "Jurnaldakı yazılarınız" in cabinet and "sübut hazırlanır" in cabinet
    sign_checkpoints(app)
    cabinet = aysel.get(CABINET).get_data(as_text=True)
    link = re.search(r'href="(/guzestli-menzil/satis/1/bolgu-jurnali/1\.tlog-proof)" download',
                     cabinet).group(1)
    proof = aysel.get(link)
    assert proof.headers["Content-Disposition"] == \
        'attachment; filename="bolgu-jurnali-satis-1-yazi-1.tlog-proof"'
    (tmp_path / "mine.tlog-proof").write_bytes(proof.get_data())
    out = io.StringIO()
    assert verify_log(["--proof", str(tmp_path / "mine.tlog-proof"), "--key",
                       published_key(client)], out) == 0, out.getvalue()
    assert pseudonym_of(db, AYSEL.fin) in out.getvalue()


def test_anyone_finds_a_proof_by_pseudonym_or_number(app, client, db):
    two_holds(app)
    sign_checkpoints(app)
    mine = pseudonym_of(db, RESHAD.fin)
    by_pseudonym = client.get(LOOKUP, query_string={"axtar": f" {mine.upper()} "})
    text = by_pseudonym.get_data(as_text=True)
    assert by_pseudonym.status_code == 200
    assert "Yazı №2" in text and f'href="{LOG}/2.tlog-proof"' in text and "Yazı №1" not in text
    by_number = client.get(LOOKUP, query_string={"axtar": "№1"}).get_data(as_text=True)
    assert f'href="{LOG}/1.tlog-proof"' in by_number


def test_the_lookup_answers_bad_input_with_a_sentence_at_the_field(app, client):
    two_holds(app)
    for asked, says in (("", "16 simvol"), ("hello", "16 simvol"), ("0", "16 simvol"),
                        ("99", "99 nömrəli yazı yoxdur"),
                        ("0123456789abcdef", "bu təxəllüslə yazı yoxdur")):
        answer = client.get(LOOKUP, query_string={"axtar": asked})
        text = answer.get_data(as_text=True)
        assert answer.status_code == 400, asked
        assert says in text and 'class="error-summary"' in text and 'aria-invalid="true"' in text
        assert f'value="{asked}"' in text or not asked
    pending = client.get(LOOKUP, query_string={"axtar": "1"}).get_data(as_text=True)
    assert "sübut hazırlanır" in pending and "bir az sonra" in pending


def test_a_proof_that_does_not_exist_yet_or_at_all_is_a_page_with_a_sentence(app, client):
    two_holds(app)
    not_yet = client.get(f"{LOG}/1.tlog-proof")
    assert not_yet.status_code == 404 and "Sübut hələ hazır deyil" in not_yet.get_data(as_text=True)
    sign_checkpoints(app)
    nowhere = client.get(f"{LOG}/7.tlog-proof")
    assert nowhere.status_code == 404 and "7 nömrəli yazı yoxdur" in nowhere.get_data(as_text=True)
    assert client.get("/guzestli-menzil/satis/99/bolgu-jurnali/1.tlog-proof").status_code == 404


def test_the_log_page_with_its_checkpoint_stays_within_the_budget_in_english_too(app, client):
    two_holds(app)
    sign_checkpoints(app)
    check_page(client.get(LOG, headers={"Accept-Encoding": "gzip"}))
    client.get("/dil/en?next=" + LOG)
    text = client.get(LOG).get_data(as_text=True)
    assert "Signed checkpoint" in text and "Your entry's proof" in text
    lookup = client.get(LOOKUP, query_string={"axtar": "1"}).get_data(as_text=True)
    assert "Download the proof" in lookup


def test_the_checkpoint_s_root_is_the_root_of_the_downloaded_file(app, client):
    a, _ = two_holds(app)
    set_phase(a, "closed")
    sign_checkpoints(app)
    lines = client.get(LOG + ".jsonl").get_data(as_text=True).splitlines()
    leaves = [merkle.leaf_hash(line.encode()) for line in lines]
    root = tlog.parse_checkpoint(client.get(f"{TLOG}/checkpoint").get_data())[0].root
    assert base64.b64encode(merkle.Tree.of_leaves(leaves).root()) == base64.b64encode(root)


def test_the_checkpoint_and_tiles_do_not_vary_with_a_signed_in_citizen_s_cookie(app):
    aysel, _reshad = two_holds(app)
    sign_checkpoints(app)
    for path in ("checkpoint", "tile/0/000.p/2", "tile/entries/000.p/2"):
        answer = aysel.get(f"{TLOG}/{path}")
        assert answer.status_code == 200
        assert "Cookie" not in answer.headers.get("Vary", ""), path
    assert "Cookie" in aysel.get(CABINET).headers.get("Vary", "")


def test_numbers_beyond_any_sale_or_entry_are_404s_not_database_errors(client):
    huge = "99999999999999999999999"
    for path in (f"/guzestli-menzil/satis/{huge}/bolgu-jurnali",
                 f"/guzestli-menzil/satis/{huge}/bolgu-jurnali.jsonl",
                 f"/guzestli-menzil/satis/{huge}/tlog/checkpoint",
                 f"/guzestli-menzil/satis/1/tlog/{huge}/checkpoint",
                 f"/guzestli-menzil/satis/{huge}/tlog/tile/0/000",
                 f"/guzestli-menzil/satis/1/bolgu-jurnali/{huge}.tlog-proof",
                 f"/guzestli-menzil/satis/{huge}/bolgu-jurnali/subut?axtar=1",
                 "/guzestli-menzil/satis/1/tlog/tile/0/x999/x999/x999/x999/x999/x999/x999/999"):
        assert client.get(path).status_code == 404, path
