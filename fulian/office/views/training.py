"""A meeting notice as cadre training (以会代训, services/training.py): who attended and which roster entry
each is, those without one shown apart; create the training, link one, or sync the list."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fulian.core.scoping import can, get_visible_or_404, policy
from fulian.core.viewhelpers import pressed

from .. import forms, services
from ..models import Notice

SEND = "office.notice_send"


def sync_message(result) -> str:
    text = f"出席名单已记入培训：新增{len(result.added)}人，已在名单{result.already}人"
    if result.unmatched:
        text += f"；{len(result.unmatched)}人未能对应妇联干部名册：" + "、".join(
            m.name for m in result.unmatched
        )
    return text


def apply(*, user, notice: Notice, data: dict):
    """The form's action through its service: the SyncResult."""
    if data["action"] == "create":
        _training, result = services.training_from_notice(
            user=user, notice=notice, hours=data["hours"], kind=data.get("kind") or "meeting"
        )
        return result
    if data["action"] == "link":
        return services.training_link(user=user, notice=notice, training=data["training"])
    return services.attendance_sync(user=user, notice=notice)


@policy(SEND)
def notice_training(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_visible_or_404(request.user, Notice.objects.select_related("unit", "training"), SEND, pk=pk)
    form = forms.NoticeTrainingForm(request.POST or None, user=request.user)
    if request.method == "POST":
        pressed(
            request,
            lambda: apply(user=request.user, notice=notice, data=form.cleaned_data),
            form=form,
            success=sync_message,
        )
        return redirect("office:notice_training", pk=notice.pk)
    matches = services.attendance_matches(notice)
    return render(
        request,
        "office/notice_training.html",
        {
            "notice": notice,
            "matched": [m for m in matches if m.member],
            "unmatched": [m for m in matches if not m.member],
            "form": form,
            "may_train": can(request.user, "orgbuild.change", notice.unit),
        },
    )
