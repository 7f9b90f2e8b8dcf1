"""The sandbox e-gov identity app of a citizen (demo-data.md, "Sandbox interfaces"):
/sandbox/e-gov-identity/<FİN>. Typing the portal's 8-character request code stands in for
scanning its QR code; the app then shows the request with its code and asks for the app PIN
(Təsdiq et) or İmtina et. Registered only when the sandbox is on: in production the citizen's
own phone does this."""
from __future__ import annotations

from datetime import timezone
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.auth.egov_identity import OpenResult, PinResult
from core.auth.models import EgovIdentityUser
from core.sandbox.egov_identity import SandboxEgovIdentity
from web.forms.sandbox_egov_identity import ActionForm, CodeForm, PinForm
from web.platform.db import db
from web.platform.rendering import render
from web.platform.config import settings

bp = Blueprint("sandbox_egov_identity", __name__, url_prefix="/sandbox/e-gov-identity")
BAKU = ZoneInfo("Asia/Baku")


def messages() -> dict[str, tuple[str, str]]:
    return {
        PinResult.APPROVED.value: (_("Təsdiqləndi. Portal pəncərəsinə qayıdın."), "success"),
        PinResult.NOT_WAITING.value: (_("Bu sorğu artıq qüvvədə deyil."), "warning"),
        "declined": (_("Sorğudan imtina etdiniz."), "success"),
    }


def adapters() -> SandboxEgovIdentity:
    return current_app.extensions["auth"].egov_identity


def _screen_or_404(fin: str):
    screen = adapters().app(db(), fin)
    db().commit()  # an expired request is marked so
    return screen or abort(404)


def _page(fin: str, code_form=None, pin_form=None, status: int = 200):
    screen = _screen_or_404(fin)
    if pin_form is None:
        pin_form = PinForm(request_id=screen.request.id if screen.request else "")
    locked_until = None
    if screen.locked_until is not None:
        locked_until = screen.locked_until.replace(tzinfo=timezone.utc).astimezone(BAKU)
    forms = [f for f in (code_form, pin_form) if f is not None]
    return render("sandbox_egov_identity/app.html", status=status, screen=screen,
                  forms=forms, code_form=code_form or CodeForm(formdata=None), pin_form=pin_form,
                  locked_until=locked_until.strftime("%H:%M") if locked_until else None,
                  message=messages().get(request.args.get("netice", "")))


def _back(fin: str, result: str):
    return redirect(url_for("sandbox_egov_identity.app_screen", fin=fin, netice=result), 303)


@bp.get("/")
def index():
    users = db().execute(select(EgovIdentityUser).order_by(EgovIdentityUser.full_name)).scalars()
    return render("sandbox_egov_identity/index.html", users=list(users))


@bp.get("/<fin>")
def app_screen(fin: str):
    return _page(fin)


@bp.post("/<fin>/sorgu")
def open_request(fin: str):
    _screen_or_404(fin)
    form = CodeForm()
    if form.validate():
        result = adapters().open_request(db(), fin, form.code.data)
        db().commit()
        if result in (OpenResult.OPENED, OpenResult.LOCKED):  # the app screen shows which
            return redirect(url_for("sandbox_egov_identity.app_screen", fin=fin), 303)
        form.code.errors = [_("Bu kodla gözləyən sorğu tapılmadı. Kodu portaldakı ilə "
                              "müqayisə edin; sorğunun vaxtı bitibsə, portalda yeni sorğu "
                              "yaradın.")]
    elif form.errors.get("csrf_token"):
        abort(400)
    return _page(fin, code_form=form)


@bp.post("/<fin>/pin")
def approve(fin: str):
    _screen_or_404(fin)
    form = PinForm()
    if not form.validate_on_submit():
        abort(400)
    if not (form.pin.data or "").strip():
        form.pin.errors = [_("Tətbiq PIN kodunu yazın")]
        return _page(fin, pin_form=form)
    result, left = adapters().approve(db(), fin, form.request_id.data, form.pin.data)
    db().commit()  # a wrong PIN is counted
    if result is PinResult.WRONG:
        form.pin.errors = [_("PIN kod yanlışdır. Tətbiq bloklanmazdan əvvəl %(left)d cəhdiniz "
                             "qalıb.", left=left)]
        return _page(fin, pin_form=form)
    if result is PinResult.LOCKED:
        return redirect(url_for("sandbox_egov_identity.app_screen", fin=fin), 303)
    return _back(fin, result.value)


@bp.post("/<fin>/imtina")
def decline(fin: str):
    _screen_or_404(fin)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    declined = adapters().decline(db(), fin, form.request_id.data)
    db().commit()
    return _back(fin, "declined" if declined else PinResult.NOT_WAITING.value)


def init_app(app: Flask) -> None:
    if settings(app).sandbox:
        app.register_blueprint(bp)

