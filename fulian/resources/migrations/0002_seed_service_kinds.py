"""The kinds of service handled that ship with the product (more are added as data)."""

from django.db import migrations

KINDS = [
    ("reemployment_cert", "再就业优惠证", 10),
    ("social_insurance", "社保补贴", 20),
    ("medical_insurance", "医保", 30),
    ("dibao_referral", "低保转介", 40),
    ("legal_aid_referral", "法律援助转介", 50),
    ("other", "其他代办", 90),
]


def seed(apps, schema_editor):
    ServiceKind = apps.get_model("resources", "ServiceKind")
    for code, name, order in KINDS:
        ServiceKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("resources", "ServiceKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
