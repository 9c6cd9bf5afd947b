"""Records behind the assessment API's documented examples (fulian/core/tests/test_api_examples.py)."""

from fulian.assessment import services
from fulian.assessment.models import Assessment
from fulian.core.tests.api_examples import Call
from fulian.people.tests.factories import PersonFactory

from .factories import final_score_all, item, make_assessment, make_rubric, self_score_all, sheet_of

API = "/api/v1/assessment"


def rubric_create(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def rubric(cast):
    return Call(cast.chair_a, path={"id": make_rubric(cast.chair_a, cast.town_a).pk})


def category(cast):
    return Call(cast.chair_a, path={"id": make_rubric(cast.chair_a, cast.town_a).categories.first().pk})


def an_item(cast):
    return Call(cast.chair_a, path={"id": make_rubric(cast.chair_a, cast.town_a).items().first().pk})


def assessment_create(cast):
    return Call(cast.chair_a, body={"rubric": make_rubric(cast.chair_a, cast.town_a).pk})


def assessment(cast):
    return Call(cast.chair_a, path={"id": make_assessment(cast).pk})


def publish(cast):
    a = make_assessment(cast)
    for sheet in a.sheets.all():
        self_score_all(cast.vchair_a1 if sheet.village == cast.village_a1 else cast.vchair_a2, sheet)
        services.sheet_submit(user=cast.chair_a, sheet=sheet)
        final_score_all(cast.chair_a, sheet)
        services.sheet_lock(user=cast.chair_a, sheet=sheet)
    return Call(cast.chair_a, path={"id": a.pk})


def score(cast):
    a = make_assessment(cast)
    return Call(
        cast.chair_a, path={"id": sheet_of(a, cast.village_a1).pk}, body={"item": item(a, "妇联组织健全").pk}
    )


def sheet_return(cast):
    sheet = sheet_of(make_assessment(cast), cast.village_a1)
    self_score_all(cast.vchair_a1, sheet)
    services.sheet_submit(user=cast.vchair_a1, sheet=sheet)
    return Call(cast.chair_a, path={"id": sheet.pk})


def sheet(cast):
    return Call(cast.chair_a, path={"id": sheet_of(make_assessment(cast), cast.village_a1).pk})


def appeal(cast):
    call = publish(cast)
    a = Assessment.objects.get(pk=call.path["id"])
    services.assessment_publish(user=cast.chair_a, assessment=a)
    return Call(cast.vchair_a1, path={"id": sheet_of(a, cast.village_a1).pk})


def draw(cast):
    for village in (cast.village_a1, cast.village_a2):
        PersonFactory(village=village)
    return Call(cast.chair_a, body={"assessment": make_assessment(cast).pk})


SETUPS = {
    ("post", f"{API}/rubrics/"): rubric_create,
    ("post", f"{API}/rubrics/{{id}}/copy/"): rubric,
    ("post", f"{API}/rubrics/{{id}}/categories/"): rubric,
    ("post", f"{API}/categories/{{id}}/items/"): category,
    ("patch", f"{API}/items/{{id}}/"): an_item,
    ("post", f"{API}/assessments/"): assessment_create,
    ("post", f"{API}/assessments/{{id}}/settings/"): assessment,
    ("post", f"{API}/assessments/{{id}}/publish/"): publish,
    ("post", f"{API}/sheets/{{id}}/score/"): score,
    ("post", f"{API}/sheets/{{id}}/return/"): sheet_return,
    ("post", f"{API}/sheets/{{id}}/notes/"): sheet,
    ("post", f"{API}/sheets/{{id}}/appeal/"): appeal,
    ("post", f"{API}/draws/"): draw,
}
