"""Results: year-on-year change, per-category figures, publication rules, appeals, exports read back."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from fulian.assessment import selectors, services
from fulian.assessment.models import Appeal, Assessment

from .factories import final_score_all, make_assessment, self_score_all, sheet_of


def _finish(cast, a, deduction_a1=0):
    for v, chair in ((cast.village_a1, cast.vchair_a1), (cast.village_a2, cast.vchair_a2)):
        sheet = sheet_of(a, v)
        self_score_all(chair, sheet)
        services.sheet_submit(user=chair, sheet=sheet)
        final_score_all(cast.chair_a, sheet, deduction=deduction_a1 if v == cast.village_a1 else 0)
        services.sheet_lock(user=cast.chair_a, sheet=sheet)


@pytest.fixture
def published(cast):
    last = make_assessment(cast, year=2024)
    _finish(cast, last, deduction_a1=5)
    services.assessment_publish(user=cast.chair_a, assessment=last)
    a = make_assessment(cast, year=2025)
    _finish(cast, a, deduction_a1=2)
    return a


def test_publish_needs_every_sheet_locked(cast):
    a = make_assessment(cast)
    with pytest.raises(ValidationError, match="尚未锁定"):
        services.assessment_publish(user=cast.chair_a, assessment=a)
    a.refresh_from_db()
    assert a.status == Assessment.Status.OPEN


def test_year_on_year_change_and_categories(cast, published):
    rows = {r.sheet.village.name: r for r in selectors.results(assessment=published)}
    qinglong = rows["青龙村"]
    # 3 items, 2 points off each: group part 44; no 平时 score entered, so it counts as the group part
    assert qinglong.result.total == 44
    assert qinglong.change == 9  # last year 50 - 15 = 35
    base = published.rubric.categories.get(name="基层基础")
    assert qinglong.result.by_category[base.pk] == [26, 30]
    assert rows["红旗村"].rank == 1


def test_appeal_within_the_window_and_its_outcome(cast, published):
    services.assessment_publish(user=cast.chair_a, assessment=published, appeal_days=3)
    sheet = sheet_of(published, cast.village_a1)
    with pytest.raises(ValidationError, match="申诉内容"):
        services.appeal_file(user=cast.vchair_a1, sheet=sheet, content=" ")
    appeal = services.appeal_file(user=cast.vchair_a1, sheet=sheet, content="妇女之家已改建，请复核")
    services.appeal_decide(user=cast.chair_a, appeal=appeal, outcome="rejected", response="维持")
    assert Appeal.objects.get().outcome == "rejected"
    Assessment.objects.filter(pk=published.pk).update(appeal_until=timezone.localdate() - timedelta(days=1))
    published.refresh_from_db()
    with pytest.raises(ValidationError, match="申诉期"):
        services.appeal_file(
            user=cast.vchair_a1, sheet=sheet_of(published, cast.village_a1), content="再申诉"
        )
    assert Appeal.objects.count() == 1


def test_exports_read_back(cast, published, client):
    client.force_login(cast.chair_a)
    wb = load_workbook(io.BytesIO(client.get(f"/assessment/{published.pk}/ranking.xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1][:2] == ("名次", "村(社区)")
    assert rows[2][:2] == (1, "红旗村")
    doc = Document(io.BytesIO(client.get(f"/assessment/{published.pk}/ranking.docx").content))
    assert "排名" in doc.paragraphs[0].text
    assert doc.tables[0].rows[2].cells[1].text == "青龙村"
    sheet = sheet_of(published, cast.village_a1)
    wb = load_workbook(io.BytesIO(client.get(f"/assessment/sheets/{sheet.pk}/export.xlsx").content))
    texts = [r[7] for r in wb.active.iter_rows(min_row=3, values_only=True)]
    assert "台账不全" in texts
    doc = Document(io.BytesIO(client.get(f"/assessment/sheets/{sheet.pk}/export.docx").content))
    assert doc.paragraphs[0].text == "青龙村审核记录表"
    client.force_login(cast.vchair_a1)  # before publication a village cannot export
    assert client.get(f"/assessment/sheets/{sheet.pk}/export.xlsx").status_code == 403
