"""Every aid page action through the page itself, each with its four access checks (the right user works,
an outsider gets 404, a wrong role 403, the anonymous the login page) and its effect on the figures:
review, approve, reject, withdraw, disburse, edit and cancel a payment."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from fulian.aid import selectors, services
from fulian.aid.models import Application, Disbursement
from fulian.core.tests.pages import post_four_ways

from .factories import make_person, make_programme, noticed

S = Application.Status
TODAY = datetime.date(2027, 6, 15)


@pytest.fixture
def programme(cast, clock):
    clock.set(TODAY)
    return make_programme(cast.county_user, cast.county)


def figures(cast):
    values = selectors.figures(
        user=cast.county_user,
        unit=cast.county,
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 12, 31),
    )
    return {k: values[k] for k in ("aid.persons", "aid.count", "aid.amount", "aid.applications")}


def submitted(cast, programme, name="张晓丽"):
    return services.application_submit(
        user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1, name), amount=800
    )


def four_ways(cast, login, url, data, *, works_as, wrong_role):
    return post_four_ways(login, url, data, works_as=works_as, outsider=cast.chair_b, wrong_role=wrong_role)


@pytest.mark.parametrize(
    ("action", "actor", "status"),
    [
        ("review", "staff_a", S.REVIEWED),
        ("reject", "staff_a", S.REJECTED),
        ("withdraw", "staff_a", S.WITHDRAWN),
    ],
)
def test_review_reject_withdraw(cast, login, programme, action, actor, status):
    app = submitted(cast, programme)
    before = figures(cast)
    url = f"/aid/applications/{app.pk}/{action}/"
    four_ways(
        cast, login, url, {"note": "材料不全"}, works_as=getattr(cast, actor), wrong_role=cast.assessor_a
    )
    app.refresh_from_db()
    assert app.status == status
    after = figures(cast)
    assert after["aid.applications"] == before["aid.applications"] - (status != S.REVIEWED)
    assert (after["aid.persons"], after["aid.count"]) == (0, 0)


def test_approve(cast, login, programme):
    app = submitted(cast, programme)
    services.application_review(user=cast.staff_a, application=app)
    url = f"/aid/applications/{app.pk}/approve/"
    four_ways(cast, login, url, {}, works_as=cast.chair_a, wrong_role=cast.assessor_a)
    app.refresh_from_db()
    assert app.status == S.APPROVED


def test_an_unknown_action_is_404(cast, login, programme):
    app = submitted(cast, programme)
    assert login(cast.chair_a).post(f"/aid/applications/{app.pk}/bless/", {}).status_code == 404


def test_disburse_edit_and_cancel_move_the_figures(cast, login, programme):
    app = noticed(cast, submitted(cast, programme), days_ago=10)
    assert figures(cast)["aid.count"] == 0
    four_ways(
        cast,
        login,
        f"/aid/applications/{app.pk}/disburse/",
        {"kind": "cash", "amount": "500", "paid_on": TODAY.isoformat(), "method": "银行卡"},
        works_as=cast.chair_a,
        wrong_role=cast.assessor_a,
    )
    d = Disbursement.objects.get(application=app)
    assert figures(cast) == {
        "aid.persons": 1,
        "aid.count": 1,
        "aid.amount": Decimal("500"),
        "aid.applications": 1,
    }
    four_ways(
        cast,
        login,
        f"/aid/disbursements/{d.pk}/edit/",
        {"amount": "650", "paid_on": TODAY.isoformat()},
        works_as=cast.chair_a,
        wrong_role=cast.assessor_a,
    )
    assert figures(cast)["aid.amount"] == Decimal("650")
    four_ways(
        cast,
        login,
        f"/aid/disbursements/{d.pk}/cancel/",
        {"reason": "重复登记"},
        works_as=cast.chair_a,
        wrong_role=cast.assessor_a,
    )
    d.refresh_from_db()
    assert d.status == Disbursement.Status.CANCELLED
    assert figures(cast) == {
        "aid.persons": 0,
        "aid.count": 0,
        "aid.amount": Decimal("0"),
        "aid.applications": 1,
    }


def test_a_refused_page_action_says_why_and_changes_nothing(cast, login, programme):
    app = noticed(cast, submitted(cast, programme), days_ago=10)
    client = login(cast.chair_a)
    response = client.post(
        f"/aid/applications/{app.pk}/disburse/",
        {"kind": "cash", "amount": "900", "paid_on": TODAY.isoformat()},
        follow=True,
    )
    assert "发放合计900.00元超过批准金额800.00元" in response.content.decode()
    assert not Disbursement.objects.exists()
    d = services.disbursement_create(user=cast.chair_a, application=app, amount="500")
    response = client.post(f"/aid/disbursements/{d.pk}/cancel/", {"reason": ""}, follow=True)
    d.refresh_from_db()
    assert d.status == Disbursement.Status.ACTIVE
    assert "作废" in response.content.decode()
