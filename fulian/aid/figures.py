"""The records behind each aid figure (fulian/core/traces.py): the active disbursements and the
applications `selectors.figures` counts, from the same querysets (`selectors.counted_rows`)."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.traces import Column, Part, Trace, person

from . import selectors

UNMASK = "people.unmask"

DISBURSEMENT_COLUMNS = (
    Column("发放日期", lambda d: d.paid_on),
    person("姓名", lambda d: d.person.name, unmask=UNMASK, path="village_path"),
    Column("救助项目", lambda d: d.programme.name),
    Column("发放形式", lambda d: d.get_kind_display()),
    Column("金额/折价(元)", lambda d: d.amount),
)
APPLICATION_COLUMNS = (
    Column("申请时间", lambda a: a.submitted_at.date() if a.submitted_at else None),
    person("姓名", lambda a: a.person.name, unmask=UNMASK, path="village_path"),
    Column("救助项目", lambda a: a.programme.name),
    Column("村(社区)", lambda a: a.village.name),
    Column("状态", lambda a: a.get_status_display()),
)


def _application_url(a) -> str:
    return reverse("aid:application", args=[a.pk])


def records(key: str, *, user, unit, start, end) -> Trace | None:
    disb, apps = selectors.counted_rows(user=user, unit=unit, start=start, end=end)
    disb = disb.select_related("person", "programme").order_by("paid_on", "id")
    parts = key.split(".")
    if key == "aid.applications":
        rows = apps.select_related("person", "programme", "village").order_by("submitted_at", "id")
        return Trace(key, [Part("救助申请", rows, APPLICATION_COLUMNS, "count", _application_url)])
    measure = {"persons": "distinct:person", "amount": "sum:amount", "count": "count"}.get(parts[1])
    if measure is None:
        return None
    if len(parts) == 3:
        if parts[2] in ("cash", "in_kind"):
            disb = disb.filter(kind=parts[2])
        else:
            disb = disb.filter(programme__code=parts[2])
    elif len(parts) != 2:
        return None
    return Trace(
        key,
        [Part("救助发放", disb, DISBURSEMENT_COLUMNS, measure, lambda d: _application_url(d.application))],
    )


def figure_label(key: str):
    """Labels of the per-programme 人次 (aid.count.<programme>); every other key as the summary names it."""
    from . import summary
    from .models import Programme

    if key.startswith("aid.count."):
        p = Programme.objects.filter(code=key.removeprefix("aid.count.")).first()
        return (f"{p.name}人次", "人次", "count") if p else None
    return summary.figure_label(key)
