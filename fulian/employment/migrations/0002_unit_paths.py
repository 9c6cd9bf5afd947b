"""Copy the unit's tree path onto the employment ledger rows (`unit_path`, `village_path`), fill it for the rows already
there, and index it with the date the figures filter on (in place of the (unit, date) indexes).

Scoping and figures() then filter a column of the table itself instead of joining the org units."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# (model, unit foreign key, path column)
COPIES = [
    ("training", "unit", "unit_path"),
    ("trainee", "village", "village_path"),
    ("jobfair", "unit", "unit_path"),
    ("entrepreneur", "village", "village_path"),
    ("loan", "village", "village_path"),
]


def fill_paths(apps, schema_editor):
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    for model_name, fk, path_field in COPIES:
        model = apps.get_model("employment", model_name)
        path = OrgUnit.objects.filter(pk=OuterRef(f"{fk}_id")).values("path")[:1]
        model.objects.update(**{path_field: Subquery(path)})


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("employment", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="training",
            name="unit_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="trainee",
            name="village_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="jobfair",
            name="unit_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="entrepreneur",
            name="village_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="loan",
            name="village_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(model_name="training", name="empl_training_unit_date"),
        migrations.RemoveIndex(model_name="jobfair", name="empl_fair_unit_date"),
        migrations.RemoveIndex(model_name="entrepreneur", name="empl_entre_village_date"),
        migrations.RemoveIndex(model_name="loan", name="empl_loan_village_date"),
        migrations.AddIndex(
            model_name="training",
            index=models.Index(fields=["unit_path", "started_on"], name="empl_training_path_date"),
        ),
        migrations.AddIndex(
            model_name="jobfair",
            index=models.Index(fields=["unit_path", "held_on"], name="empl_fair_path_date"),
        ),
        migrations.AddIndex(
            model_name="entrepreneur",
            index=models.Index(fields=["village_path", "started_on"], name="empl_entre_path_date"),
        ),
        migrations.AddIndex(
            model_name="loan",
            index=models.Index(fields=["village_path", "granted_on"], name="empl_loan_path_date"),
        ),
    ]
