"""{% load resources_tags %}{% person_services person %}: the services handled for a person, for the
registry's person page — under the registry's scoping, and nothing for a protected party of domestic
violence (`selectors.protected_q`)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("resources/_person_services.html", takes_context=True)
def person_services(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"services": None}
    from fulian.core.scoping import scope_for

    if not scope_for(user).has("resources.view"):
        return {"services": None}
    return {"services": selectors.person_services(user=user, person=person)}
