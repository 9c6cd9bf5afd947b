"""The tree paths copied onto trainings and fairs (`unit_path`), trainees, entrepreneurs and loans
(`village_path`): set by the services, the trainee import and save(), filled for existing rows by the
migration, and what scoping and figures() read."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from fulian.care.tests.factories import make_person, years_ago
from fulian.employment import selectors, services
from fulian.employment.models import Entrepreneur, JobFair, Loan, Trainee, Training

pytestmark = pytest.mark.django_db


def _year(e):
    return e.today - datetime.timedelta(days=365), e.today


def test_the_services_copy_the_paths(cast, empl):
    woman = make_person(cast.village_a2, "彭小芳", years_ago(30))
    training = services.training_create(
        user=cast.chair_a, unit=cast.town_a, title="电商培训", started_on=empl.day, ended_on=empl.day
    )
    trainee = services.trainee_add(user=cast.chair_a, training=training, person=woman)
    fair = services.fair_create(user=cast.chair_a, unit=cast.town_a, title="招聘会", held_on=empl.day)
    ent = services.entrepreneur_register(
        user=cast.chair_a, person=woman, kind="returnee", business_name="彭记农家乐", started_on=empl.day
    )
    loan = services.loan_record(
        user=cast.chair_a, entrepreneur=ent, amount=Decimal("30000"), bank="农商银行", granted_on=empl.day
    )
    for row in (training, trainee, fair, ent, loan):
        row.refresh_from_db()
    assert training.unit_path == fair.unit_path == cast.town_a.path
    assert trainee.village_path == ent.village_path == loan.village_path == cast.village_a2.path


def test_figures_follow_rows_moved_to_another_unit(cast, empl):
    start, end = _year(empl)

    def fig(unit):
        f = selectors.figures(user=cast.county_user, unit=unit, start=start, end=end)
        return f["employment.fairs"], f["employment.employers"], f["employment.trainees"]

    assert (fig(cast.town_a), fig(cast.town_b)) == ((1, 1, 1), (0, 0, 1))
    empl.fair.unit = cast.town_b
    empl.fair.save()
    empl.t_a.village = cast.village_b1
    empl.t_a.save()
    assert (fig(cast.town_a), fig(cast.town_b), fig(cast.county)) == ((0, 0, 0), (1, 1, 2), (1, 1, 2))


def test_the_migration_fills_the_paths_of_existing_rows(cast, empl):
    for model, field in ((Training, "unit_path"), (JobFair, "unit_path")):
        model.objects.update(**{field: ""})
    for model in (Trainee, Entrepreneur, Loan):
        model.objects.update(village_path="")
    importlib.import_module("fulian.employment.migrations.0002_unit_paths").fill_paths(apps, None)
    assert Training.objects.get().unit_path == cast.county.path
    assert JobFair.objects.get().unit_path == cast.town_a.path
    assert {t.village_path for t in Trainee.objects.all()} == {cast.village_a1.path, cast.village_b1.path}
    assert Entrepreneur.objects.get().village_path == Loan.objects.get().village_path == cast.village_a1.path
    start, end = _year(empl)
    f = selectors.figures(user=cast.county_user, unit=cast.town_a, start=start, end=end)
    assert (f["employment.trainees"], f["employment.loans"], f["employment.fairs"]) == (1, 1, 1)
