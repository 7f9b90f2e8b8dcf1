"""The templates' `_()` keeps the answers for strings without variables (web.platform.i18n):
what it renders is what Jinja's own newstyle gettext renders, escaping and `%%` included, in
both languages, and the kept answer follows the request's language."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from jinja2.ext import _make_new_gettext

from web.platform.i18n import DOMAIN

TEMPLATES = [
    '{{ _("Formda xəta var") }}',
    '{{ _("Xəta:") }} {{ _("Xəta:") }}',
    '{{ _("100%% <b>bold</b>") }}',
    '{{ _("Təsdiq et: %(building)s, mənzil %(number)s", building="<i>A</i>", number=7) }}',
    '<a title="{{ _("Geri") }}">{{ _("Geri")|upper }}</a>',
]


@pytest.mark.parametrize("language", ["az", "en"])
@pytest.mark.parametrize("source", TEMPLATES)
def test_kept_answers_render_as_jinjas_own_gettext(app, language, source):
    env = app.jinja_env
    ours = env.globals["gettext"]
    jinjas = _make_new_gettext(lambda s: DOMAIN.get_translations().ugettext(s))
    with app.test_request_context("/"), force_locale(language):
        rendered = [env.from_string(source).render() for _ in range(2)]  # the second is kept
        env.globals["gettext"] = jinjas
        try:
            expected = env.from_string(source).render()
        finally:
            env.globals["gettext"] = ours
    assert rendered == [expected, expected]


def test_the_kept_answer_follows_the_language(app):
    source = app.jinja_env.from_string('{{ _("Geri") }}')
    with app.test_request_context("/"):
        with force_locale("az"):
            azerbaijani = source.render()
        with force_locale("en"):
            english = source.render()
        with force_locale("az"):
            again = source.render()
    assert azerbaijani == again == "Geri" and english == "Back"
