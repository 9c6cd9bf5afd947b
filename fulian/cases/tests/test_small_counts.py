"""The small-count rule (docs/cases.md): case figures for a unit are exact only for whoever may open every
case they count; for anyone else, at every level, 1–4 reads "不足5", zero stays 0, and derived figures
(average days to close, the breakdown of a single case) follow. Table-driven at 0, 4, 5 and 6."""

from __future__ import annotations

import datetime

import pytest

from fulian.cases import selectors, services
from fulian.cases.models import Case
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.orgs.models import Membership
from fulian.reports.models import PlanItem
from fulian.reports.selectors import plan_progress
from fulian.reports.summary.generator import generate

from .factories import make_case, make_person

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, 0), (1, "不足5"), (4, "不足5"), (5, 5), (6, 6), (None, None), ("—", "—"), (4.5, 4.5)],
)
def test_the_rule(value, shown):
    assert selectors.small_count(value) == shown


def _cases(cast, n: int, *, by=None) -> list[Case]:
    return [make_case(cast, user=by) for _ in range(n)]


def _figure(user, unit, key="cases.cases", by_child_of=None):
    if by_child_of is not None:
        rows = selectors.figures(user=user, unit=by_child_of, start=START, end=END, group_by_child=True)
        return rows[unit.pk][key]
    return selectors.figures(user=user, unit=unit, start=START, end=END)[key]


@pytest.mark.parametrize(("n", "shown"), [(0, 0), (4, "不足5"), (5, 5), (6, 6)])
@pytest.mark.parametrize("level", ["village", "town", "county", "village row", "town row"])
def test_unassigned_users_see_small_counts_suppressed_at_every_level(cast, clock, n, shown, level):
    _cases(cast, n)
    unit, parent = {
        "village": (cast.village_a1, None),
        "town": (cast.town_a, None),
        "county": (cast.county, None),
        "village row": (cast.village_a1, cast.town_a),
        "town row": (cast.town_a, cast.county),
    }[level]
    users = [cast.county_user, cast.admin]
    if level in ("village", "town", "village row"):
        users.append(cast.staff_a)  # town staff count their town's cases and open none of them
    for user in users:
        assert _figure(user, unit, by_child_of=parent) == shown, (user.username, level)


@pytest.mark.parametrize("n", [0, 4, 5, 6])
def test_the_chair_who_opens_every_case_sees_exact_counts(cast, clock, n):
    _cases(cast, n)
    assert _figure(cast.chair_a, cast.village_a1) == n
    assert _figure(cast.chair_a, cast.town_a) == n
    assert _figure(cast.chair_a, cast.village_a1, by_child_of=cast.town_a) == n


def test_opening_some_but_not_all_of_the_cases_is_not_enough(cast, clock):
    """Town staff who broke the glass on one of three cases still see 不足5; on all three, 3."""
    cases = _cases(cast, 3)
    services.break_glass(user=cast.staff_a, number=cases[0].number, reason="当事人再次来电求助")
    assert _figure(cast.staff_a, cast.town_a) == "不足5"
    assert _figure(cast.staff_a, cast.village_a1, by_child_of=cast.town_a) == "不足5"
    for case in cases[1:]:
        services.break_glass(user=cast.staff_a, number=case.number, reason="当事人再次来电求助")
    assert _figure(cast.staff_a, cast.town_a) == 3


@pytest.mark.parametrize(("closed", "average"), [(4, None), (5, 3.0)])
def test_average_days_to_close_needs_five_closed_cases_unless_she_opens_them_all(
    cast, clock, closed, average
):
    cases = _cases(cast, closed)
    clock.advance(days=3)
    for case in cases:
        services.case_close(user=cast.caseworker_a, case=case, outcome="mediated", satisfaction="satisfied")
    county = selectors.figures(user=cast.county_user, unit=cast.town_a, start=START, end=END)
    assert county["cases.days_to_close.avg"] == average
    chair = selectors.figures(user=cast.chair_a, unit=cast.town_a, start=START, end=END)
    assert chair["cases.days_to_close.avg"] == 3.0


def test_a_single_closed_case_shows_no_type_outcome_or_duration_to_the_county(cast, clock):
    (case,) = _cases(cast, 1)
    clock.advance(days=40)
    services.case_close(user=cast.caseworker_a, case=case, outcome="mediated", satisfaction="satisfied")
    for unit in (cast.town_a, cast.county):
        f = selectors.figures(user=cast.county_user, unit=unit, start=START, end=END)
        assert f["cases.type.domestic_violence"] == "不足5"
        assert f["cases.outcome.mediated"] == "不足5"
        assert f["cases.satisfaction.satisfied"] == "不足5"
        assert f["cases.closed"] == "不足5"
        assert f["cases.days_to_close.avg"] is None
        assert f["cases.outcome.referred"] == 0  # zero is never "不足5"
        assert 40.0 not in f.values()


def test_a_chair_of_town_a_who_is_also_county_staff(cast, clock):
    """Two roles: exact for her own town's row (she opens those cases), suppressed for the county."""
    Membership.objects.create(user=cast.chair_a, unit=cast.county, role="county_staff")
    _cases(cast, 2)
    services.case_register(
        user=cast.chair_b,
        handling_unit=cast.town_b,
        person=make_person(cast.village_b1),
        kind=Case.Kind.CASE,
        channel=Case.Channel.PHONE,
        type=Case.Type.PROPERTY,
        narrative="财产纠纷",
    )
    rows = selectors.figures(user=cast.chair_a, unit=cast.county, start=START, end=END, group_by_child=True)
    assert rows[cast.town_a.pk]["cases.cases"] == 2
    assert rows[cast.town_b.pk]["cases.cases"] == "不足5"
    assert _figure(cast.chair_a, cast.county) == "不足5"


def test_every_place_case_figures_appear_applies_the_rule(cast, clock, login, api_client):
    _cases(cast, 3)
    period = Period(START, END, "year")
    # reports (statistics, dashboard, plan) go through collect() → figures()
    assert collect(user=cast.county_user, unit=cast.town_a, period=period)["cases.cases"] == "不足5"
    # a work-plan item on a case figure shows the suppressed value and no progress (never a crash)
    PlanItem.objects.create(unit=cast.county, year=2026, title="维权", metric_key="cases.cases", target=10)
    (row,) = plan_progress(user=cast.county_user, unit=cast.county, year=2026)
    assert (row["status"], row["actual_text"], row["percent"]) == ("suppressed", "不足5件", None)
    page = login(cast.county_user).get("/reports/plan/", {"unit": cast.county.pk, "year": 2026})
    assert "不足5件" in page.content.decode()
    # the summary text: suppressed whoever generates it, the chair included
    for user in (cast.chair_a, cast.county_user):
        paras = generate(user=user, unit=cast.town_a, period=period)
        text = next(p.text for p in paras if p.key == "cases.overview")
        assert "不足5件" in text
        assert "3件" not in text
    # the cases statistics page and the API
    page = login(cast.staff_a).get("/cases/stats/", {"unit": cast.town_a.pk, "start": START, "end": END})
    assert "不足5" in page.content.decode()
    api_client.force_authenticate(cast.county_user)
    data = api_client.get(
        "/api/v1/case-figures/", {"unit": cast.town_a.pk, "start": START, "end": END}
    ).json()
    assert data["cases.cases"] == "不足5"
    # the home page shows no case figure at all (only the chair's and workers' own feed)
    home = login(cast.county_user).get("/").content.decode()
    assert "维权案件" not in home
