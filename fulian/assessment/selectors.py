"""Reads of the assessment: lists, a sheet with its scores, results (totals, grades, ranking, categories,
year-on-year). All scoped through `visible`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q

from fulian.core.scoping import can, visible

from . import scoring
from .models import Assessment, InspectionGroup, Item, Score, Sheet

if TYPE_CHECKING:
    from fulian.accounts.models import User

VIEW = "assessment.view"


def assessment_list(*, user: User):
    return (
        visible(user, Assessment, VIEW)
        .select_related("unit", "rubric")
        .annotate(
            sheet_count=Count("sheets", distinct=True),
            locked=Count("sheets", filter=Q(sheets__status=Sheet.Status.LOCKED), distinct=True),
        )
        .order_by("-year", "unit__path")
    )


def sheets_visible(*, user: User, assessment: Assessment):
    return visible(user, assessment.sheets.all(), VIEW).select_related("village").order_by("village__path")


def groups_of(*, assessment: Assessment):
    return assessment.groups.select_related("leader").prefetch_related("members", "items", "villages")


@dataclass
class ItemRow:
    item: Item
    self_score: Score | None
    final: Score | None
    flagged: bool
    can_score: bool


def sheet_rows(*, user: User, sheet: Sheet) -> list[ItemRow]:
    """Every item of the rubric with the sheet's self and final scores, the difference flag, and whether
    the user may score it (her groups' items; all items for town staff)."""
    a = sheet.assessment
    items = list(a.rubric.items().order_by("category__order", "category_id", "order", "id"))
    scores = {(s.item_id, s.part): s for s in sheet.scores.select_related("group", "scored_by")}
    manage = can(user, "assessment.manage", a)
    mine = set()
    if not manage and can(user, "assessment.score", sheet):
        mine = set(
            InspectionGroup.objects.filter(
                Q(leader=user) | Q(members=user), assessment=a, villages=sheet.village
            ).values_list("items", flat=True)
        )
    rows = []
    for i in items:
        s, f = scores.get((i.pk, "self")), scores.get((i.pk, "final"))
        flagged = bool(s and f and abs(s.points - f.points) > a.diff_threshold)
        rows.append(ItemRow(i, s, f, flagged, not i.is_auto and (manage or i.pk in mine)))
    return rows


@dataclass
class VillageResult:
    sheet: Sheet
    result: scoring.Result
    rank: int = 0
    previous_total: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        if self.previous_total is None:
            return None
        return self.result.total - self.previous_total


SCORE_FIELDS = ("sheet_id", "item_id", "part", "points", "vetoed")


def _compute(
    assessment: Assessment, sheets: list[Sheet], items: list[Item], scores=None
) -> dict[int, scoring.Result]:
    """Each sheet's result; `scores` (rows of SCORE_FIELDS) when the caller loaded them for many
    assessments at once, else read here."""
    by_sheet: dict[int, dict] = {s.pk: {"self": {}, "final": {}, "veto": set()} for s in sheets}
    if scores is None:
        scores = Score.objects.filter(sheet__in=[s.pk for s in sheets]).values(*SCORE_FIELDS)
    for sc in scores:
        d = by_sheet[sc["sheet_id"]]
        d[sc["part"]][sc["item_id"]] = sc["points"]
        if sc["vetoed"]:
            d["veto"].add(sc["item_id"])
    vetoes_final = {i.pk for i in items if i.kind == Item.Kind.VETO}
    out = {}
    for s in sheets:
        d = by_sheet[s.pk]
        out[s.pk] = scoring.compute(
            items=items,
            self_points=d["self"],
            final_points=d["final"],
            vetoes={i for i in d["veto"] if i in vetoes_final},
            regular=s.regular_points,
            weights=(assessment.weight_self, assessment.weight_regular, assessment.weight_final),
            bonus_cap=assessment.bonus_cap,
            grade_for=assessment.grade_for,
            bottom_grade=assessment.bottom_grade,
        )
    return out


def grades(assessments) -> dict[int, tuple[Sheet, scoring.Result]]:
    """{sheet id: (sheet, result)} for every village of those of `assessments` whose results are out
    (published or closed: an open assessment grades nobody yet), in four queries whatever their number —
    the assessment's grade figures (figures.py) and their records."""
    published = list(assessments.exclude(status=Assessment.Status.OPEN).select_related("rubric"))
    if not published:
        return {}
    sheets = list(
        Sheet.objects.filter(assessment__in=[a.pk for a in published])
        .select_related("village")
        .order_by("village__path", "id")
    )
    items: dict[int, list[Item]] = {}
    for i in Item.objects.filter(category__rubric__in={a.rubric_id for a in published}).select_related(
        "category"
    ):
        items.setdefault(i.category.rubric_id, []).append(i)
    scores: dict[int, list] = {}
    for sc in Score.objects.filter(sheet__in=[s.pk for s in sheets]).values(*SCORE_FIELDS):
        scores.setdefault(sc["sheet_id"], []).append(sc)
    out = {}
    for a in published:
        mine = [s for s in sheets if s.assessment_id == a.pk]
        rows = [sc for s in mine for sc in scores.get(s.pk, [])]
        computed = _compute(a, mine, items.get(a.rubric_id, []), rows)
        out.update({s.pk: (s, computed[s.pk]) for s in mine})
    return out


def results(*, assessment: Assessment, user: User | None = None) -> list[VillageResult]:
    """Every village's result, ranked within the town (vetoed villages last; equal totals share a rank).
    Without a user: all villages (for exports made by staff); with one: the ranking is computed over all,
    then filtered to the sheets she can see."""
    items = list(assessment.rubric.items())
    sheets = list(assessment.sheets.select_related("village").order_by("village__path"))
    computed = _compute(assessment, sheets, items)
    rows = [VillageResult(s, computed[s.pk]) for s in sheets]
    rows.sort(key=lambda r: (r.result.vetoed, -r.result.total, r.sheet.village.path))
    prev_key = None
    for n, r in enumerate(rows, start=1):
        key = (r.result.vetoed, r.result.total)
        r.rank = rows[n - 2].rank if key == prev_key else n
        prev_key = key
    previous = (
        Assessment.objects.filter(
            unit=assessment.unit, year__lt=assessment.year, status__in=["published", "closed"]
        )
        .order_by("-year")
        .first()
    )
    if previous is not None:
        before = {r.sheet.village_id: r.result.total for r in results(assessment=previous)}
        for r in rows:
            r.previous_total = before.get(r.sheet.village_id)
    if user is not None:
        allowed = set(visible(user, assessment.sheets.all(), VIEW).values_list("pk", flat=True))
        rows = [r for r in rows if r.sheet.pk in allowed]
    return rows


def categories_of(assessment: Assessment):
    return list(
        assessment.rubric.categories.prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("order", "id"))
        )
    )
