"""Persons under /api/v1/persons/: list (same filters as the page), detail, create, update.

Same scoping and masking as the pages. Unmasking is not offered through the API: a full ID number is
disclosed only on the detail page, one record at a time, with the disclosure logged.
"""

from __future__ import annotations

from django.core.paginator import InvalidPage
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

from fulian.core.api import CleanModelSerializer, ScopedAPIMixin
from fulian.orgs.models import OrgUnit

from . import selectors, services
from .models import Person


class PersonSerializer(CleanModelSerializer):
    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True)
    mobile = serializers.CharField(write_only=True, required=False, allow_blank=True)
    id_number_masked = serializers.CharField(read_only=True)
    mobile_masked = serializers.CharField(read_only=True)
    gender = serializers.ChoiceField(choices=Person.Gender.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    village = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    group = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    village_name = serializers.CharField(source="village.name", read_only=True)
    age = serializers.IntegerField(read_only=True)
    is_minor = serializers.BooleanField(read_only=True)
    categories = serializers.SerializerMethodField()
    guardian = serializers.IntegerField(write_only=True, required=False, help_text="监护人的档案编号")

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "gender",
            "birth_date",
            "age",
            "is_minor",
            "id_number",
            "id_number_masked",
            "mobile",
            "mobile_masked",
            "village",
            "village_name",
            "group",
            "hukou_address",
            "residence_address",
            "ethnicity",
            "education",
            "employment",
            "categories",
            "guardian",
            "created_at",
            "updated_at",
        ]

    def get_categories(self, obj) -> list[str]:
        links = getattr(obj, "current_categories", None)
        if links is None:
            return []
        return [link.category.name for link in links]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.is_minor:  # minors' addresses are sensitive: never through the API
            data["residence_address"] = "***" if instance.residence_address else ""
        return data


PERSON_EXAMPLE = {
    "name": "王秀英",
    "gender": "F",
    "birth_date": "1985-03-08",
    "village": 1,
    "mobile": "13812345678",
    "residence_address": "青龙村三组",
}


@extend_schema_view(
    create=extend_schema(examples=[OpenApiExample("登记", value=PERSON_EXAMPLE, request_only=True)]),
    update=extend_schema(examples=[OpenApiExample("修改", value=PERSON_EXAMPLE, request_only=True)]),
    partial_update=extend_schema(
        examples=[OpenApiExample("更正住址", value={"residence_address": "青龙村五组"}, request_only=True)]
    ),
)
class PersonViewSet(
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """服务对象。列表支持 q（姓名/拼音/首字母/身份证号）、unit、category、age_band、gender、sort。
    相同姓名和出生日期的提示需传 confirm_similar=true 确认。"""

    view_capability = "people.view"
    change_capability = "people.change"
    queryset = Person.objects.all()
    serializer_class = PersonSerializer

    def get_queryset(self):
        if self.action == "list":
            filters = selectors.PersonFilters.from_mapping(self.request.query_params)
            return selectors.person_list_visible_to(user=self.request.user, filters=filters)
        return (
            selectors.person_base_visible_to(user=self.request.user)
            .select_related("village", "group")
            .prefetch_related(selectors.current_categories_prefetch(self.request.user))
        )

    def list(self, request, *args, **kwargs):
        """Through the list page's paginator (fulian.core.pagination): a count capped at
        selectors.COUNT_CAP (`count_capped` says when it stopped there), the page's keys from the indexes,
        then only its rows. DRF's page-number response shape; a page past the end is 404 as there."""
        filters = selectors.PersonFilters.from_mapping(request.query_params)
        paginator = selectors.person_list_paginator(
            user=request.user, filters=filters, per_page=api_settings.PAGE_SIZE, cap=selectors.COUNT_CAP
        )
        try:
            page = paginator.page(request.query_params.get("page") or 1)
        except InvalidPage as exc:
            raise NotFound("无效的页码") from exc
        url = request.build_absolute_uri()

        def link(number):
            return (
                remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)
            )

        return Response(
            {
                "count": paginator.count,
                "count_capped": paginator.capped,
                "next": link(page.next_page_number()) if page.has_next() else None,
                "previous": link(page.previous_page_number()) if page.has_previous() else None,
                "results": self.get_serializer(page.object_list, many=True).data,
            }
        )

    def _confirm(self) -> bool:
        return str(self.request.data.get("confirm_similar", "")).lower() in ("1", "true", "on")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        guardian_pk = data.pop("guardian", None)
        guardian = None
        if guardian_pk:
            guardian = selectors.person_base_visible_to(user=self.request.user).filter(pk=guardian_pk).first()
            if guardian is None:
                raise ValidationError({"guardian": ["未找到该监护人"]})
        person = services.person_create(
            user=self.request.user, data=data, guardian=guardian, confirm_similar=self._confirm()
        )
        serializer.instance = self.get_queryset().get(pk=person.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("guardian", None)
        for secret in ("id_number", "mobile"):
            if not data.get(secret):
                data.pop(secret, None)
        services.person_update(
            user=self.request.user, person=serializer.instance, data=data, confirm_similar=self._confirm()
        )
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


def register(router) -> None:
    router.register("persons", PersonViewSet, basename="person")
