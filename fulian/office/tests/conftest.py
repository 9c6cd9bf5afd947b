import datetime
from types import SimpleNamespace

import pytest

from fulian.office import services
from fulian.office.models import DocumentSeries

CHINA = datetime.timezone(datetime.timedelta(hours=8))
DAY = datetime.date(2027, 3, 1)  # the suite's clock is 2027-06-15 10:00


@pytest.fixture
def office(cast):
    """Town A's series 竹妇发 with two documents sent and one received; a notice from town A to its
    village chairs; a meeting notice (next week) to the same."""
    series = services.series_create(user=cast.chair_a, unit=cast.town_a, prefix="竹妇发", name="发文")
    first = services.document_send(
        user=cast.chair_a, series=series, title="关于开展三八节活动的通知", dated_on=DAY
    )
    second = services.document_send(
        user=cast.chair_a, series=series, title="关于评选最美家庭的通知", dated_on=DAY
    )
    received = services.document_receive(
        user=cast.chair_a, unit=cast.town_a, title="关于做好妇女工作的意见", dated_on=DAY,
        source="万源市妇联", number="万妇发〔2027〕3号",
    )  # fmt: skip
    notice = services.notice_send(
        user=cast.chair_a, unit=cast.town_a, title="报送工作信息的通知", body="请按时报送。",
        units=[cast.town_a], roles=["village_chair"],
    )  # fmt: skip
    meeting = services.notice_send(
        user=cast.chair_a, unit=cast.town_a, kind="meeting", title="妇联主席例会", body="请准时参会。",
        units=[cast.town_a], roles=["village_chair"], place="镇政府会议室",
        meeting_at=datetime.datetime(2027, 6, 22, 9, tzinfo=CHINA),
    )  # fmt: skip
    return SimpleNamespace(
        series=series, first=first, second=second, received=received, notice=notice, meeting=meeting
    )


@pytest.fixture
def county_series(cast):
    return DocumentSeries.objects.create(unit=cast.county, prefix="万妇发")
