"""Every user changes her own password; the policy applies."""

from django.urls import reverse

NEW = "Neu2026passwort"


def test_user_changes_her_password_and_stays_logged_in(cast, login):
    client = login(cast.volunteer_a1)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    response = client.post(url, {"old_password": cast.password, "new_password": NEW, "password2": NEW})
    assert response.status_code == 302
    cast.volunteer_a1.refresh_from_db()
    assert cast.volunteer_a1.check_password(NEW)
    assert client.get(reverse("core:home")).status_code == 200


def test_user_without_membership_may_change_her_password(cast, login):
    client = login(cast.nobody)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": cast.password, "new_password": NEW, "password2": NEW},
    )
    assert response.status_code == 302


def test_wrong_old_password_and_weak_new_one_are_refused(cast, login):
    client = login(cast.chair_a)
    url = reverse("accounts:password_change")
    response = client.post(url, {"old_password": "nope", "new_password": NEW, "password2": NEW})
    assert "原密码不正确" in response.content.decode()
    weak = "chair_a123"
    response = client.post(url, {"old_password": cast.password, "new_password": weak, "password2": weak})
    assert response.status_code == 200
    assert "太相似" in response.content.decode()
    cast.chair_a.refresh_from_db()
    assert cast.chair_a.check_password(cast.password)


def test_anonymous_goes_to_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_every_page_links_to_the_password_change(cast, login):
    html = login(cast.volunteer_a1).get(reverse("core:home")).content.decode()
    assert reverse("accounts:password_change") in html
