"""Browser: a case worker takes a call, registers a red case, refers it to the police, records a
protection order and closes it; the chair sees the red flag; a village chair does not see the case."""

import datetime

import pytest
from django.utils import timezone

from fulian.cases.models import Case

from .factories import make_bodies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(page, summary: str):
    page.locator("summary", has_text=summary).first.click()


def _submit(page, testid: str):
    page.get_by_test_id(testid).locator("button").click()
    page.wait_for_load_state()


def test_case_worker_handles_a_red_case_chair_sees_flag_village_chair_sees_nothing(
    cast, browser, browser_login, phone_context_args
):
    bodies = make_bodies(cast)
    worker_ctx = browser.new_context(**phone_context_args)  # she takes the call on her phone
    worker_ctx.set_default_timeout(60_000)  # shared, busy test machines
    page = worker_ctx.new_page()
    base = browser_login(page, cast.caseworker_a)
    page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("link", name="维权").click()
    page.get_by_test_id("intake-link").click()
    page.wait_for_load_state()

    # The call: a woman not yet in the registry.
    page.fill("#id_new_name", "赵春梅")
    page.select_option("#id_new_gender", "F")
    page.fill("#id_new_birth_date", "1986-04-12")
    page.select_option("#id_new_village", str(cast.village_a1.pk))
    page.select_option("#id_channel", "phone")
    page.select_option("#id_type", "domestic_violence")
    page.select_option("#id_respondent_relation", "spouse")
    page.fill("#id_respondent_name", "钱某")
    page.fill("#id_narrative", "丈夫酒后持刀威胁要杀她")
    page.fill("#id_request", "希望申请人身安全保护令")
    page.get_by_test_id("intake-submit").click()
    page.wait_for_load_state()
    number = page.get_by_test_id("case-number").inner_text()
    case = Case.objects.get(number=number)
    assert page.get_by_test_id("case-status").inner_text() == "登记"

    # Risk: a weapon → red.
    page.check("#q_weapon")
    page.check("#q_threat_to_kill")
    _submit(page, "assess-form")
    assert page.get_by_test_id("case-risk").inner_text() == "红色风险"

    # The chair sees the red flag on her home page at once.
    chair_ctx = browser.new_context()
    chair = chair_ctx.new_page()
    browser_login(chair, cast.chair_a)
    feed = chair.get_by_test_id("feed").inner_text()
    assert f"红色风险维权案件 {number}" in feed
    chair.goto(f"{base}/cases/")
    assert number in chair.get_by_test_id("red-flag").inner_text()

    # Refer to the police.
    _open(page, "转介")
    page.select_option("#ref_body", str(bodies["police"].pk))
    page.fill("#ref_asked", "出警处置，出具告诫书")
    _submit(page, "referral-form")
    assert "竹峪派出所" in page.get_by_test_id("referrals").inner_text()
    assert page.get_by_test_id("case-status").inner_text() == "转介"

    # Apply for a protection order on her behalf, then record the court's decision.
    now = timezone.localtime()
    _open(page, "申请人身安全保护令")
    page.select_option("#order_body", str(bodies["court"].pk))
    page.select_option("#order_applicant", "federation")
    page.fill("#order_applied_at", (now - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.check("#order_urgent")
    _submit(page, "order-form")
    due = (now - datetime.timedelta(hours=2) + datetime.timedelta(hours=24)).strftime("%Y-%m-%d %H:%M")
    assert page.get_by_test_id("decision-due").inner_text() == due
    today = now.date()
    page.select_option("#decide_decision", "granted")
    page.fill("#decide_decided_at", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#decide_valid_from", today.isoformat())
    page.fill("#decide_valid_until", (today + datetime.timedelta(days=150)).isoformat())
    _submit(page, "decide-form")
    assert page.get_by_test_id("order-decision").inner_text() == "准予"

    # Close: the police referral is still open, so the note is required; she gives one.
    _open(page, "结案")
    page.select_option("#close_outcome", "resolved")
    page.select_option("#close_satisfaction", "satisfied")
    _submit(page, "close-form")
    assert "结案须填写说明" in page.locator(".alert-danger").inner_text()
    _open(page, "结案")
    page.select_option("#close_outcome", "resolved")
    page.select_option("#close_satisfaction", "satisfied")
    page.fill("#close_note", "保护令已生效，派出所继续跟进")
    _submit(page, "close-form")
    assert page.get_by_test_id("case-status").inner_text() == "结案"
    case.refresh_from_db()
    assert case.is_closed

    # A village chair of the same village: no menu entry, no list, and the case does not exist.
    vctx = browser.new_context()
    vpage = vctx.new_page()
    browser_login(vpage, cast.vchair_a1)
    assert vpage.get_by_role("link", name="维权").count() == 0
    response = vpage.goto(f"{base}/cases/{case.pk}/")
    assert response.status == 404
    assert "丈夫酒后持刀" not in vpage.content()
    assert vpage.goto(f"{base}/cases/").status == 403
    for ctx in (worker_ctx, chair_ctx, vctx):
        ctx.close()
