"""Separation of duties where money moves: whoever submitted or reviewed an aid application may not
approve it (FULIAN["AID_SEPARATE_APPROVER"], on by default); the refusal says why, in Chinese, and the page
offers her no approve button. With the setting off, one person may again do all three."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fulian.aid import services
from fulian.aid.models import Application

from .factories import make_person, make_programme

S = Application.Status


@pytest.fixture
def separate(settings):
    def _set(on: bool) -> None:
        settings.FULIAN = {**settings.FULIAN, "AID_SEPARATE_APPROVER": on}

    return _set


@pytest.fixture
def programme(cast):
    return make_programme(cast.county_user, cast.county, county_threshold=3000)


def _submit(cast, programme, user, amount=800, name="张晓丽"):
    return services.application_submit(
        user=user, programme=programme, person=make_person(cast.village_a1, name), amount=amount
    )


def test_the_setting_is_on_by_default():
    from django.conf import settings

    assert settings.FULIAN["AID_SEPARATE_APPROVER"] is True


@pytest.mark.parametrize(
    ("submitter", "reviewer", "did"),
    [("chair_a", "staff_a", "提交"), ("vchair_a1", "chair_a", "审核"), ("chair_a", "chair_a", "提交并审核")],
)
def test_whoever_submitted_or_reviewed_may_not_approve(cast, programme, separate, submitter, reviewer, did):
    separate(True)
    app = _submit(cast, programme, getattr(cast, submitter))
    services.application_review(user=getattr(cast, reviewer), application=app)
    with pytest.raises(ValidationError) as exc:
        services.application_approve(user=cast.chair_a, application=app)
    assert exc.value.messages == [
        f"这份申请由您{did}，按职责分离要求，救助申请的审批人不能是提交人或审核人，请由另一位有审批权限的同事审批。"
    ]
    app.refresh_from_db()
    assert (app.status, app.town_approved_by) == (S.REVIEWED, None)
    services.application_approve(user=cast.county_user, application=app)  # a second person approves
    assert app.status == S.APPROVED


def test_the_county_stage_too(cast, programme, separate):
    separate(True)
    app = _submit(cast, programme, cast.county_user, amount=1000)
    programme.county_threshold = 500
    programme.save()
    services.application_review(user=cast.staff_a, application=app)
    services.application_approve(user=cast.chair_a, application=app)
    assert app.status == S.COUNTY
    with pytest.raises(ValidationError, match="这份申请由您提交"):
        services.application_approve(user=cast.county_user, application=app)
    services.application_approve(user=cast.admin, application=app)
    assert (app.status, app.county_approved_by) == (S.APPROVED, cast.admin)


def test_with_the_setting_off_one_person_may_do_all_three(cast, programme, separate):
    separate(False)
    app = _submit(cast, programme, cast.chair_a)
    services.application_review(user=cast.chair_a, application=app)
    services.application_approve(user=cast.chair_a, application=app)
    assert (app.status, app.town_approved_by) == (S.APPROVED, cast.chair_a)


@pytest.mark.parametrize("on", [True, False])
def test_the_page_offers_the_approve_button_only_to_someone_else(cast, programme, separate, login, on):
    separate(on)
    app = _submit(cast, programme, cast.chair_a)
    services.application_review(user=cast.staff_a, application=app)
    url = reverse("aid:application", args=[app.pk])
    approve = reverse("aid:application_action", args=[app.pk, "approve"])
    html = login(cast.chair_a).get(url).content.decode()
    assert (approve in html) is not on
    assert ("按职责分离要求" in html) is on
    html = login(cast.county_user).get(url).content.decode()
    assert approve in html
    assert "按职责分离要求" not in html


def test_a_forced_post_is_refused_with_the_reason(cast, programme, separate, login):
    separate(True)
    app = _submit(cast, programme, cast.chair_a)
    services.application_review(user=cast.staff_a, application=app)
    client = login(cast.chair_a)
    response = client.post(reverse("aid:application_action", args=[app.pk, "approve"]), follow=True)
    assert "这份申请由您提交，按职责分离要求" in response.content.decode()
    app.refresh_from_db()
    assert app.status == S.REVIEWED
