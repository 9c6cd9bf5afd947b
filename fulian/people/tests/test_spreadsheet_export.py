"""Exporting the people list: scoped, filtered like the list, masked by role, neutralised; read back."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fulian.core import idcard
from fulian.core.models import AccessLog
from fulian.people.models import Person
from fulian.people.services import person_build

pytestmark = pytest.mark.django_db
ID_A = idcard.make_id_number("511781", date(1980, 5, 6), 2)


@pytest.fixture
def people(cast):
    Person.objects.bulk_create(
        [
            person_build(name="张丽", gender="F", birth_date=date(1980, 5, 6), id_number=ID_A,
                         mobile="13912345678", village=cast.village_a1, hukou_address="=HYPERLINK(\"x\")"),
            person_build(name="李芳", gender="F", birth_date=date(1990, 1, 1), village=cast.village_a2,
                         hukou_address="@SUM(A1)", residence_address="-1+1"),
            person_build(name="外镇人", gender="F", birth_date=date(1970, 1, 1), village=cast.village_b1),
        ]
    )  # fmt: skip


def export(client, query=""):
    response = client.get(reverse("people:export") + query)
    assert response.status_code == 200
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]], ws


def test_export_masks_id_and_mobile_for_a_role_that_may_not_unmask(cast, login, people):
    rows, _ = export(login(cast.member_a1))
    assert [r["姓名"] for r in rows] == ["张丽"]  # her village only
    assert rows[0]["居民身份证号"] == idcard.mask(ID_A)
    assert rows[0]["手机号码"] == "139****5678"


def test_export_neutralises_formulas_and_is_scoped(cast, login, people):
    rows, ws = export(login(cast.chair_a))
    assert sorted(r["姓名"] for r in rows) == ["张丽", "李芳"]  # town A only
    by_name = {r["姓名"]: r for r in rows}
    assert by_name["张丽"]["户籍地"] == '\'=HYPERLINK("x")'
    assert by_name["李芳"]["户籍地"] == "'@SUM(A1)"
    assert by_name["李芳"]["居住地"] == "'-1+1"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    # the town chair may unmask: she gets the full number, and the export is logged as such, at each
    # village whose people she exported in full
    assert by_name["张丽"]["居民身份证号"] == ID_A
    logs = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert {log.unit for log in logs} == {cast.village_a1, cast.village_a2}
    assert all("1 行含完整个人信息" in log.detail for log in logs)


def test_export_follows_the_list_filters(cast, login, people):
    rows, _ = export(login(cast.chair_a), f"?unit={cast.village_a2.pk}")
    assert [r["姓名"] for r in rows] == ["李芳"]
    rows, _ = export(login(cast.chair_a), "?q=zl")
    assert [r["姓名"] for r in rows] == ["张丽"]


def test_export_four_ways(cast, login, client, people):
    url = reverse("people:export")
    assert client.get(url).status_code == 302
    assert login(cast.chair_b).get(f"{url}?unit={cast.village_a1.pk}").status_code == 404
    assert login(cast.volunteer_a1).get(url).status_code == 403
    assert login(cast.chair_a).get(url).status_code == 200


def test_import_page_four_ways(cast, login, client):
    url = reverse("people:import")
    assert client.get(url).status_code == 302
    assert login(cast.chair_b).get(f"{url}?unit={cast.village_a1.pk}").status_code == 404
    assert login(cast.member_a1).get(url).status_code == 403  # may view people, not change them
    page = login(cast.vchair_a1).get(url)
    assert page.status_code == 200
    assert "青龙村" in page.content.decode()


def test_list_page_links_to_import_and_export(cast, login, people):
    page = login(cast.chair_a).get(reverse("people:list") + "?q=zl").content.decode()
    assert reverse("people:import") in page
    assert reverse("people:export") + "?q=zl" in page
