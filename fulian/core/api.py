"""The API's side of the scoping policy. Every API view derives from ScopedAPIMixin; every serializer
from CleanSerializer / CleanModelSerializer (text hygiene, `fulian.core.text`); rows with personal data
use DisclosedFieldsMixin / DisclosureViewMixin (the disclosure rule, `fulian.core.disclosure`). A related
record named by its id goes through ScopedRelatedField (only records in the caller's scope); a create that
writes through a service uses CreateWithServiceMixin. A service's ValidationError needs no conversion in a
view: the API's exception handler (`fulian.core.errors.api_exception_handler`) answers it with a 400."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from .disclosure import Disclosure
from .models import AccessLog
from .replicas import reading_from_replica
from .scoping import POLICY_ATTR, REFERENCE, can, instance_path, scope_for, visible
from .text import clean_text, is_name_field

if TYPE_CHECKING:  # what the mixins are mixed into, for the type checker only
    from rest_framework.generics import GenericAPIView

    _ViewBase = GenericAPIView
    _SerializerBase = serializers.Serializer
else:
    _ViewBase = _SerializerBase = object


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


class ScopedAPIMixin(_ViewBase):
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
        assert self.queryset is not None, "set queryset or override base_queryset()"
        return self.queryset.all()

    def get_queryset(self):
        return visible(self.request.user, self.base_queryset(), self.view_capability)

    def dispatch(self, request, *args, **kwargs):
        """Lists are read from a replica when there is one (fulian/core/replicas.py)."""
        if getattr(self, "action_map", {}).get(request.method.lower()) == "list":
            return reading_from_replica()(super().dispatch)(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class ReferenceAPIMixin(ScopedAPIMixin):
    """A reference list (registered with `scoping.reference_data`): readable by any user with a role."""

    view_capability = REFERENCE


class DisclosedFieldsMixin(_SerializerBase):
    """A serializer whose `disclosed_fields` ({field: mask function}) hold personal data: each row shows
    them in full only when the response's Disclosure (context["disclosure"], see `DisclosureViewMixin`)
    allows that row's own unit; otherwise the mask function's value (no Disclosure: always masked)."""

    disclosed_fields: dict = {}

    def disclosure_path(self, instance) -> str | None:
        return instance_path(instance)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        disclosure = self.context.get("disclosure")
        if disclosure is None or not disclosure.allows(self.disclosure_path(instance), key=instance.pk):
            for name, mask in self.disclosed_fields.items():
                if data.get(name):
                    data[name] = mask(data[name])
        return data


class DisclosureViewMixin(_ViewBase):
    """A viewset serving `DisclosedFieldsMixin` rows: one Disclosure per request for `disclose_capability`,
    and whatever it showed in full written to the access log when the response is finished."""

    disclose_capability: str = ""
    disclose_label: str = ""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "_disclosure", None) is None:
            self._disclosure = Disclosure(self.request.user, self.disclose_capability)
        context["disclosure"] = self._disclosure
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        disclosure = getattr(self, "_disclosure", None)
        if disclosure is not None and disclosure.shown and 200 <= response.status_code < 300:
            assert self.queryset is not None
            disclosure.log(
                action=AccessLog.Action.VIEW,
                target_type=self.queryset.model._meta.label_lower,
                target_label=self.disclose_label,
                detail=f"接口 {request.method} {request.path}",
            )
        return super().finalize_response(request, response, *args, **kwargs)


class CleanTextSerializerMixin(_SerializerBase):
    """Every writable text field's value passes `clean_text` after the field's own checks: control
    characters refused (400 naming the field), line breaks and tabs normalised, names without bidirectional
    or zero-width characters. A field without max_length (a TextField) keeps its line breaks. Passwords
    are left exactly as sent."""

    name_fields: tuple[str, ...] = ()

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        errors: dict[str, Any] = {}
        for field in self._writable_fields:
            if not isinstance(field, serializers.CharField) or field.source == "*":
                continue
            if field.style.get("input_type") == "password":
                continue
            container = value
            for attr in field.source_attrs[:-1]:
                container = container.get(attr) if isinstance(container, dict) else None
            key = field.source_attrs[-1]
            if not isinstance(container, dict) or not isinstance(container.get(key), str):
                continue
            assert field.field_name is not None  # a bound field
            try:
                container[key] = clean_text(
                    container[key],
                    multiline=field.max_length is None,
                    name=is_name_field(field.field_name) or field.field_name in self.name_fields,
                )
            except DjangoValidationError as exc:
                errors[field.field_name] = exc.messages
        if errors:
            raise serializers.ValidationError(errors)
        return value


class CleanSerializer(CleanTextSerializerMixin, serializers.Serializer):
    """A plain serializer with the project's text hygiene."""


class CleanModelSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    """A model serializer with the project's text hygiene."""


@extend_schema_field(OpenApiTypes.INT)
class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that must name an object the requesting user may see with the capability."""

    default_error_messages = {
        "does_not_exist": "编号为 {pk_value} 的记录不存在或不在您的管辖范围内",
        "incorrect_type": "应为记录编号（整数）",
        "required": "该字段为必填项",
    }

    def __init__(self, model=None, capability: str = "", **kwargs):
        self.model = model
        self.capability = capability
        super().__init__(**kwargs)

    def get_queryset(self):
        model = self.model
        if isinstance(model, str):
            model = apps.get_model(model)
        return visible(self.context["request"].user, model, self.capability)


class CreateWithServiceMixin(_ViewBase):
    """POST validates with the serializer, writes through `perform_service`, answers with the read form.
    A service's ValidationError becomes a 400 in the API's exception handler (`fulian.core.errors`)."""

    # The service function the POST writes through, called as service(user=request.user, **data); a view
    # whose call differs overrides perform_service instead.
    service: Any = None

    def perform_service(self, data: dict[str, Any]) -> Any:
        if type(self).service is None:
            raise NotImplementedError
        return type(self).service(user=self.request.user, **data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.perform_service(serializer.validated_data)
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)


class ScopedReadViewSet(
    ScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A list and a detail of one model, through the scoping policy (`view_capability`)."""


class ScopedCreateViewSet(CreateWithServiceMixin, mixins.CreateModelMixin, ScopedReadViewSet):
    """…and a create that writes through `service` (`change_capability` for the write)."""
