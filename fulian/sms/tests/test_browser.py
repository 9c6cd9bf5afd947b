"""Browser: compose a notice to a saved list, read its preview (text, length, parts, cost), send it, see
every recipient sent with the phone masked."""

import pytest

from fulian.sms import services
from fulian.sms.gateways import ConsoleGateway

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_compose_preview_send(cast, page, browser_login):
    services.saved_list_create(
        user=cast.county_user,
        unit=cast.county,
        name="村妇联主席",
        entries="张丽,13912345678\n陈芳,13900000002",
    )
    base = browser_login(page, cast.county_user)
    page.goto(f"{base}/sms/")
    page.get_by_role("link", name="编写短信").click()
    page.wait_for_load_state()
    page.select_option("#id_unit", label="万源市")
    page.fill("#id_sign_name", "万源妇联")
    page.fill("#id_text", "{姓名}您好，请于{时间}到县妇联参加培训。")
    page.fill("#id_variables", "时间=6月20日上午9点")
    page.select_option("#id_audience", value="list")
    page.select_option("#id_saved_list", label="村妇联主席")
    _click(page, "保存")
    assert "请核对预览后发送" in page.content()

    preview = page.locator("#preview")
    assert (
        preview.locator("[data-preview-text]").inner_text()
        == "【万源妇联】张丽您好，请于6月20日上午9点到县妇联参加培训。"
    )
    assert preview.locator("[data-length]").inner_text() == "31"
    assert preview.locator("[data-parts]").inner_text() == "1"
    assert preview.locator("[data-recipients]").inner_text() == "2"
    assert preview.locator("[data-cost]").inner_text() == "0.09"

    _click(page, "发送")
    assert "已开始发送" in page.content()
    progress = page.locator("[data-progress]").inner_text()
    assert "共 2 人" in progress
    assert "已发出 2" in progress
    assert "139****5678" in page.content()
    assert "13912345678" not in page.content()
    assert sorted(r["phone"] for r in ConsoleGateway.sent) == ["13900000002", "13912345678"]


def test_the_progress_updates_live_and_stops_when_done(cast, page, browser_login, monkeypatch):
    """The detail page of a message being sent asks for its progress every 2 s (htmx, no inline script):
    the recipients sent in the meantime appear without a reload, and the asking stops once it is done."""
    from types import SimpleNamespace

    from fulian.sms import sending, tasks

    idle = SimpleNamespace(enqueue=lambda *a, **k: None)
    monkeypatch.setattr(tasks, "send_message_task", idle)  # no worker: the test itself sends, later
    saved = services.saved_list_create(
        user=cast.county_user, unit=cast.county, name="名单", entries="张丽,13912345678\n陈芳,13900000002"
    )
    message = services.message_compose(
        user=cast.county_user, unit=cast.county, text="{姓名}您好", sign_name="万源妇联", audience="list",
        saved_list=saved,
    )  # fmt: skip
    services.message_send(user=cast.county_user, message=message)
    base = browser_login(page, cast.county_user)
    page.goto(f"{base}/sms/{message.pk}/")
    assert "排队 2" in page.locator("[data-progress]").inner_text()
    assert page.locator("[data-polling]").count() == 1
    sending.run(message.pk)
    page.wait_for_selector("[data-finished]", timeout=10_000)
    assert "已发出 2" in page.locator("[data-progress]").inner_text()
    assert page.locator("[data-polling]").count() == 0
    assert page.locator(".progress-bar").get_attribute("style") == "width: 100%;"
