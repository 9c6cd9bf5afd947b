"""Statistics and summaries respect scoping and case confidentiality."""

import datetime

from django.urls import reverse
from django.utils import timezone

from fulian.activities.tests.factories import make_activity
from fulian.cases.tests.factories import make_case
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.reports.services import summary_create

YEAR = timezone.localdate().year


def test_village_chairs_summary_covers_her_village_only(cast):
    make_activity(cast.vchair_a1, cast.village_a1, day=datetime.date(YEAR, 3, 8), participant_count=40)
    make_activity(cast.vchair_a2, cast.village_a2, day=datetime.date(YEAR, 3, 8), participant_count=90)
    draft = summary_create(user=cast.vchair_a1, unit=cast.village_a1, period=Period.year(YEAR))
    text = draft.paragraphs.get(key="activities.overview").generated_text
    assert "[[activities.count|1场]]" in text
    assert "参与群众[[activities.participants|40人次]]" in text
    town = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(YEAR))
    assert (
        "参与群众[[activities.participants|130人次]]"
        in town.paragraphs.get(key="activities.overview").generated_text
    )


def test_case_counts_only_where_allowed_and_small_counts_suppressed_for_the_unassigned(cast, login):
    for _ in range(2):
        make_case(cast)
    period = Period.year(YEAR)
    # the chair of the handling town opens every case: exact at every level
    town = collect(user=cast.chair_a, unit=cast.town_a, period=period)
    assert town["cases.received"] == 2
    by_village = collect(user=cast.chair_a, unit=cast.town_a, period=period, group_by_child=True)
    assert by_village[cast.village_a1.pk]["cases.received"] == 2
    # town staff count cases but open none: 1–4 is 不足5 at every level, zero stays 0
    town = collect(user=cast.staff_a, unit=cast.town_a, period=period)
    assert town["cases.received"] == "不足5"
    by_village = collect(user=cast.staff_a, unit=cast.town_a, period=period, group_by_child=True)
    assert by_village[cast.village_a1.pk]["cases.received"] == "不足5"
    assert by_village[cast.village_a2.pk]["cases.received"] == 0
    assert not any(
        k.startswith("cases.") for k in collect(user=cast.vchair_a1, unit=cast.village_a1, period=period)
    )
    page = login(cast.staff_a).get(reverse("reports:stats") + f"?unit={cast.town_a.pk}&kind=year&year={YEAR}")
    body = page.content.decode()
    assert "不足5" in body
    assert "李秀兰" not in body
