"""The portal's one catalogue system (Babel): web/translations/<domain>/<language>/LC_MESSAGES/
messages.po, whose msgids are the Azerbaijani wording. The pages read it through Flask-Babel
(web.platform.i18n); what core says to a citizen itself, the SMS and e-mail it queues from a
request or from a job with no request around it, reads it here:

    _ = gettext_in(application.locale)
    text = _("Müraciət %(ref)s: %(result)s", ref=ref, result=_(RESULT_WORDS[result]))

Mark a sentence that is only named here and translated later with `N_`, so that `make messages`
(web.catalogues) finds it."""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Callable

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("az", "en")
SOURCE_LANGUAGE = "az"  # the msgids: a sentence in Azerbaijani needs no catalogue
TRANSLATIONS = Path(__file__).resolve().parents[2] / "web" / "translations"


def N_(message: str) -> str:
    """A msgid named now, translated where it is used (`_(RESULT_WORDS[result])`)."""
    return message


def gettext_in(language: str) -> Callable[..., str]:
    """gettext for one language, with Flask-Babel's `%(name)s` variables; an unknown language
    is the source language."""
    catalogue = _catalogue(language if language in LANGUAGES else SOURCE_LANGUAGE)

    def gettext(message: str, **variables) -> str:
        found = catalogue.ugettext(message)
        return found % variables if variables else found

    return gettext


@functools.cache
def _catalogue(language: str) -> Translations:
    """Every domain's catalogue of the language in one, as Flask-Babel merges them for a page."""
    merged = Translations()
    for directory in compile_catalogues():
        merged.merge(Translations.load(str(directory), [language]))
    return merged


def compile_catalogues(root: Path = TRANSLATIONS) -> list[Path]:
    """Compile every .po that is newer than its .mo; returns the domains' directories."""
    directories = []
    for domain_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for po_path in domain_dir.glob("*/LC_MESSAGES/messages.po"):
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file)
                # A name of this process's own, then an atomic rename: workers starting at once
                # each write their own file, and the last rename wins with identical content.
                tmp = mo_path.with_suffix(f".mo.{os.getpid()}.tmp")
                with tmp.open("wb") as mo_file:
                    write_mo(mo_file, catalog)
                tmp.replace(mo_path)
        directories.append(domain_dir)
    return directories
