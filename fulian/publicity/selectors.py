"""Reads of the publicity register, and the figures reports call."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from fulian.core.ledgers import merge_by_child, subtree_rows, unit_totals
from fulian.core.scoping import visible

from .models import Adoption, Kind, Outlet, Piece

if TYPE_CHECKING:
    from fulian.accounts.models import User
    from fulian.orgs.models import OrgUnit

CAP = "publicity.view"


@dataclass(frozen=True)
class PieceFilters:
    q: str = ""
    kind: str = ""
    outlet: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


def piece_list(*, user: User, filters: PieceFilters | None = None) -> QuerySet[Piece]:
    """Pieces the user may see, newest first, with how many outlets took each."""
    f = filters or PieceFilters()
    qs = visible(user, Piece, CAP).select_related("unit")
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(authors__icontains=f.q))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.outlet:
        qs = qs.filter(adoptions__outlet=f.outlet, adoptions__adopted_on__isnull=False)
    if f.start:
        qs = qs.filter(written_on__gte=f.start)
    if f.end:
        qs = qs.filter(written_on__lte=f.end)
    return qs.annotate(
        n_adopted=Count("adoptions", filter=Q(adoptions__adopted_on__isnull=False), distinct=True)
    ).order_by("-written_on", "-id")


def adoption_list(*, user: User, piece: Piece) -> QuerySet[Adoption]:
    return visible(user, Adoption, CAP).filter(piece=piece).order_by("submitted_on", "id")


PIECE_KEYS = ["publicity.pieces", *(f"publicity.pieces.{k}" for k in Kind.values)]
ADOPTION_KEYS = ["publicity.adopted", *(f"publicity.adopted.{o}" for o in Outlet.values)]
METRIC_KEYS = PIECE_KEYS + ADOPTION_KEYS


def figures(
    *, user: User, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False
) -> dict:
    """The publicity register's totals for a unit's subtree and a period, counted by the database.

    Metric keys:
    - publicity.pieces: pieces written by units of the subtree in the period; publicity.pieces.<kind>
      by kind (info, brief, press, video, feature);
    - publicity.adopted: adoptions in the period (an adoption is one outlet taking one piece, dated by
      its adoption day), of pieces of the subtree; publicity.adopted.<outlet> by outlet (county_fed,
      city_fed, province_fed, portal, daily, press, tv_county, tv_city, tv_province, new_media).
    Two queries (pieces, adoptions), plus one for the children with `group_by_child`.
    """
    pieces = unit_totals(
        subtree_rows(user, Piece, CAP, unit),
        path_field="unit_path",
        unit=unit,
        metrics={
            "publicity.pieces": Count("pk"),
            **{f"publicity.pieces.{k}": Count("pk", filter=Q(kind=k)) for k in Kind.values},
        },
        where=Q(written_on__range=(start, end)),
        group_by_child=group_by_child,
    )
    adoptions = unit_totals(
        subtree_rows(user, Adoption, CAP, unit),
        path_field="piece__unit_path",
        unit=unit,
        metrics={
            "publicity.adopted": Count("pk"),
            **{f"publicity.adopted.{o}": Count("pk", filter=Q(outlet=o)) for o in Outlet.values},
        },
        where=Q(adopted_on__range=(start, end)),
        group_by_child=group_by_child,
    )
    if group_by_child:
        return merge_by_child(unit, [pieces, adoptions], METRIC_KEYS)
    return {**pieces, **adoptions}


@dataclass(frozen=True)
class RankRow:
    unit: OrgUnit
    pieces: int
    adopted: int
    higher: int  # adopted by the city or province federation, or by a city or province TV station
    rank: int = 0


HIGHER = ("city_fed", "province_fed", "tv_city", "tv_province", "daily")


def unit_ranking(*, user: User, unit, start: datetime.date, end: datetime.date) -> list[RankRow]:
    """The sub-units of `unit` ranked by adoptions (then adoptions at city/province level, then pieces);
    equal rows share a rank. From the figures with `group_by_child` (three queries)."""
    from fulian.orgs.models import OrgUnit

    table = figures(user=user, unit=unit, start=start, end=end, group_by_child=True)
    units = OrgUnit.objects.in_bulk(list(table))
    rows = [
        RankRow(
            unit=units[pk],
            pieces=v["publicity.pieces"],
            adopted=v["publicity.adopted"],
            higher=sum(v[f"publicity.adopted.{o}"] for o in HIGHER),
        )
        for pk, v in table.items()
    ]
    rows.sort(key=lambda r: (-r.adopted, -r.higher, -r.pieces, r.unit.path))
    ranked: list[RankRow] = []
    for i, r in enumerate(rows):
        same = ranked and (ranked[-1].adopted, ranked[-1].higher, ranked[-1].pieces) == (
            r.adopted,
            r.higher,
            r.pieces,
        )
        ranked.append(RankRow(r.unit, r.pieces, r.adopted, r.higher, ranked[-1].rank if same else i + 1))
    return ranked


def author_counts(
    *, user: User, unit, start: datetime.date, end: datetime.date
) -> list[tuple[str, int, int]]:
    """(author, pieces, adoptions) for the pieces of the unit's subtree written in the period, most
    adopted first. A piece with two authors counts once for each of them."""
    pieces = (
        visible(user, Piece, CAP)
        .filter(unit_path__startswith=unit.path, written_on__range=(start, end))
        .annotate(n=Count("adoptions", filter=Q(adoptions__adopted_on__isnull=False)))
        .values_list("authors", "n")
    )
    written: Counter[str] = Counter()
    adopted: Counter[str] = Counter()
    for authors, n in pieces:
        for name in {a for a in authors.split("、") if a}:
            written[name] += 1
            adopted[name] += n
    return sorted(((a, written[a], adopted[a]) for a in written), key=lambda r: (-r[2], -r[1], r[0]))
