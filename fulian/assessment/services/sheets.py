"""Scores and the audit-sheet workflow: self-assessment, group scores, automatic items, evidence."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.scoping import can
from fulian.core.uploads import validate_upload

from ..models import (
    Assessment,
    Evidence,
    InspectionGroup,
    Item,
    Score,
    Sheet,
)
from .common import D0, MANAGE, _dec, _require, require_manage  # noqa: F401

if TYPE_CHECKING:
    from fulian.accounts.models import User

# --- scores and the sheet workflow -----------------------------------------------------------------


def _open_for_self(sheet: Sheet) -> None:
    if sheet.status not in (Sheet.Status.DRAFT, Sheet.Status.RETURNED):
        raise ValidationError(f"审核记录表{sheet.get_status_display()}，不能修改自评分")


def _points(item: Item, points, deduction) -> tuple[Decimal, Decimal]:
    if points in (None, "") and deduction in (None, ""):
        raise ValidationError({"points": f"请填写“{item.title}”的得分或扣分"})
    if points not in (None, ""):
        p = _dec(points, "得分")
        if p < 0:
            raise ValidationError({"points": f"“{item.title}”的得分不能为负"})
        if item.kind == Item.Kind.NORMAL and p > item.max_points:
            raise ValidationError({"points": f"“{item.title}”的得分{p}超过了该项满分{item.max_points}"})
        return p, max(item.max_points - p, D0)
    d = _dec(deduction, "扣分")
    if d < 0:
        raise ValidationError({"deduction": f"“{item.title}”的扣分不能为负"})
    return max(item.max_points - d, D0), d  # deductions stop at zero


def _write(sheet, item, part, *, user: User, points, deduction, vetoed, reason, group=None, value=None):
    if item.category.rubric_id != sheet.assessment.rubric_id:
        raise ValidationError("该项目不属于本次考核细则")
    if item.kind == Item.Kind.VETO:
        points, deduction = D0, D0
    elif not (item.kind == Item.Kind.NORMAL and item.is_auto and value is not None):
        points, deduction = _points(item, points, deduction)
        if (
            part == Score.Part.FINAL
            and deduction > 0
            and item.kind == Item.Kind.NORMAL
            and not reason.strip()
        ):
            raise ValidationError({"reason": f"“{item.title}”有扣分，请写明扣分理由"})
    score, _ = Score.objects.get_or_create(sheet=sheet, item=item, part=part, defaults={"scored_by": user})
    score.points, score.deduction, score.vetoed = points, deduction, bool(vetoed)
    score.reason, score.group, score.value, score.scored_by = reason.strip(), group, value, user
    score.full_clean()
    score.save()
    return score


@transaction.atomic
def score_self(
    *, user: User, sheet: Sheet, item: Item, points=None, deduction=None, reason: str = "", vetoed=False
):
    """The village's self-score for one item."""
    _require(user, "assessment.self_score", sheet)
    _open_for_self(sheet)
    if item.is_auto:
        raise ValidationError(f"“{item.title}”由系统按台账数据自动计分，无需自评")
    return _write(
        sheet,
        item,
        Score.Part.SELF,
        user=user,
        points=points,
        deduction=deduction,
        vetoed=vetoed,
        reason=reason,
    )


def groups_for(user: User, sheet: Sheet, item: Item):
    return InspectionGroup.objects.filter(
        assessment=sheet.assessment, villages=sheet.village, items=item
    ).filter(models_q_member(user))


def models_q_member(user: User):
    from django.db.models import Q

    return Q(leader=user) | Q(members=user)


@transaction.atomic
def score_final(
    *, user: User, sheet: Sheet, item: Item, points=None, deduction=None, reason: str = "", vetoed=False
) -> Score:
    """An inspection group's score for one item, with its deduction and written reason. An assessor may
    score only her groups' items in her groups' villages; town staff may score any."""
    _require(user, "assessment.score", sheet)
    if sheet.status == Sheet.Status.LOCKED:
        raise ValidationError("审核记录表已锁定，不能再修改评分")
    if item.is_auto:
        raise ValidationError(f"“{item.title}”由系统按台账数据自动计分")
    group = groups_for(user, sheet, item).first()
    if group is None and not can(user, MANAGE, sheet.assessment):
        raise PermissionDenied("该项目不由您所在的考核组评分")
    return _write(
        sheet,
        item,
        Score.Part.FINAL,
        user=user,
        points=points,
        deduction=deduction,
        vetoed=vetoed,
        reason=reason,
        group=group,
    )


