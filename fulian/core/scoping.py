"""The one scoping policy: which rows may this user see, and what may she do with them.

Every list, detail, edit, export, search, report and API call asks this module. Nothing else filters by
organisation.

- A user holds memberships (unit + role). A role grants capabilities (`fulian.core.roles`); a membership
  grants them on its unit's whole subtree, found by materialized-path prefix (`OrgUnit.path`).
- A model takes part by naming the path of the unit it belongs to: `scope_path_field = "village__path"`.
  Models with finer rules (cases seen only by their assigned workers, pairings by their volunteer) register
  a rule with `@scope_rule(Model)`; the rule receives the Scope and the capability and returns a queryset.
  Reference lists that belong to no unit (activity types, hospitals) register with `reference_data(Model)`:
  any user whose role grants the capability somewhere reads all of them (`REFERENCE`: every role).
- Outside the scope is a 404 (the object does not exist for her); a visible object whose action her role
  does not grant is a 403 (`require`). A user whose roles grant a page's capability nowhere gets 403.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

    # The policy is asked about the request's user, anonymous or not. (The project's user model is
    # accounts.User, an AbstractUser; core sits below accounts and does not import it.)
    AnyUser = AbstractUser | AnonymousUser

from . import tree
from .roles import role_grants

ScopeRuleFn = Callable[["Scope", models.QuerySet, str], models.QuerySet]
_RULES: dict[type[models.Model], ScopeRuleFn] = {}


def collapse_paths(paths: Iterable[str]) -> tuple[str, ...]:
    """Drop every path already covered by a shorter prefix in the set, so filters stay minimal."""
    kept: list[str] = []
    for p in sorted(set(paths)):
        if not kept or not p.startswith(kept[-1]):
            kept.append(p)
    return tuple(kept)


class Scope:
    """What one user may reach, computed once per request from her memberships."""

    def __init__(self, user: AnyUser) -> None:
        self.user = user
        self.is_authenticated = bool(getattr(user, "is_authenticated", False))
        self.is_superuser = self.is_authenticated and user.is_active and user.is_superuser
        self.memberships = []
        if self.is_authenticated and user.is_active:
            self.memberships = list(
                tree.membership_model()
                .objects.filter(user=user, is_active=True)
                .select_related("unit")
                .order_by("unit__path")
            )
        self._paths: dict[str, tuple[str, ...]] = {}

    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles() & set(roles))

    def paths(self, capability: str) -> tuple[str, ...]:
        """Tree paths under which the capability holds (empty for a superuser: see `everywhere`)."""
        if capability not in self._paths:
            self._paths[capability] = collapse_paths(
                m.unit.path
                for m in self.memberships
                if role_grants(m.role, capability) and m.unit.active_until is None
            )
        return self._paths[capability]

    def everywhere(self, capability: str) -> bool:
        return self.is_superuser

    def has(self, capability: str) -> bool:
        """Whether the capability holds anywhere at all (the page-level check)."""
        return self.everywhere(capability) or bool(self.paths(capability))

    def q(self, capability: str, path_field: str = "path") -> Q:
        """A filter selecting rows whose unit path lies under one of the user's grants."""
        if self.everywhere(capability):
            return Q()
        paths = self.paths(capability)
        if not paths:
            return Q(pk__in=[])
        q = Q()
        for p in paths:
            q |= Q(**{f"{path_field}__startswith": p})
        return q

    def covers(self, capability: str, path: str | None) -> bool:
        """Whether the capability holds on the unit at `path` (a row's own unit).

        The grant paths are computed once per request and kept sorted with no path under another, so the
        only grant that can be a prefix of `path` is the greatest one not after it: one binary search per
        row, however many memberships she holds. Exports and API lists ask this for every row."""
        if self.everywhere(capability):
            return True
        if not path:
            return False
        paths = self.paths(capability)
        i = bisect_right(paths, path)
        return i > 0 and path.startswith(paths[i - 1])

    def units(self, capability: str):
        """The top units of the user's grants for the capability (her 'home' units), in tree order."""
        units = tree.unit_model().objects
        if self.everywhere(capability):
            return units.get_root_nodes()
        return units.filter(path__in=self.paths(capability)).order_by("path")


