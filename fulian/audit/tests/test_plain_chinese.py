"""The change history in plain Chinese: names of every audited model and field, local time to the
second, links to records that exist and may be opened."""

import datetime
import re
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from fulian.audit.diff import change_rows
from fulian.audit.links import object_links
from fulian.core.labels import field_label, local_datetime, model_label
from fulian.people.models import Person
from fulian.people.tests.factories import PersonFactory

CHINESE = re.compile(r"[\u4e00-\u9fff]")
CHANGES = reverse("audit:change_list")


@pytest.mark.parametrize("model", sorted(auditlog.get_models(), key=lambda m: m._meta.label), ids=str)
def test_every_audited_model_and_field_has_a_chinese_name(model):
    assert CHINESE.search(model_label(model)), model._meta.label
    english = []
    for field in model._meta.concrete_fields:
        label = field_label(model, field.name)
        if label is not None and not CHINESE.search(label) and field.name != "id":
            english.append(f"{field.name}={label}")
    assert english == [], model._meta.label


def test_internal_fields_and_relation_managers_are_not_shown(db):
    assert field_label(Person, "village_path") is None
    assert field_label(Person, "id_number_hash") is None
    entry = SimpleNamespace(
        pk=1,
        content_type=ContentType.objects.get_for_model(Person),
        changes_dict={"name": ["张丽", "张丽华"], "category_links": ["None", "people.PersonCategory.None"]},
    )
    rows = change_rows([entry])[1]
    assert [(r.label, r.before, r.after) for r in rows] == [("姓名", "张丽", "张丽华")]


def test_times_are_local_to_the_second():
    assert local_datetime("2026-03-08 01:02:03.456789+00:00") == "2026-03-08 09:02:03"
    assert local_datetime("2026-03-08 01:02:03") == "2026-03-08 09:02:03"  # stored without a zone: UTC
    assert local_datetime("不是时间") == "不是时间"


def test_a_stored_date_time_shows_local_time_in_the_history(cast, login):
    from fulian.assessment.models import Sheet

    entry = SimpleNamespace(
        pk=7,
        content_type=ContentType.objects.get_for_model(Sheet),
        changes_dict={"submitted_at": ["None", "2026-12-04 21:33:07.123456+00:00"]},
    )
    row = change_rows([entry])[7][0]
    assert (row.label, row.before, row.after) == ("提交时间", "—", "2026-12-05 05:33:07")


@pytest.fixture
def edited(cast):
    """A person in town A, changed by the town chair; one in town B; one since deleted."""
    from fulian.audit.context import acting_as

    with acting_as(cast.chair_a):
        mine = PersonFactory(village=cast.village_a1, name="张丽")
        gone = PersonFactory(village=cast.village_a1, name="王芳")
    gone_pk = gone.pk
    gone.delete()
    with acting_as(cast.chair_b):
        theirs = PersonFactory(village=cast.village_b1, name="李娜")
    return mine, gone_pk, theirs


def _entry(obj_pk):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=obj_pk
    ).first()


def test_links_go_to_records_that_exist_and_she_may_open(cast, edited):
    mine, gone_pk, theirs = edited
    entries = [_entry(mine.pk), _entry(gone_pk), _entry(theirs.pk)]
    links = object_links(cast.chair_a, entries)
    assert links == {entries[0].pk: reverse("people:detail", args=[mine.pk])}
    assert object_links(cast.volunteer_a1, entries) == {}  # no people.view: no link


def test_the_change_history_page_links_and_shows_local_time(cast, edited, login):
    mine = edited[0]
    html = login(cast.chair_a).get(CHANGES).content.decode()
    assert f'href="{reverse("people:detail", args=[mine.pk])}"' in html
    assert re.search(r">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d</time>", html)
    assert "+00:00" not in html
    assert ".None" not in html


def test_the_home_feed_names_fields_in_chinese(cast, login):
    from fulian.assessment.models import Sheet

    entry = SimpleNamespace(
        content_type_id=1,
        content_type=ContentType.objects.get_for_model(Sheet),
        action=1,
        changes={"submitted_at": ["None", "2026-12-04 21:33:07+00:00"], "status": ["open", "submitted"]},
        actor_id=None,
        object_repr="青龙村审核记录表",
        object_id="1",
        timestamp=datetime.datetime(2026, 12, 4, tzinfo=datetime.timezone.utc),
    )
    from fulian.core.dashboard import _entry_item

    assert "（提交时间、状态）" in _entry_item(entry).text
