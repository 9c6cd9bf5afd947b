"""Questionnaire pages: the builder, links and QR codes, results and export (staff); the public page
that a link opens without an account."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fulian.core.scoping import policy, visible

from .models import Questionnaire


@policy("surveys.view")
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    items = visible(request.user, Questionnaire, "surveys.view").select_related("unit")
    return render(request, "surveys/questionnaire_list.html", {"questionnaires": list(items)})
