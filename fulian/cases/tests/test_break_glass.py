"""Break the glass: an officer of the handling town opens a case she is not assigned to, in an emergency,
by giving a reason. The access is time-limited, logged and flagged to the chair."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fulian.cases import services
from fulian.cases.models import BreakGlassGrant
from fulian.core.models import AccessLog

REASON = "当事人来电称对方正在砸门，承办专员电话无法接通"


def _glass(cw, client):
    return client.post(
        reverse("cases:break_glass"), {"number": cw.case.number, "reason": REASON}, follow=True
    )


def test_town_staff_opens_a_case_with_a_reason_read_only_and_logged(clock, cw, login):
    client = login(cw.cast.staff_a)
    url = reverse("cases:detail", args=[cw.case.pk])
    assert client.get(url).status_code == 404
    response = _glass(cw, client)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="glass-banner"' in body
    assert cw.case.narrative in body
    assert 'data-testid="close-form"' not in body  # read-only
    logs = AccessLog.objects.filter(target_type="cases.case", user=cw.cast.staff_a)
    assert list(logs.order_by("at", "id").values_list("action", flat=True)) == ["break_glass", "view"]
    assert logs.get(action="view").detail == "紧急调阅"


def test_emergency_access_expires(clock, cw, login, settings):
    settings.FULIAN = {**settings.FULIAN, "CASES_BREAK_GLASS_HOURS": 4}
    client = login(cw.cast.staff_a)
    _glass(cw, client)
    grant = BreakGlassGrant.objects.get()
    assert grant.expires_at == clock.now + datetime.timedelta(hours=4)
    url = reverse("cases:detail", args=[cw.case.pk])
    clock.advance(hours=3, minutes=59)
    assert client.get(url).status_code == 200
    clock.advance(minutes=1)
    assert client.get(url).status_code == 404
    assert client.get(reverse("cases:export", args=[cw.case.pk])).status_code == 404


def test_emergency_access_is_flagged_to_the_chair_until_reviewed(clock, cw, login):
    _glass(cw, login(cw.cast.staff_a))
    chair = login(cw.cast.chair_a)
    page = chair.get(reverse("cases:list")).content.decode()
    assert 'data-testid="glass-flags"' in page
    assert REASON in page
    clock.past_real_time()  # alerts carry the time of the page view; older activity sorts below
    chair = login(cw.cast.chair_a)  # a fresh session after the jump
    assert "紧急调阅了案件" in chair.get(reverse("core:home")).content.decode()
    grant = BreakGlassGrant.objects.get()
    chair.post(reverse("cases:glass_review", args=[grant.pk]))
    assert 'data-testid="glass-flags"' not in chair.get(reverse("cases:list")).content.decode()
    grant.refresh_from_db()
    assert grant.reviewed_by == cw.cast.chair_a


def test_other_towns_chair_cannot_review_the_flag(clock, cw, login):
    _glass(cw, login(cw.cast.staff_a))
    grant = BreakGlassGrant.objects.get()
    assert login(cw.cast.chair_b).post(reverse("cases:glass_review", args=[grant.pk])).status_code == 404
    assert login(cw.cast.caseworker_a).post(reverse("cases:glass_review", args=[grant.pk])).status_code == 403


def test_a_reason_is_required_and_nothing_is_saved_without_it(clock, cw, login):
    response = login(cw.cast.staff_a).post(
        reverse("cases:break_glass"), {"number": cw.case.number, "reason": "急"}, follow=True
    )
    assert "紧急调阅理由：紧急调阅必须填写具体理由" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()
    assert not AccessLog.objects.filter(target_type="cases.case").exists()


@pytest.mark.parametrize("who", ["chair_b", "admin"])
def test_officers_of_other_units_get_the_same_neutral_refusal(clock, cw, who):
    user = getattr(cw.cast, who)
    with pytest.raises(ValidationError) as real:
        services.break_glass(user=user, number=cw.case.number, reason=REASON)
    with pytest.raises(ValidationError) as unknown:
        services.break_glass(user=user, number="WQ2026999999", reason=REASON)
    assert real.value.message_dict == unknown.value.message_dict
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.parametrize("who", ["vchair_a1", "volunteer_a1", "county_user", "assessor_a"])
def test_roles_without_emergency_access_get_403(clock, cw, login, who):
    response = login(getattr(cw.cast, who)).post(
        reverse("cases:break_glass"), {"number": cw.case.number, "reason": REASON}
    )
    assert response.status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_emergency_access_does_not_allow_changes_or_export(clock, cw, login):
    client = login(cw.cast.staff_a)
    _glass(cw, client)
    pk = cw.case.pk
    assert client.get(reverse("cases:export", args=[pk])).status_code == 403
    assert client.get(reverse("cases:print", args=[pk])).status_code == 403
    response = client.post(reverse("cases:close", args=[pk]), {"outcome": "resolved", "satisfaction": "very"})
    assert response.status_code == 403
    cw.case.refresh_from_db()
    assert not cw.case.is_closed
