"""Employment rules: bad input refused in Chinese, nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fulian.employment.models import FairEmployer, Loan, Trainee, Training

pytestmark = pytest.mark.django_db


def test_training_dates_and_trainee_duplicates(cast, empl, login):
    client = login(cast.chair_a)
    bad = {"title": "电商培训", "unit": cast.town_a.pk, "started_on": "2026-05-02", "ended_on": "2026-05-01"}
    response = client.post(reverse("employment:training_create"), bad)
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Training.objects.filter(title="电商培训").exists()
    url = reverse("employment:trainee_add", args=[empl.training.pk])
    response = client.post(url, {"person": empl.woman_a.pk, "completed": "on"})
    assert response.status_code == 400
    assert "刘翠华：已在本次培训名单中" in response.content.decode()
    assert Trainee.objects.filter(person=empl.woman_a).count() == 1


def test_hires_cannot_exceed_posts(cast, empl, login):
    url = reverse("employment:employer_add", args=[empl.fair.pk])
    response = login(cast.staff_a).post(url, {"name": "某服装厂", "posts_offered": 5, "hires": 9})
    assert response.status_code == 400
    assert "达成就业人数不能大于提供岗位数" in response.content.decode()
    assert not FairEmployer.objects.filter(name="某服装厂").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"amount": "0", "bank": "农商银行", "granted_on": "2025-01-01", "term_months": 24},
            "贷款金额必须大于0",
        ),
        (
            {"amount": "abc", "bank": "农商银行", "granted_on": "2025-01-01", "term_months": 24},
            "输入一个数字",
        ),
        ({"amount": "1000", "bank": "", "granted_on": "2025-01-01", "term_months": 24}, "必填"),
        (
            {"amount": "1000", "bank": "农商银行", "granted_on": "2999-01-01", "term_months": 24},
            "放款日期不能晚于今天",
        ),
    ],
)
def test_bad_loan_refused(cast, empl, login, data, message):
    response = login(cast.vchair_a1).post(reverse("employment:loan_add", args=[empl.ent.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Loan.objects.count() == 1


def test_loan_via_api_and_repaid_before_granted_refused(cast, empl, api_client):
    api_client.force_authenticate(cast.vchair_a1)
    data = {"entrepreneur": empl.ent.pk, "amount": "30000.00", "bank": "邮储银行", "granted_on": "2025-03-01"}
    response = api_client.post("/api/v1/employment/loans/", data)
    assert response.status_code == 201
    assert Loan.objects.get(pk=response.json()["id"]).amount == Decimal("30000.00")
    from django.core.exceptions import ValidationError

    from fulian.employment import services

    with pytest.raises(ValidationError) as exc:
        services.loan_mark_repaid(user=cast.vchair_a1, loan=empl.loan, repaid_on=empl.day.replace(year=2000))
    assert "还清日期不能早于放款日期" in str(exc.value)
    empl.loan.refresh_from_db()
    assert not empl.loan.repaid


def test_entrepreneur_outside_scope_refused_via_api(cast, empl, api_client):
    api_client.force_authenticate(cast.vchair_a1)
    data = {"person": empl.woman_b.pk, "kind": "graduate", "business_name": "x", "started_on": "2025-01-01"}
    response = api_client.post("/api/v1/employment/entrepreneurs/", data)
    assert response.status_code == 400
    assert "不存在或不在您的管辖范围内" in str(response.json())


def test_lists_cap_their_queries(cast, empl, login, django_assert_max_num_queries):
    from fulian.care.tests.factories import make_person, years_ago
    from fulian.employment.models import Entrepreneur

    for i in range(25):
        p = make_person(cast.village_a2, f"创业者{i}", years_ago(30))
        Entrepreneur.objects.create(
            person=p, village=cast.village_a2, kind="other", business_name=f"店{i}", started_on=empl.day
        )
        Training.objects.create(title=f"培训{i}", unit=cast.town_a, started_on=empl.day, ended_on=empl.day)
    client = login(cast.chair_a)
    for tab in ("trainings", "fairs", "entrepreneurs"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("employment:index") + f"?tab={tab}").status_code == 200


def test_the_same_loan_is_not_recorded_twice(cast, empl, login, api_client):
    """One person, one day, one amount is one loan: on the form and the API as in the loan import."""
    same = {"amount": "50000", "bank": "另一家银行", "granted_on": empl.day.isoformat(), "term_months": 12}
    response = login(cast.vchair_a1).post(reverse("employment:loan_add", args=[empl.ent.pk]), same)
    assert response.status_code == 400
    assert f"{empl.day:%Y-%m-%d} 放款的 50000 元贷款已登记" in response.content.decode()
    api_client.force_authenticate(cast.vchair_a1)
    response = api_client.post("/api/v1/employment/loans/", {**same, "entrepreneur": empl.ent.pk})
    assert response.status_code == 400
    assert Loan.objects.count() == 1
    other_amount = {**same, "amount": "20000"}
    response = login(cast.vchair_a1).post(reverse("employment:loan_add", args=[empl.ent.pk]), other_amount)
    assert response.status_code == 302
    assert Loan.objects.count() == 2
