"""The test client checks every portal page it receives, so no test can forget to."""
from __future__ import annotations

import pytest
from flask import Response


def test_a_page_that_breaks_the_rules_fails_any_test_that_merely_opens_it(app):
    @app.get("/broken-test-page")
    def broken():
        return Response('<!doctype html><title>x</title><main id="main"><h1>a</h1><h1>b</h1>'
                        "</main>", mimetype="text/html")

    with pytest.raises(AssertionError, match="one <h1>"):
        app.test_client().get("/broken-test-page")
