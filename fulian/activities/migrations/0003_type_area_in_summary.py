"""Activity types carry their place in the annual summary (area of work, paragraph heading) as data.

The seeded types get what the summary code used to hard-wire (activities/summary.py AREA_OF_TYPE);
家庭教育 and 维权宣传 go to family and rights work. Types users added keep no area (counted in the overview
only, as before) until the county sets one on the activity types page.
"""

from django.db import migrations, models

# type code -> (area, heading), as the summary code had them
AREA_OF_TYPE = {
    "sanba": ("guidance", "开展“三八”节系列活动"),
    "mothers_day": ("family", "开展母亲节活动"),
    "publicity": ("guidance", "开展宣传教育活动"),
    "lecture": ("guidance", "开展宣传教育活动"),
    "performance": ("guidance", "开展群众性文体活动"),
    "sports": ("guidance", "开展群众性文体活动"),
    "forum": ("self", "开展调研座谈"),
    "survey": ("self", "开展调研座谈"),
    "training": ("employment", "开展技能培训"),
    "job_fair": ("employment", "举办公益招聘"),
    "children_day": ("children", "开展“六一”儿童节活动"),
    "spring_festival": ("care", "开展节日慰问活动"),
    "mid_autumn": ("care", "开展节日慰问活动"),
    "free_clinic": ("care", "开展义诊服务"),
    "volunteer": ("care", "开展巾帼志愿服务"),
    "family_education": ("family", "开展家庭教育活动"),
    "rights_publicity": ("rights", "开展普法维权宣传"),
}


def fill(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    for code, (area, heading) in AREA_OF_TYPE.items():
        ActivityType.objects.filter(code=code, area="").update(area=area, summary_heading=heading)


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0002_seed_lists'),
    ]

    operations = [
        migrations.AddField(
            model_name='activitytype',
            name='area',
            field=models.CharField(blank=True, choices=[('org', '加强组织建设，夯实基层基础'), ('guidance', '强化思想引领，做好宣传工作'), ('employment', '深化巾帼建功，促进创业就业'), ('family', '推进家庭文明建设，弘扬良好家风'), ('rights', '依法维护妇女儿童合法权益'), ('children', '关爱儿童健康成长，推进两纲实施'), ('care', '开展关爱帮扶，温暖困难群体'), ('self', '加强自身建设，提升服务能力')], default='', help_text='年度工作总结中这类活动归入的部分；不选则只计入活动总数，不单独成段', max_length=20, verbose_name='总结中的工作领域'),
        ),
        migrations.AddField(
            model_name='activitytype',
            name='summary_heading',
            field=models.CharField(blank=True, default='', help_text='如“开展家庭教育活动”；标题相同的类型合写一段。不填则写作“开展××活动”', max_length=40, verbose_name='总结中的段落标题'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
