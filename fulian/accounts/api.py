"""The current user over the API (/api/v1/me/, her tokens at /api/v1/me/tokens/) and token login
(/api/v1/token/: a new expiring token each time, docs/security.md)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, CleanSerializer
from fulian.core.scoping import POLICY_ATTR

from . import services
from .lockout import lockout_message
from .models import ApiToken, User
from .selectors import tokens_of


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
    name = serializers.CharField(
        label="令牌名称",
        max_length=50,
        required=False,
        allow_blank=True,
        help_text="例如“统计脚本”，便于日后识别和撤销",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="只在此时返回一次，请妥善保存")
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)


class TokenViewSet(viewsets.GenericViewSet):
    """用用户名和密码换取一个新的 API 令牌（请求头 `Authorization: Bearer <令牌>`）。

    每次调用都发放一个新令牌，令牌只在响应中出现一次，服务器只保存其哈希值；令牌在 `expires_at` 过期，
    修改密码、账号停用或本人/管理员撤销后立即作废（401）。连续失败会被锁定。
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer},
        examples=[
            OpenApiExample(
                "换取令牌",
                value={"username": "zhuyu_chair", "password": "******", "name": "统计脚本"},
                request_only=True,
            )
        ],
    )
    def create(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # axes watches the plain Django request: its middleware turns a lockout into a 429.
        django_request = request._request
        credentials = {k: data.validated_data[k] for k in ("username", "password")}
        user = authenticate(django_request, **credentials)
        if user is None:
            if getattr(django_request, "axes_locked_out", False):
                return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            return Response({"detail": "用户名或密码不正确"}, status=status.HTTP_400_BAD_REQUEST)
        # A refusal of the service (an inactive account, too many tokens) is answered by the API's one
        # exception handler (fulian.core.errors): 400 with the messages under non_field_errors.
        token, key = services.token_issue(user=user, name=data.validated_data.get("name", ""))
        return Response({"token": key, "id": token.pk, "name": token.name, "expires_at": token.expires_at})


setattr(TokenViewSet, POLICY_ATTR, "public")


class ApiTokenSerializer(CleanModelSerializer):
    state = serializers.CharField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at", "state"]
        read_only_fields = fields


class MyTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """本人的 API 令牌（不含令牌本身）；DELETE 撤销一个令牌。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ApiTokenSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return ApiToken.objects.none()
        return tokens_of(user=self.request.user)

    def perform_destroy(self, instance: ApiToken) -> None:
        services.token_revoke(actor=self.request.user, token=instance)


setattr(MyTokenViewSet, POLICY_ATTR, "authenticated")


def register(router) -> None:
    router.register("me/tokens", MyTokenViewSet, basename="me-token")
    router.register("me", MeViewSet, basename="me")
    router.register("token", TokenViewSet, basename="token")
