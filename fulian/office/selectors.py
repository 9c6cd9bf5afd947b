"""Reads of the office app (documents, series, notices and receipts), and the figures reports call."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet

from fulian.core.ledgers import merge_by_child, subtree_rows, unit_totals
from fulian.core.roles import Role
from fulian.core.scoping import visible

from .models import Direction, Document, DocumentSeries, Notice, Receipt, RecipientList

if TYPE_CHECKING:
    from fulian.accounts.models import User

VIEW, CHANGE = "office.view", "office.change"
SEND, READ = "office.notice_send", "office.notice_read"


@dataclass(frozen=True)
class DocumentFilters:
    q: str = ""
    direction: str = ""
    year: int | None = None


def document_list(*, user: User, filters: DocumentFilters | None = None) -> QuerySet[Document]:
    """The documents register the user may see, newest first; `q` searches the number, the title, the
    sender and the recipients."""
    f = filters or DocumentFilters()
    qs = visible(user, Document, VIEW).select_related("unit")
    if f.q:
        qs = qs.filter(
            Q(number__icontains=f.q)
            | Q(title__icontains=f.q)
            | Q(source__icontains=f.q)
            | Q(recipients__icontains=f.q)
        )
    if f.direction:
        qs = qs.filter(direction=f.direction)
    if f.year:
        qs = qs.filter(dated_on__year=f.year)
    return qs.order_by("-dated_on", "-id")


def series_list(*, user: User, capability: str = VIEW) -> QuerySet[DocumentSeries]:
    return visible(user, DocumentSeries, capability).select_related("unit").order_by("unit_path", "prefix")


def inbox(*, user: User) -> QuerySet[Receipt]:
    """The user's own receipts, unread first, newest first."""
    return (
        visible(user, Receipt, READ)
        .filter(user=user)
        .select_related("notice__unit", "notice__sent_by")
        .order_by(F("read_at").asc(nulls_first=True), "-notice__sent_at", "-id")
    )


def unread_count(*, user: User) -> int:
    return visible(user, Receipt, READ).filter(user=user, read_at__isnull=True).count()


def notices_sent(*, user: User) -> QuerySet[Notice]:
    """Notices sent by units in the user's sending scope, with their receipt counts."""
    return (
        visible(user, Notice, SEND)
        .select_related("unit", "sent_by")
        .annotate(
            n_to=Count("receipts"),
            n_read=Count("receipts", filter=Q(receipts__read_at__isnull=False)),
            n_signed=Count("receipts", filter=Q(receipts__signed_up_at__isnull=False)),
        )
        .order_by("-sent_at", "-id")
    )


def receipts_of(*, user: User, notice: Notice) -> QuerySet[Receipt]:
    """Every receipt of the notice (for its senders and the units above): unread first."""
    return (
        visible(user, Receipt, SEND)
        .filter(notice=notice)
        .select_related("user", "unit")
        .order_by(F("read_at").asc(nulls_first=True), "unit__path", "id")
    )


METRIC_KEYS = ["office.sent", "office.received", "office.notices", "office.meetings"]


def figures(
    *, user: User, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False
) -> dict:
    """The office's totals for a unit's subtree and a period, counted by the database.

    Metric keys:
    - office.sent / office.received: documents sent out (numbered) / received by units of the subtree,
      dated in the period;
    - office.notices / office.meetings: in-app notices / meeting notices sent by units of the subtree in
      the period.
    Two queries, plus one for the children with `group_by_child`.
    """
    docs = unit_totals(
        subtree_rows(user, Document, VIEW, unit),
        path_field="unit_path",
        unit=unit,
        metrics={
            "office.sent": Count("pk", filter=Q(direction=Direction.SENT)),
            "office.received": Count("pk", filter=Q(direction=Direction.RECEIVED)),
        },
        where=Q(dated_on__range=(start, end)),
        group_by_child=group_by_child,
    )
    notices = unit_totals(
        subtree_rows(user, Notice, SEND, unit),
        path_field="unit_path",
        unit=unit,
        metrics={"office.notices": Count("pk"), "office.meetings": Count("pk", filter=Q(kind="meeting"))},
        where=Q(sent_at__date__range=(start, end)),
        group_by_child=group_by_child,
    )
    if group_by_child:
        return merge_by_child(unit, [docs, notices], METRIC_KEYS)
    return {**docs, **notices}


def recipient_lists(*, user: User, capability: str = "office.notice_send") -> QuerySet[RecipientList]:
    """The saved recipient lists of the user's scope, with their units, people and category."""
    return (
        visible(user, RecipientList, capability)
        .select_related("unit", "category")
        .prefetch_related("units", "people")
        .order_by("unit_path", "name")
    )


def describe_list(saved: RecipientList) -> str:
    """What a list selects, in words: 竹峪镇及下级单位的村(社区)妇联主席；名册；指定2人."""
    units = "、".join(u.name for u in saved.units.all()) or saved.unit.name
    where = f"{units}{'及下级单位' if saved.subunits else ''}"
    parts = []
    if saved.cadres:
        roles = "、".join(str(Role(r).label) for r in saved.roles if r in Role.values) or "全部干部"
        parts.append(f"{where}的{roles}")
    if saved.people.all():
        parts.append(f"指定{len(saved.people.all())}人")
    if saved.roster:
        parts.append(f"{where}的妇联执委/成员名册（仅短信）")
    if saved.category is not None:
        parts.append(f"{where}的{saved.category.name}（仅短信）")
    return "；".join(parts)
