"""The change history names the actor of every write: page requests, token API requests, services."""

from auditlog.models import LogEntry
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from fulian.accounts.services import token_issue
from fulian.audit.context import acting_as
from fulian.audit.middleware import CurrentRequestMiddleware
from fulian.orgs.models import Membership


class _GrantView(APIView):
    """A write inside a DRF view: the token is only checked here, after auditlog's middleware ran."""

    def post(self, request):
        m = Membership.objects.create(
            user_id=request.data["user"], unit_id=request.data["unit"], role="volunteer"
        )
        return Response({"id": m.pk})


def test_token_authenticated_api_write_names_the_actor(cast):
    _, key = token_issue(user=cast.chair_a)
    request = APIRequestFactory().post(
        "/api/v1/x/",
        {"user": cast.nobody.pk, "unit": cast.village_a1.pk},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    response = CurrentRequestMiddleware(_GrantView.as_view())(request)
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(Membership.objects.get(pk=response.data["id"])).get()
    assert entry.actor == cast.chair_a


def test_write_outside_any_request_has_no_actor_unless_a_service_names_one(cast):
    m = Membership.objects.create(user=cast.nobody, unit=cast.village_a1, role="volunteer")
    assert LogEntry.objects.get_for_object(m).get().actor is None
    with acting_as(cast.admin):
        m.role = "committee_member"
        m.save()
    assert LogEntry.objects.get_for_object(m).latest("timestamp").actor == cast.admin


def test_nested_acting_as_restores_the_outer_actor(cast):
    m = Membership.objects.create(user=cast.nobody, unit=cast.village_a1, role="volunteer")
    with acting_as(cast.admin):
        with acting_as(cast.chair_a):
            m.role = "committee_member"
            m.save()
        m.role = "volunteer"
        m.save()
    actors = [e.actor for e in LogEntry.objects.get_for_object(m).order_by("timestamp", "id")]
    assert actors == [None, cast.chair_a, cast.admin]


def test_page_request_names_the_logged_in_user(cast, login):
    from django.urls import reverse

    login(cast.chair_a).post(
        reverse("accounts:user_edit", args=[cast.vchair_a1.pk]),
        {"display_name": "张丽", "phone": "13800001111"},
    )
    assert LogEntry.objects.get_for_object(cast.vchair_a1).latest("timestamp").actor == cast.chair_a
