"""The language switch in every page's header (/dil/az, /dil/en): the language kept in the
session, and back to the page it was pressed on. A step page's switch posts the step's form,
so what was typed is shown again in the new language."""
from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, session
from flask_babel import gettext as _

from web.auth.guard import safe_next
from web.platform.i18n import LANGUAGES, keep_answers_for
from web.platform.rendering import render

bp = Blueprint("language", __name__)


@bp.route("/dil/<code>", methods=["GET", "POST"])
def switch(code: str):
    if code not in LANGUAGES:
        return render("errors/error.html", status=404, status_code=404,
                      heading=_("Bu dil dəstəklənmir"),
                      message=_("Portal azərbaycan və ingilis dillərindədir. "
                                "Dili səhifənin yuxarısındakı keçiddən seçin."))
    session["lang"] = code
    target = safe_next(request.args.get("next"))
    if request.method == "POST":  # a step page's switch sent its form: keep what was typed
        keep_answers_for(target, request.form)
        if request.headers.get("HX-Request"):  # a whole page: <html lang> changes too
            return "", 200, {"HX-Redirect": target}
    return redirect(target, 303 if request.method == "POST" else 302)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
