"""One fact, one record (decision 0005): the kinds of work a specialised ledger records — trainings
(employment › 技能培训) and job fairs (employment › 招聘会) — are recorded and counted there only.

The seeded types 培训 and 招聘会 are marked as owned by those ledgers, so the activity ledger no longer
records or counts them. An existing activity of those types is moved: where the employment ledger has no
record of the same work (same organising unit, same start date) one is created from the activity (title,
dates, place, job seekers, the posts handed out as one employer row), so no work drops out of the figures;
where it has one, the activity was the same fact recorded twice and is left out of the counts. The
activity rows themselves stay (with their photos and participants), flagged by their type.
"""

from django.db import migrations, models

OWNED = {"training": "employment.training", "job_fair": "employment.fair"}
MOVED = "（由活动台账迁入）"


def move(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    Activity = apps.get_model("activities", "Activity")
    ActivityQuantity = apps.get_model("activities", "ActivityQuantity")
    Training = apps.get_model("employment", "Training")
    JobFair = apps.get_model("employment", "JobFair")
    FairEmployer = apps.get_model("employment", "FairEmployer")
    for code, ledger in OWNED.items():
        ActivityType.objects.filter(code=code, ledger="").update(ledger=ledger)
    for a in Activity.objects.filter(type__code="training").order_by("id"):
        if not Training.objects.filter(unit_id=a.unit_id, started_on=a.start_date).exists():
            Training.objects.create(
                title=a.title[:100],
                unit_id=a.unit_id,
                unit_path=a.unit_path,
                started_on=a.start_date,
                ended_on=a.end_date,
                place=a.place,
                subject=a.summary[:200],
                note=MOVED,
            )
    for a in Activity.objects.filter(type__code="job_fair").order_by("id"):
        if JobFair.objects.filter(unit_id=a.unit_id, held_on=a.start_date).exists():
            continue
        fair = JobFair.objects.create(
            title=a.title[:100],
            unit_id=a.unit_id,
            unit_path=a.unit_path,
            held_on=a.start_date,
            place=a.place,
            attendees=a.participant_count,
            note=(a.summary + MOVED).strip(),
        )
        posts = sum(ActivityQuantity.objects.filter(activity=a, kind__code="posts").values_list("amount", flat=True))
        if posts:
            FairEmployer.objects.create(fair=fair, name=f"各用人单位{MOVED}", posts_offered=posts)


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0003_type_area_in_summary'),
        ('employment', '0002_unit_paths'),
    ]

    operations = [
        migrations.AddField(
            model_name='activitytype',
            name='ledger',
            field=models.CharField(blank=True, choices=[('', '活动台账'), ('employment.training', '就业创业 › 技能培训'), ('employment.fair', '就业创业 › 招聘会'), ('health.campaign', '两癌筛查 › 筛查活动')], default='', help_text='这类工作由专门台账登记和统计时选择（如培训由技能培训台账登记）；活动台账不再登记、不再统计这类活动，以免重复', max_length=30, verbose_name='专门台账'),
        ),
        migrations.RunPython(move, migrations.RunPython.noop),
    ]
