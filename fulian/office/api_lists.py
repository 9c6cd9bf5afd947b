"""Saved recipient lists (常用名单) under /api/v1/office/lists/, the twin of office:recipient_lists."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from fulian.core.api import CleanModelSerializer, CreateWithServiceMixin, ScopedAPIMixin, ScopedRelatedField
from fulian.core.roles import Role
from fulian.people.models import Category

from . import selectors, services
from .api import PeopleField
from .models import RecipientList

SEND = "office.notice_send"


class RecipientListSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", SEND)
    units = ScopedRelatedField("orgs.OrgUnit", SEND, many=True, required=False)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), required=False)
    people = PeopleField(many=True, required=False)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True, is_sensitive=False), required=False, allow_null=True
    )
    description = serializers.SerializerMethodField()

    class Meta:
        model = RecipientList
        fields = [
            "id", "unit", "name", "units", "subunits", "cadres", "roles", "people", "roster", "category",
            "description",
        ]  # fmt: skip
        validators = []  # the service names a list already saved under the name, in Chinese

    def get_description(self, obj: RecipientList) -> str:
        return selectors.describe_list(obj)


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "村妇联主席和名册",
                value={"unit": 1, "name": "各村妇联主席", "units": [1], "subunits": True, "cadres": True,
                       "roles": ["village_chair"], "roster": True},
                request_only=True,
            )
        ]
    )
)  # fmt: skip
class RecipientListViewSet(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Saved recipient lists of the caller's sending scope; resolved when a notice or message is sent."""

    view_capability = SEND
    change_capability = SEND
    queryset = RecipientList.objects.select_related("unit", "category").prefetch_related("units", "people")
    serializer_class = RecipientListSerializer

    def base_queryset(self):
        return self.queryset.order_by("unit_path", "name")

    def perform_service(self, data):
        return services.recipient_list_create(user=self.request.user, **data)
