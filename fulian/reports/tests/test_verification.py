"""核对: every number of the final text checked against the figures it came from — a figure edited by hand
is flagged with the record value, a number added without a source is flagged, untouched text is verified,
and the Word export says how many figures are verified."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from fulian.core import figures as figures_module
from fulian.core import summary as summary_module
from fulian.core.periods import Period
from fulian.core.summary import Para
from fulian.reports.services import paragraph_edit, summary_create
from fulian.reports.verification import CHANGED, UNSOURCED, VERIFIED, describes, parse, verify


@pytest.fixture
def sources(monkeypatch):
    """A stand-in aid app with three figures, written the genre's ways (exact, 万元, 余)."""
    state = {"aid.persons": 223, "aid.amount": Decimal("87000"), "aid.count": 4123}

    def figures(*, user, unit, start, end, group_by_child=False):
        return {} if group_by_child else dict(state)

    meta = {
        "aid.persons": ("救助人数", "人", "count"),
        "aid.amount": ("救助金额", "元", "money"),
        "aid.count": ("发放笔数", "笔", "count"),
    }

    def contribute(ctx):
        return [
            Para(
                key="aid.text",
                area="care",
                heading="关爱帮扶",
                text=f"3月8日，全年累计救助困难妇女{ctx.fig('aid.persons', '223人')}，"
                f"发放{ctx.fig('aid.amount', '8.7万元')}，共{ctx.fig('aid.count', '4100余笔')}。",
            )
        ]

    monkeypatch.setattr(figures_module, "_SOURCES", {"aid": figures_module.Source("aid", figures, meta)})
    monkeypatch.setattr(summary_module, "_CONTRIBUTORS", {"stand_in": contribute})
    return state


def _draft(cast):
    return summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026), background=False)


def _para(draft):
    return draft.paragraphs.get(key="aid.text")


def test_untouched_text_is_all_verified(cast, sources):
    result = verify(user=cast.chair_a, draft=_draft(cast))
    assert [(i.written, i.status) for i in result.items] == [
        ("223", VERIFIED),
        ("8.7万", VERIFIED),
        ("4100余", VERIFIED),
    ]
    assert result.sentence() == "核对：文中数字3个，与台账记录一致3个，全部核实。"


def test_a_figure_edited_by_hand_is_flagged_with_the_record_value_and_a_link(cast, sources):
    draft = _draft(cast)
    text = "3月8日，全年累计救助困难妇女230人，发放8.7万元，共4100余笔。"
    paragraph_edit(user=cast.chair_a, paragraph=_para(draft), text=text)
    result = verify(user=cast.chair_a, draft=draft)
    [problem] = result.problems
    assert (problem.written, problem.status, problem.key) == ("230", CHANGED, "aid.persons")
    assert problem.record == "223人"
    assert problem.url.startswith(
        reverse("reports:figure_records", args=["aid.persons"])
    ) or problem.url.startswith(reverse("reports:figure", args=["aid.persons"]))
    assert result.verified == 2
    assert result.unverified == 1


def test_a_record_that_changed_after_generation_flags_the_untouched_figure(cast, sources):
    draft = _draft(cast)
    sources["aid.persons"] = 224
    [problem] = verify(user=cast.chair_a, draft=draft).problems
    assert (problem.key, problem.record) == ("aid.persons", "224人")


@pytest.mark.parametrize(("true", "status"), [(1, VERIFIED), (4, VERIFIED), (5, CHANGED), (0, CHANGED)])
def test_the_small_count_wording_is_verified_only_for_1_to_4(cast, sources, true, status):
    """The summary writes a case count of 1–4 as 不足5 for every reader, while a reader's own figures may
    hold the exact count: 不足5 is true for 1–4 and for nothing else."""
    draft = _draft(cast)
    sources["aid.count"] = true
    text = "3月8日，全年累计救助困难妇女223人，发放8.7万元，共不足5笔。"
    paragraph_edit(user=cast.chair_a, paragraph=_para(draft), text=text)
    items = {i.key: i.status for i in verify(user=cast.chair_a, draft=draft).items}
    assert items["aid.count"] == status


def test_an_added_number_without_source_is_flagged_and_dates_are_not_numbers(cast, sources):
    draft = _draft(cast)
    text = "3月8日，全年累计救助困难妇女223人，发放8.7万元，共4100余笔。2026年另走访慰问56户。"
    paragraph_edit(user=cast.chair_a, paragraph=_para(draft), text=text)
    result = verify(user=cast.chair_a, draft=draft)
    [problem] = result.problems
    assert (problem.written, problem.status, problem.key) == ("56", UNSOURCED, "")
    assert problem.url.endswith(f"#para-{_para(draft).pk}")
    assert result.sentence() == "核对：文中数字4个，与台账记录一致3个，未核实1个（没有数据来源1个）。"


def test_the_ways_numbers_are_written_describe_their_values():
    import re

    from fulian.reports.verification import NUMBER

    def written(text):
        return parse(re.search(NUMBER, text))

    assert describes(written("8.7万元"), Decimal("87000"))
    assert describes(written("8.7万元"), Decimal("86500"))  # rounds half up to 8.7
    assert not describes(written("8.7万元"), Decimal("86499"))
    assert describes(written("4100余份"), 4199)
    assert not describes(written("4100余份"), 4200)
    assert not describes(written("4100余份"), 4099)
    assert describes(written("29万余份"), 290001)
    assert not describes(written("29万余份"), 300000)
    assert describes(written("92.5%"), Decimal("92.5"))
    assert not describes(written("92.5%"), Decimal("92.6"))
    assert describes(written("1,234人"), 1234)
    assert not describes(written("223人"), 224)
    assert not describes(written("223人"), "不足5")


