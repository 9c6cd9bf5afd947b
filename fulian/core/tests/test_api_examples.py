"""Every documented request body is a body the API accepts.

Walks the generated OpenAPI schema: every operation that takes a request body must document at least one
example (`@extend_schema(examples=[OpenApiExample(...)])`), and each example is posted, as documented, to
its endpoint and must be accepted (2xx). Ids in the path and in the body are the only things substituted:
each app's `tests/api_examples.py` has `SETUPS = {(method, path): setup}`, where `setup(cast)` builds the
records the call needs and returns `Call(user, path={"id": …}, body={field: real id, …})`. A wrong body in
the docs (a field the endpoint ignores or refuses, a missing required field) fails here. Each example runs
in its own savepoint, so examples never see each other's writes.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from conftest import SUITE_CLOCK
from fulian.core.registry import discover

WRITE_METHODS = ("post", "put", "patch")


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method in WRITE_METHODS and "requestBody" in op:
                yield path, method, op


def _examples(op: dict) -> dict:
    content = op["requestBody"]["content"]
    media = content.get("application/json") or next(iter(content.values()))
    return media.get("examples", {})


def _setups() -> dict:
    found: dict = {}
    for _config, module in discover("tests.api_examples"):
        overlap = found.keys() & module.SETUPS.keys()
        assert not overlap, f"two setups for {overlap}"
        found.update(module.SETUPS)
    return found


def test_every_request_body_is_documented_with_an_example_and_has_a_setup():
    setups = _setups()
    undocumented, unset = [], []
    for path, method, op in _operations(_schema()):
        if not _examples(op):
            undocumented.append(f"{method.upper()} {path}")
        if (method, path) not in setups:
            unset.append(f"{method.upper()} {path}")
    assert not undocumented, "request bodies without an example: " + ", ".join(undocumented)
    assert not unset, "examples without a setup in <app>/tests/api_examples.py: " + ", ".join(unset)


def test_the_walk_covers_the_bodies_that_were_wrong():
    documented = {(m, p) for p, m, op in _operations(_schema()) if _examples(op)}
    assert ("post", "/api/v1/aid/applications/{id}/approve/") in documented
    assert ("post", "/api/v1/aid/disbursements/{id}/cancel/") in documented
    assert ("post", "/api/v1/assessment/sheets/{id}/score/") in documented


@pytest.mark.django_db
def test_every_documented_example_body_is_accepted(cast, clock):
    # The documented bodies (docs/api.md) carry dates of the suite's year — a meeting next month, a visit
    # after the pairing began — so the test runs on the suite's day, whatever clock the run was given.
    clock.set(SUITE_CLOCK)
    setups = _setups()
    refused = []
    count = 0
    for path, method, op in _operations(_schema()):
        for name, example in _examples(op).items():
            count += 1
            with transaction.atomic():
                call = setups[(method, path)](cast)
                client = APIClient()
                if call.user is not None:
                    client.force_authenticate(call.user)
                body = {**example["value"], **call.body}
                url = path.format(**call.path)
                response = getattr(client, method)(url, body, format="json")
                if not 200 <= response.status_code < 300:
                    detail = response.content.decode()[:300]
                    refused.append(f"{method.upper()} {url} «{name}» → {response.status_code} {detail}")
                transaction.set_rollback(True)
    assert count > 20
    assert not refused, "documented examples refused:\n" + "\n".join(refused)
