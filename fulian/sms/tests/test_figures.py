"""The SMS figures, the records behind them and the summary sentence."""

import datetime as dt

import pytest

from fulian.sms import figures, selectors
from fulian.sms.models import Delivery

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2027, 1, 1), dt.date(2027, 12, 31))


def test_figures_count_what_was_sent_in_the_period_and_records_add_up(cast, draft, send, clock):
    clock.set(dt.datetime(2027, 6, 15, 10, 0))
    message = draft(4)
    send(message)
    Delivery.objects.filter(pk=message.deliveries.order_by("id").first().pk).update(
        status=Delivery.Status.DELIVERED
    )
    Delivery.objects.filter(pk=message.deliveries.order_by("id").last().pk).update(
        status=Delivery.Status.FAILED
    )
    draft(2)  # a draft counts nowhere
    start, end = YEAR
    values = selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end)
    assert values == {"sms.messages": 1, "sms.recipients": 3, "sms.delivered": 1}
    for key, value in values.items():
        trace = figures.records(key, user=cast.county_user, unit=cast.county, start=start, end=end)
        assert trace.total() == value, key
    before = selectors.figures(
        user=cast.county_user, unit=cast.county, start=dt.date(2026, 1, 1), end=dt.date(2027, 6, 14)
    )
    assert before == {"sms.messages": 0, "sms.recipients": 0, "sms.delivered": 0}
    by_child = selectors.figures(
        user=cast.county_user, unit=cast.city, start=start, end=end, group_by_child=True
    )
    assert by_child[cast.county.pk] == values
    # a town sees nothing of the county's message
    assert selectors.figures(user=cast.chair_a, unit=cast.town_a, start=start, end=end)["sms.messages"] == 0


def test_the_summary_sentence(cast):
    from fulian.sms.summary import contribute

    class Ctx:
        def __init__(self, values):
            self.values = values

        def value(self, key, default=0):
            return self.values.get(key, default)

        def fig(self, key, shown):
            return shown

    assert contribute(Ctx({"sms.messages": 0, "sms.recipients": 0})) == []
    (para,) = contribute(Ctx({"sms.messages": 12, "sms.recipients": 3400, "sms.delivered": 3350}))
    assert (
        para.text
        == "依托妇联系统短信平台发送会议和工作通知12条，发送干部群众3400人次，其中回执确认送达3350人次。"
    )
    assert para.area == "self"
    (para,) = contribute(Ctx({"sms.messages": 1, "sms.recipients": 5}))
    assert "其中" not in para.text
