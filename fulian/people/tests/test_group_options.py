"""The person form's 村民小组 list: only the chosen village's groups, each with its village's name."""

import pytest
from django.urls import reverse

from conftest import make_unit
from fulian.orgs.models import Level
from fulian.people.forms import PersonForm

URL = reverse("people:group_options")


@pytest.fixture
def groups(cast):
    """一组 in two villages of town A, and 一组 in town B's village: three groups of the same name."""
    a2 = make_unit(cast.village_a2, name="一组", level=Level.GROUP)
    b1 = make_unit(cast.village_b1, name="一组", level=Level.GROUP)
    return cast.group_a1, a2, b1


def test_the_chosen_village_gets_its_own_groups_with_its_name(cast, groups, login):
    response = login(cast.chair_a).get(URL, {"village": cast.village_a1.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{groups[0].pk}">一组（青龙村）</option>' in html
    assert str(groups[1].pk) not in html  # 红旗村's 一组
    assert "（不填）" in html


def test_an_outsider_gets_no_groups_of_a_village_outside_her_scope(cast, groups, login):
    html = login(cast.chair_b).get(URL, {"village": cast.village_a1.pk}).content.decode()
    assert "一组" not in html


def test_a_wrong_role_is_refused(cast, login):
    assert login(cast.volunteer_a1).get(URL, {"village": cast.village_a1.pk}).status_code == 403


def test_anonymous_goes_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


def test_nonsense_gives_just_the_empty_choice(cast, login):
    html = login(cast.chair_a).get(URL, {"village": "x"}).content.decode()
    assert "<option" in html
    assert "一组" not in html


def test_the_form_lists_the_submitted_villages_groups_and_refuses_another_villages(cast, groups):
    data = {"name": "张丽", "village": cast.village_a2.pk, "group": groups[0].pk}
    form = PersonForm(data, user=cast.chair_a)
    assert [g.pk for g in form.fields["group"].queryset] == [groups[1].pk]
    assert not form.is_valid()
    assert "不属于所选村(社区)" in form.errors["group"][0]


def test_the_new_person_form_has_no_english_label_and_reloads_groups_on_village_change(cast, login):
    html = login(cast.chair_a).get(reverse("people:create")).content.decode()
    assert "Confirm similar" not in html
    assert f'hx-get="{URL}"' in html
    assert 'hx-target="#id_group"' in html
