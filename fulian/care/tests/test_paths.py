"""The village path copied onto volunteers, pairings and visits (`village_path`): set by the services, the
visit import and save(), filled for existing rows by the migration, and what scoping and figures() read."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from fulian.care import selectors, services
from fulian.care.models import Pairing, Visit, Volunteer
from fulian.core.spreadsheets.models import ImportJob

from .factories import make_person, make_visit, make_volunteer, years_ago
from .test_spreadsheet_import import _upload

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YEAR = (TODAY - datetime.timedelta(days=365), TODAY)


def test_the_services_copy_the_village_path(cast, care):
    person = make_person(cast.village_a2, "吴敏", years_ago(35))
    volunteer = services.volunteer_register(user=cast.chair_a, person=person)
    pairing = services.pairing_create(
        user=cast.chair_a, volunteer=volunteer, child=care.free_child, started_on=TODAY, reason="单亲家庭"
    )
    visit = services.visit_record(user=cast.chair_a, pairing=pairing, visited_on=TODAY, notes="看望")
    for row in (volunteer, pairing, visit):
        row.refresh_from_db()
        assert row.village_path == cast.village_a2.path


def test_imported_visits_carry_the_pairings_path(cast, care, login):
    client = login(cast.chair_a)
    job = _upload(client, [["", "陈小花", "青龙村", "李红", TODAY.isoformat(), "", "上门陪伴写作业", ""]])
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert Visit.objects.get(notes="上门陪伴写作业").village_path == cast.village_a1.path


def test_save_fills_a_missing_path_and_follows_a_new_village(cast):
    volunteer = make_volunteer(cast.village_a1)  # created with the village only
    assert volunteer.village_path == cast.village_a1.path
    volunteer.village = cast.village_b1
    volunteer.save()
    volunteer.refresh_from_db()
    assert volunteer.village_path == cast.village_b1.path


def test_figures_follow_a_pairing_that_moves_to_another_village(cast, care):
    def active(unit):
        f = selectors.figures(user=cast.county_user, unit=unit, start=YEAR[0], end=YEAR[1])
        return f["care.pairings.active"], f["care.visits"]

    assert (active(cast.town_a), active(cast.town_b)) == ((2, 2), (1, 0))
    care.p_other.village = cast.village_b1
    care.p_other.save()
    for visit in care.p_other.visits.all():
        visit.village = cast.village_b1
        visit.save()
    assert (active(cast.town_a), active(cast.town_b)) == ((1, 1), (2, 1))
    assert active(cast.county) == (3, 2)
    assert care.p_other in selectors.pairing_list_visible_to(user=cast.chair_b)
    assert care.p_other not in selectors.pairing_list_visible_to(user=cast.chair_a)


def test_the_migration_fills_the_path_of_existing_rows(cast, care):
    make_visit(care.p_far, TODAY)
    for model in (Volunteer, Pairing, Visit):
        model.objects.update(village_path="")
    migration = importlib.import_module("fulian.care.migrations.0002_village_path")
    migration.fill_paths(apps, None)
    for model in (Volunteer, Pairing, Visit):
        for row in model.objects.select_related("village"):
            assert row.village_path == row.village.path
    assert (
        selectors.figures(user=cast.county_user, unit=cast.town_b, start=YEAR[0], end=YEAR[1])["care.visits"]
        == 1
    )
