"""A case is visible only to its assigned case workers and the chair of the handling town; for everyone
else it does not exist (404) on the page, the export, the print layout and the API, and it shows nowhere."""

import pytest
from django.urls import reverse

from conftest import make_user
from fulian.cases import services
from fulian.cases.models import Case
from fulian.cases.selectors import case_list_for_person, case_list_visible_to
from fulian.core.models import AccessLog
from fulian.core.roles import Role
from fulian.core.scoping import forget_scope

HIDDEN = [
    "town staff without assignment",
    "village chair of the same village",
    "volunteer",
    "county user",
    "outsider",
    "assessor",
    "committee member",
    "admin",
    "nobody",
]
CASE_URLS = ["cases:detail", "cases:export", "cases:print"]


@pytest.mark.parametrize("who", HIDDEN)
@pytest.mark.parametrize("url_name", CASE_URLS)
def test_hidden_users_get_404_for_case_page_export_and_print(cw, hidden_from, login, who, url_name):
    client = login(hidden_from[who])
    response = client.get(reverse(url_name, args=[cw.case.pk]))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(target_type="cases.case").exists()


@pytest.mark.parametrize("who", HIDDEN)
def test_hidden_users_get_404_from_the_case_api(cw, hidden_from, api_client, who):
    api_client.force_authenticate(hidden_from[who])
    response = api_client.get(f"/api/v1/cases/{cw.case.pk}/")
    assert response.status_code == 404
    assert not AccessLog.objects.filter(target_type="cases.case").exists()


@pytest.mark.parametrize("who", HIDDEN)
def test_no_list_returns_the_case_to_hidden_users(cw, hidden_from, api_client, login, who):
    user = hidden_from[who]
    assert not case_list_visible_to(user=user).exists()
    assert not case_list_for_person(user=user, person=cw.case.person).exists()
    api_client.force_authenticate(user)
    response = api_client.get("/api/v1/cases/")
    assert response.status_code in {200, 403}
    if response.status_code == 200:
        assert response.json()["count"] == 0
    page = login(user).get(reverse("cases:list"))
    assert page.status_code in {200, 403}
    assert cw.case.number not in page.content.decode()


@pytest.mark.parametrize("who", HIDDEN)
def test_home_page_shows_nothing_of_the_case(cw, hidden_from, login, who):
    body = login(hidden_from[who]).get(reverse("core:home")).content.decode()
    assert cw.case.number not in body
    assert "红色风险" not in body
    has_menu = 'href="/cases/"' in body
    # Town staff may break the glass; the other town's chair has cases of her own.
    assert has_menu == (who in {"town staff without assignment", "outsider"})


def test_assigned_worker_and_chair_see_the_case(cw, login):
    for user in (cw.cast.caseworker_a, cw.cast.chair_a):
        assert case_list_visible_to(user=user).get() == cw.case
        assert login(user).get(reverse("cases:detail", args=[cw.case.pk])).status_code == 200


def test_unassigned_case_worker_of_the_same_town_gets_404(cw, login):
    other = make_user("caseworker_a2", (cw.cast.town_a, Role.CASE_WORKER))
    assert login(other).get(reverse("cases:detail", args=[cw.case.pk])).status_code == 404
    services.case_assign(user=cw.cast.chair_a, case=cw.case, worker=other)
    assert login(other).get(reverse("cases:detail", args=[cw.case.pk])).status_code == 200
    services.case_unassign(user=cw.cast.chair_a, case=cw.case, worker=other)
    assert login(other).get(reverse("cases:detail", args=[cw.case.pk])).status_code == 404


def test_assigned_worker_who_loses_her_role_loses_the_case(cw):
    cw.cast.caseworker_a.memberships.update(is_active=False)
    forget_scope(cw.cast.caseworker_a)
    assert not case_list_visible_to(user=cw.cast.caseworker_a).exists()


def test_chair_above_the_town_sees_no_case(cw):
    county_chair = make_user("county_chair", (cw.cast.county, Role.TOWN_CHAIR))
    assert not Case.objects.none().exists()
    assert not case_list_visible_to(user=county_chair).exists()


def test_a_superuser_is_not_exempt(cw, login):
    cw.cast.nobody.is_superuser = True
    cw.cast.nobody.save()
    assert login(cw.cast.nobody).get(reverse("cases:detail", args=[cw.case.pk])).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "action"),
    [("cases:detail", "view"), ("cases:export", "export"), ("cases:print", "print")],
)
def test_each_opening_export_and_print_writes_exactly_one_access_log_entry(cw, login, url_name, action):
    client = login(cw.cast.chair_a)
    response = client.get(reverse(url_name, args=[cw.case.pk]))
    assert response.status_code == 200
    rows = AccessLog.objects.filter(target_type="cases.case", target_id=str(cw.case.pk))
    assert rows.count() == 1
    row = rows.get()
    assert (row.user, row.action, row.unit) == (cw.cast.chair_a, action, cw.cast.town_a)
    assert cw.case.person.name not in row.target_label  # the log never names her
    client.get(reverse(url_name, args=[cw.case.pk]))
    assert rows.count() == 2


def test_api_retrieval_writes_one_access_log_entry(cw, api_client):
    api_client.force_authenticate(cw.cast.caseworker_a)
    response = api_client.get(f"/api/v1/cases/{cw.case.pk}/")
    assert response.status_code == 200
    assert response.json()["narrative"] == cw.case.narrative
    assert AccessLog.objects.filter(target_type="cases.case", action="view").count() == 1
