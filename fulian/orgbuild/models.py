"""组织建设: elections of a federation (妇联改建 / 换届) with their dated steps, seat shares, candidates,
rounds and ballot boxes; the post history of the roster; cadre training; the federation's places (阵地).

The roster itself is `orgs.FederationMember` (one row per person, post and term): an election's result
and an appointment add rows there, and `PostRecord` extends each row with the registry person, the
election or decision behind it and the reasons (docs/decisions/0005-orgbuild-rosters.md).
Rows copy the tree path of their unit (`unit_path`) as the ledgers do.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fulian.core.fields import recorded_at, table, tree_path, unique, unit_link
from fulian.core.ledgers import PathCopied

from . import conf
from .rules import METHODS

UNIT = "orgs.OrgUnit"


class Election(PathCopied):
    class Kind(models.TextChoices):
        RESTRUCTURE = "restructure", "改建（会改联）"
        NEW_TERM = "new_term", "换届"

    unit = unit_link("选举单位")
    unit_path = tree_path()
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    title = models.CharField("名称", max_length=100)
    representative_seats = models.PositiveSmallIntegerField("妇女代表名额")
    committee_seats = models.PositiveSmallIntegerField("执委名额")
    vice_chair_seats = models.PositiveSmallIntegerField("副主席名额", default=2)
    seat_method = models.CharField(
        "名额分配方法", max_length=20, choices=list(METHODS.items()), default="largest_remainder"
    )
    ratio_percent = models.PositiveSmallIntegerField("差额比例（%）", default=20)
    term_years = models.PositiveSmallIntegerField("任期（年）", default=5)
    vote_date = models.DateField("选举日期（妇女代表大会）", null=True, blank=True)
    applied_on = models.DateField("新一届名单生效日期", null=True, blank=True, editable=False)
    note = models.TextField("说明", blank=True)
    created_at = recorded_at("创建时间")

    scope_path_field = "unit_path"

    Meta = table(
        "妇联换届（改建）",
        ordering=["-created_at", "-id"],
        constraints=[
            models.CheckConstraint(
                condition=Q(representative_seats__gte=1) & Q(committee_seats__gte=1), name="orgbuild_seats"
            ),
        ],
    )

    def __str__(self) -> str:
        return self.title

    path_source = ("unit", "unit_path")

    def clean(self) -> None:
        if self.term_years is not None and not 1 <= self.term_years <= 10:
            raise ValidationError({"term_years": "任期应为1至10年"})
        if self.ratio_percent is not None and self.ratio_percent > 100:
            raise ValidationError({"ratio_percent": "差额比例不能超过100%"})

    @property
    def is_done(self) -> bool:
        return self.applied_on is not None


def default_term_years() -> int:
    return int(conf.get("ORGBUILD_TERM_YEARS"))


class Step(models.Model):
    """A dated step of the guided process, with its minutes and file."""

    class Kind(models.TextChoices):
        PLAN = "plan", "成立领导小组，制定工作方案"
        BRANCH = "branch", "支委会研究"
        SEATS = "seats", "分配代表名额"
        NOMINATE = "nominate", "各村民小组推选代表"
        FILED = "filed", "代表名单报乡镇（街道）妇联备案"
        CONGRESS = "congress", "召开妇女代表大会，选举执委"
        FIRST_MEETING = "first_meeting", "召开执委会第一次会议，选举主席、副主席"

    election = models.ForeignKey(
        Election, verbose_name="换届（改建）", on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField("步骤", max_length=16, choices=Kind.choices)
    done_on = models.DateField("日期")
    place = models.CharField("地点", max_length=100, blank=True)
    attendance = models.PositiveIntegerField("参加人数", default=0)
    minutes = models.TextField("会议纪要", blank=True)
    attachment = models.FileField("附件", upload_to="orgbuild/%Y/%m/", blank=True)

    scope_path_field = "election__unit_path"

    Meta = table(
        "换届步骤",
        ordering=["done_on", "id"],
        constraints=[unique("election", "kind", name="orgbuild_step_once")],
    )

    def __str__(self) -> str:
        return self.get_kind_display()


STEP_ORDER = [k for k, _ in Step.Kind.choices]


class SeatShare(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="shares")
    group = unit_link("村民小组")
    women = models.PositiveIntegerField("成年妇女人数")
    from_registry = models.BooleanField("人数取自服务对象库", default=True)
    seats = models.PositiveSmallIntegerField("代表名额")

    scope_path_field = "election__unit_path"

    Meta = table(
        "代表名额",
        ordering=["group__path"],
        constraints=[unique("election", "group", name="orgbuild_share_once")],
    )

    def __str__(self) -> str:
        return f"{self.group}：{self.seats}名"


class Contest(models.TextChoices):
    REPRESENTATIVE = "representative", "妇女代表"
    COMMITTEE = "committee", "执委"
    CHAIR = "chair", "主席"
    VICE_CHAIR = "vice_chair", "副主席"


class Candidate(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", "待选"
        ELECTED = "elected", "当选"
        NOT_ELECTED = "not_elected", "未当选"

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    contest = models.CharField("选举职务", max_length=16, choices=Contest.choices)
    person = models.ForeignKey(
        "people.Person", verbose_name="候选人", on_delete=models.PROTECT, related_name="+"
    )
    group = unit_link("推选小组", null=True, blank=True)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    votes = models.PositiveIntegerField("得票", null=True, blank=True)
    full_time = models.BooleanField(
        "专职", default=False, help_text="副主席候选人：当选后任专职副主席（否则为兼职）"
    )

    scope_path_field = "election__unit_path"

    Meta = table(
        "候选人",
        ordering=["contest", "id"],
        constraints=[
            unique(
                "election",
                "contest",
                "person",
                name="orgbuild_candidate_once",
                message="该候选人已在本职务的候选人名单中",
            )
        ],
    )

    def __str__(self) -> str:
        return self.person.name


class Round(models.Model):
    """One vote for one contest (and group, for representatives): attendance and its ballot boxes."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="rounds")
    contest = models.CharField("选举职务", max_length=16, choices=Contest.choices)
    group = unit_link("村民小组", null=True, blank=True)
    number = models.PositiveSmallIntegerField("轮次", default=1)
    seats = models.PositiveSmallIntegerField("应选名额")
    held_on = models.DateField("投票日期")
    entitled = models.PositiveIntegerField("应到人数")
    present = models.PositiveIntegerField("实到人数")
    closed = models.BooleanField("已计票", default=False)
    problems = models.TextField("无效原因", blank=True)

    scope_path_field = "election__unit_path"

    Meta = table("投票", ordering=["held_on", "id"])

    def __str__(self) -> str:
        return f"{self.get_contest_display()}第{self.number}轮"


