"""The records behind each employment figure (fulian/core/traces.py): trainings and trainees, job fairs
and their employers, entrepreneurs and loans, from the same conditions as `selectors.FAMILIES`."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace, person

from .models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training

CAP = "employment.view"
UNMASK = "people.unmask"


def _training_url(t) -> str:
    return reverse("employment:training_detail", args=[t.pk])


def _fair_url(f) -> str:
    return reverse("employment:fair_detail", args=[f.pk])


def _entrepreneur_url(e) -> str:
    return reverse("employment:entrepreneur_detail", args=[e.pk])


TRAINING = (
    Column("开始日期", lambda t: t.started_on),
    Column("培训名称", lambda t: t.title),
    Column("举办单位", lambda t: t.unit.name),
    Column("地点", lambda t: t.place),
)
TRAINEE = (
    Column("开始日期", lambda t: t.training.started_on),
    Column("培训名称", lambda t: t.training.title),
    person("学员", lambda t: t.person.name, unmask=UNMASK, path="village_path"),
    Column("村(社区)", lambda t: t.village.name),
    Column("取得证书", lambda t: t.certified),
)
FAIR = (
    Column("举办日期", lambda f: f.held_on),
    Column("招聘会名称", lambda f: f.title),
    Column("举办单位", lambda f: f.unit.name),
    Column("参会求职人数", lambda f: f.attendees),
)
EMPLOYER = (
    Column("举办日期", lambda e: e.fair.held_on),
    Column("招聘会名称", lambda e: e.fair.title),
    Column("用人单位", lambda e: e.name),
    Column("提供岗位数", lambda e: e.posts_offered),
    Column("达成就业人数", lambda e: e.hires),
)
ENTREPRENEUR = (
    person("创业者", lambda e: e.person.name, unmask=UNMASK, path="village_path"),
    Column("村(社区)", lambda e: e.village.name),
    Column("经营实体", lambda e: e.business_name),
    Column("创业时间", lambda e: e.started_on),
)
LOAN = (
    Column("放款日期", lambda loan: loan.granted_on),
    person("创业者", lambda loan: loan.entrepreneur.person.name, unmask=UNMASK, path="village_path"),
    Column("放款银行", lambda loan: loan.bank),
    Column("贷款金额(元)", lambda loan: loan.amount),
    Column("已还清", lambda loan: loan.repaid),
)


def records(key: str, *, user, unit, start, end) -> Trace | None:
    def rows(model, path: str):
        return subtree_rows(user, model, CAP, unit).filter(**{f"{path}__startswith": unit.path})

    if key == "employment.trainings":
        qs = rows(Training, "unit_path").filter(started_on__gte=start, started_on__lte=end)
        return Trace(
            key,
            [
                Part(
                    "培训",
                    qs.select_related("unit").order_by("started_on", "id"),
                    TRAINING,
                    url=_training_url,
                )
            ],
        )
    if key in ("employment.trainees", "employment.trainees.certified"):
        qs = rows(Trainee, "village_path").filter(
            training__started_on__gte=start, training__started_on__lte=end
        )
        if key.endswith(".certified"):
            qs = qs.filter(certified=True)
        qs = qs.select_related("training", "person", "village").order_by("training__started_on", "id")
        return Trace(key, [Part("学员", qs, TRAINEE, url=lambda t: _training_url(t.training))])
    if key in ("employment.fairs", "employment.fair_attendees"):
        qs = rows(JobFair, "unit_path").filter(held_on__gte=start, held_on__lte=end)
        measure = "sum:attendees" if key == "employment.fair_attendees" else "count"
        return Trace(
            key,
            [Part("招聘会", qs.select_related("unit").order_by("held_on", "id"), FAIR, measure, _fair_url)],
        )
    if key in ("employment.employers", "employment.posts", "employment.hires"):
        qs = rows(FairEmployer, "fair__unit_path").filter(fair__held_on__gte=start, fair__held_on__lte=end)
        measure = {"employment.posts": "sum:posts_offered", "employment.hires": "sum:hires"}.get(key, "count")
        qs = qs.select_related("fair").order_by("fair__held_on", "id")
        return Trace(key, [Part("用人单位", qs, EMPLOYER, measure, lambda e: _fair_url(e.fair))])
    if key in ("employment.entrepreneurs", "employment.entrepreneurs.new"):
        qs = rows(Entrepreneur, "village_path").filter(started_on__lte=end)
        if key.endswith(".new"):
            qs = qs.filter(started_on__gte=start)
        qs = qs.select_related("person", "village").order_by("started_on", "id")
        return Trace(key, [Part("创业者", qs, ENTREPRENEUR, url=_entrepreneur_url)])
    if key in ("employment.loans", "employment.loan_amount", "employment.loans.repaid"):
        qs = rows(Loan, "village_path").filter(granted_on__gte=start, granted_on__lte=end)
        qs = qs.filter(Q(repaid=True) if key.endswith(".repaid") else Q())
        measure = "sum:amount" if key == "employment.loan_amount" else "count"
        qs = qs.select_related("entrepreneur__person").order_by("granted_on", "id")
        return Trace(
            key, [Part("贷款", qs, LOAN, measure, lambda loan: _entrepreneur_url(loan.entrepreneur))]
        )
    return None
