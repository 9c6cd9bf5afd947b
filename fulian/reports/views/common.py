"""What the reports pages share: the unit-and-period form, the out-of-scope unit check, the query string."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest

from fulian.core.scoping import get_visible_or_404

from ..forms import PeriodForm


def _period_form(request: HttpRequest) -> PeriodForm:
    """The unit-and-period form; on arrival (nothing asked yet) this year for the user's first unit."""
    form = PeriodForm(request.GET or None, user=request.user)
    if not form.is_bound:
        form = PeriodForm(
            {"unit": form.fields["unit"].initial, "kind": "year", "year": form.fields["year"].initial},
            user=request.user,
        )
    return form


def _unit_param_or_404(request: HttpRequest, capability: str) -> None:
    """A unit asked for by id outside the user's scope does not exist for her: 404, not a form error."""
    from fulian.orgs.models import OrgUnit

    raw = request.GET.get("unit") or request.POST.get("unit")
    if raw:
        get_visible_or_404(request.user, OrgUnit, capability, pk=raw)


def _query(form: PeriodForm) -> str:
    """The form's question as a query string, for links that must ask the same (export, figure pages)."""
    return urlencode(
        {name: form.data.get(name) for name in form.fields if form.data.get(name) not in (None, "")}
    )
