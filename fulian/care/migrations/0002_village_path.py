"""Copy the unit's tree path onto the pairing ledger rows (`village_path`), fill it for the rows already
there, and index it with the date the figures filter on (in place of the (unit, date) indexes).

Scoping and figures() then filter a column of the table itself instead of joining the org units."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# (model, unit foreign key, path column)
COPIES = [
    ("volunteer", "village", "village_path"),
    ("pairing", "village", "village_path"),
    ("visit", "village", "village_path"),
]


def fill_paths(apps, schema_editor):
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    for model_name, fk, path_field in COPIES:
        model = apps.get_model("care", model_name)
        path = OrgUnit.objects.filter(pk=OuterRef(f"{fk}_id")).values("path")[:1]
        model.objects.update(**{path_field: Subquery(path)})


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("care", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="volunteer",
            name="village_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="pairing",
            name="village_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="visit",
            name="village_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(model_name="volunteer", name="care_vol_village_date"),
        migrations.RemoveIndex(model_name="pairing", name="care_pair_village_start"),
        migrations.RemoveIndex(model_name="visit", name="care_visit_village_date"),
        migrations.AddIndex(
            model_name="volunteer",
            index=models.Index(fields=["village_path", "registered_on"], name="care_vol_path_date"),
        ),
        migrations.AddIndex(
            model_name="pairing",
            index=models.Index(fields=["village_path", "started_on"], name="care_pair_path_start"),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["village_path", "visited_on"], name="care_visit_path_date"),
        ),
    ]
