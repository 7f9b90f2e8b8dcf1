"""Error pages in the citizen's language that say what to do next; never a traceback."""
from __future__ import annotations

import logging

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from web.platform.rendering import render

log = logging.getLogger(__name__)

PAGES = {
    400: (_l("Sorğuda xəta var"),
          _l("Portal bu sorğunu başa düşmədi. Geri qayıdın, səhifəni yeniləyin və yenidən cəhd edin.")),
    403: (_l("Bu səhifəyə giriş icazəniz yoxdur"),
          _l("Bu səhifə başqa vətəndaşa aiddir və ya portala daxil olmağınız tələb olunur. "
             "Öz hesabınızla daxil olun və ya xidmətlər siyahısına qayıdın.")),
    404: (_l("Səhifə tapılmadı"),
          _l("Ünvanı özünüz yazmısınızsa, düzgün yazıldığını yoxlayın. "
             "Axtardığınız xidməti bütün xidmətlərin siyahısında tapa bilərsiniz.")),
    405: (_l("Bu əməliyyat bu səhifədə mümkün deyil"),
          _l("Səhifəyə keçid bu üsulla açıla bilməz. Xidmətin əvvəlindən başlayın; "
             "artıq daxil etdiyiniz məlumatlar saxlanılıb.")),
    413: (_l("Göndərilən məlumat çox böyükdür"),
          _l("Formda çox böyük mətn və ya fayl göndərildi. Geri qayıdın, məlumatı qısaldın "
             "və yenidən göndərin.")),
    500: (_l("Texniki xəta baş verdi"),
          _l("Bu bizim xətamızdır, sizin deyil. Daxil etdiyiniz məlumatlar saxlanılıb: "
             "bir neçə dəqiqədən sonra yenidən cəhd edin. Problem davam edərsə, "
             "108 Çağrı Mərkəzinə zəng edin.")),
    503: (_l("Xidmət müvəqqəti olaraq əlçatan deyil"),
          _l("Portal hazırda sorğunuzu emal edə bilmir. Daxil etdiyiniz məlumatlar itmir: "
             "bir neçə dəqiqədən sonra səhifəni yeniləyin. Problem davam edərsə, "
             "108 Çağrı Mərkəzinə zəng edin.")),
}
CSRF_PAGE = (_l("Formun vaxtı bitib"),
             _l("Təhlükəsizlik üçün forma yalnız bir müddət qüvvədədir. Geri qayıdın, "
                "səhifəni yeniləyin və formu yenidən göndərin; artıq yadda saxlanılan "
                "cavablarınız itməyib."))


def render_error(status: int, heading=None, message=None):
    default_heading, default_message = PAGES.get(status, PAGES[500])
    response = render("errors/error.html", status=status, status_code=status,
                      heading=heading or default_heading, message=message or default_message)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return render_error(400, *CSRF_PAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        response = render_error(status if status in PAGES else 400)
        if status == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        log.error("database unavailable: %s", error.__class__.__name__)
        return render_error(503)

    @app.errorhandler(InternalServerError)
    def internal_error(error):
        original = getattr(error, "original_exception", None)
        if isinstance(original, (OperationalError, DBAPIError)):
            return database_unavailable(original)
        return render_error(500)

    def log_exception(exc_info) -> None:
        """Flask's own line says "Exception on <path> [GET]": the path may hold a FİN or a
        receipt number, so the line names the endpoint and route pattern instead (the request
        id joins it to the request's line); request_log.where_raised drops the message."""
        rule = request.url_rule.rule if request.url_rule else None
        log.error("unhandled error in %s (%s %s)", request.endpoint or "unmatched",
                  request.method, rule, exc_info=exc_info)

    app.log_exception = log_exception

    app.register_error_handler(ServiceUnavailable, lambda _e: render_error(503))
