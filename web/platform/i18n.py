"""Languages: Azerbaijani (source wording of the seeds) and English (Flask-Babel catalogues).

Each service keeps its own catalogue under web/translations/<service>/ (core.kernel.translations,
which core's own SMS and e-mail read too); all are compiled to .mo at start, so a fresh checkout
never runs with stale or missing translations."""
from __future__ import annotations

from flask import Flask, g, request, session
from flask_babel import Babel, Domain
from jinja2 import pass_context
from markupsafe import Markup

from core.kernel.translations import LANGUAGES, SOURCE_LANGUAGE, compile_catalogues

DEFAULT_LANGUAGE = SOURCE_LANGUAGE


class _RequestDomain(Domain):
    """Flask-Babel finds the request's catalogue again for every string (about 40 µs: the
    locale, the domain, a cache key); a page has dozens. Found once per request here, in the
    slot Flask-Babel itself empties when the language changes within a request (refresh(),
    force_locale())."""

    def get_translations(self):
        state = g.get("_flask_babel") if g else None
        found = getattr(state, "babel_translations", None)
        if found is None:
            found = super().get_translations()
            state = g.get("_flask_babel") if g else None
            if state is not None:
                state.babel_translations = found
        return found


DOMAIN = _RequestDomain()


class _Babel(Babel):
    @property
    def domain_instance(self):
        return DOMAIN


babel = _Babel()


KEPT_KEY = "answers_kept_across_language"
NEVER_KEPT = {"csrf_token", "action", "security_code", "password", "pin", "puk", "cvv", "exp_month",
              "exp_year"}


def keep_answers_for(path: str, fields) -> None:
    """The language switch of a step page submits the step's form: what was typed is shown
    again on that page in the new language (once), not thrown away. Small, and never a secret."""
    kept = {name: value[:200] for name, value in fields.items() if name not in NEVER_KEPT}
    session[KEPT_KEY] = {"path": path.split("?")[0], "fields": dict(list(kept.items())[:12])}


def answers_kept_for(path: str) -> dict[str, str]:
    """What keep_answers_for kept for this page, taken out of the session."""
    kept = session.get(KEPT_KEY)
    if not kept or kept.get("path") != path:
        return {}
    session.pop(KEPT_KEY)
    return dict(kept.get("fields") or {})


def selected_language() -> str:
    chosen = session.get("lang") if request else None
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    directories = compile_catalogues()
    app.config["BABEL_DEFAULT_LOCALE"] = DEFAULT_LANGUAGE
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Baku"
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(str(d) for d in directories)
    babel.init_app(app, locale_selector=selected_language, timezone_selector=lambda: "Asia/Baku")
    translations = DOMAIN.get_translations
    app.jinja_env.install_gettext_callables(  # straight to this request's catalogue
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.jinja_env.globals["gettext"] = _template_gettext(translations)


TRANSLATED_KEPT_LIMIT = 20_000  # the templates' own strings are a few thousand at most


def _template_gettext(translations):
    """Jinja's newstyle gettext (`{{ _("…") }}`, `{{ _("…%(n)s", n=…) }}`), with the answer for a
    string without variables kept per catalogue: a page asks for dozens, and each was a lookup,
    a Markup and a `%` formatting. Same result as Jinja's own, which this replaces."""
    kept: dict = {}

    @pass_context
    def gettext(context, string: str, **variables):
        catalogue = translations()
        autoescape = context.eval_ctx.autoescape
        if variables:
            found = catalogue.ugettext(string)
            return (Markup(found) if autoescape else found) % variables
        key = (catalogue, string, autoescape)
        answer = kept.get(key)
        if answer is None:
            found = catalogue.ugettext(string)
            answer = (Markup(found) if autoescape else found) % {}
            if len(kept) < TRANSLATED_KEPT_LIMIT:
                kept[key] = answer
        return answer

    return gettext
