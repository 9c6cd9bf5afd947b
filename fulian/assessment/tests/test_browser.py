"""Browser: answer a questionnaire on a phone through its link (the QR code's target), score an audit
sheet as an assessor, and see the published ranking as a village chair."""

import pytest

from fulian.assessment import services
from fulian.surveys import services as survey_services
from fulian.surveys.models import Response
from fulian.surveys.tests.factories import make_questionnaire

from .factories import final_score_all, item, make_assessment, make_group, self_score_all, sheet_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_a_questionnaire_on_a_phone_through_its_link(cast, browser, live_server, phone_context_args):
    q = make_questionnaire(cast)
    (link,) = survey_services.links_create(user=cast.chair_a, questionnaire=q, village=cast.village_a1)
    ctx = browser.new_context(**phone_context_args)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/surveys/s/{link.token}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_text("很满意").click()
    page.get_by_label("培训").check()
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    assert "问卷已提交" in page.content()
    assert Response.objects.get().answers.get(question__kind="rating").rating == 5
    page.goto(f"{live_server.url}/surveys/s/{link.token}/")
    assert "已使用过" in page.content()
    ctx.close()


def test_assessor_scores_an_audit_sheet(cast, page, browser_login):
    a = make_assessment(cast)
    make_group(cast, a, villages=[cast.village_a1])
    sheet = sheet_of(a, cast.village_a1)
    self_score_all(cast.vchair_a1, sheet)
    services.sheet_submit(user=cast.vchair_a1, sheet=sheet)
    base = browser_login(page, cast.assessor_a)
    page.goto(f"{base}/assessment/sheets/{sheet.pk}/")
    page.get_by_label("妇联组织健全得分").fill("12")
    page.get_by_label("妇联组织健全得分").locator("xpath=..").get_by_role("button", name="评分").click()
    page.wait_for_load_state()
    assert "超过了该项满分10" in page.content()
    page.get_by_label("妇联组织健全得分").fill("6")
    page.get_by_label("妇联组织健全扣分理由").fill("缺换届选举资料")
    page.get_by_label("妇联组织健全得分").locator("xpath=..").get_by_role("button", name="评分").click()
    page.wait_for_load_state()
    assert "已评分" in page.content()
    row = page.locator("tr[data-flagged='1']")
    assert "妇联组织健全" in row.inner_text()
    assert sheet.scores.get(item=item(a, "妇联组织健全"), part="final").points == 6


def test_village_chair_sees_the_published_ranking(cast, page, browser_login):
    a = make_assessment(cast)
    for v, chair in ((cast.village_a1, cast.vchair_a1), (cast.village_a2, cast.vchair_a2)):
        sheet = sheet_of(a, v)
        self_score_all(chair, sheet)
        services.sheet_submit(user=chair, sheet=sheet)
        final_score_all(cast.chair_a, sheet, deduction=1 if v == cast.village_a1 else 0)
        services.sheet_lock(user=cast.chair_a, sheet=sheet)
    services.assessment_publish(user=cast.chair_a, assessment=a)
    base = browser_login(page, cast.vchair_a1)
    page.goto(f"{base}/assessment/{a.pk}/results/")
    table = page.get_by_test_id("ranking").inner_text()
    assert "青龙村" in table
    assert "红旗村" not in table
    assert "2" in page.get_by_test_id("ranking").locator("tbody td").first.inner_text()
    page.get_by_role("link", name="青龙村").click()
    page.wait_for_load_state()
    assert "全镇第 2 名" in page.get_by_test_id("sheet-total").inner_text()
