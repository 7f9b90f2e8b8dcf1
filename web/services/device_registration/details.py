"""Mobil cihazların qeydiyyatı (seed 000), steps 1 and 2: who applies and which device
(Şəkil 4, with the security code), the details and the fee with the card type (Şəkil 5)."""
from __future__ import annotations


from flask import Response, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import get_locale

from core.device_registration import registration
from core.device_registration import imei as imei_rules
from core.kernel import money
from core.kernel import phones
from core.kernel.db import utcnow
from core.platform import drafts
from core.platform.security_code import OK, Challenge, spell
from web.platform.i18n import answers_kept_for
from web.platform.db import database, db
from web.platform.rendering import render
from web.platform.security_codes import image_response as security_code_image
from web.platform.security_codes import security_codes
from web.platform.wording import too_many_attempts
from web.forms.device_registration import CheckForm, DetailsForm
from web.services.device_registration.blueprint import (adapters, bp, client_key,
                                                        completed_receipt, payment_under_way,
                                                        step_labels, wizard, FAILURES,
                                                        CHALLENGE_KEY, CODE_PASS, CODE_PASS_USES)


# Step 1 -------------------------------------------------------------------------------------

@bp.route("/", methods=["GET", "POST"])
def check():
    if request.method == "GET" and completed_receipt():
        wizard.finish()  # the last application is complete: this is a new one
        db().commit()
    if payment_under_way():
        return redirect(url_for("device_registration.checking"))
    draft = wizard.draft()
    kept = {**(draft.data if draft else {}), **answers_kept_for(request.path)}
    form = CheckForm(data={k: kept.get(k, "") for k in ("id_card_number", "fin", "imei")})
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if request.form.get("action") == "new_code":
            _keep_typed(form)
            _new_challenge()
            return redirect(url_for("device_registration.check"))
        outcome = _submit(form, errors)
        if outcome is not None:
            return outcome
    return _check_page(form, errors)


def _submit(form: CheckForm, errors: list) -> Response | None:
    formats_ok = form.validate_formats()
    if not _code_accepted(form):
        _keep_typed(form)
        return None
    if not formats_ok:
        _keep_typed(form)
        return None
    db().commit()  # the registries are asked next: hold no database lock meanwhile
    result = registration.check_applicant(
        database().session_factory, adapters().people, adapters().registry,
        form.id_card_number.data, form.fin.data, form.imei.data)
    errors.extend(form.apply(result.errors))
    if result.errors.get("fin") == "mismatch":
        FAILURES.record_failure(db(), client_key())
    if not result.ok:
        _keep_typed(form)
        return None
    person = result.person
    return wizard.save(
        "device_registration.check", id_card_number=result.id_card_number, fin=result.fin,
        imei=result.imei, full_name=person.full_name, address=person.address,
        code_pass_until=None, code_pass_uses=0,
    )


def _code_accepted(form: CheckForm) -> bool:
    """Right code (or a recent right one), not rate limited. Puts the reason at the field."""
    if FAILURES.is_blocked(db(), client_key()):
        form.security_code.errors = [too_many_attempts(FAILURES.retry_after(db(), client_key()))]
        return False
    if _code_pass_active():
        draft = wizard.draft()
        drafts.update(db(), draft, code_pass_uses=draft.data.get("code_pass_uses", 0) + 1)
        return True
    typed = form.security_code.data or ""
    result = security_codes().check(db(), session.get(CHALLENGE_KEY), typed)
    db().commit()  # used up, right or wrong, whatever happens next
    _new_challenge()
    form.security_code.data = ""
    if result == OK:
        draft = wizard.draft() or wizard.start()
        drafts.update(db(), draft, code_pass_until=(utcnow() + CODE_PASS).isoformat(),
                      code_pass_uses=1)
        return True
    if not typed.strip():
        message = _("Şəkildəki təhlükəsizlik kodunu yazın")
    elif result == "wrong":
        FAILURES.record_failure(db(), client_key())
        message = _("Təhlükəsizlik kodu düzgün deyil. Yeni şəkildəki kodu yazın")
    else:
        message = _("Təhlükəsizlik kodunun vaxtı bitib. Yeni şəkildəki kodu yazın")
    form.security_code.errors = [message]
    return False


