"""The records behind each publicity figure (fulian/core/traces.py): the pieces written, and the
adoptions, from the same conditions as `selectors.figures`."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace

from .models import Adoption, Piece

CAP = "publicity.view"


def _piece_url(p) -> str:
    return reverse("publicity:piece_detail", args=[p.pk])


PIECE = (
    Column("撰写日期", lambda p: p.written_on),
    Column("类别", lambda p: p.get_kind_display()),
    Column("标题", lambda p: p.title),
    Column("作者", lambda p: p.authors),
    Column("单位", lambda p: p.unit.name),
)
ADOPTION = (
    Column("采用日期", lambda a: a.adopted_on),
    Column("渠道", lambda a: a.get_outlet_display()),
    Column("媒体名称", lambda a: a.outlet_name),
    Column("标题", lambda a: a.piece.title),
    Column("单位", lambda a: a.piece.unit.name),
)


def records(key: str, *, user, unit, start, end) -> Trace | None:
    if key == "publicity.pieces" or key.startswith("publicity.pieces."):
        qs = subtree_rows(user, Piece, CAP, unit).filter(
            unit_path__startswith=unit.path, written_on__gte=start, written_on__lte=end
        )
        if key != "publicity.pieces":
            qs = qs.filter(kind=key.rsplit(".", 1)[1])
        qs = qs.select_related("unit").order_by("written_on", "id")
        return Trace(key, [Part("稿件", qs, PIECE, url=_piece_url)])
    if key == "publicity.adopted" or key.startswith("publicity.adopted."):
        qs = subtree_rows(user, Adoption, CAP, unit).filter(
            piece__unit_path__startswith=unit.path, adopted_on__gte=start, adopted_on__lte=end
        )
        if key != "publicity.adopted":
            qs = qs.filter(outlet=key.rsplit(".", 1)[1])
        qs = qs.select_related("piece__unit").order_by("adopted_on", "id")
        return Trace(key, [Part("采用", qs, ADOPTION, url=lambda a: _piece_url(a.piece))])
    return None
