"""Records behind the office API's documented examples (fulian/core/tests/test_api_examples.py)."""

import datetime

from fulian.core.tests.api_examples import Call
from fulian.office.models import DocumentSeries, Notice, Receipt

API = "/api/v1/office"
CHINA = datetime.timezone(datetime.timedelta(hours=8))


def series(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def sent(cast):
    made = DocumentSeries.objects.create(unit=cast.town_a, prefix="竹妇发")
    return Call(cast.chair_a, body={"series": made.pk})


def received(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def notice(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk, "units": [cast.town_a.pk]})


def _meeting(cast, when):
    made = Notice.objects.create(
        unit=cast.town_a,
        kind="meeting",
        title="妇联主席例会",
        body="请准时参会。",
        sent_by=cast.chair_a,
        sent_at=when - datetime.timedelta(days=7),
        meeting_at=when,
    )
    return made, Receipt.objects.create(notice=made, user=cast.vchair_a1, unit=cast.village_a1)


def attendance(cast):
    made, receipt = _meeting(cast, datetime.datetime(2027, 6, 1, 9, tzinfo=CHINA))
    return Call(cast.chair_a, path={"id": made.pk}, body={"present": [receipt.pk]})


def signup(cast):
    _made, receipt = _meeting(cast, datetime.datetime(2027, 6, 30, 9, tzinfo=CHINA))
    return Call(cast.vchair_a1, path={"id": receipt.pk})


def recipient_list(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk, "units": [cast.town_a.pk]})


def notice_training(cast):
    made, receipt = _meeting(cast, datetime.datetime(2027, 6, 1, 9, tzinfo=CHINA))
    receipt.attended = True
    receipt.save(update_fields=["attended"])
    return Call(cast.chair_a, path={"id": made.pk})


SETUPS = {
    ("post", f"{API}/notice-training/{{id}}/record/"): notice_training,
    ("post", f"{API}/lists/"): recipient_list,
    ("post", f"{API}/series/"): series,
    ("post", f"{API}/sent/"): sent,
    ("post", f"{API}/received/"): received,
    ("post", f"{API}/notices/"): notice,
    ("post", f"{API}/notices/{{id}}/attendance/"): attendance,
    ("post", f"{API}/inbox/{{id}}/signup/"): signup,
}
