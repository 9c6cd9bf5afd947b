"""Reads of the screening ledger: scoped lists, masked results, and the figures reports call."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Substr

from fulian.core.disclosure import Disclosure
from fulian.core.figures import wanted
from fulian.core.ledgers import Family, family_totals, merge_by_child, subtree_rows
from fulian.core.models import AccessLog
from fulian.core.scoping import visible

from .models import Campaign, Result, Screening, ScreeningCount

if TYPE_CHECKING:
    from fulian.accounts.models import User

MASK = "***"
RESULTS = "health.results"


def campaign_list_visible_to(*, user: User) -> QuerySet[Campaign]:
    """Campaigns of the user's units and of the units above them, with their screened counts."""
    return (
        visible(user, Campaign, "health.view")
        .select_related("unit")
        .annotate(
            n_screened=Count(
                "screenings", filter=Q(screenings__in=visible(user, Screening, "health.view")), distinct=True
            )
        )
        .order_by("-started_on", "-id")
    )


def screening_list_visible_to(*, user: User, campaign: Campaign | None = None) -> QuerySet[Screening]:
    qs = visible(user, Screening, "health.view").select_related("person", "village", "hospital", "campaign")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-screened_on", "-id")


def count_list_visible_to(*, user: User, campaign: Campaign) -> QuerySet[ScreeningCount]:
    return (
        visible(user, ScreeningCount, "health.view")
        .filter(campaign=campaign)
        .select_related("village")
        .order_by("village__path")
    )


def disclose_results(*, user: User, screenings, what: str) -> set[int]:
    """The screenings whose results may be shown: those on whose own village the user holds
    `health.results` (the disclosure rule, per row). What is shown is logged, one access-log entry per
    village naming the records; nothing is logged when every row stays masked."""
    d = Disclosure(user, RESULTS)
    shown = {s.pk for s in screenings if d.allows(s.village_path, key=s.pk)}
    if shown:
        single = next(s for s in screenings if s.pk in shown) if len(shown) == 1 else None
        d.log(
            action=AccessLog.Action.VIEW,
            target_type="health.screening",
            target_label=str(single) if single else "筛查结果",
            target=single,
            detail=what,
        )
    return shown


def masked(screening: Screening, show: bool) -> dict:
    """The result fields of a screening as they may be shown: masked unless `show`."""
    if not show:
        return dict.fromkeys(
            ("result", "site", "finding", "referred_to", "treatment", "treatment_note"), MASK
        ) | {
            "free_surgery": MASK,
            "referred_on": MASK,
        }
    return {
        "result": screening.get_result_display(),
        "site": screening.get_site_display() if screening.site else "",
        "finding": screening.finding,
        "referred_to": screening.referred_to,
        "referred_on": screening.referred_on,
        "treatment": screening.get_treatment_display() if screening.treatment else "",
        "treatment_note": screening.treatment_note,
        "free_surgery": "是" if screening.free_surgery else "否",
    }


METRIC_KEYS = [
    "health.campaigns",
    "health.target",
    "health.screened",
    "health.screened.persons",
    "health.screened.counted",
    "health.abnormal",
    "health.positive",
    "health.referred",
    "health.treated",
    "health.free_surgeries",
]


# One statement per table (see fulian.core.ledgers.Family): campaigns by their unit, screenings and the
# village counts by the woman's village.
FAMILIES = (
    Family(
        Campaign,
        path="unit_path",
        where="t.started_on BETWEEN %(start)s AND %(end)s",
        metrics={"health.campaigns": "COUNT(*)", "health.target": "SUM(t.target_count)"},
    ),
    Family(
        Screening,
        path="village_path",
        where="t.screened_on BETWEEN %(start)s AND %(end)s",
        metrics={
            "health.screened.persons": "COUNT(*)",
            "abnormal_named": "COUNT(CASE WHEN t.result = %(abnormal)s THEN 1 END)",
            "positive_named": "COUNT(CASE WHEN t.result = %(positive)s THEN 1 END)",
            "health.referred": "COUNT(CASE WHEN t.referred_to <> '' THEN 1 END)",
            "health.treated": "COUNT(CASE WHEN t.treatment IN (%(ongoing)s, %(done)s) THEN 1 END)",
            "surgeries_named": "COUNT(CASE WHEN t.free_surgery THEN 1 END)",
        },
        params={
            "abnormal": Result.ABNORMAL.value,
            "positive": Result.POSITIVE.value,
            "ongoing": Screening.Treatment.ONGOING.value,
            "done": Screening.Treatment.DONE.value,
        },
    ),
    Family(
        ScreeningCount,
        path="village_path",
        where="t.reported_on BETWEEN %(start)s AND %(end)s",
        metrics={
            "health.screened.counted": "SUM(t.screened)",
            "abnormal_counted": "SUM(t.abnormal)",
            "positive_counted": "SUM(t.positive)",
            "surgeries_counted": "SUM(t.free_surgeries)",
        },
    ),
)


