"""Browser: a town officer shares the seats of 青龙村's 换届, enters a ballot box's count, sees who is elected
and downloads the result."""

import io
from pathlib import Path

import pytest
from docx import Document

from fulian.orgbuild import services
from fulian.orgbuild.models import Contest, Election

from .factories import make_women

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_town_officer_allocates_seats_tallies_and_downloads_the_result(cast, community, page, browser_login):
    e = services.election_create(
        user=cast.staff_a,
        unit=cast.village_a1,
        kind=Election.Kind.NEW_TERM,
        title="青龙村妇联换届",
        representative_seats=10,
        committee_seats=3,
        vice_chair_seats=1,
    )
    women = make_women(cast.village_a1)
    cands = [
        services.candidate_add(user=cast.staff_a, election=e, contest=Contest.COMMITTEE, person=p)
        for p in women[:4]
    ]
    base = browser_login(page, cast.staff_a)
    page.goto(f"{base}/orgbuild/")
    page.get_by_role("link", name="青龙村妇联换届").click()
    page.wait_for_load_state()

    # seats: the registry's five women per group are filled in; 二组 is corrected by hand and marked
    page.get_by_role("link", name="分配代表名额").click()
    page.wait_for_load_state()
    second = community.groups[1].pk
    assert page.input_value(f"#id_women_{second}") == "5"
    page.fill(f"#id_women_{second}", "40")
    page.check(f"#id_entered_{second}")
    page.get_by_role("button", name="计算并保存").click()
    page.wait_for_load_state()
    assert "代表名额已分配" in page.content()
    rows = page.locator("table").first.inner_text()
    assert "二组\t40\t手工填写\t3" in rows
    assert "一组\t5\t服务对象库\t2" in rows

    # the congress votes for 3 执委 out of 4: one box, 25 ballots, one void
    page.get_by_role("link", name="开始投票").click()
    page.wait_for_load_state()
    page.select_option("#id_contest", "committee")
    page.fill("#id_held_on", "2027-03-20")
    page.fill("#id_entitled", "30")
    page.fill("#id_present", "25")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    page.fill("#id_issued", "25")
    page.fill("#id_returned", "25")
    page.fill("#id_void", "1")
    for c, n in zip(cands, (24, 20, 12, 3), strict=True):
        page.fill(f"#id_votes_{c.pk}", str(n))
    page.get_by_role("button", name="保存票箱").click()
    page.wait_for_load_state()
    assert "票箱计票结果已登记" in page.content()
    page.get_by_role("button", name="完成计票").click()
    page.wait_for_load_state()
    assert "计票完成，当选2名" in page.content()  # 12 of 24 valid is not more than half
    elected = page.locator("#elected").inner_text()
    assert "李秀英（24票）、王桂兰（20票）" in elected
    assert "张玉兰" not in elected

    with page.expect_download() as info:
        page.get_by_role("link", name="导出结果（Excel）").click()
    assert info.value.suggested_filename == "青龙村妇联换届选举结果.xlsx"
    with page.expect_download() as info:
        page.get_by_role("link", name="选举结果公告（Word）").click()
    doc = Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert "产生执行委员会委员2名（按姓氏笔画为序）：王桂兰、李秀英。" in "\n".join(
        p.text for p in doc.paragraphs
    )
