"""The organisation tree (省 › 市 › 县 › 乡镇/街道 › 村/社区 › 村民小组), zones, federations and memberships.

The tree is a materialized path (django-treebeard MP_Node): a unit's subtree is every row whose `path`
starts with its own, one indexed range scan at any depth. That is what the scoping policy relies on.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from fulian.core.fields import changed_at, recorded_at, table, unique
from fulian.core.roles import Role


class Level(models.IntegerChoices):
    PROVINCE = 1, "省级"
    CITY = 2, "地级"
    COUNTY = 3, "县级"
    TOWN = 4, "乡镇/街道"
    VILLAGE = 5, "村/社区"
    GROUP = 6, "村民小组"


# Length of the official division code at each level (统计用区划代码).
CODE_LENGTH = {Level.PROVINCE: 2, Level.CITY: 4, Level.COUNTY: 6, Level.TOWN: 9, Level.VILLAGE: 12}


class OrgUnitQuerySet(MP_NodeQuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_until__isnull=True) | Q(active_until__gt=on)
        )

    def subtree_of(self, unit: "OrgUnit", include_self: bool = True):
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class OrgUnitManager(MP_NodeManager.from_queryset(OrgUnitQuerySet)):
    """treebeard's manager builds a plain MP_NodeQuerySet; this one keeps `active()` and `subtree_of()`."""

    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")


class OrgUnit(MP_Node):
    """A node of the administrative tree. Retired units stay, with the date they stopped."""

    steplen = 4
    node_order_by = []  # children keep their insertion order (the importer inserts in code order)

    code = models.CharField("区划代码", max_length=12, unique=True, null=True, blank=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices, db_index=True)
    zone = models.ForeignKey(
        "Zone",
        verbose_name="所属片区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="villages",
    )
    active_from = models.DateField("启用日期", null=True, blank=True)
    active_until = models.DateField("撤销日期", null=True, blank=True)
    previous_names = models.JSONField("曾用名", default=list, blank=True)
    updated_at = changed_at()

    objects = OrgUnitManager()
    scope_path_field = "path"

    Meta = table("组织", indexes=[models.Index(fields=["level", "path"], name="orgunit_level_path")])

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return (self.active_from is None or self.active_from <= today) and (
            self.active_until is None or self.active_until > today
        )

    @property
    def town_kind(self) -> str:
        """街道 / 镇 / 乡 from the 3 town digits (001–099 街道, 100–199 镇, 200–399 乡)."""
        if self.level != Level.TOWN or not self.code:
            return ""
        n = int(self.code[6:9])
        return "街道" if n < 100 else "镇" if n < 200 else "乡"

    def clean(self) -> None:
        expected = CODE_LENGTH.get(self.level)
        if self.code and (not self.code.isdigit() or (expected and len(self.code) != expected)):
            raise ValidationError({"code": f"区划代码应为{expected}位数字"})
        if self.active_from and self.active_until and self.active_until < self.active_from:
            raise ValidationError({"active_until": "撤销日期不能早于启用日期"})


class Zone(models.Model):
    """片区: a named group of villages within one town, for zone meetings and stratified draws."""

    town = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.PROTECT, related_name="zones")
    name = models.CharField("片区名称", max_length=50)
    note = models.CharField("备注", max_length=200, blank=True)

    scope_path_field = "town__path"

    Meta = table(
        "片区",
        constraints=[unique("town", "name", name="zone_unique_name_in_town")],
        ordering=["name"],
    )

    def __str__(self) -> str:
        return self.name


class Position(models.TextChoices):
    CHAIR = "chair", "主席"
    VICE_CHAIR_FULL = "vice_chair_full", "副主席(专职)"
    VICE_CHAIR_PART = "vice_chair_part", "副主席(兼职)"
    COMMITTEE = "committee", "执委"
    REPRESENTATIVE = "representative", "妇女代表"
    STAFF = "staff", "专干"


class FederationMember(models.Model):
    """A seat on a unit's federation for a term. Entered by hand now; elections fill it later."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name="组织", on_delete=models.PROTECT, related_name="federation_members"
    )
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=20, choices=Position.choices)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    workplace = models.CharField("工作单位及职务", max_length=100, blank=True)
    term_start = models.DateField("任期开始")
    term_end = models.DateField("任期结束", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    scope_path_field = "unit__path"

    Meta = table(
        "妇联成员",
        ordering=["position", "term_start", "id"],
        constraints=[
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="federation_member_term_order",
            )
        ],
    )

    def __str__(self) -> str:
        return f"{self.name}（{self.get_position_display()}）"

    def clean(self) -> None:
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError({"term_end": "任期结束不能早于任期开始"})

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.term_start <= today and (self.term_end is None or self.term_end >= today)


class Membership(models.Model):
    """A user's role at a unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="组织", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    is_active = models.BooleanField("有效", default=True)
    created_at = recorded_at("创建时间")

    scope_path_field = "unit__path"

    Meta = table(
        "任职",
        constraints=[unique("user", "unit", "role", name="membership_unique")],
        ordering=["unit__path", "role"],
    )

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.get_role_display()}"
