"""Small helpers shared by the apps' views: a posted form written through a service, the form's page, a
button's POST, a service's refusal as a flash message, a list's page.

A form page writes with `submitted` (the service's ValidationError lands on the form, field by field, via
`fulian.core.forms.errors_onto_form`) and shows the form with `form_page` (`core/form.html`) —
`save_or_show` is the two together, a whole create/edit view; a button (a POST with a small form of a few
fields, or none, from a detail page) writes with `pressed`, which reports a refusal with `flash_error`;
the view redirects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import errors_onto_form

SEPARATOR = "；"
T = TypeVar("T")


@dataclass(frozen=True)
class Written(Generic[T]):
    """What `submitted` returns once the service has written: its result (always truthy, even when the
    service returns None)."""

    value: T


def submitted(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[dict[str, Any]], T],
    *,
    success: str | Callable[[T], str] = "",
    default_field: str | None = None,
) -> Written[T] | None:
    """Write a posted, valid form through a service: `write(form.cleaned_data)`.

    Returns None when nothing was written — a GET, an invalid form, or a service refusal, whose messages
    are put on the form (each on the field it names; the rest on `default_field`, else the form's own) —
    so the view shows the form again; after a write, queues the `success` message (a callable is given
    the result and called only now, after the write: `success=lambda zone: f"已创建片区“{zone.name}”"`) and
    returns `Written(result)` for the view's redirect:

        if written := submitted(request, form, lambda data: services.x_create(user=request.user, **data),
                                success="已保存"):
            return redirect("app:x_detail", pk=written.value.pk)
        return render(request, "app/form.html", {"form": form})
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except ValidationError as exc:
        errors_onto_form(form, exc, default_field=default_field)
        return None
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return Written(result)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    title: str,
    *,
    back: str = "",
    note: str = "",
    submit: str = "",
    template: str = "core/form.html",
    status: int | None = None,
    **context: Any,
) -> HttpResponse:
    """The page of one form (`core/form.html`: title, a note, the fields with their help and errors, save
    and cancel → `back`); 400 when it comes back from a POST with errors, so tests and tools see it."""
    status = status or (400 if request.method == "POST" else 200)
    context.update(form=form, title=title, cancel_url=back, note=note, submit=submit)
    return render(request, template, context, status=status)


def save_or_show(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[dict[str, Any]], T],
    *,
    success: str | Callable[[T], str],
    title: str,
    back: str = "",
    after: Callable[[T], str] | None = None,
    **page: Any,
) -> HttpResponse:
    """A whole create/edit view after its form is built: write the posted form through the service
    (`submitted`), then redirect to `after(result)` (else `back`); otherwise show the form page.

        form = forms.FundForm(request.POST or None, user=request.user)
        return save_or_show(request, form, lambda data: services.fund_create(user=request.user, **data),
                            success="账户已设立", title="设立捐赠资金账户", back=reverse("resources:funds"),
                            after=lambda fund: reverse("resources:fund", args=[fund.pk]))
    """
    if written := submitted(request, form, write, success=success):
        return redirect(after(written.value) if after else back)
    return form_page(request, form, title, back=back, **page)


def pressed(
    request: HttpRequest,
    write: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    success: str | Callable[[T], str] = "",
    invalid: str = "",
) -> Written[T] | None:
    """A button's POST written through a service, reported by flash messages; the view redirects after.

    With a `form` that does not validate, nothing is written and `invalid` is flashed (when not given, the
    form's own messages, each with its field's name for the project's forms — `error_text()`); `write()`
    (called only once the form is valid, so it may read `form.cleaned_data`) refused by the service's
    ValidationError → its messages flashed (`flash_error`); after a write the `success` message is
    queued (a callable is given the result) and `Written(result)` returned:

        pressed(request, lambda: services.notice_cancel(user=request.user, notice=notice), success="已撤销")
        return redirect("aid:notice", pk=pk)
    """
    if form is not None and not form.is_valid():
        if invalid:
            messages.error(request, invalid)
        elif hasattr(form, "error_text"):  # the project's forms: each message with its field's name
            messages.error(request, form.error_text())
        else:
            flash_error(request, ValidationError([e for errors in form.errors.values() for e in errors]))
        return None
    try:
        result = write()
    except ValidationError as exc:
        flash_error(request, exc)
        return None
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return Written(result)


def flash_error(request: HttpRequest, exc: ValidationError) -> None:
    """Show every message of a service's ValidationError on the next page, joined by "；"."""
    messages.error(request, SEPARATOR.join(exc.messages))


def page_of(request: HttpRequest, rows: QuerySet | list, per_page: int | None = None) -> Page:
    """The page of `rows` named by `?page=` (the last page when past the end; the first when not a
    number), `per_page` rows to a page (the site's PAGE_SIZE unless given)."""
    size: int = per_page or settings.FULIAN["PAGE_SIZE"]  # type: ignore[assignment]
    return Paginator(rows, size).get_page(request.GET.get("page"))