def test_the_page_shows_the_check_and_the_word_file_says_how_many_are_verified(cast, sources, login, client):
    draft = _draft(cast)
    paragraph_edit(
        user=cast.chair_a,
        paragraph=_para(draft),
        text="3月8日，全年累计救助困难妇女230人，发放8.7万元，共4100余笔。",
    )
    url = reverse("reports:summary_verify", args=[draft.pk])
    page = login(cast.chair_a).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "与台账不符" in page
    assert "救助人数 223人" in page
    assert "未核实1个" in page
    detail = client.get(reverse("reports:summary_detail", args=[draft.pk])).content.decode()
    assert url in detail

    doc = Document(io.BytesIO(client.get(reverse("reports:summary_docx", args=[draft.pk])).content))
    sentence = "核对：文中数字3个，与台账记录一致2个，未核实1个（与台账不符1个）。"
    assert doc.core_properties.comments == sentence
    [comment] = list(doc.comments)
    assert comment.text.startswith(sentence)
    assert "“230”与台账不符，台账记录为223人" in comment.text
    assert all(sentence not in p.text for p in doc.paragraphs)  # never body text


def test_the_check_access(cast, sources, login, client):
    draft = _draft(cast)
    url = reverse("reports:summary_verify", args=[draft.pk])
    assert login(cast.chair_a).get(url).status_code == 200
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.volunteer_a1).get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_api_gives_the_same_check(cast, sources):
    from rest_framework.test import APIClient

    draft = _draft(cast)
    paragraph_edit(
        user=cast.chair_a,
        paragraph=_para(draft),
        text="3月8日，全年累计救助困难妇女230人，发放8.7万元，共4100余笔。",
    )
    api = APIClient()
    api.force_authenticate(cast.chair_a)
    body = api.get(reverse("report-summary-check-detail", args=[draft.pk])).json()
    assert body["sentence"] == verify(user=cast.chair_a, draft=draft).sentence()
    assert (body["verified"], body["unverified"]) == (2, 1)
    [changed] = [i for i in body["items"] if i["status"] == CHANGED]
    assert (changed["written"], changed["record"]) == ("230", "223人")
    api.force_authenticate(cast.chair_b)
    assert api.get(reverse("report-summary-check-detail", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize(
    ("written", "status"),
    [("二百二十三人", VERIFIED), ("两百二十三人", VERIFIED), ("二百三十人", CHANGED), ("二百余人", VERIFIED)],
)
def test_a_figure_rewritten_in_chinese_characters_is_checked_too(cast, sources, written, status):
    draft = _draft(cast)
    text = f"3月8日，全年累计救助困难妇女{written}，发放8.7万元，共4100余笔。"
    paragraph_edit(user=cast.chair_a, paragraph=_para(draft), text=text)
    items = {i.key: (i.written, i.status) for i in verify(user=cast.chair_a, draft=draft).items}
    assert items["aid.persons"] == (written[:-1], status)


def test_a_number_in_chinese_characters_added_without_source_is_flagged(cast, sources):
    draft = _draft(cast)
    text = (
        "3月8日，全年累计救助困难妇女223人，发放8.7万元，共4100余笔。"
        "三八节前后另走访慰问五十六户，第三季度开展两癌筛查。"
    )
    paragraph_edit(user=cast.chair_a, paragraph=_para(draft), text=text)
    [problem] = verify(user=cast.chair_a, draft=draft).problems
    assert (problem.written, problem.status) == ("五十六", UNSOURCED)


def test_numbers_in_chinese_characters_are_read_as_their_values():
    import re

    from fulian.reports.verification import CN_NUMBER

    def value(text):
        m = re.search(CN_NUMBER, text)
        return m and parse(m).value

    assert value("开展三场") == 3
    assert value("十二名") == 12
    assert value("两期") == 2
    assert value("一万二千份") == 12000
    assert value("三百零五人") == 305
    assert describes(parse(re.search(CN_NUMBER, "三十余人")), 39)
    assert not describes(parse(re.search(CN_NUMBER, "三十余人")), 40)
    for words in ("第三名", "三八节", "千家万户", "8.7万元", "两癌筛查", "一对一帮扶"):
        assert value(words) is None, words


def test_a_reader_who_sees_the_records_only_in_part_is_told_so(cast, sources, monkeypatch, login, client):
    """The check counts the reader's records: where her scope does not cover a ledger of the summary's
    unit, the page and the API say so (and name the ledger); where it does, nothing is said."""
    from fulian.core.roles import all_capabilities
    from fulian.core.scoping import scope_for
    from fulian.reports import verification

    draft = _draft(cast)
    assert verify(user=cast.chair_a, draft=draft).note == ""
    lacking = next(
        c for c in sorted(all_capabilities()) if not scope_for(cast.chair_a).covers(c, cast.town_a.path)
    )
    monkeypatch.setattr(verification, "FIGURE_CAPABILITY", {"aid": lacking})
    note = verify(user=cast.chair_a, draft=draft).note
    assert note.startswith(f"您的查看范围不含{cast.town_a.name}的全部帮扶救助记录")
    login(cast.chair_a)
    page = client.get(reverse("reports:summary_verify", args=[draft.pk]))
    assert note in page.content.decode()
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.chair_a)
    assert api.get(reverse("report-summary-check-detail", args=[draft.pk])).json()["note"] == note
