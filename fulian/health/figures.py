"""The records behind each screening figure (fulian/core/traces.py): campaigns, named screenings and the
villages' counts, from the same conditions as `selectors.FAMILIES`. A named screening shows the woman's
name only where the user may see screening results on her village (a list of positives is a result)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace, person

from . import selectors
from .models import Campaign, Result, Screening

CAMPAIGN_COLUMNS = (
    Column("筛查活动", lambda c: c.name),
    Column("组织单位", lambda c: c.unit.name),
    Column("开始日期", lambda c: c.started_on),
    Column("目标人数", lambda c: c.target_count),
)
SCREENING_COLUMNS = (
    Column("筛查日期", lambda s: s.screened_on),
    person("姓名", lambda s: s.person.name, unmask=selectors.RESULTS, path="village_path"),
    Column("村(社区)", lambda s: s.village.name),
    Column("筛查活动", lambda s: s.campaign.name),
)


def _count_columns(field: str, label: str):
    return (
        Column("上报日期", lambda c: c.reported_on),
        Column("村(社区)", lambda c: c.village.name),
        Column("筛查活动", lambda c: c.campaign.name),
        Column(label, lambda c: getattr(c, field)),
    )


def _campaign_url(c) -> str:
    return reverse("health:campaign_detail", args=[c.pk])


def _screening_url(s) -> str:
    return reverse("health:screening_detail", args=[s.pk])


# key -> (condition on a named screening or None, column of a village count or None)
SCREENED = {
    "health.screened": (Q(), "screened"),
    "health.screened.persons": (Q(), None),
    "health.screened.counted": (None, "screened"),
    "health.abnormal": (Q(result=Result.ABNORMAL), "abnormal"),
    "health.positive": (Q(result=Result.POSITIVE), "positive"),
    "health.referred": (~Q(referred_to=""), None),
    "health.treated": (Q(treatment__in=[Screening.Treatment.ONGOING, Screening.Treatment.DONE]), None),
    "health.free_surgeries": (Q(free_surgery=True), "free_surgeries"),
}
COUNT_LABELS = {"screened": "筛查人数", "abnormal": "异常", "positive": "阳性", "free_surgeries": "免费手术"}


def records(key: str, *, user, unit, start, end) -> Trace | None:
    if key in ("health.campaigns", "health.target"):
        rows = subtree_rows(user, Campaign, "health.view", unit).filter(
            unit_path__startswith=unit.path, started_on__gte=start, started_on__lte=end
        )
        rows = rows.select_related("unit").order_by("started_on", "id")
        measure = "sum:target_count" if key == "health.target" else "count"
        return Trace(key, [Part("筛查活动", rows, CAMPAIGN_COLUMNS, measure, _campaign_url)])
    named, counted = selectors.screened_rows(user, unit, start, end)
    named = named.select_related("person", "village", "campaign").order_by("screened_on", "id")
    counted = counted.select_related("village", "campaign").order_by("reported_on", "id")
    if key.startswith("health.campaign."):
        campaign_id = key.split(".")[2]
        if not campaign_id.isdigit() or not key.endswith(".screened"):
            return None
        condition, column = Q(campaign_id=int(campaign_id)), "screened"
        named, counted = named.filter(condition), counted.filter(condition)
        condition = Q()
    elif key in SCREENED:
        condition, column = SCREENED[key]
    else:
        return None
    parts = []
    if condition is not None:
        parts.append(
            Part("实名登记筛查", named.filter(condition), SCREENING_COLUMNS, "count", _screening_url)
        )
    if column is not None:
        parts.append(
            Part(
                "按村汇总",
                counted,
                _count_columns(column, COUNT_LABELS[column]),
                f"sum:{column}",
                lambda c: _campaign_url(c.campaign),
            )
        )
    return Trace(key, parts)


def figure_label(key: str):
    """Labels of each campaign's figure (health.campaign.<id>.screened)."""
    parts = key.split(".")
    if len(parts) == 4 and parts[1] == "campaign" and parts[2].isdigit() and parts[3] == "screened":
        c = Campaign.objects.filter(pk=int(parts[2])).first()
        return (f"{c.name}筛查妇女", "名", "count") if c else None
    return None
