"""Small helpers shared by the apps' views: a service's refusal as a flash message, a list's page.

A form page puts a service's ValidationError onto its form with `fulian.core.forms.errors_onto_form`; a
button (a POST without a form of its own) reports it with `flash_error` and redirects."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

SEPARATOR = "；"


def flash_error(request: HttpRequest, exc: ValidationError) -> None:
    """Show every message of a service's ValidationError on the next page, joined by "；"."""
    messages.error(request, SEPARATOR.join(exc.messages))


def page_of(request: HttpRequest, rows: QuerySet | list, per_page: int | None = None) -> Page:
    """The page of `rows` named by `?page=` (the last page when past the end; the first when not a
    number), `per_page` rows to a page (the site's PAGE_SIZE unless given)."""
    size: int = per_page or settings.FULIAN["PAGE_SIZE"]  # type: ignore[assignment]
    return Paginator(rows, size).get_page(request.GET.get("page"))
