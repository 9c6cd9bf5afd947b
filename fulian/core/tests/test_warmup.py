"""A web worker warms up before its first request (config/warmup.py): the URLconf and the project's
templates are loaded without a database query, and a template that does not compile does not stop it."""

import logging

import pytest
from django.template import engines

from config import warmup

pytestmark = pytest.mark.django_db


def test_warm_up_compiles_every_project_template_without_a_query(django_assert_num_queries):
    names = warmup.project_templates()
    assert {"base.html", "reports/stats.html", "people/person_detail.html"} <= set(names)
    assert not any(name.startswith("rest_framework/") for name in names)  # third-party ones load later
    with django_assert_num_queries(0):
        done = warmup.warm_up()
    assert (done["templates"], done["failed"]) == (len(names), 0)
    loader = engines["django"].engine.template_loaders[0]
    assert loader.get_template("reports/stats.html")  # served from the cached loader's store now


def test_a_template_that_does_not_compile_is_logged_and_skipped(monkeypatch, caplog):
    monkeypatch.setattr(warmup, "project_templates", lambda: ["base.html", "no/such/template.html"])
    with caplog.at_level(logging.ERROR, logger="config.warmup"):
        done = warmup.warm_up()
    assert (done["templates"], done["failed"]) == (1, 1)
    assert "no/such/template.html" in caplog.text
