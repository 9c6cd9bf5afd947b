"""Questionnaire pages: the builder, links and QR codes, results and export (staff); the public page
that a link opens without an account."""

from __future__ import annotations

import io
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulian.core.forms import post_text
from fulian.core.scoping import can, get_visible_or_404, policy, public, require, scope_for, visible
from fulian.core.spreadsheets.export import Book
from fulian.core.viewhelpers import pressed
from fulian.orgs.models import Level, OrgUnit
from fulian.orgs.selectors import units_granting, villages_under

from . import selectors, services
from .models import Link, Question, Questionnaire

VIEW, MANAGE = "surveys.view", "surveys.manage"


@policy(VIEW)
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    from fulian.assessment.models import Assessment

    scope = scope_for(request.user)
    items = visible(request.user, Questionnaire, VIEW).select_related("unit").order_by("-id")
    return render(
        request,
        "surveys/questionnaire_list.html",
        {
            "questionnaires": list(items[:200]),
            "can_manage": scope.has(MANAGE),
            "units": list(units_granting(user=request.user, capability=MANAGE, up_to_level=Level.TOWN)[:200]),
            "assessments": list(
                visible(request.user, Assessment, "assessment.manage").order_by("-year")[:50]
            ),
        },
    )


@policy(MANAGE)
@require_POST
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    from fulian.assessment.models import Assessment

    unit = get_visible_or_404(request.user, OrgUnit, MANAGE, pk=request.POST.get("unit") or 0)
    assessment = (
        visible(request.user, Assessment, "assessment.manage")
        .filter(pk=request.POST.get("assessment") or 0)
        .first()
    )
    written = pressed(
        request,
        lambda: services.questionnaire_create(
            user=request.user,
            unit=unit,
            title=post_text(request.POST, "title", label="问卷名称"),
            assessment=assessment,
            intro=post_text(request.POST, "intro", label="说明", multiline=True),
        ),
    )
    if written is None:
        return redirect("surveys:list")
    q = written.value
    return redirect("surveys:detail", q.pk)


def _questionnaire(request, pk: int) -> Questionnaire:
    return get_visible_or_404(
        request.user, Questionnaire.objects.select_related("unit", "assessment"), VIEW, pk=pk
    )


@policy(VIEW)
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    q = _questionnaire(request, pk)
    draws = []
    if q.assessment_id:
        draws = list(q.assessment.draws.filter(superseded_by__isnull=True))
    links = list(visible(request.user, q.links.all(), VIEW).select_related("village", "person")[:500])
    for link in links:
        link.url = request.build_absolute_uri(reverse("surveys:answer", args=[link.token]))
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {
            "q": q,
            "questions": list(q.questions.all()),
            "kinds": Question.Kind.choices,
            "links": links,
            "villages": list(villages_under(q.unit)),
            "draws": draws,
            "manage": can(request.user, MANAGE, q),
            "results": selectors.results(user=request.user, questionnaire=q),
        },
    )


@policy(MANAGE)
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    q = _questionnaire(request, pk)
    require(request.user, MANAGE, q)
    pressed(
        request,
        lambda: services.question_add(
            user=request.user,
            questionnaire=q,
            text=post_text(request.POST, "text", label="题目"),
            kind=request.POST.get("kind", ""),
            required=request.POST.get("required") == "1",
            options=post_text(request.POST, "options", label="选项").replace("，", ",").split(","),
        ),
    )
    return redirect("surveys:detail", q.pk)


def _expiry(value: str):
    if not value:
        return None
    try:
        d = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise ValidationError("有效期格式应为 年-月-日") from exc
    return timezone.make_aware(datetime.combine(d, time(23, 59, 59)))


@policy(MANAGE)
@require_POST
def links_create(request: HttpRequest, pk: int) -> HttpResponse:
    q = _questionnaire(request, pk)
    require(request.user, MANAGE, q)
    p = request.POST

    def make():
        expires = _expiry(p.get("expires", ""))
        if p.get("draw"):
            draw = q.assessment.draws.filter(pk=p.get("draw")).first() if q.assessment_id else None
            if draw is None:
                raise ValidationError("请选择本考核的抽取结果")
            return services.links_for_draw(user=request.user, questionnaire=q, draw=draw, expires_at=expires)
        village = OrgUnit.objects.filter(pk=p.get("village") or 0).first()
        if village is None:
            raise ValidationError("请选择村(社区)")
        count = int(p.get("count") or 1) if (p.get("count") or "1").isdigit() else 0
        uses = int(p.get("max_uses") or 1) if (p.get("max_uses") or "1").isdigit() else 0
        return services.links_create(
            user=request.user,
            questionnaire=q,
            village=village,
            count=count,
            max_uses=uses,
            expires_at=expires,
        )

    pressed(request, make, success=lambda made: f"已生成{len(made)}个链接")
    return redirect("surveys:detail", q.pk)


@policy(VIEW)
def link_qr(request: HttpRequest, pk: int) -> HttpResponse:
    import segno

    link = get_visible_or_404(request.user, Link, VIEW, pk=pk)
    url = request.build_absolute_uri(reverse("surveys:answer", args=[link.token]))
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=5, border=2)
    return HttpResponse(buf.getvalue(), content_type="image/svg+xml")


@policy(VIEW)
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    q = _questionnaire(request, pk)
    res = selectors.results(user=request.user, questionnaire=q)
    book = Book()
    sheet = book.sheet("满意度", widths=[24, 10, 12])
    sheet.row([q.title], bold=True)
    sheet.row(["村(社区)", "答卷数", "满意度(%)"], bold=True)
    for name, n, sat in res.by_village:
        sheet.row([name, n, float(sat) if sat is not None else None])
    sheet.row(["合计", res.responses, float(res.satisfaction) if res.satisfaction is not None else None])
    sheet = book.sheet("各题统计", widths=[40, 16, 8])
    sheet.row(["题目", "选项/分值", "人数"], bold=True)
    for r in res.questions:
        for k, v in r.counts.items():
            sheet.row([r.question.text, str(k), v])
    return book.response(q.title + "结果.xlsx")


@public
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire as opened from a link or QR code on a phone, without an account."""
    link = Link.objects.select_related("questionnaire", "village", "draw").filter(token=token).first()
    try:
        services.link_check(link)
    except services.LinkRefused as exc:
        return render(
            request, "surveys/answer_refused.html", {"reason": str(exc)}, status=410 if link else 404
        )
    questions = list(link.questionnaire.questions.all())
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.response_submit(token=token, data=request.POST)
            return render(request, "surveys/answer_done.html", {"q": link.questionnaire})
        except services.LinkRefused as exc:
            return render(request, "surveys/answer_refused.html", {"reason": str(exc)}, status=410)
        except ValidationError as exc:
            errors = exc.messages
            for x in questions:  # keep what she chose, so only the missing answers need filling in
                x.selected = request.POST.getlist(f"q{x.pk}")
    return render(
        request,
        "surveys/answer.html",
        {
            "link": link,
            "q": link.questionnaire,
            "questions": questions,
            "errors": errors,
            "posted": request.POST,
        },
    )
