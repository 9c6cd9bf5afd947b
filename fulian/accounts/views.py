from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fulian.core.forms import errors_onto_form
from fulian.core.scoping import get_visible_or_404, login_only, policy, public
from fulian.core.viewhelpers import page_of, pressed, submitted

from . import forms, matrix, selectors, services
from .models import ApiToken
from .policy import CAPABILITY, can_grant, can_manage_account
from .selectors import (
    live_tokens_of,
    tokens_of,
    user_get_visible_or_404,
    user_list_visible_to,
    user_memberships,
)


@public
def login_view(request, *args, **kwargs):
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True
    )(request, *args, **kwargs)


@login_only
def logout_view(request, *args, **kwargs):
    return auth_views.LogoutView.as_view()(request, *args, **kwargs)


@login_only
def password_change(request: HttpRequest) -> HttpResponse:
    """Every user changes her own password here; the password policy applies."""
    form = forms.PasswordChangeForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.password_change(
            user=request.user,
            old_password=data["old_password"],
            new_password=data["new_password"],
        ),
    ):
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改")
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_only
def my_tokens(request: HttpRequest) -> HttpResponse:
    """Her API tokens: issue a new one (its key shown on this response only), see and revoke the others."""
    form = forms.TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            token, key = services.token_issue(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            issued = {"token": token, "key": key}
            form = forms.TokenForm()
    context = {
        "form": form,
        "issued": issued,
        "tokens": tokens_of(user=request.user)[:50],
        "days": settings.FULIAN["API_TOKEN_DAYS"],
    }
    return render(request, "accounts/my_tokens.html", context)


@login_only
@require_POST
def my_token_revoke(request: HttpRequest, token_pk: int) -> HttpResponse:
    token = get_object_or_404(tokens_of(user=request.user), pk=token_pk)
    _revoke(request, token)
    return redirect("accounts:my_tokens")


def _revoke(request: HttpRequest, token: ApiToken) -> None:
    pressed(
        request,
        lambda: services.token_revoke(actor=request.user, token=token),
        success=f"已撤销令牌“{token}”",
    )


@policy(CAPABILITY)
def user_list(request: HttpRequest) -> HttpResponse:
    filters = forms.UserFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    users = user_list_visible_to(manager=request.user, q=data.get("q", ""), status=data.get("status", ""))
    page = page_of(request, users)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/user_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@policy(CAPABILITY)
def user_create(request: HttpRequest) -> HttpResponse:
    form = forms.UserCreateForm(request.POST or None)
    if written := submitted(
        request,
        form,
        lambda data: services.user_create(
            actor=request.user,
            username=data["username"],
            display_name=data["display_name"],
            phone=data["phone"],
            password=data["password"],
        ),
        success=lambda user: f"已创建用户“{user}”，请为其添加任职",
    ):
        user = written.value
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": "新建用户"})


@policy(CAPABILITY)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_get_visible_or_404(manager=request.user, pk=pk)
    memberships = [
        (m, m.is_active and can_grant(request.user, m.unit, m.role)) for m in user_memberships(user=target)
    ]
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "memberships": memberships,
            "can_manage": can_manage_account(request.user, target),
            "tokens": live_tokens_of(user=target),
            "membership_form": forms.MembershipForm(manager=request.user),
        },
    )


def _managed_user_or_403(request: HttpRequest, pk: int):
    target = user_get_visible_or_404(manager=request.user, pk=pk)
    if not can_manage_account(request.user, target):
        raise PermissionDenied("您无权管理该用户的账号")
    return target


@policy(CAPABILITY)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_user_or_403(request, pk)
    initial = {"display_name": target.display_name, "phone": target.phone}
    form = forms.UserEditForm(request.POST or None, initial=initial)
    if submitted(
        request,
        form,
        lambda data: services.user_update(actor=request.user, user=target, **data),
        success="已保存",
    ):
        return redirect("accounts:user_detail", pk=target.pk)
    context = {"form": form, "title": f"编辑用户：{target}", "target": target}
    return render(request, "accounts/user_form.html", context)


@policy(CAPABILITY)
def user_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_user_or_403(request, pk)
    form = forms.SetPasswordForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.user_set_password(actor=request.user, user=target, password=data["password"]),
        success=lambda _: f"已重置“{target}”的密码",
        default_field="password",
    ):
        return redirect("accounts:user_detail", pk=target.pk)
    context = {"form": form, "title": f"重置密码：{target}", "target": target}
    return render(request, "accounts/user_form.html", context)


@policy(CAPABILITY)
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_user_or_403(request, pk)
    active = request.POST.get("is_active") == "1"
    services.user_set_active(actor=request.user, user=target, is_active=active)
    messages.success(request, f"已{'启用' if active else '停用'}用户“{target}”")
    return redirect("accounts:user_detail", pk=target.pk)


@policy(CAPABILITY)
@require_POST
def user_token_revoke(request: HttpRequest, pk: int, token_pk: int) -> HttpResponse:
    target = _managed_user_or_403(request, pk)
    _revoke(request, get_object_or_404(tokens_of(user=target), pk=token_pk))
    return redirect("accounts:user_detail", pk=target.pk)


@policy(CAPABILITY)
@require_POST
def user_tokens_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_user_or_403(request, pk)
    count = services.tokens_revoke_all(actor=request.user, user=target)
    messages.success(request, f"已撤销“{target}”的 {count} 个令牌")
    return redirect("accounts:user_detail", pk=target.pk)


@policy(CAPABILITY)
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_get_visible_or_404(manager=request.user, pk=pk)
    form = forms.MembershipForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(
                actor=request.user,
                user=target,
                unit=form.cleaned_data["unit"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        except PermissionDenied:
            # Unit and role are each within her reach, but not together (e.g. a second, lower grant).
            form.add_error("role", "您无权在该组织授予该角色")
        else:
            messages.success(request, "已添加任职")
            return redirect("accounts:user_detail", pk=target.pk)
    context = {"form": form, "title": f"添加任职：{target}", "target": target}
    return render(request, "accounts/user_form.html", context)


@policy(CAPABILITY)
@require_POST
def membership_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    target = user_get_visible_or_404(manager=request.user, pk=pk)
    membership = get_visible_or_404(
        request.user,
        selectors.user_memberships(user=target).select_related("user"),
        CAPABILITY,
        pk=membership_pk,
    )
    pressed(
        request,
        lambda: services.membership_end(actor=request.user, membership=membership),
        success=f"已结束任职：{membership}",
    )
    return redirect("accounts:user_detail", pk=target.pk)


@policy("accounts.roles")
def role_matrix(request: HttpRequest) -> HttpResponse:
    """Every capability of every app, and which roles hold it (generated from the apps' tables)."""
    return render(
        request,
        "accounts/role_matrix.html",
        {"roles": matrix.role_columns(), "groups": matrix.groups()},
    )
