"""Reads of the SMS platform, every one through the scoping policy (`core.scoping.visible`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fulian.core.ledgers import merge_by_child, subtree_rows, unit_totals
from fulian.core.scoping import visible
from fulian.office.models import RecipientList
from fulian.orgs.models import FederationMember, Membership
from fulian.people.models import Person, mobile_hash

from .models import Delivery, ListEntry, Message, SavedList, Template

if TYPE_CHECKING:
    from fulian.accounts.models import User

MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class Recipient:
    name: str
    phone: str
    phone_hash: str


def valid_mobile(phone: str) -> bool:
    return bool(MOBILE.match(phone or ""))


def message_list_visible_to(*, user: User) -> QuerySet[Message]:
    qs = Message.objects.select_related("unit", "created_by").annotate(
        n_total=Count("deliveries"),
        n_sent=Count(
            "deliveries", filter=Q(deliveries__status__in=[Delivery.Status.SENT, Delivery.Status.DELIVERED])
        ),
        n_failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    )
    return visible(user, qs, "sms.view").order_by("-created_at", "-id")


def template_list_visible_to(*, user: User, capability: str = "sms.view") -> QuerySet[Template]:
    return visible(user, Template.objects.select_related("unit"), capability)


def saved_list_visible_to(*, user: User, capability: str = "sms.view") -> QuerySet[SavedList]:
    return visible(user, SavedList.objects.select_related("unit").annotate(n=Count("entries")), capability)


def deliveries_of(*, user: User, message: Message) -> QuerySet[Delivery]:
    return visible(user, Delivery.objects.filter(message=message), "sms.view").order_by("id")


def progress(message: Message) -> dict[str, int]:
    """How many recipients are in each status, every status named (0 when none); `percent`: the share
    settled (sent, delivered, failed, opted out), rounded down so that 100 means every row is settled."""
    counts = dict(message.deliveries.values_list("status").annotate(n=Count("id")).order_by())
    out = {status: counts.get(status, 0) for status in Delivery.Status.values}
    out["total"] = total = sum(counts.values())
    settled = sum(out[s] for s in Delivery.FINAL)
    out["percent"] = settled * 100 // total if total else 0
    return out


def recipient_lists_for(*, user: User) -> QuerySet[RecipientList]:
    """The saved recipient lists (office's 常用名单) a sender may use."""
    return visible(user, RecipientList.objects.select_related("unit"), "sms.send").order_by("name", "id")


def _cadres(where: Q, roles: list[str] | None) -> list[tuple[str, str]]:
    """Active posts matching `where` (on the membership), of the roles (any when None)."""
    memberships = Membership.objects.filter(where, is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    memberships = memberships.select_related("user").order_by("unit__path", "id")
    return [(m.user.display_name or m.user.username, m.user.phone) for m in memberships]


def _roster(where: Q) -> list[tuple[str, str]]:
    """Roster entries (orgs.FederationMember) matching `where`, in post today."""
    today = timezone.localdate()
    members = FederationMember.objects.filter(where, term_start__lte=today).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=today)
    )
    return [(m.name, m.phone) for m in members]


def _category(where: Q, category) -> list[tuple[str, str]]:
    """Registry people matching `where` with the category now (not removed) and a mobile."""
    qs = Person.objects.filter(
        where,
        category_links__category=category,
        category_links__removed_on__isnull=True,
        mobile_hash__isnull=False,
    ).distinct()
    return [(p.name, p.mobile) for p in qs.only("name", "mobile")]


def _under(field: str, units, subunits: bool) -> Q:
    found = Q(pk__in=[])
    for unit in units:
        found |= Q(**{f"{field}__startswith": unit.path}) if subunits else Q(**{field: unit.path})
    return found


