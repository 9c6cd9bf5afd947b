"""Copy the unit's tree path onto the screening ledger rows (`unit_path`, `village_path`), fill it for the rows already
there, and index it with the date the figures filter on (in place of the (unit, date) indexes).

Scoping and figures() then filter a column of the table itself instead of joining the org units."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# (model, unit foreign key, path column)
COPIES = [
    ("campaign", "unit", "unit_path"),
    ("screening", "village", "village_path"),
    ("screeningcount", "village", "village_path"),
]


def fill_paths(apps, schema_editor):
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    for model_name, fk, path_field in COPIES:
        model = apps.get_model("health", model_name)
        path = OrgUnit.objects.filter(pk=OuterRef(f"{fk}_id")).values("path")[:1]
        model.objects.update(**{path_field: Subquery(path)})


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("health", "0002_screening_aid_application"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="unit_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="screening",
            name="village_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="screeningcount",
            name="village_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(model_name="screening", name="health_scr_village_date"),
        migrations.RemoveIndex(model_name="screeningcount", name="health_cnt_village_date"),
        migrations.AddIndex(
            model_name="campaign",
            index=models.Index(fields=["unit_path", "started_on"], name="health_campaign_path_date"),
        ),
        migrations.AddIndex(
            model_name="screening",
            index=models.Index(fields=["village_path", "screened_on"], name="health_scr_path_date"),
        ),
        migrations.AddIndex(
            model_name="screeningcount",
            index=models.Index(fields=["village_path", "reported_on"], name="health_cnt_path_date"),
        ),
    ]
