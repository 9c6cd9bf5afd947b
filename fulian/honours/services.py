"""Every write of honours. Keyword-only, atomic, validated; each checks the caller's capability on the
record through the scoping policy and is audited by django-auditlog. The 公示 uses the shared mechanism
(`fulian/core/publicnotice.py`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core import publicnotice
from fulian.core.scoping import require, scope_for
from fulian.orgs.names import common_name

from . import selectors
from .capabilities import KINDS, NOMINATE, REVIEW
from .models import Award, Campaign, HolderType, HonourKind, HonourNotice, HonourObjection, Nomination, Quota

if TYPE_CHECKING:
    from fulian.accounts.models import User

S = Nomination.Status


def objection_days() -> int:
    return int(getattr(settings, "FULIAN", {}).get("HONOURS_OBJECTION_DAYS", 7))


@transaction.atomic
def kind_save(*, user: User, kind: HonourKind) -> HonourKind:
    """Create or change an honour kind and its rules (the county)."""
    require(user, KINDS)
    kind.full_clean()
    kind.save()
    return kind


@transaction.atomic
def campaign_create(
    *,
    user: User,
    kind: HonourKind,
    year: int,
    level: int,
    unit,
    nominations_close: datetime.date,
    awarding_body: str = "",
    title: str = "",
    reference_date: datetime.date | None = None,
) -> Campaign:
    campaign = Campaign(
        kind=kind,
        year=year,
        level=level,
        unit=unit,
        unit_path=unit.path,
        awarding_body=awarding_body or f"{unit.name}妇联",
        title=title or f"{year}年度{unit.name}{kind.name}评选",
        nominations_close=nominations_close,
        reference_date=reference_date or nominations_close,
        created_by=user,
    )
    if not scope_for(user).covers(REVIEW, unit.path):  # unsaved: the campaign's scope rule needs a row
        raise PermissionDenied("您的角色无权执行此操作")
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def quota_set(*, user: User, campaign: Campaign, unit, places: int) -> Quota:
    """Places a sub-unit may nominate (0 removes nothing: it means none)."""
    require(user, REVIEW, campaign)
    if not unit.path.startswith(campaign.unit_path) or unit.path == campaign.unit_path:
        raise ValidationError({"unit": f"{unit.name}不是{campaign.unit.name}的下级单位"})
    quota, _ = Quota.objects.get_or_create(campaign=campaign, unit=unit, defaults={"places": places})
    quota.places = places
    quota.full_clean()
    quota.save()
    return quota


def _holder_fields(kind: HonourKind, *, person, village, holder_name: str, unit) -> dict:
    """The holder of a nomination or award, with the path it is scoped by."""
    t = kind.holder_type
    if t in (HolderType.PERSON, HolderType.FAMILY):
        if person is None:
            raise ValidationError(
                {"person": "请选择个人" if t == HolderType.PERSON else "请选择家庭代表（服务对象）"}
            )
        return {
            "person": person,
            "village": None,
            "holder_name": person.name,
            "unit_path": person.village_path,
        }
    if t == HolderType.VILLAGE:
        if village is None:
            raise ValidationError({"village": "请选择村(社区)"})
        name = common_name(village.name)  # 包台村民委员会 → 包台村
        return {"person": None, "village": village, "holder_name": name, "unit_path": village.path}
    return {"person": None, "village": None, "holder_name": holder_name.strip(), "unit_path": unit.path}


@transaction.atomic
def nomination_submit(
    *,
    user: User,
    campaign: Campaign,
    nominated_by,
    deeds: str,
    person=None,
    village=None,
    holder_name: str = "",
    staff_total: int | None = None,
    staff_women: int | None = None,
    self_nominated: bool = False,
) -> Nomination:
    """A sub-unit proposes a holder; the checks run on the page, the quota is enforced here."""
    nominated_by_path = nominated_by.path
    if not nominated_by_path.startswith(campaign.unit_path):
        raise ValidationError({"nominated_by": f"{nominated_by.name}不在{campaign.unit.name}范围内"})
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError(f"“{campaign}”已停止推荐")
    if timezone.localdate() > campaign.nominations_close:
        raise ValidationError(f"推荐已于{campaign.nominations_close:%Y年%m月%d日}截止")
    holder = _holder_fields(
        campaign.kind, person=person, village=village, holder_name=holder_name, unit=nominated_by
    )
    if not holder["unit_path"].startswith(nominated_by_path):
        raise ValidationError(
            {"person" if person else "village": f"{holder['holder_name']}不在{nominated_by.name}范围内"}
        )
    nomination = Nomination(
        campaign=campaign,
        nominated_by=nominated_by,
        holder_type=campaign.kind.holder_type,
        staff_total=staff_total,
        staff_women=staff_women,
        deeds=deeds,
        self_nominated=self_nominated,
        created_by=user,
        **holder,
    )
    require(user, NOMINATE, nomination)
    nomination.full_clean()
    same = campaign.nominations.filter(selectors.same_holder_q(nomination), status__in=selectors.LIVE)
    if same.exists():
        raise ValidationError(f"{nomination.shown_name}已被推荐参加本次评选")
    quota = selectors.quota_for(campaign, nominated_by)
    if campaign.quotas.exists():
        if quota is None:
            raise ValidationError({"nominated_by": f"{nominated_by.name}没有分配推荐名额"})
        used = selectors.quota_used(campaign, quota)
        if used >= quota.places:
            raise ValidationError(f"{quota.unit.name}分配名额{quota.places}个，已推荐{used}个，名额已满")
    nomination.save()
    return nomination


@transaction.atomic
def nomination_review(*, user: User, nomination: Nomination, approve: bool, note: str = "") -> Nomination:
    """审核: approve (拟表彰) only when every eligibility check passes; or reject with a reason."""
    require(user, REVIEW, nomination.campaign)
    if nomination.status not in (S.SUBMITTED, S.APPROVED):
        raise ValidationError(f"该推荐对象状态为“{nomination.get_status_display()}”，不能审核")
    if approve:
        failed = selectors.failed(nomination)
        if failed:
            raise ValidationError("未通过资格审查：" + "；".join(c.text for c in failed))
        nomination.status = S.APPROVED
    else:
        if not note.strip():
            raise ValidationError({"note": "不通过时请填写审核意见"})
        nomination.status = S.REJECTED
    nomination.review_note = note
    nomination.save()
    return nomination


LISTING = publicnotice.Listing(
    rows="nominations",
    row="nomination",
    none_chosen="请至少选择一个拟表彰对象",
    not_listed="所选对象不在本公示中",
)


@transaction.atomic
def notice_create(
    *,
    user: User,
    campaign: Campaign,
    unit,
    nominations: Iterable[Nomination],
    title: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    body: str = "",
    contact: str = "",
) -> HonourNotice:
    """Draft the 公示 of approved nominations of one campaign."""
    start, end = publicnotice.default_period(start_date, end_date, days=objection_days())
    notice = HonourNotice(
        campaign=campaign,
        unit=unit,
        unit_path=unit.path,
        title=title or f"{campaign.title}拟表彰对象公示",
        body=body,
        start_date=start,
        end_date=end,
        contact=contact,
        created_by=user,
    )
    require(user, REVIEW, campaign)
    require(user, REVIEW, notice)

    def refusal(n: Nomination) -> str:
        if n.campaign_id != campaign.pk or n.status != S.APPROVED or n.notice_id:
            return f"{n.shown_name}不是本次评选待公示的拟表彰对象"
        return ""

    return publicnotice.draft(notice, nominations, listing=LISTING, refusal=refusal)


@transaction.atomic
def notice_publish(*, user: User, notice: HonourNotice) -> HonourNotice:
    require(user, REVIEW, notice)
    publicnotice.publish_listed(notice, listing=LISTING, listed=S.APPROVED, noticed=S.NOTICED)
    if notice.campaign.status == Campaign.Status.OPEN:
        notice.campaign.status = Campaign.Status.REVIEW
        notice.campaign.save()
    return notice


@transaction.atomic
def objection_record(
    *,
    user: User,
    notice: HonourNotice,
    content: str,
    nomination: Nomination | None = None,
    raised_by: str = "",
    received_on: datetime.date | None = None,
) -> HonourObjection:
    require(user, REVIEW, notice)
    objection = publicnotice.object_to(
        notice,
        HonourObjection,
        listing=LISTING,
        row=nomination,
        content=content,
        raised_by=raised_by,
        received_on=received_on,
    )
    return cast(HonourObjection, objection)


def _withdraw(n: Nomination, note: str) -> None:
    if n.status == S.AWARDED:
        raise ValidationError("该对象已表彰，请先撤销表彰")
    n.status, n.review_note = S.WITHDRAWN, note
    n.save()


@transaction.atomic
def objection_resolve(
    *, user: User, objection: HonourObjection, upheld: bool, resolution: str
) -> HonourObjection:
    """An upheld objection withdraws the nomination it concerns (before the award)."""
    require(user, REVIEW, objection.notice)
    publicnotice.resolve(
        objection, user=user, upheld=upheld, resolution=resolution, listing=LISTING, withdraw=_withdraw
    )
    return objection


@transaction.atomic
def campaign_award(
    *, user: User, campaign: Campaign, awarded_on: datetime.date, decision_number: str = ""
) -> list[Award]:
    """表彰: every nomination whose 公示 is over becomes an award with its certificate number."""
    require(user, REVIEW, campaign)
    noticed = list(
        campaign.nominations.filter(status=S.NOTICED).select_related("notice", "person", "village")
    )
    if not noticed:
        raise ValidationError("没有公示中的对象，请先公示")
    notices = [n.notice for n in noticed if n.notice is not None]  # a noticed nomination has its notice
    waiting = [x for x in notices if not x.period_over]
    if waiting:
        raise ValidationError(f"公示期未满（至{waiting[0].end_date:%Y年%m月%d日}），不能表彰")
    if awarded_on < max(x.end_date for x in notices):
        raise ValidationError({"awarded_on": "表彰日期不能早于公示截止日期"})
    start = campaign.awards.count()
    awards = []
    for i, n in enumerate(selectors.stroke_sorted(noticed), start=start + 1):
        award = Award(
            kind=campaign.kind,
            level=campaign.level,
            year=campaign.year,
            awarded_on=awarded_on,
            awarding_body=campaign.awarding_body,
            campaign=campaign,
            nomination=n,
            certificate_number=f"{campaign.year}-{campaign.pk:03d}-{i:03d}",
            holder_type=n.holder_type,
            person=n.person,
            village=n.village,
            holder_name=n.holder_name,
            staff_total=n.staff_total,
            staff_women=n.staff_women,
            unit_path=n.unit_path,
            created_by=user,
        )
        award.full_clean()
        award.save()
        n.status = S.AWARDED
        n.save()
        awards.append(award)
    campaign.status, campaign.awarded_on, campaign.decision_number = (
        Campaign.Status.DONE,
        awarded_on,
        decision_number,
    )
    campaign.save()
    return awards


@transaction.atomic
def award_record(
    *,
    user: User,
    kind: HonourKind,
    level: int,
    year: int,
    awarded_on: datetime.date,
    awarding_body: str,
    unit,
    person=None,
    village=None,
    holder_name: str = "",
    staff_total: int | None = None,
    staff_women: int | None = None,
    certificate_number: str = "",
) -> Award:
    """A title held from the past or given by a higher body (the rules read it: lower title, repeat)."""
    holder = _holder_fields(kind, person=person, village=village, holder_name=holder_name, unit=unit)
    award = Award(
        kind=kind,
        level=level,
        year=year,
        awarded_on=awarded_on,
        awarding_body=awarding_body,
        holder_type=kind.holder_type,
        staff_total=staff_total,
        staff_women=staff_women,
        certificate_number=certificate_number,
        created_by=user,
        **holder,
    )
    require(user, NOMINATE, award)
    award.full_clean()
    award.save()
    return award
