"""Creating a rubric through the page: four access checks, the rubric made for the town and year; a village
refused with the reason."""

from __future__ import annotations

from django.test import Client

from fulian.assessment.models import Rubric


def test_a_rubric_created_through_the_page(cast, login):
    data = {"unit": cast.town_a.pk, "year": "2027", "title": "2027年村级妇联考核细则"}
    url = "/assessment/rubrics/new/"
    response = Client().post(url, data)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert login(cast.chair_b).post(url, data).status_code == 404  # town A is not hers
    assert login(cast.assessor_a).post(url, data).status_code == 403
    assert not Rubric.objects.exists()
    assert login(cast.chair_a).post(url, data).status_code == 302
    rubric = Rubric.objects.get()
    assert (rubric.unit, rubric.year, rubric.title, rubric.version) == (cast.town_a, 2027, data["title"], 1)
    page = login(cast.chair_a).post(url, {**data, "unit": cast.village_a1.pk}, follow=True)
    assert "考核细则须由乡镇/街道制定" in page.content.decode()
    assert Rubric.objects.count() == 1
