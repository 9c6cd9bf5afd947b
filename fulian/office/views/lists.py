"""Pages of the saved recipient lists (常用名单), reused by notices here and by the SMS platform."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fulian.core.scoping import policy
from fulian.core.viewhelpers import form_page, page_of, submitted

from .. import forms, selectors, services

SEND = "office.notice_send"


@policy(SEND)
def recipient_lists(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.recipient_lists(user=request.user))
    rows = [(saved, selectors.describe_list(saved)) for saved in page]
    return render(request, "office/recipient_lists.html", {"page": page, "rows": rows})


@policy(SEND)
def recipient_list_create(request: HttpRequest) -> HttpResponse:
    form = forms.RecipientListForm(request.POST or None, user=request.user)
    if submitted(
        request,
        form,
        lambda data: services.recipient_list_create(user=request.user, **data),
        success=lambda made: f"常用名单「{made.name}」已保存",
    ):
        return redirect("office:recipient_lists")
    return form_page(request, form, "新建常用名单", back=reverse("office:recipient_lists"))