class Box(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="boxes")
    name = models.CharField("票箱", max_length=30)
    issued = models.PositiveIntegerField("发出选票")
    returned = models.PositiveIntegerField("收回选票")
    void = models.PositiveIntegerField("废票", default=0)

    scope_path_field = "round__election__unit_path"

    Meta = table(
        "票箱",
        ordering=["id"],
        constraints=[
            unique("round", "name", name="orgbuild_box_once"),
            models.CheckConstraint(
                condition=Q(returned__lte=models.F("issued")), name="orgbuild_box_returned"
            ),
        ],
    )

    def __str__(self) -> str:
        return self.name

    @property
    def valid(self) -> int:
        return self.returned - self.void


class BoxVote(models.Model):
    box = models.ForeignKey(Box, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="box_votes")
    votes = models.PositiveIntegerField("得票")

    scope_path_field = "box__round__election__unit_path"

    Meta = table(
        "票箱得票",
        constraints=[unique("box", "candidate", name="orgbuild_boxvote_once")],
    )

    def __str__(self) -> str:
        return f"{self.candidate}：{self.votes}票"


class PostRecord(models.Model):
    """What the roster row (orgs.FederationMember) does not say: who she is in the registry, which election
    or decision put her there, and why she left."""

    class How(models.TextChoices):
        ELECTED = "elected", "选举产生"
        ADJUSTED = "adjusted", "调整任命"
        ENTERED = "entered", "补录"

    member = models.OneToOneField(
        "orgs.FederationMember", on_delete=models.CASCADE, related_name="post_record"
    )
    unit_path = tree_path()
    person = models.ForeignKey(
        "people.Person",
        verbose_name="服务对象库人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    how = models.CharField("产生方式", max_length=10, choices=How.choices)
    reason = models.CharField("任职原因", max_length=200, blank=True)
    removed_reason = models.CharField("离任原因", max_length=200, blank=True)

    scope_path_field = "unit_path"

    Meta = table("任职记录", ordering=["id"])

    def __str__(self) -> str:
        return str(self.member)


class CadreTraining(PathCopied):
    class Kind(models.TextChoices):
        MEETING = "meeting", "以会代训"
        COURSE = "course", "专题培训"
        TRIP = "trip", "外出考察"
        UP = "up", "上挂"
        DOWN = "down", "下派"

    unit = unit_link("组织单位")
    unit_path = tree_path()
    kind = models.CharField("形式", max_length=10, choices=Kind.choices)
    title = models.CharField("名称", max_length=100)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期")
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1)
    place = models.CharField("地点或挂职单位", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)

    scope_path_field = "unit_path"

    Meta = table(
        "干部培训",
        ordering=["-started_on", "-id"],
        constraints=[
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")), name="orgbuild_training_dates"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="orgbuild_training_hours"),
        ],
    )

    def __str__(self) -> str:
        return self.title

    path_source = ("unit", "unit_path")

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "结束日期不能早于开始日期"})
        if self.hours is not None and self.hours <= 0:
            raise ValidationError({"hours": "学时必须大于0"})


class Attendance(models.Model):
    training = models.ForeignKey(CadreTraining, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        "orgs.FederationMember", verbose_name="参训干部", on_delete=models.PROTECT, related_name="+"
    )
    unit_path = tree_path()

    scope_path_field = "unit_path"

    Meta = table(
        "参训记录",
        ordering=["id"],
        constraints=[unique("training", "member", name="orgbuild_attendance_once", message="已在参训名单中")],
    )

    def __str__(self) -> str:
        return f"{self.training} · {self.member}"


class Place(PathCopied):
    class Kind(models.TextChoices):
        HOME = "home", "妇女之家"
        CHILDREN_HOME = "children_home", "妇女儿童之家"
        OFFICE = "office", "办公室"
        ROOM = "room", "活动室"

    class Status(models.TextChoices):
        IN_USE = "in_use", "在用"
        BUILDING = "building", "建设中"
        CLOSED = "closed", "停用"

    unit = unit_link("所属单位")
    unit_path = tree_path()
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.IN_USE)
    area = models.DecimalField("面积（平方米）", max_digits=7, decimal_places=1, null=True, blank=True)
    opened_on = models.DateField("启用日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    scope_path_field = "unit_path"

    Meta = table("阵地", ordering=["unit_path", "kind", "id"])

    def __str__(self) -> str:
        return self.name

    path_source = ("unit", "unit_path")

    def clean(self) -> None:
        if self.area is not None and self.area <= 0:
            raise ValidationError({"area": "面积必须大于0"})
        if self.status == self.Status.IN_USE and not self.opened_on:
            raise ValidationError({"opened_on": "在用的阵地请填写启用日期"})
