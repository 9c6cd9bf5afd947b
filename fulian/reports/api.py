"""Statistics and summary drafts as JSON under /api/v1/reports/…, through the same policy as the pages."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, CleanSerializer, ScopedAPIMixin
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.scoping import get_visible_or_404
from fulian.core.summary import figure_keys, plain
from fulian.orgs.models import OrgUnit

from . import services
from .models import SummaryDraft, SummaryParagraph, SummaryStatus


def _json(value):
    return float(value) if hasattr(value, "as_tuple") else value


class PeriodQuery(CleanSerializer):
    unit = serializers.IntegerField(label="单位")
    kind = serializers.ChoiceField(
        label="期间", choices=["year", "half", "quarter", "month", "custom"], default="year"
    )
    year = serializers.IntegerField(label="年度", min_value=2000, max_value=2100)
    n = serializers.IntegerField(label="第几", required=False, min_value=1, max_value=12)
    start = serializers.DateField(label="开始日期", required=False)
    end = serializers.DateField(label="结束日期", required=False)

    def validate(self, attrs):
        try:
            attrs["period"] = Period.parse(
                attrs["kind"], attrs["year"], attrs.get("n"), attrs.get("start"), attrs.get("end")
            )
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        return attrs


class StatsViewSet(ScopedAPIMixin, viewsets.ViewSet):
    """统计数字：某单位某期间的全部台账数字、去年同期和各下级单位的数字。"""

    view_capability = "reports.view"

    @extend_schema(
        parameters=[
            OpenApiParameter(n, t)
            for n, t in (
                ("unit", OpenApiTypes.INT),
                ("kind", OpenApiTypes.STR),
                ("year", OpenApiTypes.INT),
                ("n", OpenApiTypes.INT),
                ("start", OpenApiTypes.DATE),
                ("end", OpenApiTypes.DATE),
            )
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def list(self, request: Request) -> Response:
        q = PeriodQuery(data=request.query_params)
        q.is_valid(raise_exception=True)
        unit = get_visible_or_404(request.user, OrgUnit, "reports.view", pk=q.validated_data["unit"])
        period = q.validated_data["period"]
        children = list(OrgUnit.objects.get_children(unit).filter(active_until__isnull=True).order_by("path"))
        by_child = (
            collect(user=request.user, unit=unit, period=period, group_by_child=True) if children else {}
        )
        return Response(
            {
                "unit": {"id": unit.pk, "name": unit.name, "code": unit.code},
                "period": {"start": period.start, "end": period.end, "label": period.label},
                "figures": {
                    k: _json(v) for k, v in collect(user=request.user, unit=unit, period=period).items()
                },
                "previous": {
                    k: _json(v)
                    for k, v in collect(user=request.user, unit=unit, period=period.previous_year()).items()
                },
                "children": [
                    {
                        "id": c.pk,
                        "name": c.name,
                        "figures": {k: _json(v) for k, v in by_child.get(c.pk, {}).items()},
                    }
                    for c in children
                ],
            }
        )


class ParagraphSerializer(CleanModelSerializer):
    text = serializers.SerializerMethodField()
    figure_keys = serializers.SerializerMethodField()

    class Meta:
        model = SummaryParagraph
        fields = [
            "id",
            "key",
            "part",
            "area",
            "heading",
            "order",
            "text",
            "is_edited",
            "is_stale",
            "figure_keys",
        ]
        read_only_fields = fields

    def get_text(self, obj) -> str:
        return obj.edited_text if obj.is_edited else plain(obj.generated_text)

    def get_figure_keys(self, obj) -> list[str]:
        return [] if obj.is_edited else figure_keys(obj.generated_text)


class SummarySerializer(CleanModelSerializer):
    paragraphs = ParagraphSerializer(many=True, read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = SummaryDraft
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "period_start",
            "period_end",
            "title",
            "signature",
            "signed_on",
            "status",
            "progress",
            "error",
            "generated_at",
            "paragraphs",
        ]
        read_only_fields = fields


class SummaryCreateSerializer(CleanSerializer):
    unit = serializers.IntegerField(label="单位")
    kind = serializers.ChoiceField(label="总结类型", choices=["annual", "half"], default="annual")
    year = serializers.IntegerField(label="年度", min_value=2000, max_value=2100)
    half = serializers.IntegerField(label="上/下半年", required=False, min_value=1, max_value=2)


class RegenerateSerializer(CleanSerializer):
    keep_edits = serializers.BooleanField(label="保留修改过的段落", required=False, default=True)


class HeaderSerializer(CleanSerializer):
    title = serializers.CharField(label="标题", max_length=200)
    signature = serializers.CharField(label="落款", max_length=100)
    signed_on = serializers.DateField(label="成文日期")


class SummaryViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """工作总结初稿：列表、详情（含段落与引用数字），以及按台账生成新初稿。

    县级及以上单位的总结在后台生成：创建后返回 202，`status` 为 `pending`，`progress` 为 0–99；
    之后 GET 详情查看 `status`/`progress`，直到 `ready`（段落齐全）或 `failed`/`cancelled`（`error` 说明原因，
    可 `retry/`）。乡镇及以下单位的总结当场生成，返回 201。"""

    view_capability = "reports.summary"
    change_capability = "reports.summary"
    queryset = SummaryDraft.objects.select_related("unit").prefetch_related("paragraphs")
    serializer_class = SummarySerializer

    def _answer(self, draft: SummaryDraft, created: bool = False) -> Response:
        draft = self.get_queryset().get(pk=draft.pk)
        if draft.status == SummaryStatus.PENDING:
            code = status.HTTP_202_ACCEPTED
        else:
            code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(SummarySerializer(draft).data, status=code)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        services.summary_jobs_fail_stale()  # a generation whose worker died reads as failed, as on the page
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=SummaryCreateSerializer,
        responses={201: SummarySerializer, 202: SummarySerializer},
        examples=[
            OpenApiExample("年度总结", value={"unit": 1, "kind": "annual", "year": 2026}, request_only=True)
        ],
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        s = SummaryCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        unit = get_visible_or_404(request.user, OrgUnit, "reports.summary", pk=s.validated_data["unit"])
        y = s.validated_data["year"]
        kind = s.validated_data["kind"]
        period = Period.half(y, s.validated_data.get("half") or 1) if kind == "half" else Period.year(y)
        draft = services.summary_create(user=request.user, unit=unit, period=period, kind=kind)
        return self._answer(draft, created=True)

    def _step(self, fn, **kwargs) -> Response:
        draft = fn(user=self.request.user, draft=self.get_object(), **kwargs)
        return self._answer(draft)

    @extend_schema(
        request=RegenerateSerializer,
        responses={200: SummarySerializer, 202: SummarySerializer},
        examples=[OpenApiExample("保留修改", value={"keep_edits": True}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def regenerate(self, request: Request, pk=None) -> Response:
        """按最新台账数据重新生成（默认保留修改过的段落）。与创建相同：县级及以上单位的总结在后台重新生成，
        返回 202（`status` 为 `pending`），之后 GET 详情查看进度；乡镇及以下当场生成，返回 200。
        正在生成中的总结不能再次重新生成（返回 400）。"""
        body = RegenerateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(
            services.summary_regenerate, keep_edits=body.validated_data["keep_edits"], background=None
        )

    @extend_schema(request=None, responses=SummarySerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        """取消正在后台生成的总结。"""
        return self._step(services.summary_cancel)

    @extend_schema(request=None, responses={202: SummarySerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk=None) -> Response:
        """生成失败或取消后重新排队生成。"""
        return self._step(services.summary_retry)

    @extend_schema(
        request=HeaderSerializer,
        responses=SummarySerializer,
        examples=[
            OpenApiExample(
                "标题和落款",
                value={"title": "2026年度工作总结", "signature": "竹峪镇妇联", "signed_on": "2027-01-10"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def header(self, request: Request, pk=None) -> Response:
        body = HeaderSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(services.summary_update_header, **body.validated_data)


def register(router) -> None:
    router.register("reports/stats", StatsViewSet, basename="report-stats")
    router.register("reports/summaries", SummaryViewSet, basename="report-summary")
    from .figure_records import FigureRecordsViewSet
    from .verify_views import SummaryCheckViewSet

    router.register("reports/figure-records", FigureRecordsViewSet, basename="report-figure-records")
    router.register("reports/summary-checks", SummaryCheckViewSet, basename="report-summary-check")
