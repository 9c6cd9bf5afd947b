"""Activity teams and participants over the API: four checks, and the pages' rules."""

from fulian.activities.models import ActivityTeam
from fulian.people.tests.factories import PersonFactory

from .factories import make_activity


def test_teams_and_participants_four_ways(cast, api_client):
    activity = make_activity(cast.chair_a, cast.town_a, participant_count=1)
    person = PersonFactory(village=cast.village_a1)
    teams = f"/api/v1/activities/{activity.pk}/teams/"
    participants = f"/api/v1/activities/{activity.pk}/participants/"
    team = {"name": "青龙村代表队", "members": 12, "result": "第一名"}
    assert api_client.post(teams, team, format="json").status_code == 401
    assert api_client.post(participants, {"person": person.pk}, format="json").status_code == 401
    api_client.force_authenticate(cast.chair_b)
    assert api_client.post(teams, team, format="json").status_code == 404
    assert api_client.post(participants, {"person": person.pk}, format="json").status_code == 404
    api_client.force_authenticate(cast.caseworker_a)
    assert api_client.post(teams, team, format="json").status_code == 403
    assert api_client.post(participants, {"person": person.pk}, format="json").status_code == 403
    assert not ActivityTeam.objects.exists()
    api_client.force_authenticate(cast.chair_a)
    nameless = api_client.post(teams, {"members": 3}, format="json")
    assert nameless.status_code == 400
    assert "name" in nameless.json()
    made = api_client.post(teams, team, format="json")
    assert made.status_code == 201
    assert ActivityTeam.objects.get().result == "第一名"
    linked = api_client.post(participants, {"person": person.pk}, format="json")
    assert linked.status_code == 201
    activity.refresh_from_db()
    assert list(activity.participants.all()) == [person]
    other = PersonFactory(village=cast.village_b1)  # town B's: not hers to link
    assert api_client.post(participants, {"person": other.pk}, format="json").status_code == 404
