"""What the pages of the app share: the form page and the write-then-redirect step."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import redirect, render

from fulian.core.viewhelpers import submitted


def form_page(request, form, title: str, back: str, *, note: str = ""):
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": title, "cancel_url": back, "note": note}
    return render(request, "resources/form.html", context, status=status)


def save_or_show(request, form, write: Callable, *, done: str, title: str, back: str, after=None):
    """Validate the form, call the service with its data; on a refusal, show its messages on the form."""
    if written := submitted(request, form, lambda data: write(dict(data)), success=done):
        obj = written.value
        return redirect(after(obj) if after else back)
    return form_page(request, form, title, back)
