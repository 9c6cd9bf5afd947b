"""Four-way access for every reports page, and the paragraph editing round trip."""

import pytest
from django.urls import reverse

from fulian.core.periods import Period
from fulian.reports.models import SummaryDraft, SummaryStatus
from fulian.reports.services import summary_create


@pytest.fixture
def draft(cast):
    return summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))


def stats_url(unit, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"unit": unit.pk, "kind": "year", "year": 2026, **extra}.items())
    return reverse("reports:stats") + "?" + query


def test_stats_four_ways(cast, login, client):
    assert client.get(stats_url(cast.town_a)).status_code == 302
    assert login(cast.chair_a).get(stats_url(cast.town_a)).status_code == 200
    assert login(cast.chair_b).get(stats_url(cast.town_a)).status_code == 404
    assert login(cast.volunteer_a1).get(stats_url(cast.town_a)).status_code == 403


def test_stats_excel_export_reads_back(cast, login):
    import io

    from openpyxl import load_workbook

    resp = login(cast.chair_a).get(stats_url(cast.town_a, format="xlsx"))
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.content)).active
    assert ws["A1"].value.startswith("竹峪镇 2026年")
    header = [c.value for c in ws[2]]
    assert header[:5] == ["指标", "单位", "本期", "去年同期", "增减"]
    assert "青龙村" in header
    assert "红旗村" in header


def test_bad_period_is_a_named_form_error(cast, login):
    resp = login(cast.chair_a).get(
        stats_url(cast.town_a, kind="custom", start="2026-05-01", end="2026-01-01")
    )
    assert resp.status_code == 200
    assert "结束日期不能早于开始日期" in resp.content.decode()


@pytest.mark.parametrize("name", ["reports:summary_detail", "reports:summary_docx"])
def test_summary_pages_four_ways(cast, login, client, draft, name):
    url = reverse(name, args=[draft.pk])
    assert client.get(url).status_code == 302
    assert login(cast.chair_a).get(url).status_code == 200
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.vchair_a1).get(url).status_code == 404  # a village chair does not see the town's draft
    assert login(cast.member_a1).get(url).status_code == 403


def test_summary_list_creates_a_draft_and_refuses_units_outside_scope(cast, login):
    c = login(cast.chair_a)
    resp = c.post(reverse("reports:summary_list"), {"unit": cast.town_a.pk, "kind": "year", "year": 2026})
    assert resp.status_code == 302
    assert c.get(resp["Location"]).status_code == 200
    assert (
        c.post(
            reverse("reports:summary_list"), {"unit": cast.town_b.pk, "kind": "year", "year": 2026}
        ).status_code
        == 404
    )


def test_summary_list_post_queues_the_draft_and_answers_with_its_progress(
    cast, login, django_capture_on_commit_callbacks
):
    """A town's draft is written by a task worker: the POST answers with the progress page at once."""
    c = login(cast.chair_a)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        resp = c.post(reverse("reports:summary_list"), {"unit": cast.town_a.pk, "kind": "year", "year": 2026})
    draft = SummaryDraft.objects.get(unit=cast.town_a)
    assert resp["Location"] == reverse("reports:summary_detail", args=[draft.pk])
    assert (draft.status, draft.paragraphs.count(), len(queued)) == (SummaryStatus.PENDING, 0, 1)
    page = c.get(resp["Location"]).content.decode()
    assert "正在后台汇总台账数据" in page
    assert 'data-testid="summary-title"' not in page
    queued[0]()  # the task worker's turn
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.READY
    assert draft.paragraphs.filter(key="opening").exists()
    assert 'data-testid="summary-title"' in c.get(resp["Location"]).content.decode()


def test_summary_list_post_four_ways(cast, login, client):
    data = {"unit": cast.town_a.pk, "kind": "year", "year": 2026}
    url = reverse("reports:summary_list")
    anonymous = client.post(url, data)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert login(cast.chair_a).post(url, data).status_code == 302
    assert login(cast.chair_b).post(url, data).status_code == 404
    assert login(cast.member_a1).post(url, data).status_code == 403
    assert SummaryDraft.objects.filter(unit=cast.town_a).count() == 1


def test_village_chairs_summary_covers_her_village(cast, login):
    c = login(cast.vchair_a1)
    resp = c.post(reverse("reports:summary_list"), {"unit": cast.village_a1.pk, "kind": "year", "year": 2026})
    assert resp.status_code == 302
    assert "青龙村妇联2026年度工作总结" in c.get(resp["Location"]).content.decode()


def test_edit_paragraph_with_htmx_and_reset(cast, login, draft):
    p = draft.paragraphs.get(key="opening")
    url = reverse("reports:paragraph_edit", args=[draft.pk, p.pk])
    c = login(cast.chair_a)
    assert "textarea" in c.get(url, HTTP_HX_REQUEST="true").content.decode()
    resp = c.post(url, {"text": "新的开头。"}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    assert "新的开头。" in resp.content.decode()
    p.refresh_from_db()
    assert p.edited_text == "新的开头。"
    bad = c.post(url, {"text": "   "}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422
    assert "段落内容" in bad.content.decode()
    c.post(url, {"reset": "1"}, HTTP_HX_REQUEST="true")
    p.refresh_from_db()
    assert p.edited_text is None


def test_other_towns_paragraph_is_404(cast, login, draft):
    p = draft.paragraphs.first()
    url = reverse("reports:paragraph_edit", args=[draft.pk, p.pk])
    assert login(cast.chair_b).post(url, {"text": "x"}).status_code == 404


def test_pdf_without_libreoffice_says_so(cast, login, draft, monkeypatch):
    from fulian.reports.summary import pdf

    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    resp = login(cast.chair_a).get(reverse("reports:summary_pdf", args=[draft.pk]), follow=True)
    assert "本机未安装 LibreOffice" in resp.content.decode()
