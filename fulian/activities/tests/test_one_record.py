"""One fact, one record (decision 0005): work a specialised ledger records (trainings, job fairs) is
recorded and counted there only; existing activities of those kinds are moved by the migration; an event's
teams are figures of their own."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from fulian.activities import selectors, services
from fulian.activities.forms import ActivityForm
from fulian.activities.models import Activity, ActivityType, Ledger
from fulian.core import figures as contract
from fulian.core.periods import Period
from fulian.employment.models import FairEmployer, JobFair, Training

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 4, 10)


def _type(code: str) -> ActivityType:
    return ActivityType.objects.get(code=code)


def _activity(unit, code: str, **extra) -> Activity:
    """A row as it stood before the rule (written directly, as old data and the migration see it)."""
    return Activity.objects.create(
        type=_type(code),
        title=f"{code}活动",
        start_date=DAY,
        end_date=DAY,
        unit=unit,
        unit_path=unit.path,
        **extra,
    )


def test_the_seeded_trainings_and_job_fairs_belong_to_the_employment_ledger():
    assert _type("training").ledger == Ledger.TRAINING
    assert _type("job_fair").ledger == Ledger.JOB_FAIR
    assert _type("lecture").ledger == ""
    assert _type("free_clinic").ledger == ""


def test_recording_a_training_as_an_activity_is_refused_with_where_to_record_it(cast):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            user=cast.chair_a, type=_type("training"), title="实用技术培训", start_date=DAY, unit=cast.town_a
        )
    assert exc.value.message_dict["type"] == [
        "“培训”由就业创业 › 技能培训台账登记和统计，请到该台账登记，以免重复统计"
    ]
    assert not Activity.objects.exists()
    lecture = services.activity_create(
        user=cast.chair_a, type=_type("lecture"), title="法治讲座", start_date=DAY, unit=cast.town_a
    )
    with pytest.raises(ValidationError) as exc:
        services.activity_update(user=cast.chair_a, activity=lecture, type=_type("job_fair"))
    assert "招聘会" in exc.value.message_dict["type"][0]


def test_the_activity_form_offers_only_the_activity_ledgers_own_kinds(cast):
    form = ActivityForm(user=cast.chair_a)
    offered = set(form.fields["type"].queryset.values_list("code", flat=True))
    assert "lecture" in offered
    assert not offered & {"training", "job_fair"}
    assert "技能培训" in form.fields["type"].help_text


def test_work_a_ledger_records_is_counted_once(cast):
    _activity(cast.town_a, "training", participant_count=40)
    _activity(cast.town_a, "lecture", participant_count=30)
    f = selectors.figures(user=cast.chair_a, unit=cast.town_a, start=DAY, end=DAY)
    assert f["activities.count"] == 1
    assert f["activities.participants"] == 30
    assert "activities.count.training" not in f
    trace = contract.records(
        "activities.count", user=cast.chair_a, unit=cast.town_a, period=Period(DAY, DAY, "custom")
    )
    assert trace.total() == 1


def test_the_migration_moves_activities_the_employment_ledger_lacks_and_leaves_duplicates(cast):
    from fulian.activities.models import ActivityQuantity, QuantityKind

    ActivityType.objects.filter(code__in=["training", "job_fair"]).update(ledger="")
    Training.objects.create(title="已登记的培训", unit=cast.town_a, started_on=DAY, ended_on=DAY)
    _activity(cast.town_a, "training")  # the same training, recorded twice
    _activity(cast.town_b, "training", place="夜校")  # only in the activity ledger
    fair = _activity(cast.town_b, "job_fair", participant_count=300)
    ActivityQuantity.objects.create(activity=fair, kind=QuantityKind.objects.get(code="posts"), amount=250)
    migration = importlib.import_module("fulian.activities.migrations.0004_type_ledger")

    migration.move(django_apps, None)

    assert _type("training").ledger == Ledger.TRAINING
    assert Training.objects.filter(unit=cast.town_a).count() == 1
    moved = Training.objects.get(unit=cast.town_b)
    assert (moved.started_on, moved.place, moved.unit_path) == (DAY, "夜校", cast.town_b.path)
    new_fair = JobFair.objects.get(unit=cast.town_b)
    assert (new_fair.held_on, new_fair.attendees) == (DAY, 300)
    assert FairEmployer.objects.get(fair=new_fair).posts_offered == 250
    migration.move(django_apps, None)  # again: nothing more
    assert Training.objects.count() == 2
    assert JobFair.objects.count() == 1


def test_an_events_teams_are_figures_of_their_own(cast):
    meet = services.activity_create(
        user=cast.chair_a,
        type=_type("sports"),
        title="妇女趣味运动会",
        start_date=DAY,
        unit=cast.town_a,
        teams=[{"name": "青龙村代表队", "members": 12}, {"name": "红旗村代表队", "members": 10}],
    )
    services.activity_create(
        user=cast.chair_a, type=_type("sports"), title="第二场", start_date=DAY, unit=cast.village_a1
    )
    f = selectors.figures(user=cast.chair_a, unit=cast.town_a, start=DAY, end=DAY)
    assert f["activities.count.sports"] == 2
    assert f["activities.teams.sports"] == 2
    assert f["activities.team_members.sports"] == 22
    by_child = selectors.figures(user=cast.chair_a, unit=cast.town_a, start=DAY, end=DAY, group_by_child=True)
    assert by_child[cast.town_a.pk]["activities.teams.sports"] == 2
    assert contract.meta("activities.teams.sports").label == "运动会参赛队伍"
    period = Period(DAY, DAY, "custom")
    trace = contract.records(
        "activities.team_members.sports", user=cast.chair_a, unit=cast.town_a, period=period
    )
    assert trace.total() == 22
    assert {t.activity_id for t in trace.parts[0].rows} == {meet.pk}
