"""The aid workflow: ranges, thresholds, notice masking, no payment without approval, true totals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fulian.aid import selectors, services
from fulian.aid.models import Application, Disbursement

from .factories import make_person, make_programme, noticed

S = Application.Status


@pytest.fixture
def programme(cast):
    return make_programme(cast.county_user, cast.county)


def test_amount_outside_the_range_is_refused(cast, programme):
    person = make_person(cast.village_a1)
    for amount in ("299.99", "1000.01", "5000"):
        with pytest.raises(ValidationError) as exc:
            services.application_submit(
                user=cast.vchair_a1, programme=programme, person=person, amount=amount
            )
        assert "300.00–1,000.00元" in str(exc.value)
    assert not Application.objects.exists()
    app = services.application_submit(user=cast.vchair_a1, programme=programme, person=person, amount="1000")
    assert app.amount == Decimal("1000.00")
    with pytest.raises(ValidationError, match=r"超出本项目每人300\.00–1,000\.00元的范围"):
        services.application_update(user=cast.vchair_a1, application=app, amount="1200")


def test_person_outside_the_programme_categories_is_refused(cast):
    from fulian.people.models import Category

    programme = make_programme(
        cast.county_user, cast.county, eligible_categories=[Category.objects.get(code="poor_mother")]
    )
    other = make_person(cast.village_a1, "李芳")
    with pytest.raises(ValidationError, match="不属于本项目的救助类别"):
        services.application_submit(user=cast.vchair_a1, programme=programme, person=other, amount=500)
    poor = make_person(cast.village_a1, "王秀英", categories=["poor_mother"])
    assert services.application_submit(user=cast.vchair_a1, programme=programme, person=poor, amount=500)


def test_approval_above_the_threshold_needs_the_county(cast, settings):
    settings.FULIAN = {**settings.FULIAN, "AID_COUNTY_THRESHOLD": "3000"}
    programme = make_programme(
        cast.county_user, cast.county, code="two_cancers", name="两癌救助", min_amount=1000, max_amount=10000
    )
    small = services.application_submit(
        user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1, "甲"), amount=3000
    )
    big = services.application_submit(
        user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1, "乙"), amount=10000
    )
    for app in (small, big):
        services.application_review(user=cast.staff_a, application=app)
        services.application_approve(user=cast.chair_a, application=app)
    assert small.status == S.APPROVED
    assert big.status == S.COUNTY
    with pytest.raises(PermissionDenied, match="无权"):
        services.application_approve(user=cast.chair_a, application=big)
    # Not yet approved: it cannot enter a notice, so it cannot be paid.
    with pytest.raises(ValidationError, match="不是本项目待公示的已审批申请"):
        services.notice_create(user=cast.chair_a, programme=programme, unit=cast.town_a, applications=[big])
    services.application_approve(user=cast.county_user, application=big)
    assert big.status == S.APPROVED
    assert big.county_approved_by == cast.county_user


def test_programme_threshold_overrides_the_setting(cast):
    programme = make_programme(cast.county_user, cast.county, county_threshold=500)
    app = services.application_submit(
        user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1), amount=600
    )
    services.application_review(user=cast.staff_a, application=app)
    services.application_approve(user=cast.chair_a, application=app)
    assert app.status == S.COUNTY


def test_disbursement_without_approval_is_impossible(cast, programme):
    app = services.application_submit(
        user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1), amount=800
    )
    for step in (None, "review", "approve"):
        if step == "review":
            services.application_review(user=cast.staff_a, application=app)
        if step == "approve":
            services.application_approve(user=cast.chair_a, application=app)
        with pytest.raises(ValidationError, match="未经审批和公示，不能发放"):
            services.disbursement_create(user=cast.chair_a, application=app, amount=800)
    # Published but the objection period still running: still refused.
    notice = services.notice_create(
        user=cast.chair_a, programme=programme, unit=cast.town_a, applications=[app]
    )
    services.notice_publish(user=cast.chair_a, notice=notice)
    with pytest.raises(ValidationError, match="公示期未满"):
        services.disbursement_create(user=cast.chair_a, application=app, amount=800)
    # The model refuses it too, whatever the entry point (admin, API, shell).
    d = Disbursement(
        application=app,
        programme=programme,
        person=app.person,
        village_path=app.village_path,
        amount=Decimal(800),
    )
    with pytest.raises(ValidationError, match="不能发放"):
        d.full_clean()
    assert not Disbursement.objects.exists()


def test_open_objection_blocks_payment_and_upheld_one_withdraws(cast, programme):
    app = noticed(
        cast,
        services.application_submit(
            user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1), amount=800
        ),
    )
    objection = services.objection_record(
        user=cast.chair_a, notice=app.notice, application=app, content="家有轿车"
    )
    with pytest.raises(ValidationError, match="异议"):
        services.disbursement_create(user=cast.chair_a, application=app, amount=800)
    services.objection_resolve(user=cast.chair_a, objection=objection, upheld=True, resolution="核实属实")
    app.refresh_from_db()
    assert app.status == S.WITHDRAWN
    with pytest.raises(ValidationError, match="已撤销"):
        services.disbursement_create(user=cast.chair_a, application=app, amount=800)


def test_public_notice_never_shows_a_full_name_or_id(cast, programme, client):
    names = ["张晓丽", "欧阳娜娜", "王芳"]
    ids = ["511781198005011221", "511781198203121245", "511781197511301227"]
    apps = []
    for name, idn in zip(names, ids, strict=True):
        apps.append(
            services.application_submit(
                user=cast.vchair_a1,
                programme=programme,
                person=make_person(cast.village_a1, name, id_number=idn),
                amount=500,
            )
        )
        services.application_review(user=cast.staff_a, application=apps[-1])
        services.application_approve(user=cast.chair_a, application=apps[-1])
    notice = services.notice_create(
        user=cast.chair_a, programme=programme, unit=cast.town_a, applications=apps
    )
    # Not published yet: the public link does not exist.
    assert client.get(f"/aid/public/{notice.token}/").status_code == 404
    services.notice_publish(user=cast.chair_a, notice=notice)
    html = client.get(f"/aid/public/{notice.token}/").content.decode()
    client.force_login(cast.chair_a)
    printed = client.get(f"/aid/notices/{notice.pk}/print/").content.decode()
    page = client.get(f"/aid/notices/{notice.pk}/").content.decode()
    # The staff page lists the notice exactly as published (its objection form may name applicants).
    internal = page[page.index('data-testid="notice-rows"') :].split("</table>")[0]
    for text in (html, printed, internal):
        for name, idn in zip(names, ids, strict=True):
            assert name not in text
            assert idn not in text
            assert idn[6:14] not in text
        assert "张*丽" in text
        assert "欧**娜" in text
        assert "王*" in text
        for idn in ids:
            assert f"5117**********{idn[-4:]}" in text


def test_totals_equal_the_sum_of_disbursements_after_edits_and_cancellations(cast, programme):
    a = noticed(
        cast,
        services.application_submit(
            user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1, "甲"), amount=1000
        ),
    )
    b = noticed(
        cast,
        services.application_submit(
            user=cast.vchair_a2, programme=programme, person=make_person(cast.village_a2, "乙"), amount=600
        ),
    )
    d1 = services.disbursement_create(user=cast.chair_a, application=a, amount=500)
    d2 = services.disbursement_create(user=cast.chair_a, application=a, amount=300)
    d3 = services.disbursement_create(
        user=cast.chair_a,
        application=b,
        kind="in_kind",
        items=[
            {"name": "大米", "quantity": 2, "unit": "袋", "unit_value": "120"},
            {"name": "食用油", "quantity": 1, "unit": "桶", "unit_value": "80.50"},
        ],
    )
    assert d3.amount == Decimal("320.50")
    with pytest.raises(ValidationError, match="超过批准金额"):
        services.disbursement_create(user=cast.chair_a, application=a, amount=201)
    services.disbursement_update(user=cast.chair_a, disbursement=d1, amount="650")
    with pytest.raises(ValidationError, match="超过批准金额"):
        services.disbursement_update(user=cast.chair_a, disbursement=d2, amount="400")
    services.disbursement_cancel(user=cast.chair_a, disbursement=d2, reason="重复登记")

    expected = Decimal("650") + Decimal("320.50")
    figures = selectors.figures(user=cast.county_user, unit=cast.county)
    assert figures["aid.amount"] == expected
    assert figures["aid.persons"] == 2
    assert figures["aid.count"] == 2
    assert figures[f"aid.amount.{programme.code}"] == expected
    assert figures["aid.amount.in_kind"] == Decimal("320.50")
    row = selectors.programme_list(user=cast.county_user).get(pk=programme.pk)
    assert row.disbursed == expected
    assert row.persons == 2
    by_village = selectors.figures(user=cast.county_user, unit=cast.town_a, group_by_child=True)
    assert by_village[cast.village_a1.id]["aid.amount"] == Decimal("650")
    assert by_village[cast.village_a2.id]["aid.amount"] == Decimal("320.50")
    # Scoped: a village chair's figures hold her village only; the other town sees nothing.
    assert selectors.figures(user=cast.vchair_a1, unit=cast.county)["aid.amount"] == Decimal("650")
    assert selectors.figures(user=cast.chair_b, unit=cast.county)["aid.amount"] == 0
    # Cancelling the last payment puts the application back to 公示中.
    services.disbursement_cancel(user=cast.chair_a, disbursement=d3, reason="对象已搬迁")
    b.refresh_from_db()
    assert b.status == S.NOTICED
    assert selectors.figures(user=cast.county_user, unit=cast.county)["aid.amount"] == Decimal("650")


def test_figures_query_count_does_not_grow_with_records(cast, programme, django_assert_max_num_queries):
    for i in range(6):
        app = noticed(
            cast,
            services.application_submit(
                user=cast.vchair_a1,
                programme=programme,
                person=make_person(cast.village_a1, f"人{i}"),
                amount=500,
            ),
        )
        services.disbursement_create(user=cast.chair_a, application=app, amount=500)
    with django_assert_max_num_queries(6):
        f = selectors.figures(user=cast.county_user, unit=cast.county, group_by_child=True)
    assert f[cast.town_a.id]["aid.amount"] == Decimal("3000")


def test_same_programme_twice_in_the_window_is_flagged(cast, programme):
    person = make_person(cast.village_a1)
    app = noticed(
        cast, services.application_submit(user=cast.vchair_a1, programme=programme, person=person, amount=500)
    )
    services.disbursement_create(
        user=cast.chair_a,
        application=app,
        amount=500,
        paid_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    next_year = make_programme(cast.county_user, cast.county, year=programme.year + 1)
    again = services.application_submit(user=cast.vchair_a1, programme=next_year, person=person, amount=500)
    assert "重复救助" in again.repeat_warning
    history = selectors.person_aid_history(user=cast.chair_a, person=person)
    assert history["total"] == Decimal("500")
    assert len(history["warnings"]) == 1
    # Same programme, same person, still open: a second application is refused outright.
    with pytest.raises(ValidationError, match="已有申请"):
        services.application_submit(user=cast.vchair_a1, programme=next_year, person=person, amount=500)


def test_village_chair_cannot_apply_for_another_village(cast, programme):
    with pytest.raises(PermissionDenied, match="无权"):
        services.application_submit(
            user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a2), amount=500
        )
