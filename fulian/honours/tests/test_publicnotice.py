"""The one public-notice mechanism (fulian/core/publicnotice.py), as aid and honours both use it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from fulian.aid.models import Notice, Objection
from fulian.core import publicnotice
from fulian.honours.models import HonourNotice, HonourObjection

D = datetime.date


def test_aid_and_honours_notices_are_the_same_mechanism():
    assert issubclass(Notice, publicnotice.NoticeBase)
    assert issubclass(HonourNotice, publicnotice.NoticeBase)
    assert issubclass(Objection, publicnotice.ObjectionBase)
    assert issubclass(HonourObjection, publicnotice.ObjectionBase)
    assert Notice._meta.db_table == "aid_notice"  # aid's rows stayed where they were
    names = {c.name for c in HonourNotice._meta.constraints} | {c.name for c in Notice._meta.constraints}
    assert names == {"aid_notice_dates_in_order", "honours_honournotice_dates_in_order"}


@pytest.mark.parametrize(("end", "over"), [(D(2027, 6, 15), False), (D(2027, 6, 14), True)])
def test_the_period_is_over_the_day_after_its_last_day(clock, end, over):
    clock.set(D(2027, 6, 15))
    notice = HonourNotice(start_date=D(2027, 6, 8), end_date=end, status=publicnotice.NoticeStatus.PUBLISHED)
    assert notice.period_over is over
    notice.status = publicnotice.NoticeStatus.DRAFT
    assert notice.period_over is False


def test_default_period_and_dates_in_order(clock):
    clock.set(D(2027, 3, 1))
    assert publicnotice.default_period(None, None, days=7) == (D(2027, 3, 1), D(2027, 3, 8))
    assert publicnotice.default_period(D(2027, 3, 2), D(2027, 3, 5), days=7) == (D(2027, 3, 2), D(2027, 3, 5))
    with pytest.raises(ValidationError) as exc:
        HonourNotice(start_date=D(2027, 3, 2), end_date=D(2027, 3, 1)).clean()
    assert exc.value.message_dict == {"end_date": ["异议截止日期不能早于公示开始日期"]}


def test_publish_twice_and_resolve_twice_are_refused():
    notice = HonourNotice(status=publicnotice.NoticeStatus.PUBLISHED)
    with pytest.raises(ValidationError, match="该公示已发布"):
        publicnotice.publish(notice)
    objection = HonourObjection(status=publicnotice.ObjectionStatus.UPHELD)
    with pytest.raises(ValidationError, match="该异议已处理"):
        publicnotice.resolve_objection(objection, user=None, upheld=False, resolution="x")


def test_the_resolve_form_names_what_an_upheld_objection_withdraws():
    aid_choices = dict(publicnotice.ResolveForm().fields["upheld"].choices)
    honours_choices = dict(publicnotice.ResolveForm(what="该推荐对象").fields["upheld"].choices)
    assert aid_choices["1"] == "异议成立（撤销该申请）"
    assert honours_choices["1"] == "异议成立（撤销该推荐对象）"
