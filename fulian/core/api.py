"""The API's side of the scoping policy. Every API view derives from ScopedAPIMixin."""

from __future__ import annotations

from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied

from .replicas import reading_from_replica
from .scoping import POLICY_ATTR, can, scope_for, visible


class PolicyPermission(permissions.BasePermission):
    """401 for anonymous, 403 when the role grants the action nowhere (or not on this object)."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if not scope_for(request.user).has(view.capability_for(request)):
            raise PermissionDenied("您的角色无权执行此操作")
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        capability = view.capability_for(request)
        if not can(request.user, capability, obj):
            raise PermissionDenied("您的角色无权执行此操作")
        return True


class ScopedAPIMixin:
    """Queryset always filtered by the policy; objects outside the scope are 404.

    Set `view_capability` (reads) and optionally `change_capability` (writes) and `base_queryset()`.
    """

    view_capability: str = ""
    change_capability: str = ""
    permission_classes = [PolicyPermission]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.view_capability:
            setattr(cls, POLICY_ATTR, cls.view_capability)

    def capability_for(self, request) -> str:
        if request.method in permissions.SAFE_METHODS or not self.change_capability:
            return self.view_capability
        return self.change_capability

    def base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return visible(self.request.user, self.base_queryset(), self.view_capability)

    def dispatch(self, request, *args, **kwargs):
        """Lists are read from a replica when there is one (fulian/core/replicas.py)."""
        if getattr(self, "action_map", {}).get(request.method.lower()) == "list":
            return reading_from_replica()(super().dispatch)(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
