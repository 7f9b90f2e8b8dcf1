"""The sale's allocation log as a transparency log, published without sign-in: the signed
checkpoint (short cache), the hash tiles and entry bundles (c2sp.org/tlog-tiles, immutable: a
proxy or a mirror may keep them for good), a buyer's proof file (c2sp.org/tlog-proof) and the
proof lookup by pseudonym or entry number. Everything only reads (web.platform.db.reading: on
SQLite no write lock), never signs: checkpoints are signed in the background
(core.housing.log_signer).

The log's URL prefix is /guzestli-menzil/satis/<sale>/tlog, or …/tlog/<n> for the n-th log
of a sale the sandbox has reset: the checkpoint's origin without the host."""
from __future__ import annotations

import gzip
from datetime import datetime

from flask import Response, current_app, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from core.housing import checkpoints, events, tlog
from core.housing.allocation_log import Entry
from core.housing.note import NoteError
from web.auth.guard import without_session
from web.platform.db import reading
from web.platform.errors import render_error
from web.platform.rendering import render
from web.platform.wording import baku_time
from web.forms.housing import ProofLookupForm
from web.services.housing.blueprint import NUMBER, public_log_bp, sale_or_404
from web.services.housing.texts import log_event_name, log_place_name

CHECKPOINT_CACHE = "public, max-age=2"
TILE_CACHE = "public, max-age=31536000, immutable"


def _plain(status: int, text: str, cache: str = "no-store") -> Response:
    response = Response(text, status=status, mimetype="text/plain")
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Cache-Control"] = cache
    return response


def _is_current(reader, sale_id: int, generation: int) -> bool:
    return checkpoints.state(reader, sale_id).generation == generation


def tlog_prefix(sale_id: int, generation: int) -> str:
    return url_for("housing_log.tlog_checkpoint", sale_id=sale_id, generation=generation,
                   _external=False).rsplit("/", 1)[0]


@public_log_bp.get(f"/<{NUMBER}:sale_id>/tlog/checkpoint", defaults={"generation": 1})
@public_log_bp.get(f"/<{NUMBER}:sale_id>/tlog/<{NUMBER}:generation>/checkpoint")
@without_session
def tlog_checkpoint(sale_id: int, generation: int):
    with reading() as reader:
        last = checkpoints.latest(reader, sale_id) \
            if _is_current(reader, sale_id, generation) else None
        note = checkpoints.published_note(reader, last) if last else None
    if note is None:
        return _plain(404, _("Bu jurnalın imzalanmış yoxlama nöqtəsi hələ yoxdur.") + "\n")
    return _plain(200, note, CHECKPOINT_CACHE)


@public_log_bp.get(f"/<{NUMBER}:sale_id>/tlog/tile/<level>/<path:rest>",
                   defaults={"generation": 1})
@public_log_bp.get(f"/<{NUMBER}:sale_id>/tlog/<{NUMBER}:generation>/tile/<level>/<path:rest>")
@without_session
def tlog_tile(sale_id: int, generation: int, level: str, rest: str):
    try:
        address = tlog.parse_tile_path(level, rest)
    except NoteError as error:
        return _plain(404, _("Belə plitə yoxdur") + f": {error}\n")
    with reading() as reader:
        data = checkpoints.tile_bytes(reader, sale_id, address) \
            if _is_current(reader, sale_id, generation) else None
    if data is None:
        return _plain(404, _("İmzalanmış ağacda belə plitə (hələ) yoxdur.") + "\n")
    response = Response(data, mimetype="application/octet-stream")
    response.headers["Cache-Control"] = TILE_CACHE
    if address.level is None and "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(gzip.compress(data, 6, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


