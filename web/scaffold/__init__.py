"""`python -m web.manage new-service NAME`: a new service, minimal and working, the way
CONTRIBUTING.md's "How to add a service" says: a question answered by an outside system,
asked on one GET step, in both languages, live in the catalogue. tests/test_new_service.py runs
it on a copy of the tree and then the architecture rules, the translation check and the page
checks, so the recipe and the tree cannot drift apart.

The new files are service/'s templates (their paths and texts with NAME and @@placeholders
filled in); the lists every service or outside system is named in are edited in place
(web/scaffold/edits.py). Nothing is written unless all of it can be."""
from __future__ import annotations

import keyword
import re
import string
from dataclasses import dataclass
from pathlib import Path

from core.platform.settings import PROJECT_ROOT
from web.scaffold import edits
from web.scaffold.edits import ScaffoldError

TEMPLATES = Path(__file__).resolve().parent / "service"
PACKAGES = "core/packages.py"
CATALOGUE = "core/platform/catalogue.py"
SETTINGS = "core/platform/settings.py"
README = "README.md"
NOT_CONNECTED = "tests/web/test_not_connected.py"  # what /readyz names outside the sandbox
DEFAULT_AGENCY = "rabite-nazirliyi"


class _Template(string.Template):
    delimiter = "@@"  # never in Python, Jinja, YAML or .po text otherwise


@dataclass(frozen=True)
class NewService:
    name: str  # the package's name in core/, web/services/, web/forms/ …, e.g. street_search
    title_az: str = ""
    title_en: str = ""
    purpose_az: str = "Kodu yazın və onun cavabını görün."
    purpose_en: str = "Type a code and see its answer."
    agency: str = DEFAULT_AGENCY  # an agency's slug in core/platform/catalogue.py
    slug: str = ""  # its URL and catalogue slug; the name with hyphens when not given

    @property
    def url_slug(self) -> str:
        return self.slug or self.name.replace("_", "-")

    @property
    def words(self) -> dict[str, str]:
        """What the templates' @@placeholders stand for."""
        spoken = self.name.replace("_", " ")
        return {"name": self.name, "NAME": self.name.upper(),
                "Name": "".join(part.capitalize() for part in self.name.split("_")),
                "slug": self.url_slug,
                "title_az": self.title_az or f"Yeni xidmət: {spoken}",
                "title_en": self.title_en or f"New service: {spoken}"}


def new_service(service: NewService, root: Path = PROJECT_ROOT) -> list[str]:
    """Write the service into the tree at `root`; the paths written or changed, new ones
    first."""
    _check_name(service, root)
    created = {_target(template, service): _Template(template.read_text()).substitute(
        service.words) for template in sorted(TEMPLATES.rglob("*.tmpl"))}
    taken = sorted(path for path in created if (root / path).exists())
    if taken:
        raise ScaffoldError(f"already there: {', '.join(taken)}")
    changed = {path: change((root / path).read_text(), service)
               for path, change in PLUG_IN_POINTS.items()}
    for path, text in {**created, **changed}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return [*created, *changed]


def _target(template: Path, service: NewService) -> str:
    parts = template.relative_to(TEMPLATES).with_suffix("").parts  # without .tmpl
    return "/".join(part.replace("NAME", service.name) for part in parts)


def _check_name(service: NewService, root: Path) -> None:
    name = service.name
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or keyword.iskeyword(name) \
            or name.endswith("_"):
        raise ScaffoldError(f"{name!r}: a service's name is lower-case words joined by _, "
                            "e.g. street_search")
    packages = (root / PACKAGES).read_text()
    settings = (root / SETTINGS).read_text()
    taken = [*edits.tuple_items(packages, "PLATFORM"), *edits.tuple_items(packages, "SERVICES"),
             *edits.tuple_items(settings, "OUTSIDE_SYSTEMS")]
    if name in taken or (root / "core" / name).exists():
        raise ScaffoldError(f"{name!r} is taken: {', '.join(taken)}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", service.url_slug):
        raise ScaffoldError(f"{service.url_slug!r}: a slug is lower-case words joined by -")


def _packages(source: str, service: NewService) -> str:
    return edits.add_to_tuple(source, "SERVICES", f'"{service.name}"')


def _catalogue(source: str, service: NewService) -> str:
    constants = edits.string_constants(source)
    if service.words["NAME"] in constants or service.url_slug in constants.values():
        raise ScaffoldError(f"the catalogue has {service.words['NAME']} or "
                            f"{service.url_slug!r} already")
    agency = next((c for c, value in constants.items() if value == service.agency), None)
    if agency is None:
        raise ScaffoldError(f"no agency {service.agency!r} in {CATALOGUE}")
    words, text = service.words, edits.python_text
    entry = (f"    Service(\n"
             f"        slug={words['NAME']}, agency_slug={agency}, seed=\"\",\n"
             f"        name=Text(\n"
             f"            {text(words['title_az'], 12)},\n"
             f"            {text(words['title_en'], 12)},\n"
             f"        ),\n"
             f"        purpose=Text(\n"
             f"            {text(service.purpose_az, 12)},\n"
             f"            {text(service.purpose_en, 12)},\n"
             f"        ),\n"
             f"        live=True,\n"
             f"    ),\n")
    source = edits.add_constant_before(source, "SERVICES", words["NAME"], service.url_slug)
    return edits.insert_before_closing(source, "SERVICES", entry)


def _settings(source: str, service: NewService) -> str:
    source = edits.add_to_tuple(source, "OUTSIDE_SYSTEMS", f'"{service.name}"')
    return edits.add_class_fields_after(source, "Settings", "_token", [
        f"{service.name}_url: str | None = None", f"{service.name}_token: str | None = None"])


def _readme(text: str, service: NewService) -> str:
    upper, title = service.words["NAME"], service.words["title_en"]
    row = (f"| `EGOV_{upper}_URL`, `EGOV_{upper}_TOKEN` | unset: the sandbox in sandbox mode; "
           "otherwise not connected (the services that need it say Tezliklə, `/readyz` names "
           f"it) | {title}'s outside system: its base URL and bearer token, contract "
           f"`contracts/{service.name}.yaml` |")
    return edits.add_line_after_last(text, r"\| `EGOV_\w+_URL`, `EGOV_\w+_TOKEN` \|", row)


def _not_connected(source: str, service: NewService) -> str:
    return edits.insert_before_closing(source, "NOT_CONNECTED_OUTSIDE_THE_SANDBOX",
                                       f'    "{service.url_slug}": ["{service.name}"],\n')


# The files every service or outside system is named in, and how a new one is added to each.
PLUG_IN_POINTS = {PACKAGES: _packages, CATALOGUE: _catalogue, SETTINGS: _settings,
                  README: _readme, NOT_CONNECTED: _not_connected}