def scope_for(user: AnyUser) -> Scope:
    """The user's Scope, cached on the user object for the rest of the request."""
    cached = getattr(user, "_fulian_scope", None)
    if cached is None:
        cached = Scope(user)
        with suppress(AttributeError):  # an object that refuses attributes just recomputes
            user._fulian_scope = cached  # type: ignore[union-attr]
    return cached


def forget_scope(user: AnyUser) -> None:
    """Call after changing a user's memberships within the same request or test."""
    if hasattr(user, "_fulian_scope"):
        del user._fulian_scope


def scope_rule(model: type[models.Model]):
    """Register a model-specific rule: fn(scope, queryset, capability) -> queryset."""

    def deco(fn: ScopeRuleFn) -> ScopeRuleFn:
        _RULES[model] = fn
        return fn

    return deco


REFERENCE = "reference.view"


def reference_data(model: type[models.Model]) -> type[models.Model]:
    """Register a reference list: rows that belong to no unit of the tree (activity types, hospitals …).

    Reading them (`REFERENCE`, granted to every role, or any other capability) needs only that the
    capability holds somewhere; there is no row-level scope. Apps call it from AppConfig.ready().
    """

    def rule(scope: Scope, qs: models.QuerySet, capability: str) -> models.QuerySet:
        return qs if scope.has(capability) else qs.none()

    scope_rule(model)(rule)
    return model


def _path_field(model: type[models.Model]) -> str:
    field = getattr(model, "scope_path_field", None)
    if field is None:
        raise ImproperlyConfigured(
            f"{model.__name__} has neither scope_path_field nor a registered scope rule"
        )
    return field


def visible(
    user: AnyUser, qs_or_model: models.QuerySet | type[models.Model], capability: str
) -> models.QuerySet:
    """The rows of a queryset (or model) that the user may reach with the capability."""
    qs = qs_or_model._default_manager.all() if isinstance(qs_or_model, type) else qs_or_model
    scope = scope_for(user)
    rule = _RULES.get(qs.model)
    if rule is not None:
        return rule(scope, qs, capability)
    return qs.filter(scope.q(capability, _path_field(qs.model)))


def instance_path(obj: models.Model) -> str | None:
    """The tree path of the unit an object belongs to (its model's `scope_path_field`)."""
    value: Any = obj
    for part in _path_field(type(obj)).split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def can(user: AnyUser, capability: str, obj: models.Model) -> bool:
    """Whether the user may perform the capability on this object."""
    scope = scope_for(user)
    if type(obj) in _RULES:
        return visible(user, type(obj)._default_manager.filter(pk=obj.pk), capability).exists()
    return scope.covers(capability, instance_path(obj))


def get_visible_or_404(user: AnyUser, qs_or_model, capability: str, **lookup):
    """Fetch one object the user may see, or 404: outside her scope it does not exist for her."""
    try:
        return visible(user, qs_or_model, capability).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("该记录不存在或不在您的管辖范围内") from exc


def require(user: AnyUser, capability: str, obj: models.Model | None = None) -> None:
    """403 unless the user may perform the capability (on the object, if given)."""
    scope = scope_for(user)
    allowed = can(user, capability, obj) if obj is not None else scope.has(capability)
    if not allowed:
        raise PermissionDenied("您的角色无权执行此操作")


# --- views ---------------------------------------------------------------------------------------

POLICY_ATTR = "fulian_policy"


def policy(capability: str):
    """Mark a view as governed by the policy: login required, and 403 unless the capability holds
    somewhere. Objects must then be fetched with `get_visible_or_404` (404 outside the scope)."""

    def deco(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not scope_for(request.user).has(capability):
                raise PermissionDenied("您的角色无权访问此页面")
            return view(request, *args, **kwargs)

        setattr(wrapped, POLICY_ATTR, capability)
        return wrapped

    return deco


def login_only(view):
    """A view open to any logged-in user; what it shows must still come through `visible()`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    setattr(wrapped, POLICY_ATTR, "authenticated")
    return wrapped


def public(view):
    """A view deliberately open without login (login page, questionnaire links, health check)."""
    setattr(view, POLICY_ATTR, "public")
    return view
