"""Writes of the screening ledger: campaigns, screened women, results and follow-up, village counts."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.scoping import require, scope_for
from fulian.orgs.models import Level
from fulian.people.models import Person, age_on

from .models import Campaign, Hospital, Result, Screening, ScreeningCount

if TYPE_CHECKING:
    from fulian.accounts.models import User


@transaction.atomic
def campaign_create(
    *,
    user: User,
    unit,
    name: str,
    kind: str = Campaign.Kind.TWO_CANCERS,
    started_on: datetime.date,
    ended_on: datetime.date,
    age_min: int = 35,
    age_max: int = 64,
    target_count: int = 0,
    hospitals=(),
    note: str = "",
) -> Campaign:
    """Open a campaign for a unit the user may run campaigns in."""
    require(user, "health.campaign_change", unit)
    campaign = Campaign(
        name=name.strip(),
        kind=kind,
        unit=unit,
        unit_path=unit.path,
        started_on=started_on,
        ended_on=ended_on,
        age_min=age_min,
        age_max=age_max,
        target_count=target_count,
        note=note,
    )
    campaign.full_clean()
    campaign.save()
    campaign.hospitals.set(hospitals)
    return campaign


def check_person_for_campaign(campaign: Campaign, person: Person, screened_on: datetime.date) -> dict:
    """The reasons a person cannot be screened in this campaign on that day ({field: message})."""
    errors: dict[str, str] = {}
    if person.gender != Person.Gender.FEMALE:
        errors["person"] = f"{person.name}：筛查对象应为女性"
    age = age_on(person.birth_date, screened_on)
    if age is not None and not campaign.age_min <= age <= campaign.age_max:
        errors["person"] = (
            f"{person.name}：筛查时 {age} 周岁，不在本次筛查的对象年龄范围（{campaign.age_range}）内"
        )
    if not campaign.started_on <= screened_on <= campaign.ended_on:
        errors["screened_on"] = (
            f"筛查日期应在活动期间（{campaign.started_on:%Y-%m-%d} 至 {campaign.ended_on:%Y-%m-%d}）"
        )
    return errors


@transaction.atomic
def screening_record(
    *,
    user: User,
    campaign: Campaign,
    person: Person,
    screened_on: datetime.date,
    hospital: Hospital | None = None,
) -> Screening:
    """Register a woman from the registry as screened; the result comes later (`screening_result_set`)."""
    require(user, "health.change")
    if not scope_for(user).covers("health.change", person.village_path):
        raise ValidationError({"person": "该人员不在您的管辖范围内"})
    errors = check_person_for_campaign(campaign, person, screened_on)
    if screened_on > timezone.localdate():
        errors["screened_on"] = "筛查日期不能晚于今天"
    hospitals = list(campaign.hospitals.all())
    if hospital is not None and hospitals and hospital not in hospitals:
        errors["hospital"] = "该医院不是本次筛查的合作医院"
    if Screening.objects.filter(campaign=campaign, person=person).exists():
        errors["person"] = f"{person.name}：已在本次筛查中登记"
    if errors:
        raise ValidationError(errors)
    screening = Screening(
        campaign=campaign,
        person=person,
        village_id=person.village_id,
        village_path=person.village_path,
        hospital=hospital,
        screened_on=screened_on,
        age=age_on(person.birth_date, screened_on),  # type: ignore[misc]  # the form requires a birth date
    )
    screening.full_clean()
    screening.save()
    return screening


@transaction.atomic
def screening_result_set(
    *,
    user: User,
    screening: Screening,
    result: str,
    site: str = "",
    finding: str = "",
    referred_to: str = "",
    referred_on: datetime.date | None = None,
    treatment: str = "",
    treatment_note: str = "",
    free_surgery: bool = False,
) -> Screening:
    """Record the result and follow-up (referral, treatment, free surgery); only roles seeing results."""
    require(user, "health.results", screening)
    if result in (Result.ABNORMAL, Result.POSITIVE) and not site:
        raise ValidationError({"site": "异常或阳性结果请选择异常部位"})
    screening.result = result
    screening.site = site
    screening.finding = finding.strip()
    screening.referred_to = referred_to.strip()
    screening.referred_on = referred_on
    screening.treatment = treatment
    screening.treatment_note = treatment_note.strip()
    screening.free_surgery = free_surgery
    screening.full_clean()
    screening.save()
    return screening


@transaction.atomic
def screening_count_report(
    *,
    user: User,
    campaign: Campaign,
    village,
    reported_on: datetime.date,
    screened: int,
    abnormal: int = 0,
    positive: int = 0,
    free_surgeries: int = 0,
    note: str = "",
) -> ScreeningCount:
    """Report (or correct) a village's counts for a campaign where names are not recorded."""
    require(user, "health.change", village)
    if village.level != Level.VILLAGE:
        raise ValidationError({"village": "人数只能按村(社区)填报"})
    if not campaign.unit.path or not village.path.startswith(campaign.unit.path):
        raise ValidationError({"village": "该村(社区)不在本次筛查的组织范围内"})
    count = ScreeningCount.objects.filter(campaign=campaign, village=village).first() or ScreeningCount(
        campaign=campaign, village=village, village_path=village.path
    )
    count.reported_on = reported_on
    count.screened = screened
    count.abnormal = abnormal
    count.positive = positive
    count.free_surgeries = free_surgeries
    count.note = note
    count.full_clean()
    count.save()
    return count


@transaction.atomic
def screening_aid_apply(
    *, user: User, screening: Screening, programme, amount, reason: str = ""
) -> Screening:
    """Propose a woman with a positive finding for 两癌救助: an aid application under the aid programme's
    own rules (range, eligibility, repeat check), linked to the screening. All or nothing."""
    from fulian.aid.models import Application
    from fulian.aid.services import application_submit

    require(user, "health.results", screening)
    if screening.result != Result.POSITIVE:
        raise ValidationError({"programme": "只有阳性（确诊）的筛查结果才能申请两癌救助"})
    current = screening.aid_application
    if current is not None and current.status not in (
        Application.Status.REJECTED,
        Application.Status.WITHDRAWN,
    ):
        raise ValidationError(
            {"programme": f"已提交救助申请（{current.get_status_display()}），不能重复申请"}
        )
    reason = reason.strip() or f"{screening.campaign}确诊（{screening.get_site_display() or '阳性'}）"
    application = application_submit(
        user=user, programme=programme, person=screening.person, amount=amount, reason=reason
    )
    screening.aid_application = application
    screening.save(update_fields=["aid_application"])
    return screening
