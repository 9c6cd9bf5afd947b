"""The menu and the user menu for the base template, according to the user's capabilities."""

from .navigation import menu_for
from .scoping import scope_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": []}
    memberships = scope_for(user).memberships
    return {
        "nav_menu": menu_for(user, request.path),
        # The user menu: her name, the unit she works for (the first membership in tree order), and
        # every membership (unit · role) inside the drop-down.
        "nav_unit": memberships[0].unit.name if memberships else "",
        "nav_memberships": [(m.unit.name, m.get_role_display()) for m in memberships],
    }
