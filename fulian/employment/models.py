"""巾帼创业就业: trainings and their trainees, job fairs with employers, posts and hires, women
entrepreneurs with their business, and small loans.

Trainings and fairs belong to the unit that runs them (often the county or a town) and are seen from
above and below; trainees, entrepreneurs and loans belong to the person's village. Each of them copies
the tree path of its unit (`unit_path`) or village (`village_path`), kept in step by the services and
save(), so that scoping and the figures filter a column of their own table without a join (an employer
at a fair goes through its fair's copy).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fulian.core.fields import path_index, table, tree_path, unique, unit_link
from fulian.core.ledgers import PathCopied

UNIT = "orgs.OrgUnit"


class Training(PathCopied):
    title = models.CharField("培训名称", max_length=100)
    unit = unit_link("举办单位")
    unit_path = tree_path()
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期")
    place = models.CharField("地点", max_length=100, blank=True)
    subject = models.CharField("培训内容", max_length=200, blank=True)
    partner = models.CharField("合作单位", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)

    scope_path_field = "unit_path"

    Meta = table(
        "技能培训",
        ordering=["-started_on", "-id"],
        constraints=[
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")), name="empl_training_dates"
            )
        ],
        indexes=[path_index("unit_path", "started_on", "empl_training_path_date")],
    )

    def __str__(self) -> str:
        return self.title

    path_source = ("unit", "unit_path")

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "结束日期不能早于开始日期"})


class Trainee(PathCopied):
    training = models.ForeignKey(
        Training, verbose_name="培训", on_delete=models.CASCADE, related_name="trainees"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="学员", on_delete=models.PROTECT, related_name="trainings"
    )
    village = unit_link("所在村(社区)")
    village_path = tree_path()
    completed = models.BooleanField("结业", default=True)
    certified = models.BooleanField("取得证书", default=False)

    scope_path_field = "village_path"

    Meta = table(
        "培训学员",
        ordering=["village__path", "id"],
        constraints=[
            unique("training", "person", name="empl_trainee_once", message="该学员已在本次培训名单中")
        ],
    )

    def __str__(self) -> str:
        return f"{self.training} · {self.person}"


class JobFair(PathCopied):
    title = models.CharField("招聘会名称", max_length=100)
    unit = unit_link("举办单位")
    unit_path = tree_path()
    held_on = models.DateField("举办日期")
    place = models.CharField("地点", max_length=100, blank=True)
    attendees = models.PositiveIntegerField("参会求职人数", default=0)
    note = models.TextField("说明", blank=True)

    scope_path_field = "unit_path"

    Meta = table(
        "招聘会",
        ordering=["-held_on", "-id"],
        indexes=[path_index("unit_path", "held_on", "empl_fair_path_date")],
    )

    def __str__(self) -> str:
        return self.title

    path_source = ("unit", "unit_path")


class FairEmployer(models.Model):
    fair = models.ForeignKey(
        JobFair, verbose_name="招聘会", on_delete=models.CASCADE, related_name="employers"
    )
    name = models.CharField("用人单位", max_length=100)
    posts_offered = models.PositiveIntegerField("提供岗位数")
    hires = models.PositiveIntegerField("达成就业人数", default=0)

    scope_path_field = "fair__unit_path"

    Meta = table(
        "参会用人单位",
        ordering=["id"],
        constraints=[unique("fair", "name", name="empl_employer_once", message="该用人单位已登记")],
    )

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.hires is not None and self.posts_offered is not None and self.hires > self.posts_offered:
            raise ValidationError({"hires": "达成就业人数不能大于提供岗位数"})


class Entrepreneur(PathCopied):
    class Kind(models.TextChoices):
        GRADUATE = "graduate", "女大学生创业者"
        RETURNEE = "returnee", "返乡创业女性"
        LEADER = "leader", "巾帼致富带头人"
        OTHER = "other", "其他创业女性"

    person = models.OneToOneField(
        "people.Person", verbose_name="创业者", on_delete=models.PROTECT, related_name="entrepreneur"
    )
    village = unit_link("所在村(社区)")
    village_path = tree_path()
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    business_name = models.CharField("经营实体名称", max_length=100)
    business_type = models.CharField("行业", max_length=50, blank=True)
    started_on = models.DateField("创业时间")
    employees = models.PositiveIntegerField("带动就业人数", default=0)
    note = models.TextField("说明", blank=True)

    scope_path_field = "village_path"

    Meta = table(
        "创业女性",
        ordering=["village__path", "id"],
        indexes=[path_index("village_path", "started_on", "empl_entre_path_date")],
    )

    def __str__(self) -> str:
        return f"{self.person}（{self.business_name}）"


class Loan(PathCopied):
    """A small guaranteed loan (创业担保贷款) to an entrepreneur."""

    entrepreneur = models.ForeignKey(
        Entrepreneur, verbose_name="创业者", on_delete=models.PROTECT, related_name="loans"
    )
    village = unit_link("所在村(社区)")
    village_path = tree_path()
    amount = models.DecimalField("贷款金额（元）", max_digits=12, decimal_places=2)
    bank = models.CharField("放款银行", max_length=100)
    granted_on = models.DateField("放款日期")
    term_months = models.PositiveSmallIntegerField("期限（月）", default=24)
    repaid = models.BooleanField("已还清", default=False)
    repaid_on = models.DateField("还清日期", null=True, blank=True)

    scope_path_field = "village_path"

    Meta = table(
        "小额贷款",
        ordering=["-granted_on", "-id"],
        constraints=[
            models.CheckConstraint(condition=Q(amount__gt=0), name="empl_loan_amount_positive"),
            models.CheckConstraint(
                condition=Q(repaid=False, repaid_on__isnull=True) | Q(repaid=True, repaid_on__isnull=False),
                name="empl_loan_repaid_date",
            ),
        ],
        indexes=[path_index("village_path", "granted_on", "empl_loan_path_date")],
    )

    def __str__(self) -> str:
        return f"{self.entrepreneur.person} {self.amount}元"

    def clean(self) -> None:
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = "贷款金额必须大于0"
        if self.repaid and not self.repaid_on:
            errors["repaid_on"] = "已还清的贷款请填写还清日期"
        if self.repaid_on and not self.repaid:
            errors["repaid"] = "填写还清日期时请勾选“已还清”"
        if self.repaid_on and self.granted_on and self.repaid_on < self.granted_on:
            errors["repaid_on"] = "还清日期不能早于放款日期"
        if errors:
            raise ValidationError(errors)
