"""The four access checks every page gets (house rule): the right user works, an outsider gets 404 (or, on
a list, sees nothing of the other town), a wrong role gets 403, an anonymous visitor goes to login.

An app's tests list its pages once — `(url, right user, wrong-role user, is a record of town A)`, users
named by their attribute on the `cast` fixture — and call one checker per rule:

    def test_wrong_role_gets_403(cast, empl, login):
        access.wrong_role_gets_403(login, cast, pages(empl))

Each checker asserts page by page with the URL in the message, so a failure names the page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

Page = Sequence[Any]  # (url, right, wrong, is_record)


def right_user_works(login: Callable, cast: Any, pages: Iterable[Page]) -> None:
    for url, right, *_ in pages:
        assert login(getattr(cast, right)).get(url).status_code == 200, url


def wrong_role_gets_403(login: Callable, cast: Any, pages: Iterable[Page]) -> None:
    for url, _, wrong, *_ in pages:
        assert login(getattr(cast, wrong)).get(url).status_code == 403, url


def outsider_sees_nothing(
    client: Any, pages: Iterable[Page], *, hidden: Iterable[str], may_refuse: bool = False
) -> None:
    """`client` is logged in as a user of another town: a record of town A is a 404; a list or form page
    opens (200) and shows none of the `hidden` names — or, with `may_refuse`, is refused to her role
    (403: a page of a role she does not hold)."""
    hidden = list(hidden)
    for url, _, _, is_record, *_ in pages:
        response = client.get(url)
        if is_record:
            assert response.status_code == 404, url
        elif may_refuse and response.status_code == 403:
            continue
        else:
            assert response.status_code == 200, url
            text = response.content.decode()
            for name in hidden:
                assert name not in text, (url, name)


def anonymous_goes_to_login(client: Any, urls: Iterable[str | Page]) -> None:
    for row in urls:
        url = row if isinstance(row, str) else row[0]
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
