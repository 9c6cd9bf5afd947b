"""Statistics and the summary cost the same number of queries whatever the number of records."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fulian.activities.tests.factories import kind, make_activity
from fulian.aid import services as aid
from fulian.aid.tests.factories import make_person, make_programme, noticed
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.scoping import forget_scope
from fulian.reports.services import summary_create

YEAR = timezone.localdate().year


def add_records(cast, programme, n: int) -> None:
    for i in range(n):
        make_activity(
            cast.chair_a,
            cast.town_a,
            title=f"宣传活动{i}",
            type_code="publicity",
            day=datetime.date(YEAR, 3, 1 + i),
            participant_count=10,
            quantities={kind("proposal"): 100},
        )
        app = aid.application_submit(
            user=cast.vchair_a1,
            programme=programme,
            person=make_person(cast.village_a1, f"王{i}"),
            amount=500,
        )
        aid.disbursement_create(user=cast.chair_a, application=noticed(cast, app), amount=app.amount)


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_summary_and_statistics_query_counts_do_not_grow_with_records(cast):
    programme = make_programme(cast.county_user, cast.county, code="poor_mother", name="贫困母亲救助")
    period = Period.year(YEAR)

    def stats():
        forget_scope(cast.county_user)
        collect(user=cast.county_user, unit=cast.county, period=period, group_by_child=True)

    def summary():
        forget_scope(cast.county_user)
        summary_create(user=cast.county_user, unit=cast.county, period=period, background=False)

    add_records(cast, programme, 2)
    few_stats, few_summary = queries(stats), queries(summary)
    add_records(cast, programme, 8)
    assert queries(stats) == few_stats
    # one more paragraph row may be written once new kinds of records appear; the reads stay the same
    assert queries(summary) <= few_summary + 2
    assert queries(summary) == queries(summary)
