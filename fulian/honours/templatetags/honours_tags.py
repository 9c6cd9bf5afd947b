"""{% load honours_tags %}{% honours_history person %}: the titles a person (or her family) holds, for the
registry's person page — 最美家庭 at village level, then town level, and so on; `honours_unit_history`
the titles and the 创建 of a village for its unit page; `nomination_files` a nomination's files."""

from django import template

from fulian.core.scoping import can, scope_for

from .. import selectors, selectors_creation
from ..capabilities import NOMINATE, VIEW
from ..forms_more import NominationFileForm
from ..models import Nomination

register = template.Library()


@register.inclusion_tag("honours/_history.html", takes_context=True)
def honours_history(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not scope_for(user).has(VIEW):
        return {"awards": []}
    return {"awards": list(selectors.person_history(user=user, person=person))}


@register.inclusion_tag("honours/_history.html", takes_context=True)
def honours_unit_history(context, unit):
    """The titles a village holds (巾帼示范村 …), for the organisation tree's unit page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not scope_for(user).has(VIEW):
        return {"awards": []}
    return {
        "awards": list(selectors.village_history(user=user, village=unit)),
        "creations": list(selectors_creation.village_creations(user=user, village=unit)),
    }


@register.inclusion_tag("honours/_files.html", takes_context=True)
def nomination_files(context, nomination):
    """The files of a nomination (the page is already scoped to it); the upload form and the delete
    buttons while it awaits its decision, for those who may nominate there."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    can_change = nomination.status == Nomination.Status.SUBMITTED and can(user, NOMINATE, nomination)
    return {
        "show": True,
        "n": nomination,
        "files": list(nomination.files.all()),
        "can_change": can_change,
        "form": NominationFileForm() if can_change else None,
        "csrf_token": context.get("csrf_token"),
    }
