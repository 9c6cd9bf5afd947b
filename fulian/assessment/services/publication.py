"""Zone meetings, publication of results and appeals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.orgs.models import Zone

from ..models import (
    Appeal,
    Assessment,
    Sheet,
    ZoneMeeting,
)
from .common import D0, MANAGE, _dec, _require, require_manage  # noqa: F401

if TYPE_CHECKING:
    from fulian.accounts.models import User

# --- meetings, publication, appeals -----------------------------------------------------------------


@transaction.atomic
def meeting_add(
    *,
    user: User,
    assessment: Assessment,
    held_on: date,
    attendees: str,
    notes: str = "",
    zone: Zone | None = None,
) -> ZoneMeeting:
    """Record a zone meeting (分片座谈)."""
    _require(user, MANAGE, assessment)
    if zone is not None and zone.town_id != assessment.unit_id:
        raise ValidationError({"zone": "该片区不属于本镇"})
    m = ZoneMeeting(
        assessment=assessment,
        zone=zone,
        held_on=held_on,
        attendees=attendees.strip(),
        notes=notes.strip(),
        created_by=user,
    )
    m.full_clean()
    m.save()
    return m


@transaction.atomic
def assessment_publish(*, user: User, assessment: Assessment, appeal_days: int = 5) -> Assessment:
    """Publish the results to the villages (every sheet must be locked); appeals are open for some days."""
    _require(user, MANAGE, assessment)
    if assessment.status != Assessment.Status.OPEN:
        raise ValidationError("考核结果已公布")
    open_sheets = [
        s.village.name
        for s in assessment.sheets.exclude(status=Sheet.Status.LOCKED).select_related("village")
    ]
    if open_sheets:
        raise ValidationError(f"以下村的审核记录表尚未锁定：{'、'.join(open_sheets)}")
    if appeal_days < 0 or appeal_days > 30:
        raise ValidationError({"appeal_days": "申诉期应在0到30天之间"})
    assessment.status = Assessment.Status.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.appeal_until = timezone.localdate() + timedelta(days=appeal_days)
    assessment.save(update_fields=["status", "published_at", "appeal_until"])
    return assessment


@transaction.atomic
def appeal_file(*, user: User, sheet: Sheet, content: str) -> Appeal:
    """A village appeals against its published result, within the appeal window."""
    _require(user, "assessment.self_score", sheet)
    a = sheet.assessment
    if a.status != Assessment.Status.PUBLISHED:
        raise ValidationError("考核结果尚未公布，不能申诉")
    if a.appeal_until and timezone.localdate() > a.appeal_until:
        raise ValidationError(f"申诉期已于{a.appeal_until:%Y年%m月%d日}结束")
    if not content.strip():
        raise ValidationError({"content": "请填写申诉内容"})
    appeal = Appeal(sheet=sheet, content=content.strip(), filed_by=user)
    appeal.full_clean()
    appeal.save()
    return appeal


@transaction.atomic
def appeal_decide(*, user: User, appeal: Appeal, outcome: str, response: str) -> Appeal:
    """Record the outcome of an appeal."""
    _require(user, MANAGE, appeal.sheet.assessment)
    if appeal.outcome != Appeal.Outcome.PENDING:
        raise ValidationError("该申诉已处理")
    if outcome not in (Appeal.Outcome.UPHELD, Appeal.Outcome.REJECTED):
        raise ValidationError({"outcome": "请选择处理结果"})
    if not response.strip():
        raise ValidationError({"response": "请填写答复"})
    appeal.outcome, appeal.response = outcome, response.strip()
    appeal.decided_by, appeal.decided_at = user, timezone.now()
    appeal.save()
    return appeal
