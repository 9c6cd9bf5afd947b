"""{% load aid_tags %}{% aid_history person %}: a person's aid history, for the registry's person page."""

from django import template

from fulian.core.formatting import money, wan

from .. import selectors

register = template.Library()


@register.inclusion_tag("aid/_person_history.html", takes_context=True)
def aid_history(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"history": None}
    from fulian.core.scoping import scope_for

    if not scope_for(user).has("aid.view"):
        return {"history": None}
    return {"history": selectors.person_aid_history(user=user, person=person), "person": person}


register.filter("money", money)
register.filter("wan", wan)
