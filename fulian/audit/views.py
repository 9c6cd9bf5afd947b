"""The change history and the access log (capability "audit.view"; scoping in selectors.py)."""

from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fulian.core.labels import model_label
from fulian.core.models import AccessLog
from fulian.core.scoping import policy, visible
from fulian.core.viewhelpers import page_of

from . import selectors
from .diff import ACTION_LABELS, change_rows
from .forms import AccessFilterForm, ChangeFilterForm
from .links import object_links
from .selectors import CAPABILITY, Filters


def _filters(form) -> Filters | None:
    """The filters of a valid form; None (no rows, the errors shown) otherwise."""
    if not form.is_bound:
        return Filters()
    if not form.is_valid():
        return None
    return Filters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})


def _page(request: HttpRequest, qs):
    page = page_of(request, qs)
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@policy(CAPABILITY)
def change_list(request: HttpRequest) -> HttpResponse:
    form = ChangeFilterForm(request.GET or None, models=selectors.audited_models())
    filters = _filters(form)
    qs = selectors.change_list_visible_to(viewer=request.user, filters=filters or Filters())
    page, query = _page(request, qs if filters else qs.none())
    entries = list(page.object_list)
    rows = change_rows(entries)
    links = object_links(request.user, entries)
    items = [
        {
            "entry": e,
            "action": ACTION_LABELS.get(e.action, str(e.action)),
            "model": model_label(e.content_type.model_class()),
            "rows": rows.get(e.pk, []),
            "url": links.get(e.pk, ""),
        }
        for e in entries
    ]
    return render(
        request, "audit/change_list.html", {"form": form, "page": page, "items": items, "query": query}
    )


def _target_types(user) -> list[tuple[str, str]]:
    values = visible(user, AccessLog, CAPABILITY).order_by().values_list("target_type", flat=True).distinct()
    result = []
    for value in sorted(values):
        try:
            label = str(apps.get_model(value)._meta.verbose_name)
        except (LookupError, ValueError):
            label = value
        result.append((value, label))
    return result


@policy(CAPABILITY)
def access_list(request: HttpRequest) -> HttpResponse:
    form = AccessFilterForm(request.GET or None, target_types=_target_types(request.user))
    filters = _filters(form)
    qs = selectors.access_list_visible_to(viewer=request.user, filters=filters or Filters())
    page, query = _page(request, qs if filters else qs.none())
    labels = dict(form.fields["target_type"].choices)
    return render(
        request,
        "audit/access_list.html",
        {"form": form, "page": page, "query": query, "type_labels": labels},
    )
