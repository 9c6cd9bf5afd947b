"""Cross-checks (交错互查) and random draws of villages and women (随机抽取)."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.orgs.models import OrgUnit, Zone

from .. import algorithms
from ..models import (
    Assessment,
    CrossCheck,
    CrossCheckPair,
    Draw,
)
from .common import D0, MANAGE, _dec, _require, require_manage  # noqa: F401

if TYPE_CHECKING:
    from fulian.accounts.models import User

# --- cross-checks ---------------------------------------------------------------------------------


def new_seed() -> str:
    return f"{secrets.randbelow(10**8):08d}"


@transaction.atomic
def cross_check_generate(
    *, user: User, assessment: Assessment, zone: Zone | None = None, seed: str = ""
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
def cross_check_pair_edit(
    *, user: User, pair: CrossCheckPair, checked: OrgUnit, supervisor=None
) -> CrossCheckPair:
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


def adult_born_by(on: datetime.date) -> datetime.date:
    """The latest birth date of a woman who may be drawn on `on`: she has had her DRAW_WOMEN_MIN_AGE-th
    birthday (settings.FULIAN, 18 by default; someone born on 29 February comes of age on 1 March)."""
    # settings.FULIAN holds values of every type; this one is an int
    years: int = settings.FULIAN.get("DRAW_WOMEN_MIN_AGE", 18)  # type: ignore[assignment]
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February, and the year `years` back is not a leap year
        return on.replace(year=on.year - years, day=28)


def _women_by_village(user: User, village_ids, on: datetime.date | None = None) -> dict[int, list[int]]:
    """The women who may be drawn (妇女群众), by village: registered, female, of age on `on` (today), living
    in the village, not merged into another record. A person without a birth date is not drawn."""
    from fulian.core.scoping import visible
    from fulian.people.models import Person

    out: dict[int, list[int]] = {v: [] for v in village_ids}
    rows = (
        visible(user, Person, "people.view")
        .filter(
            village_id__in=village_ids,
            gender=Person.Gender.FEMALE,
            merged_into__isnull=True,
            birth_date__lte=adult_born_by(on or timezone.localdate()),
        )
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
            years = settings.FULIAN.get("DRAW_WOMEN_MIN_AGE", 18)
            raise ValidationError(
                {"women_ratio": f"抽中的村（编号{v}）在服务对象台账中没有妇女可抽取（须年满{years}周岁）"}
            )
        chosen[str(v)] = algorithms.sample(pool, k, seed, f"village:{v}")
    return {"villages": drawn, "women": chosen}


@transaction.atomic
def draw_create(
    *,
    user: User,
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
