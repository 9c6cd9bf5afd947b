"""Services handled for women (代办服务), projects and bases, pairings."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from fulian.core.scoping import can, require
from fulian.orgs.models import OrgUnit

from ..models import STAGES, Milestone, Pairing, PairingActivity, Project, ServiceKind, ServiceRecord
from .common import not_future, text

if TYPE_CHECKING:
    from fulian.accounts.models import User

CHANGE = "resources.change"


@transaction.atomic
def service_record(
    *,
    user: User,
    person,
    kind: ServiceKind,
    handled_on: datetime.date,
    outcome: str = ServiceRecord.Outcome.DONE,
    note: str = "",
) -> ServiceRecord:
    """A service handled for a person of the registry, booked on her village."""
    require(user, CHANGE, person)
    if person.merged_into_id is not None:
        raise ValidationError({"person": f"{person.name}的记录已合并，请选择合并后的记录"})
    if not kind.is_active:
        raise ValidationError({"kind": f"服务类别“{kind.name}”已停用"})
    not_future(handled_on, "handled_on", "办理日期")
    row = ServiceRecord(
        person=person,
        village_id=person.village_id,
        village_path=person.village_path,
        kind=kind,
        handled_on=handled_on,
        outcome=outcome,
        note=note.strip(),
        created_by=user,
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def project_create(
    *,
    user: User,
    unit: OrgUnit,
    name: str,
    type: str,
    proposed_on: datetime.date,
    is_base: bool = False,
    partners: str = "",
    funding: Decimal | None = None,
    people_served: int = 0,
    units_served: str = "",
    description: str = "",
) -> Project:
    """A project (or base) as it is proposed (申报): its first milestone."""
    require(user, CHANGE, unit)
    not_future(proposed_on, "proposed_on", "申报日期")
    project = Project(
        unit=unit,
        unit_path=unit.path,
        name=text(name, "name", "名称"),
        type=type,
        is_base=is_base,
        partners=partners.strip(),
        funding=funding,
        proposed_on=proposed_on,
        people_served=people_served or 0,
        units_served=units_served.strip(),
        description=description.strip(),
        created_by=user,
    )
    project.full_clean()
    project.save()
    Milestone.objects.create(project=project, done_on=proposed_on, title="申报", stage=Project.Stage.PROPOSED)
    return project


@transaction.atomic
def project_advance(*, user: User, project: Project, done_on: datetime.date, note: str = "") -> Project:
    """Move a project to its next stage (申报 → 立项 → 实施 → 验收), dated, never back and never skipping."""
    require(user, CHANGE, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    at = STAGES.index(project.stage)
    if at == len(STAGES) - 1:
        raise ValidationError({"done_on": f"{project.name}已验收，没有下一阶段"})
    not_future(done_on, "done_on", "日期")
    last = project.milestones.order_by("-done_on").values_list("done_on", flat=True).first()
    if last and done_on < last:
        raise ValidationError({"done_on": f"日期不能早于上一进展（{last:%Y-%m-%d}）"})
    project.stage = STAGES[at + 1]
    project.save(update_fields=["stage"])
    label = project.get_stage_display()
    Milestone.objects.create(
        project=project, done_on=done_on, title=note.strip() or label, stage=project.stage
    )
    return project


@transaction.atomic
def base_host(*, user: User, project: Project, trainings=(), activities=()) -> Project:
    """Record the trainings (employment) and activities a base hosted: each must be one the user sees,
    run by the base's unit or a unit under it."""
    require(user, CHANGE, project)
    if not project.is_base:
        raise ValidationError({"trainings": f"{project.name}不是基地，不能承接培训和活动"})
    for field, rows, capability in (
        ("trainings", trainings, "employment.view"),
        ("activities", activities, "activities.view"),
    ):
        for row in rows:
            if not can(user, capability, row) or not row.unit_path.startswith(project.unit_path):
                raise ValidationError({field: f"“{row}”不在{project.unit.name}的范围内"})
    project.trainings.add(*trainings)
    project.activities.add(*activities)
    return project


@transaction.atomic
def milestone_add(*, user: User, project: Project, done_on: datetime.date, title: str) -> Milestone:
    require(user, CHANGE, project)
    not_future(done_on, "done_on", "日期")
    if done_on < project.proposed_on:
        raise ValidationError({"done_on": f"日期不能早于申报日期（{project.proposed_on:%Y-%m-%d}）"})
    row = Milestone(project=project, done_on=done_on, title=text(title, "title", "事项"))
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def pairing_create(
    *,
    user: User,
    unit: OrgUnit,
    type: str,
    party_a: str,
    party_b: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    note: str = "",
) -> Pairing:
    require(user, CHANGE, unit)
    pairing = Pairing(
        unit=unit,
        unit_path=unit.path,
        type=type,
        party_a=text(party_a, "party_a", "结对一方"),
        party_b=text(party_b, "party_b", "结对另一方"),
        started_on=started_on,
        ended_on=ended_on,
        note=note.strip(),
        created_by=user,
    )
    pairing.full_clean()
    pairing.save()
    return pairing


@transaction.atomic
def pairing_activity_add(
    *, user: User, pairing: Pairing, held_on: datetime.date, title: str, participants: int = 0
) -> PairingActivity:
    require(user, CHANGE, pairing)
    not_future(held_on, "held_on", "日期")
    if held_on < pairing.started_on or (pairing.ended_on and held_on > pairing.ended_on):
        raise ValidationError({"held_on": f"活动日期不在结对期间内（{pairing.started_on:%Y-%m-%d}起）"})
    row = PairingActivity(
        pairing=pairing, held_on=held_on, title=text(title, "title", "活动"), participants=participants or 0
    )
    row.full_clean()
    row.save()
    return row
