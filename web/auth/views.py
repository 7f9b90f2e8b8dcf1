"""Sign-in (seed 003 Şəkil 1, seed 002 "giriş vasitələri", seed 004 rules): the methods a
service accepts, each with "Necə əldə etməli?"; login and password; e-imza; sign-out.
Asan İmza's pages are in web/auth/asan_imza.py, e-gov identity's in web/auth/egov_identity.py,
on the same blueprint."""
from __future__ import annotations

from flask import Response, abort, current_app, redirect, request, session, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from core.auth import Method
from core.auth.accounts import PasswordOutcome, authenticate
from core.auth.eimza import SandboxEimza, TokenRefusal
from core.kernel.db import utcnow
from core.platform.security_code import OK, spell
from web.auth import guard as auth
from web.auth import known_browser
from web.auth.blueprint import (METHOD_ENDPOINTS, bp, carry, finish, method_allowed,
                                offered_methods, adapters, requested_service)
from web.auth.forms import ConfirmForm, EimzaForm, PasswordForm
from web.auth.messages import method_name, token_refusal
from web.platform.db import db
from web.platform.rendering import render
from web.platform.wording import too_many_attempts

CODE_KEY = "signin_challenge"  # the security code this browser was asked for, if any
CERTIFICATE_PROBLEMS = frozenset(TokenRefusal) - {TokenRefusal.WRONG_PIN, TokenRefusal.BLOCKED}


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
        code_passed, code_problem = _typed_code(form) if not known else (False, None)
        result = authenticate(db(), form.login.data, form.password.data,
                              client=request.remote_addr or "", known_browser=known,
                              code_passed=code_passed)
        db().commit()  # failures are counted even though the citizen sees an error
        if result.outcome is PasswordOutcome.SIGNED_IN:
            session.pop(CODE_KEY, None)
            return known_browser.remember(finish(result.identity), form.login.data)
        if result.outcome is PasswordOutcome.CODE_NEEDED:
            _new_challenge()
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
                  back=url_for("auth.choose", **carry()), code=_code_context())


def _typed_code(form: PasswordForm) -> tuple[bool, str | None]:
    """Check the security code this browser was shown (it is used up, right or wrong)."""
    challenge_id = session.get(CODE_KEY)
    if not challenge_id:
        return False, None
    typed = form.security_code.data or ""
    form.security_code.data = ""
    outcome = current_app.extensions["security_codes"].check(db(), challenge_id, typed)
    session.pop(CODE_KEY, None)
    if outcome == OK:
        return True, None
    if not typed:
        return False, _("Şəkildəki təhlükəsizlik kodunu yazın")
    if outcome == "wrong":
        return False, _("Təhlükəsizlik kodu düzgün deyil. Yeni şəkildəki kodu yazın")
    return False, _("Təhlükəsizlik kodunun vaxtı bitib. Yeni şəkildəki kodu yazın")


def _new_challenge() -> None:
    session[CODE_KEY] = current_app.extensions["security_codes"].issue().id


def _code_context() -> dict | None:
    found = current_app.extensions["security_codes"].challenge(session.get(CODE_KEY))
    if found is None:
        return None
    a, b = found.question
    locale = str(get_locale() or "az")
    return {"id": found.id, "question": _("%(a)s üstəgəl %(b)s neçə edir?", a=spell(a, locale),
                                          b=spell(b, locale))}


@bp.get("/daxil-ol/tehlukesizlik-kodu/<challenge_id>.svg")
def code_image(challenge_id: str):
    svg = current_app.extensions["security_codes"].image(db(), challenge_id)
    if svg is None:
        abort(404)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/daxil-ol/e-imza", methods=["GET", "POST"])
def eimza():
    if (refusal := method_allowed(Method.EIMZA)) is not None:
        return refusal
    token: SandboxEimza = adapters()["eimza"]
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