@transaction.atomic
def auto_scores_refresh(*, user: User, assessment: Assessment) -> int:
    """Score every 数据自动 item from the ledgers' figures for the year (one `collect` call for the town,
    grouped by village). Returns the number of scores written."""
    from fulian.core.figures import collect
    from fulian.core.periods import Period

    _require(user, MANAGE, assessment)
    items = [i for i in assessment.rubric.items() if i.is_auto]
    if not items:
        return 0
    by_village = collect(
        user=user, unit=assessment.unit, period=Period.year(assessment.year), group_by_child=True
    )
    n = 0
    for sheet in assessment.sheets.exclude(status=Sheet.Status.LOCKED).select_related("assessment"):
        figures = by_village.get(sheet.village_id, {})
        for item in items:
            value = Decimal(str(figures.get(item.figure_key, 0) or 0))
            _write(
                sheet,
                item,
                Score.Part.FINAL,
                user=user,
                points=item.auto_points(value),
                deduction=D0,
                vetoed=False,
                reason="",
                value=value,
            )
            n += 1
    return n


def unscored(sheet: Sheet, part: str) -> list[Item]:
    """Items of the rubric still without a score of the part (计分项 scored by hand)."""
    done = set(sheet.scores.filter(part=part).values_list("item_id", flat=True))
    items = sheet.assessment.rubric.items().filter(kind=Item.Kind.NORMAL).exclude(method=Item.Method.AUTO)
    return [i for i in items if i.pk not in done]


@transaction.atomic
def sheet_submit(*, user: User, sheet: Sheet) -> Sheet:
    """The village submits its self-assessment; refused while any item is unscored (naming them)."""
    _require(user, "assessment.self_score", sheet)
    _open_for_self(sheet)
    missing = unscored(sheet, Score.Part.SELF)
    if missing:
        raise ValidationError(f"以下项目尚未自评：{'、'.join(i.title for i in missing)}")
    sheet.status, sheet.submitted_at, sheet.return_reason = Sheet.Status.SUBMITTED, timezone.now(), ""
    sheet.save(update_fields=["status", "submitted_at", "return_reason"])
    return sheet


@transaction.atomic
def sheet_return(*, user: User, sheet: Sheet, reason: str) -> Sheet:
    """The town returns a submitted sheet to the village for correction, with a reason."""
    _require(user, MANAGE, sheet)
    if sheet.status != Sheet.Status.SUBMITTED:
        raise ValidationError("只有已提交的审核记录表可以退回")
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回原因"})
    sheet.status, sheet.return_reason = Sheet.Status.RETURNED, reason.strip()
    sheet.save(update_fields=["status", "return_reason"])
    return sheet


@transaction.atomic
def sheet_lock(*, user: User, sheet: Sheet) -> Sheet:
    """Lock a submitted sheet once the groups have scored every item."""
    _require(user, MANAGE, sheet)
    if sheet.status != Sheet.Status.SUBMITTED:
        raise ValidationError("只有已提交的审核记录表可以锁定")
    missing = unscored(sheet, Score.Part.FINAL)
    if missing:
        raise ValidationError(f"以下项目考核组尚未评分：{'、'.join(i.title for i in missing)}")
    sheet.status, sheet.locked_at = Sheet.Status.LOCKED, timezone.now()
    sheet.save(update_fields=["status", "locked_at"])
    return sheet


@transaction.atomic
def sheet_notes(*, user: User, sheet: Sheet, regular_points=None, cross_findings: str | None = None) -> Sheet:
    """The town records the 平时 score and the cross-checker's findings."""
    _require(user, "assessment.score", sheet)
    if sheet.status == Sheet.Status.LOCKED:
        raise ValidationError("审核记录表已锁定")
    if regular_points not in (None, ""):
        p = _dec(regular_points, "平时成绩")
        top = sheet.assessment.rubric.max_total
        if p < 0 or p > top:
            raise ValidationError({"regular_points": f"平时成绩应在0到{top}之间"})
        sheet.regular_points = p
    if cross_findings is not None:
        sheet.cross_findings = cross_findings.strip()
    sheet.save(update_fields=["regular_points", "cross_findings"])
    return sheet


@transaction.atomic
def evidence_add(*, user: User, sheet: Sheet, upload, item: Item | None = None) -> Evidence:
    """Attach an evidence file (photo, scan, document) to a sheet, checked by type and size."""
    if not (can(user, "assessment.self_score", sheet) or can(user, "assessment.score", sheet)):
        raise PermissionDenied("您的角色无权执行此操作")
    if sheet.status == Sheet.Status.LOCKED:
        raise ValidationError("审核记录表已锁定")
    validate_upload(upload, label="佐证材料")
    ev = Evidence(sheet=sheet, item=item, name=upload.name[:200], uploaded_by=user)
    ev.file.save(upload.name, upload, save=False)
    ev.save()
    return ev
