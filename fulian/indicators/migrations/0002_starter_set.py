"""A starter set of common monitoring indicators.

Targets are the main goals of 中国妇女发展纲要（2021—2030年） and 中国儿童发展纲要（2021—2030年） where the outline
states a number; local plans (省/市/县 妇女儿童发展规划) may set their own, so every target stays editable.
"""

from decimal import Decimal

from django.db import migrations

# code, plan, area, name, kind, numerator, denominator, scale, measure, source, target, direction
STARTER = [
    ("W-HE-01", "women", "妇女与健康", "孕产妇死亡率", "ratio", "孕产妇死亡人数", "活产数", 100000, "1/10万",
     "卫生健康部门", "12", "lte"),
    ("W-HE-02", "women", "妇女与健康", "适龄妇女宫颈癌人群筛查率", "ratio", "接受宫颈癌筛查的35—64岁妇女人数",
     "35—64岁妇女人数", 100, "%", "卫生健康部门、妇联两癌筛查台账", "70", "gte"),
    ("W-HE-03", "women", "妇女与健康", "适龄妇女乳腺癌人群筛查率", "ratio", "接受乳腺癌筛查的35—64岁妇女人数",
     "35—64岁妇女人数", 100, "%", "卫生健康部门、妇联两癌筛查台账", None, "gte"),
    ("W-EC-01", "women", "妇女与经济", "就业人员中的女性比例", "ratio", "女性就业人员数", "就业人员总数", 100, "%",
     "人力资源社会保障部门", "45", "gte"),
    ("W-DM-01", "women", "妇女参与决策和管理", "村委会成员中女性比例", "ratio", "村委会女性成员数", "村委会成员总数",
     100, "%", "民政部门", "30", "gte"),
    ("W-DM-02", "women", "妇女参与决策和管理", "居委会成员中女性比例", "ratio", "居委会女性成员数",
     "居委会成员总数", 100, "%", "民政部门", "50", "gte"),
    ("W-SS-01", "women", "妇女与社会保障", "妇女基本养老保险参保率", "ratio", "参加基本养老保险的女性人数",
     "应参保女性人数", 100, "%", "人力资源社会保障部门", "95", "gte"),
    ("W-FA-01", "women", "妇女与家庭建设", "最美家庭等文明家庭创建数", "value", "评选表彰的文明家庭户数", "",
     1, "户", "妇联", None, "gte"),
    ("W-LA-01", "women", "妇女与法律", "妇联组织受理妇女维权信访件数", "value", "受理件数", "", 1, "件",
     "妇联维权台账", None, "lte"),
    ("C-HE-01", "children", "儿童与健康", "婴儿死亡率", "ratio", "婴儿死亡数", "活产数", 1000, "‰",
     "卫生健康部门", "5", "lte"),
    ("C-HE-02", "children", "儿童与健康", "5岁以下儿童死亡率", "ratio", "5岁以下儿童死亡数", "活产数", 1000, "‰",
     "卫生健康部门", "6", "lte"),
    ("C-HE-03", "children", "儿童与健康", "0—6岁儿童眼保健和视力检查覆盖率", "ratio", "接受检查的0—6岁儿童数",
     "0—6岁儿童数", 100, "%", "卫生健康部门", "90", "gte"),
    ("C-HE-04", "children", "儿童与健康", "7岁以下儿童健康管理率", "ratio", "接受健康管理的7岁以下儿童数",
     "7岁以下儿童数", 100, "%", "卫生健康部门", "90", "gte"),
    ("C-ED-01", "children", "儿童与教育", "学前教育毛入园率", "ratio", "在园幼儿数", "3—5岁适龄儿童数", 100, "%",
     "教育部门", "90", "gte"),
    ("C-ED-02", "children", "儿童与教育", "九年义务教育巩固率", "ratio", "初中毕业班学生数",
     "该年级入小学一年级时学生数", 100, "%", "教育部门", "96", "gte"),
    ("C-ED-03", "children", "儿童与教育", "高中阶段毛入学率", "ratio", "高中阶段在校生数", "15—17岁人口数", 100,
     "%", "教育部门", "92", "gte"),
    ("C-WE-01", "children", "儿童与福利", "农村留守儿童结对关爱覆盖率", "ratio", "有爱心妈妈结对的留守儿童数",
     "登记的留守儿童数", 100, "%", "妇联结对帮扶台账", "100", "gte"),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for (code, plan, area, name, kind, num, den, scale, measure, source, target, direction) in STARTER:
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "plan": plan,
                "area": area,
                "name": name,
                "kind": kind,
                "numerator_label": num,
                "denominator_label": den,
                "scale": scale,
                "measure": measure,
                "data_source": source,
                "target": Decimal(target) if target else None,
                "direction": direction,
                "is_builtin": True,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(is_builtin=True, values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