def figures(
    *, user: User, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False, keys=None
) -> dict:
    """The screening ledger's totals for a unit's subtree and a period, counted by the database.

    Metric keys:
    - health.campaigns / health.target: campaigns run by units of the subtree that started in the period,
      and the sum of their target counts;
    - health.screened.persons: women screened by name in the period (unit: her village);
      health.screened.counted: women screened as reported by village counts dated in the period;
      health.screened: their sum;
    - health.abnormal, health.positive, health.free_surgeries: from both sources, summed;
    - health.referred, health.treated: named records only (counts carry no referrals);
    - health.campaign.<campaign id>.screened: women screened in one campaign (named and counted).
    The figures are counts, not personal data: every role with `health.view` gets them. Four queries
    (one per family, each over its table's own copy of the unit or village path, no join, and one for the
    campaigns' figures; skipped when `keys`, fulian/core/figures.collect, names none of them), plus one
    for the children with `group_by_child`.
    """
    campaigns, named, counted = (
        family_totals(user, "health.view", unit, f, start=start, end=end, group_by_child=group_by_child)
        for f in FAMILIES
    )
    by_campaign = (
        _screened_by_campaign(user, unit, start, end, group_by_child)
        if wanted(keys, "health.campaign.")
        else {}
    )
    if not group_by_child:
        return _combine({**campaigns, **named, **counted}) | by_campaign.get(None, {})
    paths = set(campaigns) | set(named) | set(counted)
    per_path = {
        p: _combine({**campaigns.get(p, {}), **named.get(p, {}), **counted.get(p, {})})
        | by_campaign.get(p, {})
        for p in paths
    }
    return merge_by_child(unit, [per_path], METRIC_KEYS)


def screened_rows(user: User, unit, start, end) -> tuple[QuerySet, QuerySet]:
    """The named screenings and the village counts the figures count (the records behind them too)."""
    named = subtree_rows(user, Screening, "health.view", unit).filter(
        village_path__startswith=unit.path, screened_on__gte=start, screened_on__lte=end
    )
    counted = subtree_rows(user, ScreeningCount, "health.view", unit).filter(
        village_path__startswith=unit.path, reported_on__gte=start, reported_on__lte=end
    )
    return named, counted


def _screened_by_campaign(user: User, unit, start, end, group_by_child: bool) -> dict:
    """health.campaign.<id>.screened — the women screened in each campaign (named and counted), so that
    each campaign is a figure of its own ("为3200名农村妇女免费筛查；其中为低收入妇女筛查N名"). One
    statement (a UNION of both tables grouped by campaign), {path or None: {key: value}}."""
    named, counted = screened_rows(user, unit, start, end)
    width = len(unit.path) + unit.steplen
    k = Substr("village_path", 1, width) if group_by_child else Value("")
    rows = (
        named.annotate(k=k)
        .order_by()
        .values("k", "campaign_id")
        .annotate(n=Count("id"))
        .union(
            counted.annotate(k=k).order_by().values("k", "campaign_id").annotate(n=Sum("screened")), all=True
        )
    )
    out: dict = {}
    for row in rows:
        slot = out.setdefault(row["k"] if group_by_child else None, {})
        key = f"health.campaign.{row['campaign_id']}.screened"
        slot[key] = slot.get(key, 0) + (row["n"] or 0)
    return out


def _combine(v: dict) -> dict:
    """Sum the two sources of each figure (named records and village counts), both DB aggregates."""
    g = lambda k: v.get(k, 0) or 0  # noqa: E731
    return {
        "health.campaigns": g("health.campaigns"),
        "health.target": g("health.target"),
        "health.screened": g("health.screened.persons") + g("health.screened.counted"),
        "health.screened.persons": g("health.screened.persons"),
        "health.screened.counted": g("health.screened.counted"),
        "health.abnormal": g("abnormal_named") + g("abnormal_counted"),
        "health.positive": g("positive_named") + g("positive_counted"),
        "health.referred": g("health.referred"),
        "health.treated": g("health.treated"),
        "health.free_surgeries": g("surgeries_named") + g("surgeries_counted"),
    }
