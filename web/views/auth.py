"""Sign-in (seed 003 Şəkil 1, seed 002 "giriş vasitələri", seed 004 rules): the methods a
service accepts, each with "Necə əldə etməli?"; login and password; e-imza; sign-out.
Asan İmza's pages are in web/views/auth_asan_imza.py, on the same blueprint."""
from __future__ import annotations

import math

from flask import Blueprint, Flask, current_app, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from core.platform import catalogue
from core.auth import ALL_METHODS, Identity, Method, sessions
from core.auth.accounts import PasswordOutcome, authenticate
from core.auth.eimza import SandboxEimza, TokenRefusal
from core.auth.sessions import Admission
from core.kernel.db import utcnow
from web import auth
from web.auth_messages import method_name, token_refusal
from web.db import db
from web.forms.auth import ConfirmForm, EimzaForm, PasswordForm
from web.rendering import render

bp = Blueprint("auth", __name__)

CERTIFICATE_PROBLEMS = frozenset(TokenRefusal) - {TokenRefusal.WRONG_PIN, TokenRefusal.BLOCKED}
# Passed from page to page of the sign-in: where to go after, for which service, and "bitir":
# end the citizen's other session of a single-session service once this sign-in succeeds.
CARRIED = ("next", "xidmet", "bitir")
METHOD_ENDPOINTS = {
    Method.EIMZA: "auth.eimza",
    Method.ASAN_IMZA: "auth.asan_imza",
    Method.PASSWORD: "auth.password",
}


def providers() -> dict:
    return current_app.extensions["auth"]


def requested_service() -> catalogue.Service | None:
    return catalogue.service(request.args.get("xidmet", ""))


def offered_methods(service: catalogue.Service | None) -> list[Method]:
    """The service's methods (all, for the portal itself) that have a provider here."""
    wanted = sessions.policy(service.slug).methods if service else ALL_METHODS
    available = providers()["methods"]
    return [m for m in ALL_METHODS if m in wanted and m in available]


def carry() -> dict:
    """The query that every sign-in page passes on: where to go after, for which service."""
    return {k: request.args[k] for k in CARRIED if request.args.get(k)}


def method_allowed(method: Method):
    """None if this sign-in page may be used now; otherwise the redirect to show instead."""
    if method not in offered_methods(requested_service()):
        return redirect(url_for("auth.choose", **carry()), 303)
    return None


def finish(identity: Identity, wanted: dict | None = None):
    """A credential was proven: open the session and go where the citizen was going.
    `wanted` holds "next" and "xidmet" when they do not come from this page's query."""
    wanted = carry() if wanted is None else wanted
    service = catalogue.service(wanted.get("xidmet", ""))
    opened = auth.sign_in(identity, service.slug if service else None,
                          take_over=bool(service and wanted.get("bitir")))
    db().commit()
    if opened.admission is Admission.OTHER_SESSION_ACTIVE:
        return other_session_page(service.slug, wanted.get("next"))
    if opened.admission is not Admission.ADMITTED:
        return go(url_for("auth.choose", usul="1", **wanted))
    return go(auth.safe_next(wanted.get("next")))


def go(target: str):
    """Redirect; an htmx request gets a full page load so the header shows the new state."""
    response = redirect(target, 303)
    if request.headers.get("HX-Request"):
        response.status_code = 200
        response.headers["HX-Redirect"] = target
    return response


def other_session_page(service_slug: str, next_url: str | None = None):
    """Refused: the citizen's session of this service is open elsewhere. Offers to end that
    one by signing in again here with a method the service accepts."""
    service = catalogue.service(service_slug)
    take_over = [(m, url_for(METHOD_ENDPOINTS[m], xidmet=service_slug, bitir="1",
                             next=auth.safe_next(next_url) if next_url else None))
                 for m in offered_methods(service)]
    return render("auth/other_session.html", status=409, service=service, take_over=take_over,
                  method_name=method_name)


