"""`python -m web.manage new-service NAME [options]`: the scaffold's command line."""
from __future__ import annotations

import argparse
import sys

from web.scaffold import DEFAULT_AGENCY, NewService, ScaffoldError, new_service

NEXT_STEPS = """
Next (CONTRIBUTING.md, "How to add a service"):
  make the question yours: core/{name}/lookup.py (the rules and the port), the sandbox's demo
  answers (core/sandbox/{name}.py), the contract (contracts/{name}.yaml) with its adapter and
  the sandbox service's side; then
  nice -n 19 .venv/bin/python -m pytest -q tests/web/test_{name}.py tests/outside/test_{name}.py
  and its journey: EGOV_BROWSER_PATH=… .venv/bin/python -m pytest -q e2e/test_journey_{name}.py"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = NewService("name")
    parser.add_argument("name", help="the package's name, lower-case words joined by _, "
                                     "e.g. street_search")
    parser.add_argument("--title-az", default="", help="its name in the catalogue, in "
                        "Azerbaijani (default: Yeni xidmət: <name>)")
    parser.add_argument("--title-en", default="", help="the same in English")
    parser.add_argument("--purpose-az", default=defaults.purpose_az,
                        help="what it does, for its catalogue page, in Azerbaijani")
    parser.add_argument("--purpose-en", default=defaults.purpose_en, help="the same in English")
    parser.add_argument("--agency", default=DEFAULT_AGENCY,
                        help=f"the slug of the agency that offers it (default {DEFAULT_AGENCY})")
    parser.add_argument("--slug", default="", help="its address and catalogue slug "
                        "(default: the name with hyphens)")


def run(arguments: argparse.Namespace) -> int:
    service = NewService(arguments.name, title_az=arguments.title_az,
                         title_en=arguments.title_en, purpose_az=arguments.purpose_az,
                         purpose_en=arguments.purpose_en, agency=arguments.agency,
                         slug=arguments.slug)
    try:
        written = new_service(service)
    except ScaffoldError as refused:
        print(f"new-service: {refused}", file=sys.stderr)
        return 2
    print("\n".join(written))
    print(NEXT_STEPS.format(name=service.name))
    return 0
