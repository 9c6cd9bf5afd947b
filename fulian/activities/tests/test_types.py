"""Activity types carry their place in the annual summary (area of work, paragraph heading) as data, set by
the county on the activity types page: a new kind of activity gets its own paragraph with no code change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fulian.activities import services
from fulian.activities.models import ActivityType
from fulian.core.periods import Period
from fulian.reports.models import SummaryDraft
from fulian.reports.services import summary_create

from .factories import make_activity

TYPES = "/activities/types/"
NOW = datetime.datetime(2026, 12, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def edit_url(t: ActivityType) -> str:
    return reverse("activities:type_edit", args=[t.pk])


def type_data(**over) -> dict:
    data = {
        "name": "家长学校",
        "area": "family",
        "summary_heading": "办好家长学校",
        "order": 5,
        "is_active": "on",
    }
    return {**data, **over}


# --- the recipe, end to end through the pages ----------------------------------------------------------


def test_a_new_kind_added_on_the_page_gets_its_own_summary_paragraph(
    cast, client, clock, django_capture_on_commit_callbacks
):
    # 1. The county adds the kind on the activity types page, with its area and heading.
    client.force_login(cast.county_user)
    assert client.post(TYPES, type_data()).status_code == 302
    school = ActivityType.objects.get(name="家长学校")
    assert (school.area, school.summary_heading) == ("family", "办好家长学校")
    # 2. A town records two activities of the new kind on the activity form.
    client.force_login(cast.chair_a)
    for day in ("2026-03-20", "2026-09-12"):
        response = client.post(
            "/activities/new/",
            {
                "type": school.pk,
                "title": "竹峪镇家长学校开学第一课",
                "start_date": day,
                "end_date": day,
                "unit": cast.town_a.pk,
                "participant_count": 60,
                "money_spent": "0",
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
    # 3. The town generates its annual summary on the summaries page (a task worker drafts it: run here).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:summary_list"), {"unit": cast.town_a.pk, "kind": "year", "year": 2026}
        )
    assert response.status_code == 302
    draft = SummaryDraft.objects.get(unit=cast.town_a)
    paragraph = draft.paragraphs.get(heading="办好家长学校")
    assert paragraph.area == "family"
    assert f"家长学校[[activities.count.{school.code}|2场]]" in paragraph.generated_text
    page = client.get(reverse("reports:summary_detail", args=[draft.pk])).content.decode()
    assert "办好家长学校" in page
    assert "家庭文明建设" in page  # the family section's heading (推进家庭文明建设，弘扬良好家风)


def test_changing_a_types_area_moves_its_paragraph(cast, clock):
    make_activity(cast.chair_a, cast.town_a, title="家庭教育讲座", type_code="lecture")
    lecture = ActivityType.objects.get(code="lecture")
    before = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    assert before.paragraphs.get(heading="开展宣传教育活动").area == "guidance"
    services.activity_type_save(
        user=cast.county_user,
        activity_type=lecture,
        name=lecture.name,
        area="family",
        summary_heading="开展家庭教育活动",
        order=lecture.order,
    )
    after = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    moved = after.paragraphs.get(heading="开展家庭教育活动")
    assert moved.area == "family"
    assert "讲座活动[[activities.count.lecture|1场]]" in moved.generated_text
    assert not after.paragraphs.filter(heading="开展宣传教育活动").exists()


def test_a_type_without_an_area_is_only_counted_in_the_overview(cast, clock):
    make_activity(cast.chair_a, cast.town_a, title="其他活动", type_code="other")
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    assert "[[activities.count|1场]]" in draft.paragraphs.get(key="activities.overview").generated_text
    assert not any("activities.count.other" in p.generated_text for p in draft.paragraphs.all())


def test_types_sharing_a_heading_are_one_paragraph_in_the_types_order(cast, clock):
    make_activity(cast.chair_a, cast.town_a, title="春节慰问", type_code="spring_festival")
    make_activity(cast.chair_a, cast.town_a, title="中秋慰问", type_code="mid_autumn")
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    text = draft.paragraphs.get(heading="开展节日慰问活动").generated_text
    assert text.index("中秋活动[[") < text.index("春节慰问[[")  # 中秋 is listed before 春节慰问


def test_the_seeded_types_carry_the_former_map_and_family_and_rights_work(db):
    got = {t.code: (t.area, t.heading) for t in ActivityType.objects.all()}
    assert got["family_education"] == ("family", "开展家庭教育活动")
    assert got["rights_publicity"] == ("rights", "开展普法维权宣传")
    assert got["sanba"] == ("guidance", "开展“三八”节系列活动")
    assert got["job_fair"] == ("employment", "举办公益招聘")
    assert got["other"][0] == ""
    assert sum(1 for area, _ in got.values() if area) == 17


def test_the_default_heading_names_the_kind(db):
    assert ActivityType(name="读书会").heading == "开展读书会活动"
    assert ActivityType(name="读书会", summary_heading="组织巾帼读书").heading == "组织巾帼读书"


# --- bad input ----------------------------------------------------------------------------------------


def test_a_duplicate_name_or_unknown_area_is_refused_naming_the_field(cast, login):
    client = login(cast.county_user)
    response = client.post(TYPES, type_data(name="三八节"))
    assert response.status_code == 200
    assert "已存在" in response.context["form"].errors["name"][0]
    response = client.post(TYPES, type_data(area="space"))
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert not ActivityType.objects.filter(name="家长学校").exists()
    with pytest.raises(ValidationError) as exc:
        services.activity_type_save(user=cast.county_user, name="家长学校", area="space")
    assert "area" in exc.value.message_dict
    assert not ActivityType.objects.filter(name="家长学校").exists()


def test_the_code_never_changes_with_the_name(cast, login):
    lecture = ActivityType.objects.get(code="lecture")
    client = login(cast.county_user)
    data = type_data(
        name="专题讲座", area="guidance", summary_heading="开展宣传教育活动", order=lecture.order
    )
    assert client.post(edit_url(lecture), data).status_code == 302
    lecture.refresh_from_db()
    assert (lecture.code, lecture.name) == ("lecture", "专题讲座")


# --- the four access checks -----------------------------------------------------------------------------


def test_the_county_works(cast, login):
    client = login(cast.county_user)
    page = client.get(TYPES)
    assert page.status_code == 200
    assert "维权宣传" in page.content.decode()
    lecture = ActivityType.objects.get(code="lecture")
    assert client.get(edit_url(lecture)).status_code == 200
    assert client.post(edit_url(lecture), type_data(name="讲座", area="family")).status_code == 302
    lecture.refresh_from_db()
    assert lecture.area == "family"
    assert login(cast.admin).get(TYPES).status_code == 200
    lists = login(cast.county_user).get("/activities/lists/").content.decode()
    assert reverse("activities:types") in lists


def test_outsider_gets_404_for_a_type_that_is_not_in_the_list(cast, login):
    """The types are one list shared by the whole county, with no unit of their own: no type lies outside
    a county user's scope. What is outside the list is a 404 (never a 500)."""
    client = login(cast.county_user)
    assert client.get(reverse("activities:type_edit", args=[999999])).status_code == 404
    assert client.post(reverse("activities:type_edit", args=[999999]), type_data()).status_code == 404


def test_wrong_role_gets_403_and_changes_nothing(cast, login):
    lecture = ActivityType.objects.get(code="lecture")
    # A town chair may add to the managed lists, but where a kind goes in the summary is the county's.
    for user in (cast.chair_a, cast.staff_a, cast.vchair_a1, cast.caseworker_a):
        client = login(user)
        assert client.get(TYPES).status_code == 403
        assert client.post(TYPES, type_data()).status_code == 403
        assert client.get(edit_url(lecture)).status_code == 403
        assert client.post(edit_url(lecture), type_data(name="讲座", area="family")).status_code == 403
    assert not ActivityType.objects.filter(name="家长学校").exists()
    lecture.refresh_from_db()
    assert lecture.area == "guidance"
    with pytest.raises(PermissionDenied, match="无权"):
        services.activity_type_save(user=cast.chair_a, name="家长学校", area="family")
    assert reverse("activities:types") not in login(cast.chair_a).get("/activities/lists/").content.decode()


def test_anonymous_goes_to_login(cast, client):
    lecture = ActivityType.objects.get(code="lecture")
    for url in (TYPES, edit_url(lecture)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post(TYPES, type_data()).status_code == 302
    assert not ActivityType.objects.filter(name="家长学校").exists()
