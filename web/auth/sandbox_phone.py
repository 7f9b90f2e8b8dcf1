"""The sandbox "phone" of an Asan İmza subscriber (demo-data.md, "Sandbox interfaces"):
/sandbox/asan-imza/<mobile> shows the request waiting on that phone, its 4-digit code, and asks
for PIN1 (sign-in) or PIN2 (signing); when a PIN is blocked it asks for the PUK. Registered only
when the sandbox is on: in production the citizen's own phone does this."""
from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_babel import gettext as _

from core.auth.asan_imza import PinResult, Purpose, PukResult, normalise_mobile
from core.kernel.phones import format_mobile
from core.sandbox.asan_imza import SandboxAsanImza
from web.forms.sandbox_phone import ActionForm, PinForm, PukForm
from web.platform.db import db
from web.platform.rendering import render
from web.platform.routing import whole_number
from web.platform.config import settings

bp = Blueprint("sandbox_asan_imza", __name__, url_prefix="/sandbox/asan-imza")


def messages() -> dict[str, tuple[str, str]]:
    return {
        PinResult.CONFIRMED.value: (_("Təsdiqləndi. Portal pəncərəsinə qayıdın."), "success"),
        PinResult.WRONG.value: (_("PIN kod yanlışdır. Qalan cəhdlər: %(left)s.",
                                  left=whole_number(request.args.get("qalib"), default="?")), "warning"),
        PinResult.BLOCKED.value: (_("PIN kod 3 dəfə yanlış daxil edildi və bloka düşdü. Onu "
                                    "açmaq üçün PUK kodu daxil edin."), "warning"),
        PinResult.NOT_WAITING.value: (_("Bu sorğu artıq qüvvədə deyil."), "warning"),
        "declined": (_("Sorğudan imtina etdiniz."), "success"),
        PukResult.UNBLOCKED.value: (_("PIN kodlar blokdan çıxarıldı."), "success"),
        "puk_wrong": (_("PUK kod yanlışdır. Qalan cəhdlər: %(left)s.",
                        left=whole_number(request.args.get("qalib"), default="?")), "warning"),
        PukResult.BLOCKED_FOR_GOOD.value: (_("PUK kod 3 dəfə yanlış daxil edildi: SIM kart "
                                             "birdəfəlik bloka düşdü."), "warning"),
        PukResult.NOT_NEEDED.value: (_("Heç bir PIN kod bloklanmayıb."), "success"),
        "duplicate": (_("Operator SIM kartın dublikatını verdi: PIN və PUK sayğacları "
                        "sıfırlandı."), "success"),
    }


def adapters() -> SandboxAsanImza:
    return current_app.extensions["auth"].asan_imza


def _screen_or_404(mobile: str):
    if normalise_mobile(mobile) != mobile:
        abort(404)
    screen = adapters().phone(db(), mobile)
    db().commit()  # an expired request is marked so
    return screen or abort(404)


def _back(mobile: str, result: str, left: int | None = None):
    return redirect(url_for("sandbox_asan_imza.phone", mobile=mobile, netice=result,
                            qalib=left), 303)


@bp.get("/<mobile>")
def phone(mobile: str):
    screen = _screen_or_404(mobile)
    pin_form = PinForm(request_id=screen.request.id if screen.request else "")
    if screen.request is not None:
        pin_form.pin.label.text = "PIN1" if screen.request.purpose == Purpose.SIGN_IN.value else "PIN2"
    message = messages().get(request.args.get("netice", ""))
    return render("sandbox_asan_imza/phone.html", screen=screen, number=format_mobile(mobile),
                  pin_form=pin_form, puk_form=PukForm(),
                  message=message, signing=bool(screen.request) and
                  screen.request.purpose == Purpose.SIGN.value)


@bp.get("/<mobile>/yoxla")
def check(mobile: str):
    """htmx polls this while no request waits: 204 until one arrives, then a page refresh."""
    screen = _screen_or_404(mobile)
    if screen.request is None:
        return "", 204
    return "", 200, {"HX-Refresh": "true"}


@bp.post("/<mobile>/pin")
def enter_pin(mobile: str):
    _screen_or_404(mobile)
    form = PinForm()
    if not form.validate_on_submit():
        abort(400)
    result, left = adapters().enter_pin(db(), form.request_id.data, form.pin.data or "")
    db().commit()  # a wrong PIN is counted
    return _back(mobile, result.value, left if result is PinResult.WRONG else None)


@bp.post("/<mobile>/imtina")
def decline(mobile: str):
    _screen_or_404(mobile)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    declined = adapters().decline(db(), form.request_id.data)
    db().commit()
    return _back(mobile, "declined" if declined else PinResult.NOT_WAITING.value)


@bp.post("/<mobile>/puk")
def enter_puk(mobile: str):
    _screen_or_404(mobile)
    form = PukForm()
    if not form.validate_on_submit():
        abort(400)
    result, left = adapters().enter_puk(db(), mobile, form.puk.data or "")
    db().commit()
    code = "puk_wrong" if result is PukResult.WRONG else result.value
    return _back(mobile, code, left if result is PukResult.WRONG else None)


@bp.post("/<mobile>/dublikat")
def duplicate(mobile: str):
    _screen_or_404(mobile)
    if not ActionForm().validate_on_submit():
        abort(400)
    adapters().issue_duplicate_sim(db(), mobile)
    db().commit()
    return _back(mobile, "duplicate")


def init_app(app: Flask) -> None:
    if settings(app).sandbox:
        app.register_blueprint(bp)
