"""Seed the managed lists: activity types, outside bodies (协办部门) and quantity kinds. Users add more."""

from django.db import migrations

TYPES = [
    ("sanba", "三八节"),
    ("mothers_day", "母亲节"),
    ("children_day", "六一"),
    ("mid_autumn", "中秋"),
    ("spring_festival", "春节慰问"),
    ("publicity", "宣传"),
    ("training", "培训"),
    ("lecture", "讲座"),
    ("free_clinic", "义诊"),
    ("forum", "座谈会"),
    ("survey", "调研"),
    ("performance", "文艺演出"),
    ("sports", "运动会"),
    ("job_fair", "招聘会"),
    ("volunteer", "志愿服务"),
    ("family_education", "家庭教育"),
    ("rights_publicity", "维权宣传"),
    ("other", "其他"),
]
BODIES = ["科协", "司法局", "卫生局", "教育局", "民政局", "人社局", "公安局", "法院", "团委", "工会", "残联", "妇幼保健院"]
KINDS = [
    ("proposal", "倡议书", "份"),
    ("eco_bag", "环保袋", "个"),
    ("leaflet", "宣传资料", "份"),
    ("consultation", "咨询", "人次"),
    ("complaint", "投诉", "人次"),
    ("gift", "慰问品", "份"),
    ("posts", "提供岗位", "个"),
]


def seed(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    OutsideBody = apps.get_model("activities", "OutsideBody")
    QuantityKind = apps.get_model("activities", "QuantityKind")
    for order, (code, name) in enumerate(TYPES, start=1):
        ActivityType.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
    for name in BODIES:
        OutsideBody.objects.get_or_create(name=name)
    for code, name, unit in KINDS:
        QuantityKind.objects.get_or_create(code=code, defaults={"name": name, "unit": unit})


def unseed(apps, schema_editor):
    apps.get_model("activities", "ActivityType").objects.filter(
        code__in=[c for c, _ in TYPES], activities__isnull=True
    ).delete()
    apps.get_model("activities", "OutsideBody").objects.filter(name__in=BODIES, activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
