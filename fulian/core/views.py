from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import pickers, tree
from .dashboard import compute_stats, feed_for
from .replicas import reading_from_replica
from .scoping import login_only, public, scope_for, visible

ORG_VIEW = "orgs.view"
MAX_SUBUNITS = 60  # a county has ~30 towns; beyond this the chart stops being readable


def _subunits(user, tops: list) -> list:
    """The direct children of the user's top units, in one query."""
    if not tops:
        return []
    cond = Q()
    for t in tops:
        cond |= Q(path__startswith=t.path, depth=t.depth + 1)
    return list(
        visible(user, tree.unit_model(), ORG_VIEW)
        .filter(cond)
        .filter(tree.active_q())
        .order_by("path")[:MAX_SUBUNITS]
    )


@login_only
@reading_from_replica()
def home(request: HttpRequest) -> HttpResponse:
    """The user's scope at a glance: units by level, her sub-units with counts, recent activity."""
    user = request.user
    scope = scope_for(user)
    ctx: dict = {"memberships": scope.memberships, "feed": feed_for(user, 10)}
    if scope.has(ORG_VIEW):
        tops = list(scope.units(ORG_VIEW))
        subunits = _subunits(user, tops)
        stats, table = compute_stats(user, subunits)
        ctx.update(
            tops=tops,
            level_counts=tree.level_counts(user=user),
            stats=stats,
            rows=[(u, [table[u.pk][s.key] for s in stats]) for u in subunits],
        )
        ctx["chart"] = {
            "units": [u.name for u in subunits],
            "series": [{"name": s.label, "data": [table[u.pk][s.key] for u in subunits]} for s in stats],
            "levels": [{"name": r["label"], "value": r["count"]} for r in ctx["level_counts"]],
        }
    ctx["has_chart"] = bool(ctx.get("rows") or ctx.get("level_counts"))
    return render(request, "core/home.html", ctx)


@public
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_only
def pick(request: HttpRequest, name: str) -> HttpResponse:
    """A picker's matches for the typed text (htmx partial): the source's rows for this user, which the
    scoping policy has already narrowed; 403 when her roles grant the source's capability nowhere."""
    try:
        src = pickers.source(name)
    except LookupError as exc:
        raise Http404("没有这种选择列表") from exc
    if not scope_for(request.user).has(src.capability):
        raise PermissionDenied("您的角色无权访问此页面")
    q = request.GET.get("q", "")
    params = {k: v for k, v in request.GET.items() if k != "q"}
    rows = pickers.results(user=request.user, name=name, q=q, params=params)
    return render(
        request, "core/widgets/picker_results.html", {"rows": rows, "q": q.strip(), "limit": pickers.RESULTS}
    )
