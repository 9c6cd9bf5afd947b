"""The 公示 rules of fulian/core/publicnotice.py, step by step, on stand-ins for a workflow's models: the
exact message of every refusal, what each step writes and passes on, and both sides of each condition.
(The workflows' own tests — aid/tests/test_boundaries.py, honours/tests/test_publicnotice.py — run the same
steps on the real models.)"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fulian.core import publicnotice
from fulian.honours.models import HonourNotice

D = datetime.date
Status = publicnotice.NoticeStatus
LISTING = publicnotice.Listing(
    rows="nominations",
    row="nomination",
    none_chosen="请至少选择一名推荐对象",
    not_listed="所选推荐对象不在本公示中",
)


class Saved(SimpleNamespace):
    """A stand-in row: remembers each save() and full_clean()."""

    def save(self, **kwargs):
        self.__dict__.setdefault("saves", 0)
        self.saves += 1

    def full_clean(self):
        self.__dict__.setdefault("cleans", 0)
        self.cleans += 1


def test_publish_moves_a_draft_into_published_and_saves_it():
    notice = Saved(status=Status.DRAFT)
    publicnotice.publish(notice)
    assert (notice.status, notice.saves) == (Status.PUBLISHED, 1)


@pytest.mark.parametrize("status", [Status.PUBLISHED])
def test_publishing_a_published_notice_is_refused_in_these_words(status):
    notice = Saved(status=status)
    with pytest.raises(ValidationError) as exc:
        publicnotice.publish(notice)
    assert exc.value.messages == ["该公示已发布"]
    assert "saves" not in notice.__dict__


def test_an_objection_needs_a_published_notice_in_these_words():
    with pytest.raises(ValidationError) as exc:
        publicnotice.require_published(Saved(status=Status.DRAFT))
    assert exc.value.messages == ["公示尚未发布"]
    publicnotice.require_published(Saved(status=Status.PUBLISHED))  # no refusal


def test_resolving_an_objection_records_the_finding_who_and_when(clock):
    clock.set(datetime.datetime(2027, 3, 9, 10, 30, tzinfo=datetime.UTC))
    for upheld, status in (
        (True, publicnotice.ObjectionStatus.UPHELD),
        (False, publicnotice.ObjectionStatus.DISMISSED),
    ):
        objection = Saved(status=publicnotice.ObjectionStatus.OPEN)
        publicnotice.resolve_objection(objection, user="主席", upheld=upheld, resolution="经核查属实")
        assert (objection.status, objection.resolution, objection.resolved_by) == (
            status,
            "经核查属实",
            "主席",
        )
        at = datetime.datetime(2027, 3, 9, 10, 30, tzinfo=datetime.UTC)
        assert at <= objection.resolved_at < at + datetime.timedelta(seconds=5)  # the clock set, ticking
        assert objection.saves == 1


def test_resolving_twice_and_resolving_without_a_finding_are_refused_in_these_words():
    done = Saved(status=publicnotice.ObjectionStatus.UPHELD)
    with pytest.raises(ValidationError) as exc:
        publicnotice.resolve_objection(done, user=None, upheld=False, resolution="x")
    assert exc.value.messages == ["该异议已处理"]
    for blank in ("", "   "):
        open_one = Saved(status=publicnotice.ObjectionStatus.OPEN)
        with pytest.raises(ValidationError) as exc:
            publicnotice.resolve_objection(open_one, user=None, upheld=True, resolution=blank)
        assert exc.value.message_dict == {"resolution": ["请填写核查与处理情况"]}
        assert open_one.status == publicnotice.ObjectionStatus.OPEN
        assert "saves" not in open_one.__dict__


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        (D(2027, 3, 2), D(2027, 3, 1), True),
        (D(2027, 3, 2), D(2027, 3, 2), False),
        (D(2027, 3, 2), D(2027, 3, 3), False),
    ],
)
def test_the_objection_deadline_may_be_the_first_day_but_not_before_it(start, end, refused):
    notice = HonourNotice(start_date=start, end_date=end)
    if refused:
        with pytest.raises(ValidationError) as exc:
            notice.clean()
        assert exc.value.message_dict == {"end_date": ["异议截止日期不能早于公示开始日期"]}
    else:
        notice.clean()


class RowModel:
    """A stand-in for a workflow's row model: its manager records the bulk update of `notice`."""

    updates: list = []

    class _default_manager:
        @staticmethod
        def filter(pk__in):
            return SimpleNamespace(update=lambda **kw: RowModel.updates.append((sorted(pk__in), kw)))


class Row(RowModel):
    def __init__(self, pk, notice_id=None):
        self.pk, self.notice_id, self.notice = pk, notice_id, None


