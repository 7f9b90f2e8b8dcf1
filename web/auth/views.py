"""Sign-in (seed 003 Şəkil 1, seed 002 "giriş vasitələri", seed 004 rules): the methods a
service accepts, each with "Necə əldə etməli?"; login and password; e-imza; sign-out.
Asan İmza's pages are in web/auth/asan_imza.py, e-gov identity's in web/auth/egov_identity.py,
on the same blueprint."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from core.auth import Method
from core.auth.accounts import PasswordOutcome, authenticate
from core.auth.eimza import EimzaPort, TokenRefusal
from core.auth.guess_limits import EIMZA
from core.kernel.db import utcnow
from web.auth import guard as auth
from web.auth import guess_guard, known_browser
from web.auth.blueprint import (METHOD_ENDPOINTS, bp, carry, finish, method_allowed,
                                offered_methods, adapters, requested_service)
from web.forms.auth import ConfirmForm, EimzaForm, PasswordForm
from web.auth.messages import method_name, token_refusal
from web.auth.security_code_step import code_context, new_challenge, typed_code
from web.auth.security_code_step import forget as forget_code
from web.auth.sandbox_token import plugged_tokens
from web.platform.db import db
from web.platform.rendering import render
from web.platform.security_codes import image_response as security_code_image
from web.platform.wording import too_many_attempts

CERTIFICATE_PROBLEMS = frozenset(TokenRefusal) - {TokenRefusal.WRONG_PIN, TokenRefusal.BLOCKED}
TOKEN_MARK = "e-imza"  # a browser's mark of the tokens it signed in with


@bp.get("/daxil-ol/")
def choose():
    service = requested_service()
    methods = offered_methods(service)
    citizen = auth.current_citizen()
    if citizen is not None and citizen.method in methods and request.args.get("next"):
        return redirect(auth.safe_next(request.args.get("next")), 303)
    links = [(m, url_for(METHOD_ENDPOINTS[m], **carry())) for m in methods]
    told = auth.told_session_ended()
    return render("auth/choose.html", service=service, links=links, method_name=method_name,
                  expired=told or bool(request.args.get("bitdi")),
                  stronger=bool(request.args.get("usul")), citizen=citizen)


@bp.route("/daxil-ol/sifre", methods=["GET", "POST"])
def password():
    if (refusal := method_allowed(Method.PASSWORD)) is not None:
        return refusal
    form = PasswordForm()
    if form.validate_on_submit():
        known = known_browser.knows(form.login.data)
        code_passed, code_problem = typed_code(form) if not known else (False, None)
        result = authenticate(db(), form.login.data, form.password.data,
                              client=request.remote_addr or "", known_browser=known,
                              code_passed=code_passed)
        db().commit()  # failures are counted even though the citizen sees an error
        if result.outcome is PasswordOutcome.SIGNED_IN:
            forget_code()
            return known_browser.remember(finish(result.identity), form.login.data)
        if result.outcome is PasswordOutcome.CODE_NEEDED:
            new_challenge()
            form.security_code.errors = [code_problem or _(
                "Bu istifadəçi adı ilə başqa yerlərdən çox sayda uğursuz giriş cəhdi olub. "
                "Təhlükəsizlik üçün şifrə ilə yanaşı şəkildəki kodu da yazın.")]
            form.password.errors = [_("Şifrənizi yenidən yazın")]
        elif result.outcome is PasswordOutcome.TOO_MANY:
            form.password.errors = [too_many_attempts(result.retry_after)]
        else:
            form.password.errors = [_(
                "İstifadəçi adı və ya şifrə yanlışdır. Hər ikisini yoxlayıb yenidən yazın.")]
    return render("auth/password.html", form=form, service=requested_service(),
                  back=url_for("auth.choose", **carry()), code=code_context())


@bp.get("/daxil-ol/tehlukesizlik-kodu/<challenge_id>.svg")
def code_image(challenge_id: str):
    return security_code_image(challenge_id)


@bp.route("/daxil-ol/e-imza", methods=["GET", "POST"])
def eimza():
    if (refusal := method_allowed(Method.EIMZA)) is not None:
        return refusal
    token: EimzaPort = adapters().eimza
    # Only the tokens plugged into this computer (the sandbox: into this browser), never
    # every holder's certificate to whoever opens the page.
    certificates = token.certificates(db(), tokens=plugged_tokens())
    today = utcnow().date()
    choices = [(c.serial, _certificate_label(c, today)) for c in certificates]
    form = EimzaForm(choices)
    if form.validate_on_submit():
        serial = next(c.token_serial for c in certificates if c.serial == form.certificate.data)
        result = guess_guard.attempt(
            form, form.pin, EIMZA, TOKEN_MARK, serial,
            lambda: token.sign_in(db(), form.certificate.data, form.pin.data),
            lambda answer: answer.refusal in (TokenRefusal.WRONG_PIN, TokenRefusal.BLOCKED))
        db().commit()  # a wrong PIN is counted even though the citizen sees an error
        if result is not None and result.ok:
            return guess_guard.remember(finish(result.identity), TOKEN_MARK, serial)
        if result is not None:
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
