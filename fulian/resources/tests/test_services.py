"""Services handled for women (代办服务): recorded for a registry person, counted by kind, shown on her page
under the registry's scoping — and kept out of every page, export and API answer when she is a protected
party of domestic violence (a 家庭暴力 case, or the category 家庭暴力受害人), counted only."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from fulian.cases.tests.factories import make_case
from fulian.resources import figures, selectors, services
from fulian.resources.models import ServiceRecord

from .factories import D, dv_party, kind, make_person

pytestmark = pytest.mark.django_db
SECTION = '<h2 class="h5">代办服务</h2>'


@pytest.fixture
def handled(cast, clock):
    clock.set(D(2027, 6, 15))
    plain = make_person(cast.village_a1, "王秀英")
    dv = dv_party(cast.village_a1, "林小红")
    dv_case = make_person(cast.village_a1, "赵春梅")
    make_case(cast, person=dv_case)
    rows = [
        services.service_record(user=cast.vchair_a1, person=plain, kind=kind(), handled_on=D(2027, 3, 1)),
        services.service_record(
            user=cast.vchair_a1, person=plain, kind=kind("social_insurance"), handled_on=D(2027, 3, 2)
        ),
        services.service_record(user=cast.vchair_a1, person=dv, kind=kind(), handled_on=D(2027, 4, 1)),
        services.service_record(
            user=cast.vchair_a1, person=dv_case, kind=kind("legal_aid_referral"), handled_on=D(2027, 4, 2)
        ),
    ]
    return plain, dv, dv_case, rows


def test_services_are_counted_by_kind_with_the_women_served(cast, handled):
    figs = selectors.figures(
        user=cast.county_user, unit=cast.county, start=D(2027, 1, 1), end=D(2027, 12, 31)
    )
    assert figs["resources.services"] == 4
    assert figs["resources.services.persons"] == 3
    assert figs["resources.services.kind.reemployment_cert"] == 2
    assert figs["resources.services.kind.social_insurance"] == 1
    # the period's boundaries: 3月1日 is in a period starting that day, out of one ending the day before
    assert (
        selectors.figures(user=cast.county_user, unit=cast.county, start=D(2027, 3, 1), end=D(2027, 3, 1))[
            "resources.services"
        ]
        == 1
    )
    assert (
        selectors.figures(user=cast.county_user, unit=cast.county, start=D(2027, 1, 1), end=D(2027, 2, 28))[
            "resources.services"
        ]
        == 0
    )


def test_the_records_list_no_protected_party_but_add_up(cast, handled):
    trace = figures.records(
        "resources.services", user=cast.staff_a, unit=cast.town_a, start=D(2027, 1, 1), end=D(2027, 12, 31)
    )
    names = {r.person.name for r in trace.parts[0].rows}
    assert names == {"王秀英"}
    assert trace.hidden == 2
    assert trace.total() == 4
    persons = figures.records(
        "resources.services.persons",
        user=cast.staff_a,
        unit=cast.town_a,
        start=D(2027, 1, 1),
        end=D(2027, 12, 31),
    )
    assert (persons.total(), persons.hidden) == (3, 2)


def test_her_page_shows_her_services_and_a_protected_partys_page_shows_none(cast, handled, login):
    plain, dv, dv_case, _ = handled
    client = login(cast.vchair_a1)
    page = client.get(reverse("people:detail", args=[plain.pk])).content.decode()
    assert SECTION in page
    assert "再就业优惠证" in page
    for protected in (dv, dv_case):
        page = client.get(reverse("people:detail", args=[protected.pk])).content.decode()
        assert protected.name in page
        assert SECTION not in page
    # under the registry's scoping: another town's chair does not get her page at all
    assert login(cast.chair_b).get(reverse("people:detail", args=[plain.pk])).status_code == 404


def test_protected_parties_are_kept_out_of_the_list_the_export_and_the_api(cast, handled, login, api_client):
    client = login(cast.staff_a)
    page = client.get(reverse("resources:services")).content.decode()
    assert "王秀英" in page
    assert "林小红" not in page
    assert "赵春梅" not in page
    assert "法律援助转介" not in page
    response = client.get(reverse("spreadsheets:export", args=["resources-services"]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = " ".join(
        str(v)
        for row in load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)
        for v in row
        if v
    )
    assert "王秀英" in cells
    assert "林小红" not in cells
    assert "赵春梅" not in cells
    api_client.force_authenticate(cast.staff_a)
    listed = api_client.get("/api/v1/resources/services/").json()
    assert listed["count"] == 2
    hidden = ServiceRecord.objects.filter(person=handled[1]).first()
    assert api_client.get(f"/api/v1/resources/services/{hidden.pk}/").status_code == 404


def test_a_service_needs_a_person_in_her_scope_and_no_future_date(cast, clock):
    clock.set(D(2027, 6, 15))
    other = make_person(cast.village_b1, "钱丽")
    with pytest.raises(PermissionDenied, match="您的角色无权执行此操作"):
        services.service_record(user=cast.vchair_a1, person=other, kind=kind(), handled_on=D(2027, 6, 1))
    person = make_person(cast.village_a1, "王秀英")
    with pytest.raises(ValidationError) as bad:
        services.service_record(user=cast.vchair_a1, person=person, kind=kind(), handled_on=D(2027, 6, 16))
    assert bad.value.message_dict["handled_on"] == ["办理日期不能晚于今天"]
    row = services.service_record(user=cast.vchair_a1, person=person, kind=kind(), handled_on=D(2027, 6, 15))
    assert row.village_path == cast.village_a1.path
