"""The summary engine with stand-in figure sources: structure, numbering, empty sections, edits kept."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn

from fulian.core import figures as figures_module
from fulian.core import summary as summary_module
from fulian.core.periods import Period
from fulian.core.summary import Para
from fulian.reports.models import PlanItem
from fulian.reports.services import paragraph_edit, summary_create, summary_regenerate
from fulian.reports.summary.docx import outline, render_docx


@pytest.fixture
def fake_sources(monkeypatch):
    """One stand-in app giving two figures, and a contributor writing from them."""
    state = {"aid.persons": 223, "aid.amount": Decimal("87000"), "aid.activities": 0}

    def figures(*, user, unit, start, end, group_by_child=False):
        if group_by_child:
            return {}
        return dict(state) if start.year == 2026 else {"aid.persons": 200, "aid.amount": Decimal("80000")}

    meta = {"aid.persons": ("救助人数", "人", "count"), "aid.amount": ("救助金额", "元", "money")}

    def contribute(ctx):
        out = []
        if ctx.value("aid.persons"):
            out.append(
                Para(
                    key="aid.poor_mothers",
                    area="care",
                    heading="贫困母亲救助",
                    text="全年累计救助贫困母亲"
                    f"{ctx.fig('aid.persons', str(ctx.value('aid.persons')) + '人')}，"
                    f"发放现金及慰问品共计{ctx.fig('aid.amount', '8.7万元')}。",
                )
            )
        if ctx.value("aid.activities"):
            out.append(Para(key="activities.all", area="guidance", text="开展活动。"))
        return out

    # keys are namespaced by the source's app label, so the stand-in is labelled like the real app
    monkeypatch.setattr(figures_module, "_SOURCES", {"aid": figures_module.Source("aid", figures, meta)})
    monkeypatch.setattr(summary_module, "_CONTRIBUTORS", {"stand_in": contribute})
    return state


def test_periods_cover_year_half_quarter_month():
    assert Period.year(2026).end == datetime.date(2026, 12, 31)
    assert Period.half(2026, 2).start == datetime.date(2026, 7, 1)
    assert Period.quarter(2024, 1).end == datetime.date(2024, 3, 31)
    assert Period.month(2024, 2).end == datetime.date(2024, 2, 29)
    assert Period.month(2024, 2).previous_year().end == datetime.date(2023, 2, 28)
    assert Period.half(2026, 1).label == "2026年上半年"
    with pytest.raises(ValueError, match="结束日期"):
        Period.custom(datetime.date(2026, 2, 1), datetime.date(2026, 1, 1))


def test_draft_has_title_opening_numbered_sections_problems_and_plans(cast, fake_sources):
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    assert draft.title == "竹峪镇妇联2026年度工作总结"
    lines = outline(draft)
    kinds = [k for k, _ in lines]
    assert kinds[0] == "title"
    assert lines[1][1].startswith(
        "2026年，竹峪镇妇联在竹峪镇党委、政府的正确领导下，在万源市妇联的具体指导下"
    )
    h1 = [t for k, t in lines if k == "h1"]
    assert h1 == ["一、开展关爱帮扶，温暖困难群体", "二、存在的问题", "三、下一步工作打算"]
    body = " ".join(t for k, t in lines if k == "body")
    assert "全年累计救助贫困母亲223人，发放现金及慰问品共计8.7万元。" in body
    assert "[[" not in body  # figure marks never reach the document


def test_empty_area_is_left_out_and_appears_when_records_exist(cast, fake_sources):
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    assert not draft.paragraphs.filter(area="guidance").exists()
    fake_sources["aid.activities"] = 3
    summary_regenerate(user=cast.chair_a, draft=draft)
    assert draft.paragraphs.filter(area="guidance").exists()
    h1 = [t for k, t in outline(draft) if k == "h1"]
    assert h1[0] == "一、强化思想引领，做好宣传工作"


def test_regenerate_keeps_edits_unless_asked_and_updates_the_rest(cast, fake_sources):
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    opening = draft.paragraphs.get(key="opening")
    paragraph_edit(user=cast.chair_a, paragraph=opening, text="我们自己写的开头。")
    fake_sources["aid.persons"] = 230
    summary_regenerate(user=cast.chair_a, draft=draft, keep_edits=True)
    opening.refresh_from_db()
    assert opening.edited_text == "我们自己写的开头。"
    assert "230人" in draft.paragraphs.get(key="aid.poor_mothers").generated_text
    summary_regenerate(user=cast.chair_a, draft=draft, keep_edits=False)
    opening.refresh_from_db()
    assert opening.edited_text is None


def test_edited_paragraph_whose_data_is_gone_is_kept_and_flagged(cast, fake_sources):
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    p = draft.paragraphs.get(key="aid.poor_mothers")
    paragraph_edit(user=cast.chair_a, paragraph=p, text="救助工作改写。")
    fake_sources["aid.persons"] = 0
    summary_regenerate(user=cast.chair_a, draft=draft)
    p.refresh_from_db()
    assert p.is_stale
    assert p.edited_text == "救助工作改写。"


def test_plan_item_behind_target_becomes_a_problem(cast, fake_sources):
    PlanItem.objects.create(
        unit=cast.town_a, year=2026, title="救助贫困母亲", metric_key="aid.persons", target=Decimal(300)
    )
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    problems = [p.generated_text for p in draft.paragraphs.filter(part="problems")]
    assert any("救助贫困母亲（目标300人，实际完成[[aid.persons|223人]]）" in t for t in problems)
    opening = draft.paragraphs.get(key="opening").generated_text
    assert "年度1项量化目标任务中已完成0项" in opening
    assert "完成了" not in opening


def test_word_file_has_official_layout_and_fonts(cast, fake_sources):
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    doc = Document(io.BytesIO(render_docx(draft)))
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37
    assert round(section.bottom_margin.mm) == 35
    assert round(section.left_margin.mm) == 28
    assert round(section.right_margin.mm) == 26
    paras = [p for p in doc.paragraphs if p.text.strip()]
    title = paras[0]
    assert title.text == "竹峪镇妇联2026年度工作总结"
    assert title.alignment == 1  # centred
    title_font = title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))
    assert title_font in ("方正小标宋简体", "宋体")
    assert title.runs[0].font.size.pt == 22

    def font_of(text):
        p = next(p for p in paras if p.text.startswith(text))
        return p.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")), p.runs[0].font.size.pt

    assert font_of("一、") == ("黑体", 16)
    assert font_of("（一）") == ("楷体", 16)
    assert font_of("2026年，") == ("仿宋", 16)
    assert paras[-1].text == f"{draft.signed_on.year}年{draft.signed_on.month}月{draft.signed_on.day}日"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml
    assert "— " in section.footer.paragraphs[0].text
    assert doc.settings.odd_and_even_pages_header_footer
