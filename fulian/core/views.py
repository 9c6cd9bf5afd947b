from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .scoping import login_only, public, scope_for


@login_only
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(request, "core/home.html", {"memberships": scope.memberships})


@public
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
