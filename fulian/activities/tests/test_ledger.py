"""Activity ledger behaviour: headcounts, quantities, uploads, managed lists and the report figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fulian.activities import selectors, services
from fulian.activities.models import ActivityType
from fulian.aid.tests.factories import make_person

from .factories import kind, make_activity


def test_headcount_defaults_to_linked_persons_and_never_falls_below_them(cast):
    people = [make_person(cast.village_a1, n) for n in ("甲", "乙", "丙")]
    a = make_activity(cast.vchair_a1, cast.village_a1, participants=people)
    assert a.participant_count == 3
    with pytest.raises(ValidationError, match="参加人数不能少于"):
        make_activity(cast.vchair_a1, cast.village_a1, participants=people, participant_count=2)
    services.participant_add(user=cast.vchair_a1, activity=a, person=make_person(cast.village_a1, "丁"))
    a.refresh_from_db()
    assert a.participant_count == 4


def test_persons_outside_the_scope_cannot_be_linked(cast):
    with pytest.raises(ValidationError, match="辖区外"):
        make_activity(cast.vchair_a1, cast.village_a1, participants=[make_person(cast.village_a2, "外村")])


def test_organiser_must_be_in_scope(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="无权"):
        make_activity(cast.vchair_a1, cast.village_a2)


def test_end_before_start_is_refused(cast):
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        make_activity(cast.chair_a, cast.town_a, end_date=datetime.date(2026, 3, 1))


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 50, True),
        ("scan.pdf", b"%PDF-1.4 ...", True),
        ("virus.exe", b"MZ\x90\x00", False),
        ("fake.jpg", b"MZ\x90\x00 not a jpeg", False),
        ("empty.png", b"", False),
    ],
)
def test_uploads_are_checked_by_extension_and_content(cast, name, content, ok):
    a = make_activity(cast.chair_a, cast.town_a)
    upload = SimpleUploadedFile(name, content)
    if ok:
        att = services.attachment_add(user=cast.chair_a, activity=a, upload=upload)
        assert att.kind == ("photo" if name.endswith(".jpg") else "file")
    else:
        with pytest.raises(ValidationError, match="附件"):
            services.attachment_add(user=cast.chair_a, activity=a, upload=upload)
        assert not a.attachments.exists()


def test_oversized_upload_is_refused(cast, settings):
    settings.FULIAN = {**settings.FULIAN, "UPLOAD_MAX_MB": 1}
    a = make_activity(cast.chair_a, cast.town_a)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="大小上限"):
        services.attachment_add(user=cast.chair_a, activity=a, upload=big)


def test_users_add_types_and_kinds_with_generated_codes(cast):
    t = services.activity_type_create(name="读书会")
    k = services.quantity_kind_create(name="环保袋子", unit="个")
    assert t.code == "du_shu_hui"
    assert k.code == "huan_bao_dai_zi"
    assert ActivityType.objects.filter(code="sanba", name="三八节").exists()


def test_figures_count_in_the_database_and_group_by_child(cast, django_assert_max_num_queries):
    make_activity(
        cast.vchair_a1,
        cast.village_a1,
        participant_count=40,
        money_spent="1200.50",
        quantities={kind("proposal"): 4000, kind("eco_bag"): 500},
    )
    make_activity(
        cast.vchair_a2,
        cast.village_a2,
        type_code="lecture",
        participant_count=30,
        quantities={kind("consultation"): 170},
    )
    make_activity(cast.chair_a, cast.town_a, type_code="forum", participant_count=200)
    make_activity(cast.chair_b, cast.town_b, participant_count=99)
    make_activity(cast.chair_a, cast.town_a, participant_count=5, day=datetime.date(2025, 12, 1))

    with django_assert_max_num_queries(4):
        f = selectors.figures(
            user=cast.county_user,
            unit=cast.town_a,
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 12, 31),
        )
    assert f["activities.count"] == 3
    assert f["activities.participants"] == 270
    assert f["activities.money"] == Decimal("1200.50")
    assert f["activities.count.sanba"] == 1
    assert f["activities.quantity.proposal"] == 4000
    assert f["activities.quantity.consultation"] == 170

    with django_assert_max_num_queries(5):
        g = selectors.figures(
            user=cast.county_user, unit=cast.town_a, start=datetime.date(2026, 1, 1), group_by_child=True
        )
    assert g[cast.village_a1.id]["activities.participants"] == 40
    assert g[cast.village_a2.id]["activities.quantity.consultation"] == 170
    assert g[cast.town_a.id]["activities.count.forum"] == 1  # the town's own activities
    county = selectors.figures(user=cast.county_user, unit=cast.county, group_by_child=True)
    assert county[cast.town_b.id]["activities.count"] == 1
    assert county[cast.town_a.id]["activities.count"] == 4
    # Scoped: town B's chair counts nothing of town A.
    assert selectors.figures(user=cast.chair_b, unit=cast.town_a)["activities.count"] == 0
