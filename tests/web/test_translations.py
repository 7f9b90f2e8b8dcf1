"""Every interface sentence, SMS and e-mail has its English translation (Azerbaijani is the
source language), and the catalogues are as `make messages` (web/catalogues.py) leaves them."""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from web import catalogues

ROOT = catalogues.ROOT
WEB = ROOT / "web"
GETTEXT_NAMES = {"_", "_l", "N_", "gettext", "ngettext", "pgettext", "lazy_gettext",
                 "lazy_pgettext", "lazy_ngettext"}


@pytest.fixture(scope="module")
def used() -> Catalog:
    return catalogues.extract()


def _key(message_id, context=None) -> tuple:
    return (context, message_id if isinstance(message_id, str) else message_id[0])


def _english_catalogue(root: Path = WEB / "translations") -> dict:
    """What has its English: a fuzzy entry has none (it is not compiled), nor an empty one."""
    translations = {}
    for po_path in root.glob("*/en/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                strings = message.string if isinstance(message.string, tuple) else [message.string]
                if message.id and all(strings) and not message.fuzzy:
                    translations[_key(message.id, message.context)] = message.string
    return translations


def _without_english(used: Catalog, english: dict) -> list[str]:
    return sorted(f"{message.locations[0][0]}: {_key(message.id)[1]}" for message in used
                  if message.id and _key(message.id, message.context) not in english)


def test_every_message_core_and_web_use_has_an_english_translation(used):
    missing = _without_english(used, _english_catalogue())
    assert sorted(missing) == []


def test_what_core_sends_by_sms_and_e_mail_is_among_the_messages_checked(used):
    places = {path for message in used for path, _line in message.locations}
    assert {"core/meter_damage/notices.py", "core/housing/notices.py"} <= places
    assert "web/templates/layouts/base.html" in places


def test_a_message_without_english_is_found(tmp_path):
    new = Catalog()
    new.add("Yeni cümlə", locations=[("core/meter_damage/notices.py", 1)])
    assert _without_english(new, _english_catalogue()) == [
        "core/meter_damage/notices.py: Yeni cümlə"]
    catalogue = tmp_path / "meter_damage" / "en" / "LC_MESSAGES" / "messages.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text('#, fuzzy\nmsgid "Yeni cümlə"\nmsgstr "A new sentence"\n\n'
                         'msgid "Boş"\nmsgstr ""\n')
    assert _english_catalogue(tmp_path) == {}


def test_no_gettext_call_hides_inside_an_f_string():
    """Babel's extraction does not look inside an f-string: a msgid there is never checked."""
    hidden = []
    for path in sorted([*(ROOT / "core").rglob("*.py"), *WEB.rglob("*.py")]):
        for string in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(string, ast.JoinedStr):
                hidden.extend(f"{path.relative_to(ROOT)}:{call.lineno}"
                              for call in ast.walk(string) if isinstance(call, ast.Call)
                              and getattr(call.func, "id", None) in GETTEXT_NAMES)
    assert hidden == []


def test_the_catalogues_are_as_make_messages_leaves_them(used):
    """No msgid waits to be added and none is left over: run `make messages` if this fails."""
    stale = sorted(str(path.relative_to(ROOT)) for path, text in catalogues.planned(used).items()
                   if not path.exists() or path.read_text() != text)
    assert stale == []


def test_make_messages_adds_the_new_drops_the_unused_and_keeps_the_rest_as_written(tmp_path):
    (tmp_path / "core" / "meter_damage").mkdir(parents=True)
    (tmp_path / "core" / "meter_damage" / "notices.py").write_text(
        'def sms(_):\n    return _("Kept"), _("New %(ref)s", ref=1)\n')
    (tmp_path / "core" / "housing").mkdir()
    (tmp_path / "core" / "housing" / "notices.py").write_text('_("In a new catalogue")\n')
    (tmp_path / "web").mkdir()
    shutil.copy(catalogues.MAPPING, tmp_path / catalogues.MAPPING.name)
    translations = tmp_path / "translations"
    meter = translations / "meter_damage" / "en" / "LC_MESSAGES" / "messages.po"
    meter.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
    kept = '# as written\nmsgid "Kept"\nmsgstr ""\n"Kept, wrapped by hand"'
    meter.write_text(f'{header}\nmsgid "Unused"\nmsgstr "Unused"\n\n# The SMS\n\n{kept}\n\n'
                     '#~ msgid "Obsolete"\n#~ msgstr "Obsolete"\n')

    plan = catalogues.planned(catalogues.extract(tmp_path), translations)

    assert plan[meter] == (f'{header}\n# The SMS\n\n{kept}\n\n#, python-format\n'
                           'msgid "New %(ref)s"\nmsgstr ""\n')
    housing = translations / "housing" / "en" / "LC_MESSAGES" / "messages.po"
    assert plan[housing].endswith('\nmsgid "In a new catalogue"\nmsgstr ""\n')
    assert set(plan) == {meter, housing}
    for path, text in plan.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert catalogues.planned(catalogues.extract(tmp_path), translations) == plan  # idempotent


def test_a_new_message_goes_to_the_catalogue_its_first_use_names():
    domains = {"meter_damage", "housing", "auth", "feedback", "portal"}
    assert catalogues.home_domain("web/forms/meter_damage.py", domains) == "meter_damage"
    assert catalogues.home_domain("web/templates/housing/sale.html", domains) == "housing"
    assert catalogues.home_domain("web/portal/feedback/words.py", domains) == "feedback"
    assert catalogues.home_domain("core/meter_damage/notices.py", domains) == "meter_damage"
    assert catalogues.home_domain("web/platform/wording.py", domains) == "portal"


def test_no_two_catalogues_translate_one_message_differently():
    seen: dict[str, tuple[str, object]] = {}
    clashes = []
    for po_path in (WEB / "translations").glob("*/en/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                key = _key(message.id, message.context)
                if not key[1]:
                    continue
                if key in seen and seen[key][1] != message.string:
                    clashes.append(f"{key!r}: {seen[key][0]} vs {po_path.parts[-4]}")
                seen[key] = (po_path.parts[-4], message.string)
    assert clashes == []
