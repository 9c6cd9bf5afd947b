"""Cases in the annual summary: counts only, suppressed at village level, absent for those without stats."""

from django.utils import timezone

from fulian.cases.models import Case
from fulian.core.periods import Period
from fulian.reports.services import summary_create

from .factories import make_case

YEAR = timezone.localdate().year


def text_of(draft) -> str:
    return " ".join(p.generated_text for p in draft.paragraphs.all())


def test_town_summary_counts_cases_and_never_names_anyone(cast):
    for _ in range(6):
        make_case(cast)
    make_case(cast, kind=Case.Kind.CONSULTATION, type=Case.Type.MARRIAGE, answer="已解答婚姻家庭问题")
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(YEAR))
    rights = draft.paragraphs.get(key="cases.overview").generated_text
    assert "共受理妇女儿童维权来访来电[[cases.received|7件]]" in rights
    assert "涉及家庭暴力[[cases.type.domestic_violence|6件]]" in rights
    assert "李秀兰" not in text_of(draft)
    assert "王大力" not in text_of(draft)


def test_village_level_counts_below_five_are_written_as_fewer_than_five(cast):
    make_case(cast)
    draft = summary_create(user=cast.chair_a, unit=cast.village_a1, period=Period.year(YEAR))
    assert "不足5件" in draft.paragraphs.get(key="cases.overview").generated_text


def test_no_rights_section_for_a_role_without_case_statistics(cast):
    make_case(cast)
    draft = summary_create(user=cast.vchair_a1, unit=cast.village_a1, period=Period.year(YEAR))
    assert not draft.paragraphs.filter(area="rights").exists()


def test_a_suppressed_count_is_written_only_where_something_happened(cast):
    """One case at a village: received reads 不足5件; consultations, closures, orders, warnings and referrals
    are all zero and so are not written at all (不足5 would claim work that never happened)."""
    make_case(cast)
    draft = summary_create(user=cast.chair_a, unit=cast.village_a1, period=Period.year(YEAR))
    text = draft.paragraphs.get(key="cases.overview").generated_text
    assert "[[cases.received|不足5件]]" in text
    assert "[[cases.cases|不足5件]]" in text
    for word in ("咨询", "办结", "保护令", "告诫书", "转介"):
        assert word not in text
    problems = draft.paragraphs.get(key="cases.open").generated_text
    assert "[[cases.open_at_end|不足5件]]" in problems
