"""{% load honours_tags %}{% honours_history person %}: the titles a person (or her family) holds, for the
registry's person page — 最美家庭 at village level, then town level, and so on."""

from django import template

from fulian.core.scoping import scope_for

from .. import selectors
from ..capabilities import VIEW

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
    return {"awards": list(selectors.village_history(user=user, village=unit))}
