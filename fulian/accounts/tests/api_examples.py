"""The token example (fulian/core/tests/test_api_examples.py): an anonymous call with a real login."""

from fulian.core.tests.api_examples import Call


def token(cast):
    return Call(None, body={"username": cast.chair_a.username, "password": cast.password})


SETUPS = {("post", "/api/v1/token/"): token}