@public_log_bp.get(f"/<{NUMBER}:sale_id>/bolgu-jurnali/<{NUMBER}:seq>.tlog-proof")
def proof_file(sale_id: int, seq: int):
    sale = sale_or_404(sale_id)
    try:
        with reading() as reader:
            proof = checkpoints.inclusion_proof(reader, sale.id, seq)
    except checkpoints.NotYetSigned:
        return render_error(404, _("Sübut hələ hazır deyil"), not_yet_signed())
    if proof is None:
        return render_error(404, _("Belə yazı yoxdur"),
                            _("Bu satışın bölgü jurnalında %(seq)d nömrəli yazı yoxdur.", seq=seq))
    response = _plain(200, proof.format(), CHECKPOINT_CACHE)
    response.headers["Content-Disposition"] = \
        f'attachment; filename="bolgu-jurnali-satis-{sale.id}-yazi-{seq}.tlog-proof"'
    return response


def not_yet_signed() -> str:
    return _("Bu yazı hələ imzalanmış yoxlama nöqtəsinə düşməyib. Portal yeni yazıları bir neçə "
             "saniyədən bir imzalayır: bir az sonra səhifəni yeniləyin.")


def proof_rows(reader, sale_id: int, entries: list[Entry]) -> list[dict]:
    """Each entry as the cabinet and the lookup list it, with its proof's link once signed."""
    last = checkpoints.latest(reader, sale_id)
    signed = last.size if last else 0
    return [{"entry": e, "event": log_event_name(e.kind), "place": log_place_name(e.position),
             "time": format_datetime(datetime.strptime(e.at, "%Y-%m-%dT%H:%M:%S.%fZ"),
                                     "dd.MM.yyyy HH:mm:ss"),
             "proof": url_for("housing_log.proof_file", sale_id=sale_id, seq=e.seq)
             if e.seq <= signed else None} for e in entries]


@public_log_bp.get(f"/<{NUMBER}:sale_id>/bolgu-jurnali/subut")
def proof_lookup(sale_id: int):
    sale = sale_or_404(sale_id)
    form, rows = ProofLookupForm(request.args), []
    if "axtar" in request.args and form.validate():
        kind, value = form.wanted()
        with reading() as reader:
            found = events.of_citizen(reader, sale.id, value) if kind == "citizen" \
                else events.entries(reader, sale.id, value, value)
            rows = proof_rows(reader, sale.id, found)
        if not rows:
            form.axtar.errors = [_("Bu satışın jurnalında bu təxəllüslə yazı yoxdur: "
                                   "təxəllüsü elektron kabinetinizdə göründüyü kimi yazın.")
                                 if kind == "citizen" else
                                 _("Bu satışın bölgü jurnalında %(seq)d nömrəli yazı yoxdur.",
                                   seq=value)]
    return render("housing/log_proof.html", sale=sale, form=form, rows=rows,
                  pending=not_yet_signed(), status=400 if form.axtar.errors else 200,
                  log_page=url_for("housing_log.page", sale_id=sale.id))


def checkpoint_summary(sale_id: int) -> dict:
    """What the log page shows of the signed checkpoint and the witnesses."""
    keys = current_app.extensions["housing"]
    with reading() as reader:
        generation = checkpoints.state(reader, sale_id).generation
        last = checkpoints.latest(reader, sale_id)
        cosigned = checkpoints.cosignatures(reader, last.id) if last else []
        note = checkpoints.published_note(reader, last) if last else None
    known = {w.key.name: w.key.vkey() for w in keys["log_witnesses"]}
    return {
        "note": note, "size": last.size if last else 0,
        "signed_at": baku_time(last.signed_at) if last else None,
        "log_key": keys["log_key"], "prefix": tlog_prefix(sale_id, generation),
        "checkpoint_url": url_for("housing_log.tlog_checkpoint", sale_id=sale_id,
                                  generation=generation),
        "cosignatures": [{"name": c.witness, "key": known.get(c.witness),
                          "at": baku_time(c.cosigned_at)} for c in cosigned],
        "witnesses": sorted(known.items()),
        "lookup": ProofLookupForm(),
    }
