"""Assessment pages: rubrics (versions, categories, items), the assessment with its settings, groups,
audit sheets and scoring, cross-checks (printable), draws, zone meetings, results, publication, appeals
and exports."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.accounts.models import User
from fulian.core.roles import Role
from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for, visible
from fulian.orgs.models import Level, OrgUnit, Zone

from . import exports, selectors, services
from .models import (
    Appeal,
    Assessment,
    Category,
    CrossCheck,
    CrossCheckPair,
    Draw,
    Evidence,
    Item,
    Rubric,
    Sheet,
)

VIEW, MANAGE = "assessment.view", "assessment.manage"
GROUP_ROLES = [Role.ASSESSOR, Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.COUNTY_STAFF, Role.ADMIN]


def _flash(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _dec(value: str, label: str) -> Decimal | None:
    value = (value or "").strip().rstrip("%")
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValidationError(f"{label}须为数字") from exc


def _int(value: str, label: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError(f"{label}须为整数")
    return int(value)


# --- lists and rubrics -------------------------------------------------------------------------------


@policy(VIEW)
def assessment_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(
        request,
        "assessment/assessment_list.html",
        {
            "assessments": list(selectors.assessment_list(user=request.user)),
            "rubrics": list(visible(request.user, Rubric, MANAGE).select_related("unit")[:50]),
            "towns": list(OrgUnit.objects.filter(scope.q(MANAGE), level=Level.TOWN).order_by("path")[:200]),
            "can_manage": scope.has(MANAGE),
        },
    )


@policy(MANAGE)
@require_POST
def rubric_create(request: HttpRequest) -> HttpResponse:
    town = get_visible_or_404(request.user, OrgUnit, MANAGE, pk=request.POST.get("unit") or 0)
    try:
        year = _int(request.POST.get("year", ""), "年度") or 0
        rubric = services.rubric_create(
            user=request.user, unit=town, year=year, title=request.POST.get("title", "").strip()
        )
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("assessment:list")
    return redirect("assessment:rubric", rubric.pk)


@policy(MANAGE)
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(request.user, Rubric, MANAGE, pk=pk)
    return render(
        request,
        "assessment/rubric_detail.html",
        {
            "rubric": rubric,
            "categories": list(rubric.categories.prefetch_related("items")),
            "locked": rubric.scoring_started,
            "methods": Item.Method.choices,
            "kinds": Item.Kind.choices,
        },
    )


@policy(MANAGE)
@require_POST
def rubric_copy(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(request.user, Rubric, MANAGE, pk=pk)
    try:
        year = _int(request.POST.get("year", ""), "年度") or rubric.year
        new = services.rubric_copy(user=request.user, rubric=rubric, year=year)
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("assessment:rubric", rubric.pk)
    messages.success(request, f"已复制为{new}")
    return redirect("assessment:rubric", new.pk)


@policy(MANAGE)
@require_POST
def category_add(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(request.user, Rubric, MANAGE, pk=pk)
    try:
        services.category_save(
            user=request.user,
            rubric=rubric,
            name=request.POST.get("name", "").strip(),
            order=_int(request.POST.get("order", ""), "顺序") or 0,
        )
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:rubric", rubric.pk)


def _item_data(p) -> dict:
    return {
        "title": p.get("title", "").strip(),
        "max_points": _dec(p.get("max_points", ""), "分值") or Decimal("0"),
        "method": p.get("method", Item.Method.DOCUMENTS),
        "kind": p.get("kind", Item.Kind.NORMAL),
        "guidance": p.get("guidance", "").strip(),
        "figure_key": p.get("figure_key", "").strip(),
        "target": _dec(p.get("target", ""), "满分标准"),
        "order": _int(p.get("order", ""), "顺序") or 0,
    }


@policy(MANAGE)
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_visible_or_404(request.user, Category, MANAGE, pk=pk)
    try:
        services.item_save(user=request.user, category=category, data=_item_data(request.POST))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:rubric", category.rubric_id)


@policy(MANAGE)
@require_POST
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    it = get_visible_or_404(request.user, Item.objects.select_related("category__rubric"), MANAGE, pk=pk)
    try:
        services.item_save(user=request.user, category=it.category, item=it, data=_item_data(request.POST))
        messages.success(request, f"“{it.title}”已保存")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:rubric", it.category.rubric_id)


@policy(MANAGE)
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    it = get_visible_or_404(request.user, Item, MANAGE, pk=pk)
    rubric_id = it.category.rubric_id
    try:
        services.item_delete(user=request.user, item=it)
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:rubric", rubric_id)


# --- the assessment ---------------------------------------------------------------------------------

SETTING_LABELS = {
    "weight_self": "自评权重",
    "weight_regular": "平时权重",
    "weight_final": "年终权重",
    "bonus_cap": "加分上限",
    "diff_threshold": "自评差异提示",
}


def _settings_from(post) -> dict:
    out: dict = {}
    for k, label in SETTING_LABELS.items():
        parse = _int if k.startswith("weight_") else _dec
        v = parse(post.get(k, ""), label)
        if v is not None:
            out[k] = v
    bands = (post.get("bands") or "").strip()
    if bands:
        try:
            out["bands"] = [
                [name.strip(), float(cut)]
                for name, cut in (part.split(":") for part in bands.replace("：", ":").split(","))
            ]
        except ValueError as exc:
            raise ValidationError("等次分数线格式应为 优秀:90,良好:80,合格:60,不合格:0") from exc
    return out


@policy(MANAGE)
@require_POST
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(request.user, Rubric, MANAGE, pk=pk)
    try:
        a = services.assessment_create(
            user=request.user,
            rubric=rubric,
            title=request.POST.get("title", "").strip() or f"{rubric.year}年度村级妇联工作考核",
            settings=_settings_from(request.POST),
        )
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("assessment:rubric", rubric.pk)
    return redirect("assessment:detail", a.pk)


def _assessment(request, pk: int) -> Assessment:
    return get_visible_or_404(request.user, Assessment.objects.select_related("unit", "rubric"), VIEW, pk=pk)


@policy(VIEW)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    manage = can(request.user, MANAGE, a)
    ctx = {
        "a": a,
        "sheets": list(selectors.sheets_visible(user=request.user, assessment=a)),
        "manage": manage,
        "bands_text": ",".join(f"{n}:{c:g}" for n, c in a.bands),
    }
    if manage:
        ctx |= {
            "groups": list(selectors.groups_of(assessment=a)),
            "cross_checks": list(a.cross_checks.select_related("zone")),
            "draws": list(a.draws.select_related("created_by")),
            "meetings": list(a.meetings.select_related("zone")),
            "zones": list(Zone.objects.filter(town=a.unit)),
            "appeals": list(Appeal.objects.filter(sheet__assessment=a).select_related("sheet__village")),
        }
    return render(request, "assessment/assessment_detail.html", ctx)


@policy(MANAGE)
@require_POST
def assessment_settings(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    try:
        services.assessment_settings(user=request.user, assessment=a, settings=_settings_from(request.POST))
        messages.success(request, "考核设置已保存")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:detail", a.pk)


@policy(MANAGE)
@require_POST
def auto_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    require(request.user, MANAGE, a)
    n = services.auto_scores_refresh(user=request.user, assessment=a)
    messages.success(request, f"已按台账数据自动计分{n}项")
    return redirect("assessment:detail", a.pk)


@policy(MANAGE)
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    require(request.user, MANAGE, a)
    staff = (
        User.objects.filter(
            memberships__unit__path__startswith=a.unit.path[:12],
            memberships__is_active=True,
            memberships__role__in=GROUP_ROLES,
        )
        .distinct()
        .order_by("id")
    )
    if request.method == "POST":
        p = request.POST
        try:
            leader = staff.filter(pk=p.get("leader") or 0).first()
            if leader is None:
                raise ValidationError({"leader": "请选择组长"})
            services.group_save(
                user=request.user,
                assessment=a,
                name=p.get("name", "").strip(),
                leader=leader,
                members=list(staff.filter(pk__in=p.getlist("members"))),
                items=list(a.rubric.items().filter(pk__in=p.getlist("items"))),
                villages=list(OrgUnit.objects.filter(pk__in=p.getlist("villages"), level=Level.VILLAGE)),
            )
            messages.success(request, "考核组已保存")
            return redirect("assessment:detail", a.pk)
        except ValidationError as exc:
            _flash(request, exc)
    return render(
        request,
        "assessment/group_form.html",
        {
            "a": a,
            "staff": list(staff),
            "items": list(a.rubric.items()),
            "sheets": list(a.sheets.select_related("village")),
        },
    )


# --- sheets -----------------------------------------------------------------------------------------


def _sheet(request, pk: int) -> Sheet:
    return get_visible_or_404(
        request.user,
        Sheet.objects.select_related("village", "assessment__unit", "assessment__rubric"),
        VIEW,
        pk=pk,
    )


@policy(VIEW)
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    a = sheet.assessment
    u = request.user
    manage = can(u, MANAGE, a)
    published = a.status != Assessment.Status.OPEN
    show_final = manage or can(u, "assessment.score", sheet) or published
    result = None
    if show_final:
        result = next((r for r in selectors.results(assessment=a) if r.sheet.pk == sheet.pk), None)
    return render(
        request,
        "assessment/sheet_detail.html",
        {
            "sheet": sheet,
            "a": a,
            "rows": selectors.sheet_rows(user=u, sheet=sheet),
            "can_self": can(u, "assessment.self_score", sheet)
            and sheet.status in (Sheet.Status.DRAFT, Sheet.Status.RETURNED),
            "can_score": can(u, "assessment.score", sheet) and sheet.status != Sheet.Status.LOCKED,
            "manage": manage,
            "show_final": show_final,
            "result": result,
            "evidence": list(sheet.evidence.select_related("item")),
            "appeals": list(sheet.appeals.all()),
            "can_appeal": published and can(u, "assessment.self_score", sheet),
        },
    )


@policy(VIEW)
@require_POST
def sheet_score(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    p = request.POST
    it = sheet.assessment.rubric.items().filter(pk=p.get("item") or 0).first()
    if it is None:
        messages.error(request, "请选择考核项目")
        return redirect("assessment:sheet", sheet.pk)
    fn = services.score_self if p.get("part") == "self" else services.score_final
    try:
        fn(
            user=request.user,
            sheet=sheet,
            item=it,
            points=p.get("points", "").strip() or None,
            deduction=p.get("deduction", "").strip() or None,
            reason=p.get("reason", ""),
            vetoed=p.get("vetoed") == "1",
        )
        messages.success(request, f"“{it.title}”已评分")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:sheet", sheet.pk)


@policy(VIEW)
@require_POST
def sheet_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sheet = _sheet(request, pk)
    try:
        if action == "submit":
            services.sheet_submit(user=request.user, sheet=sheet)
            messages.success(request, "已提交自评")
        elif action == "return":
            services.sheet_return(user=request.user, sheet=sheet, reason=request.POST.get("reason", ""))
            messages.success(request, "已退回修改")
        elif action == "lock":
            services.sheet_lock(user=request.user, sheet=sheet)
            messages.success(request, "已锁定")
        elif action == "notes":
            services.sheet_notes(
                user=request.user,
                sheet=sheet,
                regular_points=request.POST.get("regular_points"),
                cross_findings=request.POST.get("cross_findings"),
            )
            messages.success(request, "已保存")
        elif action == "appeal":
            services.appeal_file(user=request.user, sheet=sheet, content=request.POST.get("content", ""))
            messages.success(request, "申诉已提交")
        else:
            raise PermissionDenied("未知操作")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:sheet", sheet.pk)


@policy(VIEW)
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    upload = request.FILES.get("file")
    it = sheet.assessment.rubric.items().filter(pk=request.POST.get("item") or 0).first()
    try:
        if upload is None:
            raise ValidationError("请选择文件")
        services.evidence_add(user=request.user, sheet=sheet, upload=upload, item=it)
        messages.success(request, "佐证材料已上传")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:sheet", sheet.pk)


@policy(VIEW)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    ev = get_visible_or_404(request.user, Evidence.objects.select_related("sheet"), VIEW, pk=pk)
    _sheet(request, ev.sheet_id)  # the sheet rule (assessors: their villages only) applies to its files
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.name)


# --- cross-checks, draws, meetings ---------------------------------------------------------------------


@policy(MANAGE)
@require_POST
def cross_check_create(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    zone = Zone.objects.filter(pk=request.POST.get("zone") or 0, town=a.unit).first()
    try:
        cc = services.cross_check_generate(
            user=request.user, assessment=a, zone=zone, seed=request.POST.get("seed", "")
        )
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("assessment:detail", a.pk)
    return redirect("assessment:cross_check", cc.pk)


@policy(MANAGE)
def cross_check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cc = get_visible_or_404(
        request.user, CrossCheck.objects.select_related("assessment", "zone"), MANAGE, pk=pk
    )
    pairs = list(cc.pairs.select_related("checker", "checked", "supervisor").order_by("checker__path"))
    leaders = {g.leader for g in cc.assessment.groups.select_related("leader")}
    return render(
        request,
        "assessment/cross_check.html",
        {
            "cc": cc,
            "pairs": pairs,
            "leaders": sorted(leaders, key=lambda u: u.pk),
            "print": request.GET.get("print") == "1",
        },
    )


@policy(MANAGE)
@require_POST
def pair_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_visible_or_404(
        request.user, CrossCheckPair.objects.select_related("cross_check"), MANAGE, pk=pk
    )
    checked = pair.cross_check.pairs.filter(checked_id=request.POST.get("checked") or 0).first()
    supervisor = User.objects.filter(pk=request.POST.get("supervisor") or 0).first()
    try:
        services.cross_check_pair_edit(
            user=request.user,
            pair=pair,
            checked=checked.checked if checked else pair.checked,
            supervisor=supervisor,
        )
        messages.success(request, "已调整")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:cross_check", pair.cross_check_id)


@policy(MANAGE)
def draw_create(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    require(request.user, MANAGE, a)
    current = services.current_draw(a)
    if request.method == "POST":
        p = request.POST
        try:
            ratio = _dec(p.get("women_percent", ""), "抽取妇女比例")
            vratio = _dec(p.get("village_percent", ""), "抽村比例")
            d = services.draw_create(
                user=request.user,
                assessment=a,
                seed=p.get("seed", ""),
                village_count=_int(p.get("village_count", ""), "抽取村数"),
                village_ratio=vratio / 100 if vratio is not None else None,
                by_zone=p.get("by_zone") == "1",
                women_ratio=(ratio or Decimal("0")) / 100,
                supersedes=current if current else None,
                reason=p.get("reason", ""),
            )
            return redirect("assessment:draw", d.pk)
        except ValidationError as exc:
            _flash(request, exc)
    return render(request, "assessment/draw_form.html", {"a": a, "current": current})


@policy(MANAGE)
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from fulian.people.models import Person

    d = get_visible_or_404(
        request.user, Draw.objects.select_related("assessment", "created_by"), MANAGE, pk=pk
    )
    villages = {v.pk: v for v in OrgUnit.objects.filter(pk__in=d.result.get("villages", []))}
    people = {
        p.pk: p
        for p in visible(request.user, Person, "people.view").filter(pk__in=d.person_ids()).only("name")
    }
    rows = [
        (
            villages.get(v),
            [people.get(pid) for pid in d.result.get("women", {}).get(str(v), [])],
            d.population.get("women", {}).get(str(v), 0),
        )
        for v in d.result.get("villages", [])
    ]
    return render(request, "assessment/draw_detail.html", {"d": d, "rows": rows})


@policy(MANAGE)
@require_POST
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    from django.forms import DateField

    try:
        held_on = DateField(
            error_messages={"invalid": "日期格式应为 年-月-日", "required": "请填写日期"}
        ).clean(request.POST.get("held_on", ""))
        services.meeting_add(
            user=request.user,
            assessment=a,
            held_on=held_on,
            attendees=request.POST.get("attendees", ""),
            notes=request.POST.get("notes", ""),
            zone=Zone.objects.filter(pk=request.POST.get("zone") or 0, town=a.unit).first(),
        )
        messages.success(request, "座谈记录已保存")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:detail", a.pk)


# --- results, publication, appeals, exports -----------------------------------------------------------


@policy(VIEW)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    manage = can(request.user, MANAGE, a)
    if not manage and a.status == Assessment.Status.OPEN and not can(request.user, "assessment.score", a):
        return render(request, "assessment/results.html", {"a": a, "rows": [], "unpublished": True})
    rows = selectors.results(assessment=a, user=request.user)
    categories = list(a.rubric.categories.all())
    for r in rows:
        r.category_cells = [r.result.by_category.get(c.pk, [0, 0])[0] for c in categories]
    return render(
        request,
        "assessment/results.html",
        {"a": a, "rows": rows, "categories": categories, "manage": manage},
    )


@policy(MANAGE)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    try:
        services.assessment_publish(
            user=request.user,
            assessment=a,
            appeal_days=_int(request.POST.get("appeal_days", ""), "申诉期") or 5,
        )
        messages.success(request, "考核结果已公布")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:results", a.pk)


@policy(MANAGE)
@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_visible_or_404(
        request.user, Appeal.objects.select_related("sheet__assessment"), MANAGE, pk=pk
    )
    try:
        services.appeal_decide(
            user=request.user,
            appeal=appeal,
            outcome=request.POST.get("outcome", ""),
            response=request.POST.get("response", ""),
        )
        messages.success(request, "申诉处理结果已记录")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("assessment:detail", appeal.sheet.assessment_id)


@policy(MANAGE)
def ranking_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    a = _assessment(request, pk)
    require(request.user, MANAGE, a)
    return exports.ranking(a, fmt)


@policy(VIEW)
def sheet_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    sheet = _sheet(request, pk)
    a = sheet.assessment
    if not (can(request.user, MANAGE, a) or a.status != Assessment.Status.OPEN):
        raise PermissionDenied("考核结果公布后才能导出")
    return exports.sheet(sheet, fmt, user=request.user)
