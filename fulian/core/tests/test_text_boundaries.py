"""One text rule at every boundary: every form, every API serializer, the views that read POST directly and
the import cells refuse control characters (and, in names, bidirectional and zero-width characters) with a
Chinese message naming the field; nothing is saved."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.urls import get_resolver, reverse
from rest_framework import serializers

from fulian.activities.models import Activity, ActivityType
from fulian.core.api import CleanTextSerializerMixin
from fulian.core.forms import CleanTextMixin
from fulian.core.idcard import make_id_number
from fulian.core.spreadsheets.parsers import clean_cell
from fulian.core.spreadsheets.spec import CellError
from fulian.people.models import Person

pytestmark = pytest.mark.django_db
# Serializers that take credentials, checked by authentication and never stored.
CREDENTIALS = {"TokenRequestSerializer", "TokenSerializer"}


def _project_subclasses(base) -> set[type]:
    get_resolver().url_patterns  # noqa: B018  (imports every view, form and serializer module)
    seen, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return {c for c in seen if c.__module__.startswith("fulian.") and ".tests" not in c.__module__}


def test_every_form_of_the_project_cleans_its_text():
    classes = _project_subclasses(forms.BaseForm)
    assert len(classes) > 40
    assert not [c.__qualname__ for c in classes if not issubclass(c, CleanTextMixin)]


def test_every_serializer_of_the_project_cleans_its_text():
    classes = {
        c
        for c in _project_subclasses(serializers.BaseSerializer)
        if not issubclass(c, serializers.ListSerializer)
    }
    assert len(classes) > 30
    unclean = {c.__name__ for c in classes if not issubclass(c, CleanTextSerializerMixin)}
    assert unclean == CREDENTIALS


def test_form_refuses_a_name_with_a_direction_override(cast, login):
    data = {
        "name": "王\u202e英秀",
        "id_number": make_id_number("511781", date(1985, 3, 8), 22),
        "village": cast.village_a1.pk,
        "ethnicity": "汉族",
        "hukou_address": "青龙村\x0b三组",
    }
    html = login(cast.vchair_a1).post(reverse("people:create"), data).content.decode()
    assert "名称中不能含有文字方向控制符或零宽字符（U+202E）" in html
    assert "含有不可见的控制字符（U+000B），请删除后重新填写" in html
    assert not Person.objects.exists()


def test_form_normalises_what_is_harmless(cast, login):
    data = {
        "name": " 王秀英\r\n",
        "id_number": make_id_number("511781", date(1985, 3, 8), 22),
        "village": cast.village_a1.pk,
        "ethnicity": "汉族",
        "hukou_address": "青龙村\t三组",
    }
    assert login(cast.vchair_a1).post(reverse("people:create"), data).status_code == 302
    person = Person.objects.get()
    assert (person.name, person.hukou_address) == ("王秀英", "青龙村 三组")


def test_api_refuses_control_characters_naming_the_field(cast, api_client):
    """The issue's case: a title with U+000B or U+0001 saved through the API broke exports for everyone."""
    api_client.force_authenticate(cast.chair_a)
    kind = ActivityType.objects.order_by("id").first()
    for title in ("法律\u000b讲座", "法律\u0001讲座"):
        response = api_client.post(
            "/api/v1/activities/",
            {"type": kind.pk, "title": title, "start_date": "2026-04-01", "unit": cast.village_a2.pk},
            format="json",
        )
        assert response.status_code == 400
        assert "控制字符" in response.json()["title"][0]
    assert not Activity.objects.exists()
    response = api_client.post(
        "/api/v1/persons/",
        {"name": "王\u200b秀英", "birth_date": "1985-03-08", "gender": "F", "village": cast.village_a1.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["name"] == ["名称中不能含有文字方向控制符或零宽字符（U+200B）"]
    assert not Person.objects.exists()


def test_api_keeps_line_breaks_of_long_text(cast, api_client):
    api_client.force_authenticate(cast.chair_a)
    kind = ActivityType.objects.order_by("id").first()
    response = api_client.post(
        "/api/v1/activities/",
        {
            "type": kind.pk,
            "title": "法律\t讲座",
            "start_date": "2026-04-01",
            "unit": cast.village_a2.pk,
            "summary": "第一段\r\n第二段\r\n",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    activity = Activity.objects.get()
    assert (activity.title, activity.summary) == ("法律 讲座", "第一段\n第二段")


def test_views_reading_post_refuse_too(cast, login):
    from fulian.surveys.models import Questionnaire

    response = login(cast.chair_a).post(
        reverse("surveys:create"), {"unit": cast.town_a.pk, "title": "满意度\x01调查"}, follow=True
    )
    assert "问卷名称：含有不可见的控制字符（U+0001）" in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_import_cells_follow_the_same_rule(cast, login):
    from fulian.core.spreadsheets.testing import SheetUpload, error_set
    from fulian.people.spreadsheet import COLUMNS

    upload = SheetUpload("people", COLUMNS, "服务对象.xlsx")
    row = {c.key: "" for c in COLUMNS} | {"name": "李\u202e梅", "village": "青龙村"}
    job = upload.upload(login(cast.vchair_a1), [[row[c.key] for c in COLUMNS]])
    assert (2, "姓名", "名称中不能含有文字方向控制符或零宽字符（U+202E）") in error_set(job)
    with pytest.raises(CellError, match="U\\+000B"):
        clean_cell("走访\x0b情况", "notes")
    assert clean_cell("第一行\r\n第二行", "notes") == "第一行\n第二行"
    assert clean_cell("张\u200b丽", "notes") == "张丽"
    with pytest.raises(CellError, match="U\\+200B"):
        clean_cell("张\u200b丽", "name")
