"""Seed the managed list of categories (docs/domain.md, glossary); admins may add, rename or retire them."""

from django.db import migrations

CATEGORIES = [
    # code, name, sensitive
    ("poor_mother", "贫困母亲/低收入妇女", False),
    ("left_behind_child", "留守儿童", True),
    ("single_mother", "单亲母亲", False),
    ("unemployed_woman", "失业妇女", False),
    ("graduate_entrepreneur", "女大学生创业者", False),
    ("disabled", "残疾", True),
    ("migrant", "流动人口", False),
    ("women_representative", "妇女代表", False),
    ("left_behind_woman", "留守妇女", False),
    ("elderly_alone", "空巢/独居老人", False),
    ("dv_victim", "家庭暴力受害人", True),
    ("serious_illness", "大病患者", True),
]


def seed(apps, schema_editor):
    Category = apps.get_model("people", "Category")
    for order, (code, name, sensitive) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code, defaults={"name": name, "is_sensitive": sensitive, "order": order * 10}
        )


def unseed(apps, schema_editor):
    Category = apps.get_model("people", "Category")
    Category.objects.filter(code__in=[c[0] for c in CATEGORIES], person_links__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
