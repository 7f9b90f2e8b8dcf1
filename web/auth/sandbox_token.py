"""The sandbox e-imza token of a citizen (demo-data.md, "Sandbox interfaces"):
/sandbox/e-imza/<FİN>. "Plugging it into this computer" stands in for the USB token and the
signing program, which tell a real browser which certificates are at hand: the e-imza sign-in
form lists only the certificates of tokens plugged into this browser, never everyone's. When
10 wrong PINs have blocked the token, the page plays the 157 Call Centre, which unblocks it with
the PUK (seed 004); 3 wrong PUKs and only a new token helps. Registered only when the sandbox
is on: in production the citizen's own token and computer do this."""
from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_babel import gettext as _

from core.auth.asan_imza import PukResult
from core.kernel.identity import fin_problem
from core.sandbox.eimza import SandboxEimza
from web.forms.sandbox_token import PukForm, TokenForm
from web.platform import signed_cookie
from web.platform.db import db
from web.platform.rendering import render
from web.platform.config import settings

bp = Blueprint("sandbox_token", __name__, url_prefix="/sandbox/e-imza")
COOKIE, SALT = "egov_tokens", "sandbox plugged tokens"
MOST_PLUGGED = 4


def messages() -> dict[str, tuple[str, str]]:
    return {
        "plugged": (_("Token bu kompüterə taxıldı. İndi portalda elektron imza ilə daxil "
                      "ola bilərsiniz."), "success"),
        "unplugged": (_("Token kompüterdən çıxarıldı."), "success"),
        PukResult.UNBLOCKED.value: (_("157 Çağrı Mərkəzi tokeni blokdan çıxardı: PIN kodu "
                                      "yenidən daxil edə bilərsiniz."), "success"),
        PukResult.WRONG.value: (_("PUK kod yanlışdır."), "warning"),
        PukResult.BLOCKED_FOR_GOOD.value: (_("PUK kod 3 dəfə yanlış daxil edildi: token birdəfəlik "
                                             "bloka düşdü."), "warning"),
        PukResult.NOT_NEEDED.value: (_("Token bloklanmayıb."), "success"),
        "new": (_("Yeni token verildi: PIN və PUK sayğacları sıfırlandı."), "success"),
    }


def adapters() -> SandboxEimza:
    return current_app.extensions["auth"].eimza


def plugged_tokens() -> list[str]:
    """The serials of the tokens plugged into this browser."""
    return signed_cookie.read(COOKIE, SALT, MOST_PLUGGED)


def _tokens_or_404(fin: str):
    if fin_problem(fin) is not None or fin != fin.upper():
        abort(404)
    tokens = adapters().tokens(db(), fin)
    db().commit()
    return tokens or abort(404)


def _chosen(fin: str, form) -> str:
    if not form.validate_on_submit():
        abort(400)
    serials = {t.serial for t in _tokens_or_404(fin)}
    if form.token.data not in serials:
        abort(404)
    return form.token.data


def _back(fin: str, result: str, plugged: list[str] | None = None):
    response = redirect(url_for("sandbox_token.token_page", fin=fin, netice=result), 303)
    if plugged is not None:
        signed_cookie.write(response, COOKIE, SALT, plugged[:MOST_PLUGGED])
    return response


@bp.get("/<fin>")
def token_page(fin: str):
    tokens = _tokens_or_404(fin)
    return render("sandbox_token/token.html", fin=fin, tokens=tokens, plugged=plugged_tokens(),
                  puk_form=PukForm(formdata=None), message=messages().get(
                      request.args.get("netice", "")))


@bp.post("/<fin>/tax")
def plug_in(fin: str):
    serial = _chosen(fin, TokenForm())
    return _back(fin, "plugged", [serial] + [t for t in plugged_tokens() if t != serial])


@bp.post("/<fin>/cixar")
def unplug(fin: str):
    serial = _chosen(fin, TokenForm())
    return _back(fin, "unplugged", [t for t in plugged_tokens() if t != serial])


@bp.post("/<fin>/puk")
def unblock(fin: str):
    form = PukForm()
    serial = _chosen(fin, form)
    result = adapters().unblock_with_puk(db(), serial, form.puk.data or "")
    db().commit()  # a wrong PUK is counted
    return _back(fin, result.value)


@bp.post("/<fin>/yeni-token")
def new_token(fin: str):
    serial = _chosen(fin, TokenForm())
    adapters().issue_new_token(db(), serial)
    db().commit()
    return _back(fin, "new")


def init_app(app: Flask) -> None:
    if settings(app).sandbox:
        app.register_blueprint(bp)
