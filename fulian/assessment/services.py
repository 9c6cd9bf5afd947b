"""Every write of the assessment: rubric versions, settings, groups, scores and the sheet workflow,
cross-checks, draws, meetings, publication and appeals. Atomic, validated, refused in Chinese."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fulian.core.roles import Role
from fulian.core.scoping import can, require
from fulian.core.uploads import validate_upload
from fulian.orgs.models import Level, Membership, OrgUnit, Zone

from . import algorithms
from .models import (
    Appeal,
    Assessment,
    Category,
    CrossCheck,
    CrossCheckPair,
    Draw,
    Evidence,
    InspectionGroup,
    Item,
    Rubric,
    Score,
    Sheet,
    ZoneMeeting,
)

MANAGE = "assessment.manage"
D0 = Decimal("0")


def _require(user, capability: str, obj) -> None:
    if obj.pk is None:  # a new assessment: the grant must cover its town
        from fulian.core.scoping import scope_for

        allowed = scope_for(user).covers(capability, obj.unit.path)
    else:
        allowed = can(user, capability, obj)
    if not allowed:
        raise PermissionDenied("您的角色无权执行此操作")


def _dec(value, label: str) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"{label}须为数字") from exc


# --- rubric ---------------------------------------------------------------------------------------


def _next_version(unit, year: int) -> int:
    return (Rubric.objects.filter(unit=unit, year=year).aggregate(m=Max("version"))["m"] or 0) + 1


@transaction.atomic
def rubric_create(*, user, unit: OrgUnit, year: int, title: str) -> Rubric:
    """A new, empty rubric version for a town and year."""
    if unit.level != Level.TOWN:
        raise ValidationError({"unit": "考核细则须由乡镇/街道制定"})
    rubric = Rubric(unit=unit, year=year, title=title, version=_next_version(unit, year), created_by=user)
    _require(user, MANAGE, rubric)
    rubric.full_clean()
    rubric.save()
    return rubric


@transaction.atomic
def rubric_copy(*, user, rubric: Rubric, year: int, title: str = "") -> Rubric:
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
def category_save(*, user, rubric: Rubric, name: str, order: int = 0, category: Category | None = None):
    """Add or rename a category (only before scoring starts)."""
    _require(user, MANAGE, rubric)
    _editable(rubric)
    category = category or Category(rubric=rubric)
    category.name, category.order = name, order
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def item_save(*, user, category: Category, data: dict, item: Item | None = None) -> Item:
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
def item_delete(*, user, item: Item) -> None:
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
def assessment_create(*, user, rubric: Rubric, title: str, settings: dict | None = None) -> Assessment:
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
def assessment_settings(*, user, assessment: Assessment, settings: dict) -> Assessment:
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
    *, user, assessment: Assessment, name: str, leader, members=(), items=(), villages=(), group=None
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


def _write(sheet, item, part, *, user, points, deduction, vetoed, reason, group=None, value=None):
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
    *, user, sheet: Sheet, item: Item, points=None, deduction=None, reason: str = "", vetoed=False
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


def groups_for(user, sheet: Sheet, item: Item):
    return InspectionGroup.objects.filter(
        assessment=sheet.assessment, villages=sheet.village, items=item
    ).filter(models_q_member(user))


def models_q_member(user):
    from django.db.models import Q

    return Q(leader=user) | Q(members=user)


@transaction.atomic
def score_final(
    *, user, sheet: Sheet, item: Item, points=None, deduction=None, reason: str = "", vetoed=False
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
def auto_scores_refresh(*, user, assessment: Assessment) -> int:
    """Score every 数据自动 item from the ledgers' figures for the year (one `collect` call for the town,
    grouped by village). Returns the number of scores written."""
    from fulian.reports.figures import collect
    from fulian.reports.periods import Period

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
def sheet_submit(*, user, sheet: Sheet) -> Sheet:
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
def sheet_return(*, user, sheet: Sheet, reason: str) -> Sheet:
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
def sheet_lock(*, user, sheet: Sheet) -> Sheet:
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
def sheet_notes(*, user, sheet: Sheet, regular_points=None, cross_findings: str | None = None) -> Sheet:
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
def evidence_add(*, user, sheet: Sheet, upload, item: Item | None = None) -> Evidence:
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


# --- cross-checks ---------------------------------------------------------------------------------


def new_seed() -> str:
    return f"{secrets.randbelow(10**8):08d}"


@transaction.atomic
def cross_check_generate(
    *, user, assessment: Assessment, zone: Zone | None = None, seed: str = ""
) -> CrossCheck:
    """A seeded derangement of the assessment's villages (of one zone, if given), villages ordered by
    tree path; each pair supervised by a group leader in turn."""
    _require(user, MANAGE, assessment)
    sheets = assessment.sheets.select_related("village").order_by("village__path")
    if zone is not None:
        if zone.town_id != assessment.unit_id:
            raise ValidationError({"zone": "该片区不属于本镇"})
        sheets = sheets.filter(village__zone=zone)
    villages = [s.village for s in sheets]
    if len(villages) < 2:
        raise ValidationError("交错互查至少需要2个村")
    seed = (seed or "").strip() or new_seed()
    cc = CrossCheck(assessment=assessment, zone=zone, seed=seed, created_by=user)
    cc.full_clean()
    cc.save()
    leaders = [g.leader for g in assessment.groups.select_related("leader").order_by("id")]
    pairs = algorithms.derangement([v.pk for v in villages], seed)
    by_pk = {v.pk: v for v in villages}
    CrossCheckPair.objects.bulk_create(
        CrossCheckPair(
            cross_check=cc,
            checker=by_pk[a],
            checked=by_pk[b],
            supervisor=leaders[k % len(leaders)] if leaders else None,
        )
        for k, (a, b) in enumerate(pairs.items())
    )
    return cc


@transaction.atomic
def cross_check_pair_edit(*, user, pair: CrossCheckPair, checked: OrgUnit, supervisor=None) -> CrossCheckPair:
    """Change whom a village checks: the village that was checking `checked` takes this pair's old one,
    so that every village is still checked exactly once; a change that makes anyone check herself is
    refused."""
    cc = pair.cross_check
    _require(user, MANAGE, cc.assessment)
    other = cc.pairs.filter(checked=checked).first()
    if other is None:
        raise ValidationError({"checked": f"{checked.name}不在本组互查范围内"})
    if checked.pk == pair.checker_id or (other.pk != pair.pk and other.checker_id == pair.checked_id):
        raise ValidationError({"checked": "调整后会出现本村检查本村，请另选"})
    if other.pk != pair.pk:
        old = pair.checked
        # Swap through a temporary delete to respect the unique constraints.
        other_checker, other_sup = other.checker, other.supervisor
        other.delete()
        pair.checked, pair.edited = checked, True
        pair.save()
        CrossCheckPair.objects.create(
            cross_check=cc, checker=other_checker, checked=old, supervisor=other_sup, edited=True
        )
    if supervisor is not None:
        pair.supervisor, pair.edited = supervisor, True
        pair.save()
    return pair


# --- random draws ---------------------------------------------------------------------------------


def _women_by_village(user, village_ids) -> dict[int, list[int]]:
    from fulian.core.scoping import visible
    from fulian.people.models import Person

    out: dict[int, list[int]] = {v: [] for v in village_ids}
    rows = (
        visible(user, Person, "people.view")
        .filter(village_id__in=village_ids, gender=Person.Gender.FEMALE, merged_into__isnull=True)
        .order_by("id")
        .values_list("village_id", "id")
    )
    for vid, pid in rows:
        out[vid].append(pid)
    return out


def draw_compute(
    *,
    villages: list,
    zones: dict,
    seed: str,
    count: int | None,
    ratio: Decimal | None,
    by_zone: bool,
    women: dict,
    women_ratio: Decimal,
) -> dict:
    """The pure draw (see docs/assessment.md): villages (ids ascending) by Fisher–Yates from
    SHA-256("seed|villages|k") or per zone ("seed|zone:<zone id or 0>|k"), then women (person ids ascending)
    per drawn village ("seed|village:<id>|k"). Raises ValidationError (Chinese) for impossible requests."""
    villages = sorted(villages)
    if count is None:
        if ratio is None or ratio <= 0:
            raise ValidationError({"village_count": "请填写抽取村数或抽取比例"})
        count = algorithms.count_for_ratio(len(villages), ratio)
    if count <= 0:
        raise ValidationError({"village_count": "抽取村数须大于0"})
    if count > len(villages):
        raise ValidationError({"village_count": f"要求抽取{count}个村，但本次考核只有{len(villages)}个村"})
    if by_zone:
        strata: dict[str, list] = {}
        for v in villages:
            strata.setdefault(str(zones.get(v) or 0), []).append(v)
        share = algorithms.allocate(count, {k: len(vs) for k, vs in strata.items()})
        drawn = []
        for key in sorted(strata, key=int):
            drawn += algorithms.sample(strata[key], share[key], seed, f"zone:{key}")
    else:
        drawn = algorithms.sample(villages, count, seed, "villages")
    chosen: dict[str, list[int]] = {}
    for v in drawn:
        pool = sorted(women.get(v, []))
        k = algorithms.count_for_ratio(len(pool), women_ratio)
        if women_ratio > 0 and not pool:
            raise ValidationError({"women_ratio": f"抽中的村（编号{v}）在服务对象台账中没有妇女可抽取"})
        chosen[str(v)] = algorithms.sample(pool, k, seed, f"village:{v}")
    return {"villages": drawn, "women": chosen}


@transaction.atomic
def draw_create(
    *,
    user,
    assessment: Assessment,
    seed: str = "",
    village_count: int | None = None,
    village_ratio: Decimal | None = None,
    by_zone: bool = False,
    women_ratio: Decimal = D0,
    supersedes: Draw | None = None,
    reason: str = "",
) -> Draw:
    """Make (and keep, unchangeable) a seeded draw of villages and of women in them. A new draw may
    supersede the current one only with a reason."""
    _require(user, MANAGE, assessment)
    if women_ratio is None or women_ratio < 0 or women_ratio > 1:
        raise ValidationError({"women_ratio": "抽取妇女比例应在0到100%之间"})
    if village_ratio is not None and not (0 < village_ratio <= 1):
        raise ValidationError({"village_ratio": "抽村比例应在0到100%之间"})
    if supersedes is not None:
        if supersedes.assessment_id != assessment.pk or not supersedes.is_current:
            raise ValidationError("只能替代本次考核中现行的抽取结果")
        if not reason.strip():
            raise ValidationError({"reason": "重新抽取须写明原因"})
    elif current_draw(assessment) is not None:
        raise ValidationError("本次考核已有现行抽取结果；如需重新抽取，请作废原结果并写明原因")
    sheets = assessment.sheets.select_related("village")
    village_ids = [s.village_id for s in sheets]
    zones = {s.village_id: s.village.zone_id for s in sheets}
    women = _women_by_village(user, village_ids)
    seed = (seed or "").strip() or new_seed()
    result = draw_compute(
        villages=village_ids,
        zones=zones,
        seed=seed,
        count=village_count,
        ratio=village_ratio,
        by_zone=by_zone,
        women=women,
        women_ratio=women_ratio,
    )
    draw = Draw(
        assessment=assessment,
        seed=seed,
        village_count=village_count,
        village_ratio=village_ratio,
        by_zone=by_zone,
        women_ratio=women_ratio,
        population={
            "villages": sorted(village_ids),
            "zones": {str(k): v for k, v in zones.items()},
            "women": {str(k): len(v) for k, v in women.items()},
        },
        result=result,
        created_by=user,
    )
    draw.full_clean()
    draw.save()
    if supersedes is not None:
        Draw.objects.filter(pk=supersedes.pk).update(superseded_by=draw, superseded_reason=reason.strip())
    return draw


def current_draw(assessment: Assessment) -> Draw | None:
    return assessment.draws.filter(superseded_by__isnull=True).first()


# --- meetings, publication, appeals -----------------------------------------------------------------


@transaction.atomic
def meeting_add(
    *, user, assessment: Assessment, held_on: date, attendees: str, notes: str = "", zone: Zone | None = None
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
def assessment_publish(*, user, assessment: Assessment, appeal_days: int = 5) -> Assessment:
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
def appeal_file(*, user, sheet: Sheet, content: str) -> Appeal:
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
def appeal_decide(*, user, appeal: Appeal, outcome: str, response: str) -> Appeal:
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


def require_manage(user, assessment) -> None:
    require(user, MANAGE, assessment)
