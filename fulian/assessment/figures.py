"""The assessment's figures and the records behind them (fulian/core/figures.py, core/traces.py), so that
what the summary says of the year's village assessment — villages assessed, inspection groups, cross-checks
and random draws where they were made, zone meetings — comes from records and links to them.

Assessments of units in the subtree whose year falls in the period count, as the reader sees them
(`assessment.view`). Metric keys:
  assessment.assessments          assessments
  assessment.villages             villages assessed (audit sheets)
  assessment.groups               inspection groups
  assessment.cross_checked        assessments with a cross-check (交错互查)
  assessment.drawn                assessments with a (current) random draw
  assessment.draw.villages        villages drawn for field visits, in current draws
  assessment.draw.women           women drawn in them
  assessment.meetings             zone meetings (分片座谈)
  assessment.graded               villages graded: those of the assessments whose results are out
                                  (published or closed)
  assessment.grade.<code>         of them, the villages of one grade (优秀 excellent, 良好 good, 合格 pass,
                                  不合格 fail; a grade an assessment names otherwise keeps its name); they
                                  add up to assessment.graded
Two queries (one for the assessments with their counts, one for the current draws), and four for the
grades (`selectors.grades`; skipped when `keys` names none of them), grouped by child unit in Python (an
assessment belongs to one unit).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from fulian.core.figures import wanted
from fulian.core.scoping import visible
from fulian.core.traces import Column, Part, Trace, person

from . import selectors
from .models import Assessment, Draw, InspectionGroup, Sheet, ZoneMeeting

VIEW = "assessment.view"

FIGURE_META = {
    "assessment.assessments": ("村级考核", "次", "count"),
    "assessment.villages": ("参加考核的村(社区)", "个", "count"),
    "assessment.groups": ("考核分组", "个", "count"),
    "assessment.cross_checked": ("开展交错互查的考核", "次", "count"),
    "assessment.drawn": ("开展随机抽取的考核", "次", "count"),
    "assessment.draw.villages": ("随机抽取走访的村(社区)", "个", "count"),
    "assessment.draw.women": ("随机抽取走访的妇女群众", "名", "count"),
    "assessment.meetings": ("分片座谈", "次", "count"),
    "assessment.graded": ("评定等次的村(社区)", "个", "count"),
}
KEYS = list(FIGURE_META)
GRADE_CODES = {"优秀": "excellent", "良好": "good", "合格": "pass", "不合格": "fail"}
GRADE_NAMES = {code: name for name, code in GRADE_CODES.items()}


def grade_key(name: str) -> str:
    """The figure of one grade: assessment.grade.excellent for 优秀 (a grade named otherwise keeps its
    name in the key)."""
    return f"assessment.grade.{GRADE_CODES.get(name, name)}"


def figure_label(key: str):
    if key.startswith("assessment.grade.") and key.count(".") == 2:
        code = key.rsplit(".", 1)[1]
        return (f"考核等次为{GRADE_NAMES.get(code, code)}的村(社区)", "个", "count")
    return None


def counted_assessments(*, user, unit, start, end):
    return visible(user, Assessment, VIEW).filter(
        unit__path__startswith=unit.path, year__gte=start.year, year__lte=end.year
    )


def current_draws(assessments):
    return Draw.objects.filter(assessment__in=assessments.values("pk"), superseded_by__isnull=True)


def _drawn(draws) -> tuple[set[int], set[int]]:
    villages = {v for d in draws for v in d.result.get("villages", [])}
    women = {p for d in draws for p in d.person_ids()}
    return villages, women


def figures(*, user, unit, start, end, group_by_child: bool = False, keys=None) -> dict:
    assessments = counted_assessments(user=user, unit=unit, start=start, end=end)
    rows = list(
        assessments.annotate(
            n_sheets=Count("sheets", distinct=True),
            n_groups=Count("groups", distinct=True),
            n_cross=Count("cross_checks", distinct=True),
            n_meetings=Count("meetings", distinct=True),
        ).values("pk", "unit__path", "n_sheets", "n_groups", "n_cross", "n_meetings")
    )
    draws: dict[int, list] = {}
    if rows:
        for d in current_draws(assessments).only("assessment_id", "result"):
            draws.setdefault(d.assessment_id, []).append(d)
    width = len(unit.path) + unit.steplen
    children: dict[str, int] = {}
    if group_by_child:
        children = dict(
            type(unit)
            .objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
            .values_list("path", "id")
        )
    out: dict = {}
    for r in rows:
        slot = children.get(r["unit__path"][:width], unit.pk) if group_by_child else None
        d = out.setdefault(slot, dict.fromkeys(KEYS, 0))
        villages, women = _drawn(draws.get(r["pk"], []))
        d["assessment.assessments"] += 1
        d["assessment.villages"] += r["n_sheets"]
        d["assessment.groups"] += r["n_groups"]
        d["assessment.cross_checked"] += 1 if r["n_cross"] else 0
        d["assessment.meetings"] += r["n_meetings"]
        d["assessment.drawn"] += 1 if r["pk"] in draws else 0
        d["assessment.draw.villages"] += len(villages)
        d["assessment.draw.women"] += len(women)
    if rows and wanted(keys, "assessment.grade"):
        paths = {r["pk"]: r["unit__path"] for r in rows}
        for sheet, result in selectors.grades(assessments).values():
            path = paths[sheet.assessment_id]
            slot = children.get(path[:width], unit.pk) if group_by_child else None
            d = out[slot]
            d["assessment.graded"] += 1
            key = grade_key(result.grade)
            d[key] = d.get(key, 0) + 1
    if group_by_child:
        return out
    return out.get(None, {})


def _assessment_url(a) -> str:
    return reverse("assessment:detail", args=[a.pk])


ASSESSMENT_COLUMNS = (
    Column("年度", lambda a: a.year),
    Column("名称", lambda a: a.title),
    Column("考核单位", lambda a: a.unit.name),
    Column("状态", lambda a: a.get_status_display()),
)


def records(key: str, *, user, unit, start, end) -> Trace | None:
    from fulian.orgs.models import OrgUnit
    from fulian.people.models import Person

    assessments = counted_assessments(user=user, unit=unit, start=start, end=end)
    listed = assessments.select_related("unit").order_by("unit__path", "year", "id")
    if key == "assessment.assessments":
        return Trace(key, [Part("村级考核", listed, ASSESSMENT_COLUMNS, url=_assessment_url)])
    if key in ("assessment.cross_checked", "assessment.drawn"):
        condition = (
            Q(cross_checks__isnull=False)
            if key == "assessment.cross_checked"
            else Q(pk__in=current_draws(assessments).values("assessment_id"))
        )
        return Trace(
            key,
            [Part("村级考核", listed.filter(condition).distinct(), ASSESSMENT_COLUMNS, url=_assessment_url)],
        )
    if key == "assessment.graded" or key.startswith("assessment.grade."):
        return _graded(key, assessments)
    if key == "assessment.villages":
        rows = Sheet.objects.filter(assessment__in=assessments.values("pk")).select_related(
            "village", "assessment"
        )
        columns = (
            Column("村(社区)", lambda s: s.village.name),
            Column("考核", lambda s: s.assessment.title),
            Column("状态", lambda s: s.get_status_display()),
        )
        return Trace(
            key,
            [
                Part(
                    "审核记录表",
                    rows.order_by("village__path", "id"),
                    columns,
                    url=lambda s: _assessment_url(s.assessment),
                )
            ],
        )
    if key == "assessment.groups":
        rows = InspectionGroup.objects.filter(assessment__in=assessments.values("pk")).select_related(
            "assessment"
        )
        columns = (Column("组名", lambda g: g.name), Column("考核", lambda g: g.assessment.title))
        return Trace(
            key,
            [
                Part(
                    "考核分组",
                    rows.order_by("assessment_id", "id"),
                    columns,
                    url=lambda g: _assessment_url(g.assessment),
                )
            ],
        )
    if key == "assessment.meetings":
        rows = ZoneMeeting.objects.filter(assessment__in=assessments.values("pk")).select_related(
            "assessment", "zone"
        )
        columns = (
            Column("日期", lambda m: m.held_on),
            Column("片区", lambda m: m.zone.name if m.zone else ""),
            Column("考核", lambda m: m.assessment.title),
        )
        return Trace(
            key,
            [
                Part(
                    "分片座谈",
                    rows.order_by("held_on", "id"),
                    columns,
                    url=lambda m: _assessment_url(m.assessment),
                )
            ],
        )
    if key in ("assessment.draw.villages", "assessment.draw.women"):
        villages, women = _drawn(current_draws(assessments))
        if key == "assessment.draw.villages":
            rows = OrgUnit.objects.filter(pk__in=villages).order_by("path")
            return Trace(key, [Part("抽取的村(社区)", rows, (Column("村(社区)", lambda u: u.name),))])
        rows = Person.objects.filter(pk__in=women).select_related("village").order_by("village_path", "id")
        columns = (
            person("姓名", lambda p: p.name, unmask="people.unmask", path="village_path"),
            Column("村(社区)", lambda p: p.village.name),
        )
        return Trace(key, [Part("抽取的妇女群众", rows, columns)])
    return None


def _graded(key: str, assessments) -> Trace:
    """The villages behind a grade figure (or all graded ones), each with its grade and total."""
    graded = selectors.grades(assessments)
    picked = {
        pk: result
        for pk, (_sheet, result) in graded.items()
        if key == "assessment.graded" or grade_key(result.grade) == key
    }
    rows = Sheet.objects.filter(pk__in=picked).select_related("village", "assessment")
    columns = (
        Column("村(社区)", lambda s: s.village.name),
        Column("考核", lambda s: s.assessment.title),
        Column("等次", lambda s: picked[s.pk].grade),
        Column("总分", lambda s: picked[s.pk].total),
    )
    part = Part(
        "审核记录表",
        rows.order_by("village__path", "id"),
        columns,
        url=lambda s: _assessment_url(s.assessment),
    )
    return Trace(key, [part])