def _code_pass_active() -> bool:
    draft = wizard.draft()
    until = draft.data.get("code_pass_until") if draft else None
    return bool(until) and until > utcnow().isoformat() and \
        draft.data.get("code_pass_uses", 0) < CODE_PASS_USES


def _keep_typed(form: CheckForm) -> None:
    """Nothing the citizen typed is lost, whatever went wrong."""
    draft = wizard.draft() or wizard.start()
    drafts.update(db(), draft, id_card_number=form.id_card_number.data or "",
                  fin=form.fin.data or "", imei=form.imei.data or "")
    db().commit()


def _new_challenge() -> Challenge:
    """A signed token in the (cookie) session: showing a code writes nothing to the database."""
    challenge = security_codes().issue()
    session[CHALLENGE_KEY] = challenge.id
    return challenge


def _current_challenge() -> Challenge:
    return security_codes().challenge(session.get(CHALLENGE_KEY)) or _new_challenge()


def _check_page(form: CheckForm, errors: list) -> Response:
    return render("device_registration/check.html", form=form, errors=errors,
                  steps=step_labels(), code=_code_context())


def _code_context() -> dict:
    if _code_pass_active():
        return {"passed": True}
    challenge = _current_challenge()
    locale = str(get_locale() or "az")
    a, b = challenge.question
    return {"passed": False, "id": challenge.id,
            "question": _("%(a)s üstəgəl %(b)s neçə edir?", a=spell(a, locale), b=spell(b, locale))}


@bp.post("/tehlukesizlik-kodu")
def new_code():
    """htmx: a new code without reloading the page (the plain form does the same)."""
    _keep_typed(CheckForm())
    _new_challenge()
    return render("device_registration/_security_code.html", form=CheckForm(formdata=None),
                  code=_code_context(), fragment=True)


@bp.get("/tehlukesizlik-kodu/<challenge_id>.svg")
def code_image(challenge_id: str):
    return security_code_image(challenge_id)


# Step 2 -------------------------------------------------------------------------------------

@bp.route("/melumatlar", methods=["GET", "POST"])
@wizard.step
def details():
    if completed_receipt():
        return redirect(url_for("device_registration.receipt", number=completed_receipt()))
    if payment_under_way():
        return redirect(url_for("device_registration.checking"))
    answers = wizard.answers()
    mobile = phones.parse_mobile(answers.get("mobile"))
    form = DetailsForm(data={"operator": mobile.operator_code if mobile else "",
                             "subscriber": mobile.subscriber if mobile else "",
                             "card_type": answers.get("card_type")})
    if request.method == "POST" and form.validate():
        return wizard.save("device_registration.details", mobile=form.mobile(),
                           card_type=form.card_type.data)
    device = imei_rules.lookup(answers["imei"])
    return render("device_registration/details.html", form=form, steps=step_labels(),
                  rows=summary_rows(answers), device=device, azn=money.format_azn,
                  band_text=band_text(device))


def band_text(device: imei_rules.Device) -> str:
    """Why this fee: the device's price band in the official fee table."""
    band = {
        imei_rules.PriceBand.BASIC: _("100 USD-dək, kamerasız və internetsiz"),
        imei_rules.PriceBand.UP_TO_100: _("100 USD-dək"),
        imei_rules.PriceBand.USD_101_200: _("101–200 USD"),
        imei_rules.PriceBand.USD_201_400: _("201–400 USD"),
        imei_rules.PriceBand.USD_401_700: _("401–700 USD"),
        imei_rules.PriceBand.USD_701_1000: _("701–1000 USD"),
        imei_rules.PriceBand.FROM_1001: _("1001 USD və yuxarı"),
    }.get(device.band)
    if band is None:
        return _("Cihazın modeli kataloqda olmadığı üçün rüsum 15 AZN-dir.")
    return _("Rüsum cihazın bazar qiymətinə görə rəsmi cədvəldən götürülür: %(model)s, "
             "%(band)s.", model=device.model, band=band)


def summary_rows(answers: dict) -> list[tuple[str, str]]:
    device = imei_rules.lookup(answers["imei"])
    return [
        (_("İMEİ"), imei_rules.display(answers["imei"])),
        (_("Cihazın modeli"), device.model or _("Kataloqda tapılmadı")),
        (_("Ad, soyad və atasının adı"), answers["full_name"]),
        (_("FİN kod"), answers["fin"]),
        (_("Şəxsiyyət vəsiqəsi üzrə ünvan"), answers["address"]),
    ]