def _saved_selection(saved: RecipientList, path: str) -> list[tuple[str, str]]:
    """A saved recipient list resolved now, within the sending unit's subtree (`path`)."""
    units = list(saved.units.all()) or [saved.unit]
    inside = Q(unit__path__startswith=path)
    people: list[tuple[str, str]] = []
    if saved.cadres:
        people += _cadres(inside & _under("unit__path", units, saved.subunits), saved.roles or None)
    chosen = list(saved.people.values_list("pk", flat=True))
    if chosen:
        people += _cadres(inside & Q(user_id__in=chosen), None)
    if saved.roster:
        people += _roster(inside & _under("unit__path", units, saved.subunits))
    if saved.category_id:
        where = Q(village_path__startswith=path) & _under("village_path", units, saved.subunits)
        people += _category(where, saved.category)
    return people


def audience_of(message: Message) -> tuple[list[Recipient], int]:
    """The message's recipients within its unit's subtree, one per phone; and how many had no valid mobile."""
    path = message.unit_path
    people: list[tuple[str, str]]
    A = Message.Audience
    if message.audience == A.CADRES:
        people = _cadres(Q(unit__path__startswith=path), message.roles or [])
    elif message.audience == A.MEMBERS:
        people = _roster(Q(unit__path__startswith=path))
    elif message.audience == A.CATEGORY:
        people = _category(Q(village_path__startswith=path), message.category)
    elif message.audience == A.SAVED and message.recipient_list is not None:
        people = _saved_selection(message.recipient_list, path)
    else:
        entries = ListEntry.objects.filter(saved_list=message.saved_list)
        people = [(e.name, e.phone) for e in entries]
    seen: dict[str, Recipient] = {}
    invalid = 0
    for name, phone in people:
        phone = (phone or "").strip()
        if not valid_mobile(phone):
            invalid += 1
            continue
        key = mobile_hash(phone)
        seen.setdefault(key, Recipient(name, phone, key))
    return list(seen.values()), invalid


# --- figures (fulian/core/figures.py) ---------------------------------------------------------------

FIGURE_KEYS = ["sms.messages", "sms.recipients", "sms.delivered"]
STARTED = (Message.Status.SENDING, Message.Status.DONE)
REACHED = (Delivery.Status.SENT, Delivery.Status.DELIVERED)


def sent_messages(user: User, unit, start, end) -> QuerySet[Message]:
    """Messages of the subtree's units that started sending in the period (what the figures count)."""
    return subtree_rows(user, Message, "sms.view", unit).filter(
        unit_path__startswith=unit.path,
        status__in=STARTED,
        started_at__date__gte=start,
        started_at__date__lte=end,
    )


def reached(user: User, unit, start, end) -> QuerySet[Delivery]:
    """Recipients those messages reached (sent or delivered)."""
    return subtree_rows(user, Delivery, "sms.view", unit).filter(
        message__unit_path__startswith=unit.path,
        message__status__in=STARTED,
        message__started_at__date__gte=start,
        message__started_at__date__lte=end,
        status__in=REACHED,
    )


def figures(*, user: User, unit, start, end, group_by_child: bool = False) -> dict:
    """sms.messages: messages sent by units of the subtree in the period; sms.recipients: recipients they
    reached (sent or delivered); sms.delivered: of those, confirmed by a delivery receipt. Two queries."""
    period = Q(status__in=STARTED, started_at__date__gte=start, started_at__date__lte=end)
    messages = unit_totals(
        subtree_rows(user, Message, "sms.view", unit),
        path_field="unit_path",
        unit=unit,
        metrics={"sms.messages": Count("id")},
        where=period,
        group_by_child=group_by_child,
    )
    rows = unit_totals(
        subtree_rows(user, Delivery, "sms.view", unit),
        path_field="message__unit_path",
        unit=unit,
        metrics={
            "sms.recipients": Count("id"),
            "sms.delivered": Count("id", filter=Q(status=Delivery.Status.DELIVERED)),
        },
        where=Q(
            message__status__in=STARTED,
            message__started_at__date__gte=start,
            message__started_at__date__lte=end,
            status__in=REACHED,
        ),
        group_by_child=group_by_child,
    )
    if not group_by_child:
        return {**messages, **rows}
    return merge_by_child(unit, [messages, rows], FIGURE_KEYS)
