"""The current user over the API (/api/v1/me/) and token login (/api/v1/token/)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, CleanSerializer
from fulian.core.scoping import POLICY_ATTR

from .lockout import lockout_message
from .models import User


class MembershipSerializer(CleanSerializer):
    id = serializers.IntegerField(read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True, allow_null=True)
    role = serializers.CharField(read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)


class MeSerializer(CleanModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "display_name", "phone", "is_superuser"]
        read_only_fields = fields


class _SingleObjectSchema(AutoSchema):
    """`/me/` answers one object although it is the viewset's list route."""

    def _is_list_view(self, serializer=None) -> bool:
        if getattr(self.view, "action", None) == "list":
            return False
        return super()._is_list_view(serializer)


class MeViewSet(viewsets.GenericViewSet):
    """当前登录用户本人及其有效任职。任何已登录用户都可访问，只返回她自己的数据。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MeSerializer
    schema = _SingleObjectSchema()

    def get_queryset(self):
        return (
            self.request.user.memberships.filter(is_active=True)
            .select_related("unit")
            .order_by("unit__path", "role")
        )

    @extend_schema(responses=MeSerializer)
    def list(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @action(detail=False, methods=["get"], serializer_class=MembershipSerializer)
    def memberships(self, request: Request) -> Response:
        """本人的有效任职（分页）。"""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)


setattr(MeViewSet, POLICY_ATTR, "authenticated")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class TokenViewSet(viewsets.GenericViewSet):
    """用用户名和密码换取 API 令牌（请求头 `Authorization: Token <令牌>`）。连续失败会被锁定。"""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def create(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # axes watches the plain Django request: its middleware turns a lockout into a 429.
        django_request = request._request
        user = authenticate(django_request, **data.validated_data)
        if user is None:
            if getattr(django_request, "axes_locked_out", False):
                return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            return Response({"detail": "用户名或密码不正确"}, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


setattr(TokenViewSet, POLICY_ATTR, "public")


def register(router) -> None:
    router.register("me", MeViewSet, basename="me")
    router.register("token", TokenViewSet, basename="token")
