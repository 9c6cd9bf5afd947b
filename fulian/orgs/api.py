"""The organisation tree over the API (/api/v1/units/): the same scoping policy as the pages."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, ScopedAPIMixin

from .models import OrgUnit
from .selectors import unit_top_list

VIEW = "orgs.view"
TREE_MAX_DEPTH = 3
TREE_MAX_NODES = 5000


class OrgUnitSerializer(CleanModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    children_count = serializers.IntegerField(source="numchild", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "level",
            "level_display",
            "depth",
            "zone",
            "active_from",
            "active_until",
            "is_active",
            "children_count",
        ]
        read_only_fields = fields


class OrgUnitTreeSerializer(OrgUnitSerializer):
    children = serializers.SerializerMethodField()

    class Meta(OrgUnitSerializer.Meta):
        fields = [*OrgUnitSerializer.Meta.fields, "children"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, obj: OrgUnit) -> list[dict]:
        kids = self.context["children"].get(obj.path, [])
        return [OrgUnitTreeSerializer(k, context=self.context).data for k in kids]


PARENT = OpenApiParameter("parent", OpenApiTypes.INT, description="列出该组织的下级组织（组织ID）")
DEPTH = OpenApiParameter("depth", OpenApiTypes.INT, description=f"向下展开的层数，1–{TREE_MAX_DEPTH}，默认 2")


class OrgUnitViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """组织机构：不带参数时列出本人管辖范围的顶层组织；`?parent=ID` 列出下级组织。"""

    view_capability = VIEW
    queryset = OrgUnit.objects.all()
    serializer_class = OrgUnitSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("zone").order_by("path")

    def _children(self, unit: OrgUnit):
        return self.get_queryset().filter(path__startswith=unit.path, depth=unit.depth + 1)

    def _paginated(self, qs) -> Response:
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(parameters=[PARENT])
    def list(self, request: Request, *args, **kwargs) -> Response:
        parent = request.query_params.get("parent")
        if parent is None:
            return self._paginated(unit_top_list(user=request.user).select_related("zone"))
        if not parent.isdigit():
            raise ValidationError({"parent": ["parent 应为组织ID（整数）"]})
        unit = self.get_queryset().filter(pk=int(parent)).first()
        if unit is None:
            raise Http404("未找到该组织")
        return self._paginated(self._children(unit))

    @action(detail=True, methods=["get"])
    def children(self, request: Request, pk=None) -> Response:
        """该组织的直接下级组织（分页）。"""
        return self._paginated(self._children(self.get_object()))

    @extend_schema(parameters=[DEPTH], responses=OrgUnitTreeSerializer)
    @action(detail=True, methods=["get"], serializer_class=OrgUnitTreeSerializer, pagination_class=None)
    def tree(self, request: Request, pk=None) -> Response:
        """该组织及其下级组织的嵌套树，向下展开 depth 层（一次查询）。"""
        unit = self.get_object()
        raw = request.query_params.get("depth", "2")
        if not raw.isdigit() or not 1 <= int(raw) <= TREE_MAX_DEPTH:
            raise ValidationError({"depth": [f"depth 应为 1 到 {TREE_MAX_DEPTH} 之间的整数"]})
        nodes = list(
            self.get_queryset().filter(
                path__startswith=unit.path, depth__gt=unit.depth, depth__lte=unit.depth + int(raw)
            )[: TREE_MAX_NODES + 1]
        )
        if len(nodes) > TREE_MAX_NODES:
            raise ValidationError({"depth": [f"下级组织超过 {TREE_MAX_NODES} 个，请减小 depth 或逐级展开"]})
        children: dict[str, list[OrgUnit]] = {}
        for node in nodes:  # in path order, so each list stays in tree order
            children.setdefault(node.path[: -OrgUnit.steplen], []).append(node)
        context = {**self.get_serializer_context(), "children": children}
        return Response(OrgUnitTreeSerializer(unit, context=context).data)


def register(router) -> None:
    router.register("units", OrgUnitViewSet, basename="orgunit")
