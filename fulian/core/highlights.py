"""Named highlights of the annual summary: the most significant records of a ledger, chosen by a rule the
ledger documents (participants, money, level …), and written as the genre writes an event — date, who
held it, partner bodies, place, title, then who took part and what was handed out:

    3月8日，联合镇卫生院在包台村开展“‘三八’义诊”，为120名妇女测量血压血糖。

`first_per_group` picks them in one query whatever the number of records; `event_text` writes one. The
activity, aid, care and health contributors use both (fulian/<app>/summary.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from .summary import day_text


def _ordering(fields: Sequence[str]):
    # NULLs last in both directions on both databases (PostgreSQL would put them first when descending).
    return [
        F(f[1:]).desc(nulls_last=True) if f.startswith("-") else F(f).asc(nulls_last=True) for f in fields
    ]


def first_per_group(qs: QuerySet, *, group: str, order: Sequence[str], n: int) -> dict:
    """{group value: [pk, …]}: the first `n` rows of each group in `order` (which must end with a unique
    field, e.g. "id", so that ties are broken the same way on every database). One query, a window
    function numbering the rows of each group."""
    ranked = (
        qs.order_by()
        .annotate(
            _group=F(group),
            _rank=Window(RowNumber(), partition_by=[F(group)], order_by=_ordering(order)),
        )
        .filter(_rank__lte=n)
        .values_list("_group", "pk", "_rank")
    )
    out: dict = {}
    for g, pk, _rank in sorted(ranked, key=lambda r: (str(r[0]), r[2])):
        out.setdefault(g, []).append(pk)
    return out


def first(qs: QuerySet, *, order: Sequence[str], n: int) -> list:
    """The first `n` records in `order` (the same rule as `first_per_group`, one group)."""
    return list(qs.order_by(*_ordering(order))[:n])


def event_text(
    i: int,
    *,
    day,
    title: str,
    own_unit,
    host: str = "",
    partners: Sequence[str] = (),
    place: str = "",
    tail: str = "",
    verb: str = "开展",
) -> str:
    """One record as the genre writes an event. `host` is the organiser when it is not the summary's own
    unit ("官渡镇妇联"); `tail` is who took part and what was handed out. The phrasing turns with `i` (the
    highlight's number in the summary) so that no sentence pattern repeats more than twice."""
    when = day_text(day)
    together = f"联合{'、'.join(partners)}" if partners else ""
    where = f"在{place}" if place else ""
    quoted = "“" + title.replace("“", "‘").replace("”", "’") + "”"
    rest = f"，{tail}" if tail else ""
    forms = [
        f"{when}，{host}{together}{where}{verb}{quoted}{rest}",
        f"{host or own_unit.name + '妇联'}于{when}{together}{where}举办{quoted}{rest}",
        f"{quoted}于{when}{where}举行" + (f"，{together}" if together else "") + rest,
    ]
    return forms[i % len(forms)] + "。"
