"""Rubric versions, categories and items; assessments, their settings and inspection groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fulian.core.roles import Role
from fulian.orgs.models import Level, Membership, OrgUnit

from ..models import (
    Assessment,
    Category,
    InspectionGroup,
    Item,
    Rubric,
    Sheet,
)
from .common import D0, MANAGE, _dec, _require, require_manage  # noqa: F401

if TYPE_CHECKING:
    from fulian.accounts.models import User

# --- rubric ---------------------------------------------------------------------------------------


def _next_version(unit, year: int) -> int:
    return (Rubric.objects.filter(unit=unit, year=year).aggregate(m=Max("version"))["m"] or 0) + 1


@transaction.atomic
def rubric_create(*, user: User, unit: OrgUnit, year: int, title: str) -> Rubric:
    """A new, empty rubric version for a town and year."""
    if unit.level != Level.TOWN:
        raise ValidationError({"unit": "考核细则须由乡镇/街道制定"})
    rubric = Rubric(unit=unit, year=year, title=title, version=_next_version(unit, year), created_by=user)
    _require(user, MANAGE, rubric)
    rubric.full_clean()
    rubric.save()
    return rubric


@transaction.atomic
def rubric_copy(*, user: User, rubric: Rubric, year: int, title: str = "") -> Rubric:
    """Copy a rubric (last year's, or this one as a new version) with all its categories and items."""
    _require(user, MANAGE, rubric)
    new = rubric_create(user=user, unit=rubric.unit, year=year, title=title or rubric.title)
    new.copied_from = rubric
    new.save(update_fields=["copied_from"])
    for cat in rubric.categories.prefetch_related("items"):
        items = list(cat.items.all())
        cat.pk = None
        cat.rubric = new
        cat.save()
        for item in items:
            item.pk = None
            item.category = cat
            item.save()
    return new


def _editable(rubric: Rubric) -> None:
    if rubric.scoring_started:
        raise ValidationError("该考核细则已开始评分，不能再修改；如需调整，请另建新版本")


@transaction.atomic
def category_save(*, user: User, rubric: Rubric, name: str, order: int = 0, category: Category | None = None):
    """Add or rename a category (only before scoring starts)."""
    _require(user, MANAGE, rubric)
    _editable(rubric)
    category = category or Category(rubric=rubric)
    category.name, category.order = name, order
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def item_save(*, user: User, category: Category, data: dict, item: Item | None = None) -> Item:
    """Add or change an item (only before scoring starts)."""
    _require(user, MANAGE, category.rubric)
    _editable(category.rubric)
    item = item or Item(category=category)
    for k, v in data.items():
        setattr(item, k, v)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_delete(*, user: User, item: Item) -> None:
    _require(user, MANAGE, item.category.rubric)
    _editable(item.category.rubric)
    item.delete()


# --- assessment and groups ----------------------------------------------------------------------


def _villages(town: OrgUnit):
    from django.db.models import Q

    today = timezone.localdate()
    return (
        OrgUnit.objects.filter(path__startswith=town.path, level=Level.VILLAGE)
        .filter(Q(active_until__isnull=True) | Q(active_until__gt=today))
        .order_by("path")
    )


SETTINGS_FIELDS = ("weight_self", "weight_regular", "weight_final", "bonus_cap", "diff_threshold", "bands")


@transaction.atomic
def assessment_create(*, user: User, rubric: Rubric, title: str, settings: dict | None = None) -> Assessment:
    """Open an assessment on a rubric: one audit sheet for every active village of the town."""
    a = Assessment(rubric=rubric, unit=rubric.unit, year=rubric.year, title=title, created_by=user)
    _require(user, MANAGE, a)
    for k, v in (settings or {}).items():
        if k in SETTINGS_FIELDS:
            setattr(a, k, v)
    a.full_clean()
    a.save()
    Sheet.objects.bulk_create([Sheet(assessment=a, village=v) for v in _villages(rubric.unit)])
    return a


@transaction.atomic
def assessment_settings(*, user: User, assessment: Assessment, settings: dict) -> Assessment:
    """Change weights, bands, bonus cap and difference threshold (not after publication)."""
    _require(user, MANAGE, assessment)
    if assessment.status != Assessment.Status.OPEN:
        raise ValidationError("考核结果已公布，不能再修改设置")
    for k, v in settings.items():
        if k in SETTINGS_FIELDS:
            setattr(assessment, k, v)
    assessment.full_clean()
    assessment.save()
    return assessment


def _check_staff(assessment: Assessment, users) -> None:
    allowed = {
        Role.ASSESSOR,
        Role.TOWN_CHAIR,
        Role.TOWN_STAFF,
        Role.COUNTY_STAFF,
        Role.ADMIN,
    }
    path = assessment.unit.path
    for u in users:
        ok = any(
            m.role in allowed and (path.startswith(m.unit.path) or m.unit.path.startswith(path))
            for m in Membership.objects.filter(user=u, is_active=True).select_related("unit")
        )
        if not ok:
            raise ValidationError({"members": f"{u.display_name or u.username}不是本镇的考核员或工作人员"})


@transaction.atomic
def group_save(
    *, user: User, assessment: Assessment, name: str, leader, members=(), items=(), villages=(), group=None
) -> InspectionGroup:
    """Create or change an inspection group: leader and members must be assessors or staff of the town;
    items from the assessment's rubric; villages with a sheet in it."""
    _require(user, MANAGE, assessment)
    members = list(members)
    _check_staff(assessment, [leader, *members])
    bad_items = [i.title for i in items if i.category.rubric_id != assessment.rubric_id]
    if bad_items:
        raise ValidationError({"items": f"项目不属于本次考核细则：{'、'.join(bad_items)}"})
    own = set(assessment.sheets.values_list("village_id", flat=True))
    bad = [v.name for v in villages if v.pk not in own]
    if bad:
        raise ValidationError({"villages": f"不在本次考核范围内：{'、'.join(bad)}"})
    group = group or InspectionGroup(assessment=assessment)
    group.name, group.leader = name, leader
    group.full_clean()
    group.save()
    group.members.set(members)
    group.items.set(items)
    group.villages.set(villages)
    return group
