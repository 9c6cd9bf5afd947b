"""The tree paths copied onto campaigns (`unit_path`), screenings and village counts (`village_path`):
set by the services, the imports (the counts are bulk-inserted) and save(), filled for existing rows by
the migration, and what scoping and figures() read."""

import datetime
import importlib
from io import BytesIO

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fulian.core.spreadsheets.models import ImportJob
from fulian.health import selectors, services
from fulian.health.models import Campaign, Screening, ScreeningCount
from fulian.health.spreadsheet import ScreeningCountImportSpec

pytestmark = pytest.mark.django_db


def _year(h):
    return h.today - datetime.timedelta(days=365), h.today


def test_the_services_copy_the_paths(cast, health):
    campaign = services.campaign_create(
        user=cast.chair_a,
        unit=cast.town_a,
        name="竹峪镇妇科病普查",
        started_on=health.today,
        ended_on=health.today,
    )
    screening = services.screening_record(
        user=cast.vchair_a1, campaign=health.campaign, person=health.candidate, screened_on=health.today
    )
    count = services.screening_count_report(
        user=cast.chair_a,
        campaign=health.campaign,
        village=cast.village_a2,
        reported_on=health.today,
        screened=9,
    )
    for row in (campaign, screening, count):
        row.refresh_from_db()
    assert campaign.unit_path == cast.town_a.path
    assert screening.village_path == cast.village_a1.path
    assert count.village_path == cast.village_a2.path


def test_imported_counts_carry_the_village_path(cast, health, login):
    wb = Workbook()
    wb.active.append([c.header for c in ScreeningCountImportSpec.columns])
    wb.active.append([health.campaign.name, "红旗村", health.today.isoformat(), 30, 2, 0, 0, ""])
    out = BytesIO()
    wb.save(out)
    client = login(cast.chair_a)
    url = reverse("spreadsheets:import", args=["health_counts"])
    client.post(url, {"file": SimpleUploadedFile("人数.xlsx", out.getvalue())})
    job = ImportJob.objects.latest("id")
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    assert ScreeningCount.objects.get().village_path == cast.village_a2.path


def test_figures_follow_a_screening_moved_to_another_village(cast, health):
    start, end = _year(health)

    def screened(unit):
        return selectors.figures(user=cast.county_user, unit=unit, start=start, end=end)["health.screened"]

    assert (screened(cast.town_a), screened(cast.town_b)) == (1, 1)
    health.s_b.village = cast.village_a2
    health.s_b.save()
    assert (screened(cast.town_a), screened(cast.town_b), screened(cast.county)) == (2, 0, 2)
    assert health.s_b in selectors.screening_list_visible_to(user=cast.chair_a)


def test_the_migration_fills_the_paths_of_existing_rows(cast, health):
    ScreeningCount.objects.create(
        campaign=health.campaign, village=cast.village_b1, reported_on=health.today, screened=5
    )
    Campaign.objects.update(unit_path="")
    Screening.objects.update(village_path="")
    ScreeningCount.objects.update(village_path="")
    importlib.import_module("fulian.health.migrations.0003_unit_paths").fill_paths(apps, None)
    assert Campaign.objects.get().unit_path == cast.county.path
    assert {s.village_path for s in Screening.objects.all()} == {cast.village_a1.path, cast.village_b1.path}
    assert ScreeningCount.objects.get().village_path == cast.village_b1.path
    start, end = _year(health)
    f = selectors.figures(user=cast.county_user, unit=cast.town_b, start=start, end=end)
    assert f["health.screened"] == 6
