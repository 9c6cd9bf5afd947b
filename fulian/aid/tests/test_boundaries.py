"""Both sides of every number in aid's rules, table-driven: the amount range, the county's threshold, the
approved total, the objection period (7 days by default, the 公示 over only the day after its end date)
and the repeat window (docs/domain.md, Aid)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fulian.aid import services
from fulian.aid.models import Application, Disbursement

from .factories import make_person, make_programme, noticed

S = Application.Status
D = datetime.date


@pytest.fixture
def programme(cast):
    return make_programme(cast.county_user, cast.county)  # 300–1000 元, county threshold from settings (3000)


def submit(cast, programme, amount, person=None):
    return services.application_submit(
        user=cast.vchair_a1, programme=programme, person=person or make_person(cast.village_a1), amount=amount
    )


@pytest.mark.parametrize(
    ("amount", "ok"),
    [
        ("299.99", False),
        ("300", True),
        ("300.00", True),
        ("999.99", True),
        ("1000", True),
        ("1000.01", False),
    ],
)  # fmt: skip
def test_the_amount_range_is_inclusive(cast, programme, amount, ok):
    if ok:
        assert submit(cast, programme, amount).amount == Decimal(amount)
    else:
        with pytest.raises(ValidationError, match=re.escape("超出本项目每人300.00–1,000.00元的范围")):
            submit(cast, programme, amount)
        assert not Application.objects.exists()


@pytest.mark.parametrize(("amount", "county"), [("499.99", False), ("500", False), ("500.01", True)])
def test_above_the_threshold_and_only_above_it_the_county_approves(cast, amount, county):
    programme = make_programme(cast.county_user, cast.county, county_threshold=500)
    app = submit(cast, programme, amount)
    services.application_review(user=cast.staff_a, application=app)
    services.application_approve(user=cast.chair_a, application=app)
    assert app.status == (S.COUNTY if county else S.APPROVED)


@pytest.mark.parametrize(("setting", "county"), [("799.99", True), ("800", False)])
def test_the_threshold_setting_is_used_when_the_programme_has_none(cast, settings, setting, county):
    settings.FULIAN = {**settings.FULIAN, "AID_COUNTY_THRESHOLD": setting}
    programme = make_programme(cast.county_user, cast.county)
    app = submit(cast, programme, "800")
    services.application_review(user=cast.staff_a, application=app)
    services.application_approve(user=cast.chair_a, application=app)
    assert app.status == (S.COUNTY if county else S.APPROVED)


@pytest.mark.parametrize(("second", "ok"), [("199.99", True), ("200", True), ("200.01", False)])
def test_payments_add_up_to_the_approved_amount_and_not_a_cent_more(cast, programme, second, ok):
    app = noticed(cast, submit(cast, programme, "1000"))
    services.disbursement_create(user=cast.chair_a, application=app, amount="800")
    if ok:
        services.disbursement_create(user=cast.chair_a, application=app, amount=second)
        assert Disbursement.objects.filter(application=app).count() == 2
    else:
        with pytest.raises(ValidationError, match=re.escape("发放合计1,000.01元超过批准金额1,000.00元")):
            services.disbursement_create(user=cast.chair_a, application=app, amount=second)
        assert Disbursement.objects.filter(application=app).count() == 1


def approved(cast, programme, amount="800"):
    app = submit(cast, programme, amount)
    services.application_review(user=cast.staff_a, application=app)
    services.application_approve(user=cast.chair_a, application=app)
    return app


@pytest.mark.parametrize(("days", "end"), [(None, D(2027, 6, 8)), (5, D(2027, 6, 6)), (10, D(2027, 6, 11))])
def test_the_objection_period_is_seven_days_by_default(cast, programme, settings, days, end):
    if days is not None:
        settings.FULIAN = {**settings.FULIAN, "AID_OBJECTION_DAYS": days}
    notice = services.notice_create(
        user=cast.chair_a,
        programme=programme,
        unit=cast.town_a,
        applications=[approved(cast, programme)],
        start_date=D(2027, 6, 1),
    )
    assert (notice.start_date, notice.end_date) == (D(2027, 6, 1), end)
    assert services.objection_days() == (days or 7)


@pytest.mark.parametrize(
    ("today", "over"),
    [(D(2027, 6, 1), False), (D(2027, 6, 7), False), (D(2027, 6, 8), False), (D(2027, 6, 9), True)],
)
def test_the_notice_is_over_the_day_after_its_end_date_not_on_it(cast, programme, clock, today, over):
    clock.set(D(2027, 6, 1))
    app = approved(cast, programme)
    notice = services.notice_create(
        user=cast.chair_a, programme=programme, unit=cast.town_a, applications=[app], start_date=D(2027, 6, 1)
    )
    services.notice_publish(user=cast.chair_a, notice=notice)
    assert notice.end_date == D(2027, 6, 8)
    clock.set(today)
    notice.refresh_from_db()
    assert notice.period_over is over
    app.refresh_from_db()
    if over:
        services.disbursement_create(user=cast.chair_a, application=app, amount="800")
        assert Disbursement.objects.filter(application=app).count() == 1
    else:
        with pytest.raises(ValidationError, match="公示期未满"):
            services.disbursement_create(user=cast.chair_a, application=app, amount="800")
        assert not Disbursement.objects.exists()


@pytest.mark.parametrize(
    ("window", "paid_days_ago", "warned"),
    [(None, 365, True), (None, 366, False), (30, 30, True), (30, 31, False)],
)
def test_the_repeat_window_counts_back_from_today(cast, clock, window, paid_days_ago, warned):
    clock.set(D(2027, 6, 15))
    programme = make_programme(cast.county_user, cast.county, repeat_window_days=window)
    person = make_person(cast.village_a1)
    app = noticed(cast, submit(cast, programme, "800", person=person))
    services.disbursement_create(
        user=cast.chair_a,
        application=app,
        amount="800",
        paid_on=D(2027, 6, 15) - datetime.timedelta(days=paid_days_ago),
    )
    later = make_programme(cast.county_user, cast.county, repeat_window_days=window)
    warning = services.repeat_warning_for(programme=later, person=person, on=D(2027, 6, 15))
    assert ("重复救助" in warning) is warned
    if warned:
        assert f"（{window or 365}天内重复救助）" in warning