@bp.get("/daxil-ol/")
def choose():
    service = requested_service()
    methods = offered_methods(service)
    citizen = auth.current_citizen()
    if citizen is not None and citizen.method in methods and request.args.get("next"):
        return redirect(auth.safe_next(request.args.get("next")), 303)
    links = [(m, url_for(METHOD_ENDPOINTS[m], **carry())) for m in methods]
    return render("auth/choose.html", service=service, links=links, method_name=method_name,
                  expired=bool(request.args.get("bitdi")),
                  stronger=bool(request.args.get("usul")), citizen=citizen)


@bp.route("/daxil-ol/sifre", methods=["GET", "POST"])
def password():
    if (refusal := method_allowed(Method.PASSWORD)) is not None:
        return refusal
    form = PasswordForm()
    if form.validate_on_submit():
        result = authenticate(db(), form.login.data, form.password.data,
                              client=request.remote_addr or "")
        db().commit()  # failures are counted even though the citizen sees an error
        if result.outcome is PasswordOutcome.SIGNED_IN:
            return finish(result.identity)
        if result.outcome is PasswordOutcome.TOO_MANY:
            minutes = max(1, math.ceil(result.retry_after.total_seconds() / 60))
            form.password.errors = [_(
                "Çox sayda uğursuz cəhd edildi. Təhlükəsizlik üçün %(minutes)d dəqiqə sonra "
                "yenidən cəhd edin.", minutes=minutes)]
        else:
            form.password.errors = [_(
                "İstifadəçi adı və ya şifrə yanlışdır. Hər ikisini yoxlayıb yenidən yazın.")]
    return render("auth/password.html", form=form, service=requested_service(),
                  back=url_for("auth.choose", **carry()))


@bp.route("/daxil-ol/e-imza", methods=["GET", "POST"])
def eimza():
    if (refusal := method_allowed(Method.EIMZA)) is not None:
        return refusal
    token: SandboxEimza = providers()["eimza"]
    certificates = token.certificates(db())
    today = utcnow().date()
    choices = [(c.serial, _certificate_label(c, today)) for c in certificates]
    form = EimzaForm(choices)
    if form.validate_on_submit():
        result = token.sign_in(db(), form.certificate.data, form.pin.data)
        db().commit()  # a wrong PIN is counted even though the citizen sees an error
        if result.ok:
            return finish(result.identity)
        message = token_refusal(result.refusal.value, result.attempts_left,
                                getattr(result.certificate, "valid_until", None),
                                getattr(result.certificate, "valid_from", None))
        if result.refusal in CERTIFICATE_PROBLEMS:
            form.certificate.errors = [message]
        else:
            form.pin.errors = [message]
    return render("auth/eimza.html", form=form, service=requested_service(),
                  back=url_for("auth.choose", **carry()))


def _certificate_label(certificate, today) -> str:
    label = _("%(name)s, FİN %(fin)s, %(start)s – %(end)s", name=certificate.full_name,
              fin=certificate.fin, start=format_date(certificate.valid_from, "dd.MM.yyyy"),
              end=format_date(certificate.valid_until, "dd.MM.yyyy"))
    if certificate.problem(today) is not None:
        label += " " + _("(qüvvədə deyil)")
    return label


@bp.route("/cixis", methods=["GET", "POST"])
def sign_out():
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        auth.sign_out()
        db().commit()
        return redirect(url_for("auth.sign_out", ok="1"), 303)
    return render("auth/sign_out.html", form=form, citizen=auth.current_citizen(),
                  done=bool(request.args.get("ok")))


def init_app(app: Flask) -> None:
    from web.views import auth_asan_imza  # noqa: F401  adds the Asan İmza routes to bp
    from core.auth.asan_imza import SandboxAsanImza
    from core.auth.signing import SandboxSigning

    methods = [Method.PASSWORD]
    extension = {"methods": methods}
    if app.config.get("SANDBOX"):
        asan = SandboxAsanImza()
        token = SandboxEimza()
        extension.update(asan_imza=asan, eimza=token, signing=SandboxSigning(asan, token))
        methods.extend([Method.ASAN_IMZA, Method.EIMZA])
    app.extensions["auth"] = extension
    auth.init_app(app)
    app.register_blueprint(bp)
