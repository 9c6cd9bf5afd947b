"""Browser: generate a summary, edit a paragraph, regenerate keeping the edit, download the Word file."""

import datetime
import io
from pathlib import Path

import pytest
from docx import Document

from fulian.activities.tests.factories import make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_generate_edit_regenerate_keep_edit_and_download(cast, page, browser_login, live_server, clock):
    clock.set(datetime.date(2027, 4, 1))  # the 三八 activity below lies in the past whatever the suite's day
    year = 2027
    make_activity(cast.chair_a, cast.town_a, day=datetime.date(year, 3, 8), participant_count=120)
    browser_login(page, cast.chair_a)
    page.goto(f"{live_server.url}/reports/summaries/")
    page.select_option("#id_unit", str(cast.town_a.pk))
    page.fill("#id_year", str(year))
    page.get_by_role("button", name="生成初稿").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("summary-title").inner_text() == f"竹峪镇妇联{year}年度工作总结"
    overview = page.get_by_test_id("para-activities.overview")
    assert "参与群众120人次" in overview.inner_text()
    assert overview.locator("a.fl-figure").count() >= 2  # figures link to their records

    page.get_by_test_id("edit-opening").click()
    area = page.get_by_test_id("textarea-opening")
    area.wait_for()
    area.fill("今年，竹峪镇妇联团结带领全镇妇女，较好完成了全年工作任务。现将工作总结如下：")
    page.get_by_test_id("save-opening").click()
    page.get_by_test_id("para-opening").get_by_text("已修改").wait_for()

    make_activity(
        cast.chair_a,
        cast.town_a,
        title="母亲节活动",
        type_code="mothers_day",
        day=datetime.date(year, 5, 10),
        participant_count=30,
    )
    page.get_by_test_id("regenerate").click()
    page.wait_for_load_state()
    assert "团结带领全镇妇女" in page.get_by_test_id("para-opening").inner_text()
    assert "参与群众150人次" in page.get_by_test_id("para-activities.overview").inner_text()

    with page.expect_download() as info:
        page.get_by_test_id("download-docx").click()
    doc = Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == f"竹峪镇妇联{year}年度工作总结"
    assert any("团结带领全镇妇女" in t for t in texts)
