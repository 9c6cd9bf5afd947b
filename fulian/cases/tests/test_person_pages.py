"""The registry's pages (the person's page, search, export) show nothing of her cases to anyone from whom
the case is hidden: they never ask the cases module, and what they show holds no case data."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

WHO_SEE_THE_PERSON = ["staff_a", "vchair_a1", "county_user"]


def _leaks(text: str, cw) -> list[str]:
    case = cw.case
    needles = [case.number, case.narrative, case.request, case.respondent_name, "维权案件", "保护令"]
    return [n for n in needles if n and n in text]


@pytest.mark.parametrize("who", WHO_SEE_THE_PERSON)
def test_person_page_and_search_show_nothing_of_her_case(cw, login, who):
    client = login(getattr(cw.cast, who))
    person = cw.case.person
    detail = client.get(reverse("people:detail", args=[person.pk]))
    assert detail.status_code == 200
    assert person.name in detail.content.decode()
    assert _leaks(detail.content.decode(), cw) == []
    search = client.get(reverse("people:list"), {"q": person.name})
    assert search.status_code == 200
    assert person.name in search.content.decode()
    assert _leaks(search.content.decode(), cw) == []


@pytest.mark.parametrize("who", WHO_SEE_THE_PERSON)
def test_person_export_holds_nothing_of_her_case(cw, login, who):
    response = login(getattr(cw.cast, who)).get(reverse("people:export"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    wb = load_workbook(io.BytesIO(content), read_only=True)
    cells = " ".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )
    assert cw.case.person.name in cells
    assert _leaks(cells, cw) == []


@pytest.mark.parametrize("who", ["volunteer_a1", "chair_b"])
def test_those_who_cannot_see_the_person_get_404(cw, login, who):
    response = login(getattr(cw.cast, who)).get(reverse("people:detail", args=[cw.case.person.pk]))
    assert response.status_code in {403, 404}
