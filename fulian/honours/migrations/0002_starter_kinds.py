"""The starter set of honour kinds (docs/domain.md; the county edits them on /honours/kinds/)."""

from decimal import Decimal

from django.db import migrations

# name, holder type, cycle (years), min women %, lower title held (months), repeat window (years), DV veto
KINDS = [
    ("三八红旗手", "person", 1, None, None, 5, True, "表彰在各条战线作出突出贡献的妇女"),
    ("三八红旗集体", "unit", 1, Decimal("60"), None, 5, False, "女性占比不低于60%，5年内不重复表彰"),
    ("巾帼文明岗", "unit", 2, Decimal("50"), 24, None, False, "女职工占比不低于50%，获下一级称号满2年"),
    ("巾帼示范村", "village", 2, None, 24, None, False, "获下一级称号满2年"),
    ("最美家庭", "family", 1, None, None, None, True, "每年评选，村、乡镇、县、市、省、全国逐级推荐"),
    ("五好文明家庭", "family", 2, None, None, None, True, "每两年评选"),
    ("孝敬好儿女", "person", 1, None, None, None, True, ""),
    ("女当家", "person", 1, None, None, None, False, "带头致富、参与村务的农村妇女"),
]


def seed(apps, schema_editor):
    HonourKind = apps.get_model("honours", "HonourKind")
    for name, holder, cycle, women, lower, repeat, veto, description in KINDS:
        HonourKind.objects.get_or_create(
            name=name,
            defaults={
                "holder_type": holder,
                "cycle_years": cycle,
                "min_women_percent": women,
                "min_lower_months": lower,
                "repeat_window_years": repeat,
                "veto_open_dv_case": veto,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
