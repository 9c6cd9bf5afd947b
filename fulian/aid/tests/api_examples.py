"""Records behind the aid API's documented examples (fulian/core/tests/test_api_examples.py)."""

import datetime

from django.utils import timezone

from fulian.aid import services
from fulian.core.tests.api_examples import Call

from .factories import make_person, make_programme

API = "/api/v1/aid"


def _submitted(cast, name="张晓丽"):
    programme = make_programme(cast.county_user, cast.county)
    return services.application_submit(
        user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1, name), amount=800
    )


def _reviewed(cast):
    app = _submitted(cast)
    return services.application_review(user=cast.staff_a, application=app)


def _approved(cast):
    return services.application_approve(user=cast.chair_a, application=_reviewed(cast))


def _notice(cast, *, publish=False, days_ago=0):
    app = _approved(cast)
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    notice = services.notice_create(
        user=cast.chair_a, programme=app.programme, unit=cast.town_a, applications=[app], start_date=start
    )
    if publish:
        services.notice_publish(user=cast.chair_a, notice=notice)
    return notice


def _disbursement(cast):
    notice = _notice(cast, publish=True, days_ago=10)
    return services.disbursement_create(user=cast.chair_a, application=notice.applications.get(), amount=500)


def apply(cast):
    programme = make_programme(cast.county_user, cast.county)
    return Call(cast.vchair_a1, body={"programme": programme.pk, "person": make_person(cast.village_a1).pk})


def review(cast):
    return Call(cast.staff_a, path={"id": _submitted(cast).pk})


def approve(cast):
    return Call(cast.chair_a, path={"id": _reviewed(cast).pk})


def reject(cast):
    return Call(cast.staff_a, path={"id": _submitted(cast).pk})


def withdraw(cast):
    return Call(cast.staff_a, path={"id": _approved(cast).pk})


def disburse(cast):
    notice = _notice(cast, publish=True, days_ago=10)
    return Call(cast.chair_a, body={"application": notice.applications.get().pk})


def disbursement(cast):
    return Call(cast.chair_a, path={"id": _disbursement(cast).pk})


def notice_create(cast):
    app = _approved(cast)
    return Call(
        cast.chair_a, body={"programme": app.programme_id, "unit": cast.town_a.pk, "applications": [app.pk]}
    )


def objection_add(cast):
    return Call(cast.chair_a, path={"id": _notice(cast, publish=True).pk})


def objection_resolve(cast):
    objection = services.objection_record(
        user=cast.chair_a, notice=_notice(cast, publish=True), content="请核实"
    )
    return Call(cast.chair_a, path={"id": objection.pk})


def programme_create(cast):
    return Call(cast.county_user, body={"unit": cast.county.pk})


def programme(cast):
    return Call(cast.county_user, path={"id": make_programme(cast.county_user, cast.county).pk})


SETUPS = {
    ("post", f"{API}/programmes/"): programme_create,
    ("patch", f"{API}/programmes/{{id}}/"): programme,
    ("post", f"{API}/applications/"): apply,
    ("post", f"{API}/applications/{{id}}/review/"): review,
    ("post", f"{API}/applications/{{id}}/approve/"): approve,
    ("post", f"{API}/applications/{{id}}/reject/"): reject,
    ("post", f"{API}/applications/{{id}}/withdraw/"): withdraw,
    ("post", f"{API}/disbursements/"): disburse,
    ("patch", f"{API}/disbursements/{{id}}/"): disbursement,
    ("post", f"{API}/disbursements/{{id}}/cancel/"): disbursement,
    ("post", f"{API}/notices/"): notice_create,
    ("post", f"{API}/notices/{{id}}/objections/"): objection_add,
    ("post", f"{API}/objections/{{id}}/resolve/"): objection_resolve,
}