def test_a_draft_lists_every_chosen_row_on_the_notice():
    RowModel.updates = []
    notice = Saved(status=Status.DRAFT)
    rows = [Row(3), Row(1)]
    assert publicnotice.draft(notice, rows, listing=LISTING, refusal=lambda row: "") is notice
    assert (notice.cleans, notice.saves) == (1, 1)
    assert RowModel.updates == [([1, 3], {"notice": notice})]
    assert [row.notice for row in rows] == [notice, notice]


def test_a_draft_with_no_row_or_a_refused_row_saves_nothing_and_says_why():
    RowModel.updates = []
    notice = Saved(status=Status.DRAFT)
    with pytest.raises(ValidationError) as exc:
        publicnotice.draft(notice, [], listing=LISTING, refusal=lambda row: "")
    assert exc.value.message_dict == {"nominations": ["请至少选择一名推荐对象"]}
    with pytest.raises(ValidationError) as exc:
        publicnotice.draft(
            notice, [Row(1), Row(2)], listing=LISTING, refusal=lambda row: "已撤销" * (row.pk == 2)
        )
    assert exc.value.message_dict == {"nominations": ["已撤销"]}
    assert "saves" not in notice.__dict__
    assert RowModel.updates == []


class Objection(Saved):
    """A stand-in objection model: keeps the fields it is made with."""


def test_an_objection_keeps_who_raised_it_and_when_and_defaults_to_anonymous_today(clock):
    clock.set(D(2027, 3, 5))
    notice = Saved(pk=7, status=Status.PUBLISHED)
    row = Row(1, notice_id=7)
    made = publicnotice.object_to(
        notice,
        Objection,
        listing=LISTING,
        row=row,
        content="不符合条件",
        raised_by="村民",
        received_on=D(2027, 3, 4),
    )
    assert (made.notice, made.nomination, made.content) == (notice, row, "不符合条件")
    assert (made.raised_by, made.received_on, made.cleans, made.saves) == ("村民", D(2027, 3, 4), 1, 1)
    anonymous = publicnotice.object_to(notice, Objection, listing=LISTING, row=None, content="整体有异议")
    assert (anonymous.raised_by, anonymous.received_on, anonymous.nomination) == ("", D(2027, 3, 5), None)


def test_an_objection_about_a_row_of_another_notice_is_refused_in_these_words():
    notice = Saved(pk=7, status=Status.PUBLISHED)
    with pytest.raises(ValidationError) as exc:
        publicnotice.object_to(notice, Objection, listing=LISTING, row=Row(1, notice_id=8), content="x")
    assert exc.value.message_dict == {"nomination": ["所选推荐对象不在本公示中"]}
    with pytest.raises(ValidationError) as exc:
        publicnotice.object_to(
            Saved(pk=7, status=Status.DRAFT), Objection, listing=LISTING, row=None, content="x"
        )
    assert exc.value.messages == ["公示尚未发布"]


@pytest.mark.parametrize(
    ("upheld", "about_a_row", "withdrawn"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_only_an_upheld_objection_about_a_row_withdraws_it(upheld, about_a_row, withdrawn):
    row = Row(1, notice_id=7)
    objection = Saved(status=publicnotice.ObjectionStatus.OPEN, nomination=row if about_a_row else None)
    calls = []
    publicnotice.resolve(
        objection,
        user=None,
        upheld=upheld,
        resolution="核实",
        listing=LISTING,
        withdraw=lambda *a: calls.append(a),
    )
    assert calls == ([(row, "公示异议成立：核实")] if withdrawn else [])


def test_the_withdrawal_note_is_cut_at_200_characters():
    row = Row(1, notice_id=7)
    objection = Saved(status=publicnotice.ObjectionStatus.OPEN, nomination=row)
    calls = []
    long = "查" * 300
    publicnotice.resolve(
        objection,
        user=None,
        upheld=True,
        resolution=long,
        listing=LISTING,
        withdraw=lambda *a: calls.append(a),
    )
    assert calls == [(row, ("公示异议成立：" + long)[:200])]
    assert len(calls[0][1]) == 200


class Notices:
    """A stand-in queryset of notices: filter() by field values, first() in order."""

    def __init__(self, rows):
        self.rows = rows

    def filter(self, **kw):
        return Notices([r for r in self.rows if all(getattr(r, k) == v for k, v in kw.items())])

    def first(self):
        return self.rows[0] if self.rows else None


def test_the_public_page_finds_its_notice_by_token_and_only_a_published_one():
    a = SimpleNamespace(token="aaa", status=Status.PUBLISHED)
    b = SimpleNamespace(token="bbb", status=Status.PUBLISHED)
    draft = SimpleNamespace(token="ccc", status=Status.DRAFT)
    notices = Notices([a, b, draft])
    assert publicnotice.public_notice_or_404(notices, "bbb") is b
    assert publicnotice.public_notice_or_404(notices, "aaa") is a
    for token in ("ccc", "zzz"):
        with pytest.raises(Http404) as exc:
            publicnotice.public_notice_or_404(notices, token)
        assert str(exc.value) == "公示不存在或未发布"
