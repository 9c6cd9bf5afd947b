"""Pickers that search as you type: the endpoint under the scoping policy, the registry's search, the
form field that refuses what the list would not offer, and the widget's markup."""

import pytest
from django import forms
from django.urls import reverse

from fulian.core import pickers
from fulian.core.pickers import PickerField, bind_pickers
from fulian.people.models import Person
from fulian.people.tests.factories import PersonFactory


def pick_url(name: str, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("core:pick", args=[name]) + (f"?{query}" if query else "")


@pytest.fixture
def women(cast):
    zhang = PersonFactory(village=cast.village_a1, name="张丽")
    wang = PersonFactory(village=cast.village_a2, name="王芳")
    outsider = PersonFactory(village=cast.village_b1, name="张兰")
    man = PersonFactory(village=cast.village_a1, name="张强", gender=Person.Gender.MALE)
    return zhang, wang, outsider, man


def _picked(response) -> list[str]:
    html = response.content.decode()
    return [p.name for p in Person.objects.all() if f">{p.name}（" in html]


def test_the_right_user_finds_by_name_pinyin_and_initials(cast, women, login):
    client = login(cast.chair_a)
    for q in ("张", "zhangli", "zl"):
        response = client.get(pick_url("health-woman", q=q))
        assert response.status_code == 200
        assert _picked(response) == ["张丽"], q


def test_the_last_four_of_the_id_number_find_her(cast, women, login):
    zhang = women[0]
    response = login(cast.chair_a).get(pick_url("health-woman", q=zhang.id_number[-4:]))
    assert "张丽（" in response.content.decode()
    assert zhang.id_number not in response.content.decode()  # masked in the list


def test_an_outsider_is_never_offered(cast, women, login):
    response = login(cast.chair_b).get(pick_url("health-woman", q="zh"))
    assert response.status_code == 200
    assert _picked(response) == ["张兰"]  # her own town's, not 张丽 of town A


def test_the_source_narrows_further_than_the_scope(cast, women, login):
    response = login(cast.chair_a).get(pick_url("health-woman", q="zh"))
    assert "张强" not in response.content.decode()  # screenings are for women


def test_matches_are_never_stored(cast, women, login):
    """The results name people: main's security middleware marks them no-store like every page."""
    response = login(cast.chair_a).get(pick_url("health-woman", q="zl"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_wrong_role_is_refused(cast, women, login):
    response = login(cast.volunteer_a1).get(pick_url("health-woman", q="zl"))
    assert response.status_code == 403
    assert "您的角色无权访问此页面" in response.content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get(pick_url("health-woman", q="zl"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_list_is_404(cast, login):
    assert login(cast.chair_a).get(pick_url("no-such-list")).status_code == 404


def test_nothing_found_says_so_in_chinese(cast, women, login):
    response = login(cast.chair_a).get(pick_url("health-woman", q="qqq"))
    assert "没有找到“qqq”" in response.content.decode()


def test_results_are_capped_and_say_so(cast, login):
    PersonFactory.create_batch(pickers.RESULTS + 1, village=cast.village_a1, name="李娜")
    html = login(cast.chair_a).get(pick_url("health-woman", q="ln")).content.decode()
    assert html.count("data-pick=") == pickers.RESULTS
    assert f"只列出前 {pickers.RESULTS} 个" in html


def test_village_picker_narrows_within_a_unit_and_names_the_town(cast, login):
    html = login(cast.county_user).get(pick_url("health-village", within=cast.town_a.pk)).content.decode()
    assert "青龙村（竹峪镇）" in html
    assert "红旗村（竹峪镇）" in html
    assert "东城社区" not in html
    by_initials = login(cast.county_user).get(pick_url("health-village", q="ql")).content.decode()
    assert "青龙村" in by_initials
    assert "红旗村" not in by_initials


class _WomanForm(forms.Form):
    person = PickerField("health-woman", label="受检者")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)


def test_the_field_refuses_a_person_outside_the_list(cast, women):
    zhang, _, outsider, man = women
    assert _WomanForm({"person": zhang.pk}, user=cast.chair_a).is_valid()
    for other in (outsider, man):
        form = _WomanForm({"person": other.pk}, user=cast.chair_a)
        assert not form.is_valid()
        assert "不在可选范围内" in form.errors["person"][0]


def test_the_widget_shows_the_chosen_name_and_never_lists_everyone(
    cast, women, django_assert_max_num_queries
):
    zhang = women[0]
    form = _WomanForm({"person": zhang.pk}, user=cast.chair_a)
    with django_assert_max_num_queries(3):
        html = str(form["person"])
    assert f'name="person" value="{zhang.pk}"' in html
    assert 'value="张丽（青龙村' in html  # the chosen label in the search box
    assert "王芳" not in html  # no list of every person in scope
    assert reverse("core:pick", args=["health-woman"]) in html
    assert form["person"].id_for_label == "id_person_q"


def test_every_registered_source_answers_for_a_user_who_may_use_it(cast, login):
    client = login(cast.admin)
    for name in pickers.sources():
        assert client.get(pick_url(name, q="z")).status_code == 200, name


class _UnitForm(pickers.ForUser, forms.Form):
    unit_capability = "people.change"
    unit = forms.ModelChoiceField(queryset=None)


def test_for_user_offers_her_units_in_tree_order_or_the_databases(cast):
    form = _UnitForm(user=cast.chair_a)
    units = form.fields["unit"].queryset
    assert cast.village_a1 in units
    assert cast.village_b1 not in units
    assert units.query.order_by == ("path",)
    unordered = type("_Unordered", (_UnitForm,), {"unit_ordering": ()})(user=cast.chair_a)
    assert unordered.fields["unit"].queryset.query.order_by == ()
    assert set(unordered.fields["unit"].queryset) == set(units)
    assert form.user is cast.chair_a
