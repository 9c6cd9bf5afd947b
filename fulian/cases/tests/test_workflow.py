"""登记 › 评估 › 处置 › 转介 › 回访 › 结案, with reopening; bad input is refused with a clear message and
nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fulian.cases import risk, services
from fulian.cases.models import Case, CaseEvent, Referral, ReferralBody
from fulian.people.models import Person

from .factories import make_case, make_person


def test_the_whole_path_moves_the_status(clock, cw):
    case, user = cw.case, cw.cast.caseworker_a
    assert case.status == Case.Status.ASSESSED
    assert case.risk_level == Case.Risk.RED
    services.case_handle(user=user, case=case, note="制定安全计划")
    assert case.status == Case.Status.HANDLING
    ref = services.referral_create(user=user, case=case, body=cw.bodies["police"], asked="出警并出具告诫书")
    assert case.status == Case.Status.REFERRED
    services.referral_update(user=user, referral=ref, status="done", outcome="已出具告诫书")
    services.followup_record(user=user, case=case, visited_on=clock.now.date(), method="home", note="安全")
    assert case.status == Case.Status.FOLLOW_UP
    clock.advance(days=10)
    services.case_close(user=user, case=case, outcome="resolved", satisfaction="very")
    case.refresh_from_db()
    assert (case.status, case.days_to_close, case.outcome) == ("closed", 10, "resolved")
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["register", "assess", "handle", "refer", "referral_update", "follow_up", "close"]


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ({}, "yellow"),
        ({"stalking": True}, "orange"),
        ({"stalking": True, "substance": True}, "orange"),
        ({"stalking": True, "substance": True, "separating": True}, "red"),
        ({"strangling": True}, "red"),
    ],
)
def test_risk_checklist_levels(answers, level):
    assert risk.level_for(answers) == level


def test_unknown_checklist_item_is_refused(clock, cw):
    with pytest.raises(ValidationError) as exc:
        services.case_assess(user=cw.cast.caseworker_a, case=cw.case, answers={"bogus": True})
    assert "未知的评估项" in exc.value.message_dict["answers"][0]
    assert cw.case.assessments.count() == 1


def test_closing_with_open_referrals_needs_a_reason_and_saves_nothing_without(clock, cw, login):
    services.referral_create(
        user=cw.cast.caseworker_a, case=cw.case, body=cw.bodies["legal_aid"], asked="申请法律援助"
    )
    client = login(cw.cast.caseworker_a)
    response = client.post(
        reverse("cases:close", args=[cw.case.pk]),
        {"outcome": "resolved", "satisfaction": "satisfied", "note": ""},
        follow=True,
    )
    body = response.content.decode()
    assert "结案说明：仍有1项转介未办结（万源市法律援助中心），结案须填写说明" in body
    cw.case.refresh_from_db()
    assert cw.case.status != Case.Status.CLOSED
    assert not cw.case.events.filter(action=CaseEvent.Action.CLOSE).exists()
    client.post(
        reverse("cases:close", args=[cw.case.pk]),
        {"outcome": "resolved", "satisfaction": "satisfied", "note": "法律援助由中心继续跟进"},
    )
    cw.case.refresh_from_db()
    assert cw.case.is_closed


@pytest.mark.parametrize("body", ["missing", "inactive", "other_town", "garbage"])
def test_referral_to_an_unknown_body_is_refused(clock, cw, body):
    if body == "missing":
        value = 987654
    elif body == "inactive":
        value = ReferralBody.objects.create(
            name="已撤并医院", kind="hospital", unit=cw.cast.town_a, is_active=False
        )
    elif body == "other_town":
        value = cw.bodies["police_b"]
    else:
        value = "某某律师事务所"
    with pytest.raises(ValidationError) as exc:
        services.referral_create(user=cw.cast.caseworker_a, case=cw.case, body=value, asked="请求协助")
    assert "转介单位不在本地转介单位名录中" in exc.value.message_dict["body"][0]
    assert not Referral.objects.exists()


def test_referral_to_an_unknown_body_through_the_page(clock, cw, login):
    response = login(cw.cast.caseworker_a).post(
        reverse("cases:referral_add", args=[cw.case.pk]),
        {"body": cw.bodies["police_b"].pk, "asked": "出警", "referred_on": "2026-03-02"},
        follow=True,
    )
    assert "单位：转介单位不在本地转介单位名录中" in response.content.decode()
    assert not Referral.objects.exists()


def test_reopening_needs_a_reason_and_saves_nothing_without(clock, cw, login):
    services.case_close(user=cw.cast.caseworker_a, case=cw.case, outcome="resolved", satisfaction="very")
    client = login(cw.cast.caseworker_a)
    response = client.post(reverse("cases:reopen", args=[cw.case.pk]), {"reason": "  "}, follow=True)
    assert "理由：重新开启案件须填写理由" in response.content.decode()
    cw.case.refresh_from_db()
    assert cw.case.is_closed
    assert not cw.case.events.filter(action=CaseEvent.Action.REOPEN).exists()
    client.post(reverse("cases:reopen", args=[cw.case.pk]), {"reason": "对方再次施暴"})
    cw.case.refresh_from_db()
    assert (cw.case.status, cw.case.closed_at, cw.case.outcome) == ("handling", None, "")
    assert cw.case.events.get(action="reopen").note == "对方再次施暴"


def test_a_closed_case_takes_no_more_steps_until_reopened(clock, cw):
    services.case_close(user=cw.cast.caseworker_a, case=cw.case, outcome="resolved", satisfaction="very")
    with pytest.raises(ValidationError) as exc:
        services.referral_create(user=cw.cast.caseworker_a, case=cw.case, body=cw.bodies["police"], asked="x")
    assert "重新开启" in exc.value.message_dict["status"][0]


def test_a_consultation_is_answered_and_closed_at_once(clock, cw):
    case = make_case(
        cw.cast, kind=Case.Kind.CONSULTATION, type=Case.Type.MARRIAGE, answer="告知离婚财产分割规定"
    )
    assert (case.status, case.outcome, case.closing_note) == ("closed", "answered", "告知离婚财产分割规定")
    with pytest.raises(ValidationError) as exc:
        make_case(cw.cast, kind=Case.Kind.CONSULTATION, answer="")
    assert "答复" in exc.value.message_dict["answer"][0]


def test_referral_channel_needs_its_source(clock, cw):
    with pytest.raises(ValidationError) as exc:
        make_case(cw.cast, channel=Case.Channel.REFERRAL)
    assert "转介来源" in exc.value.message_dict["referred_by"][0]
    case = make_case(cw.cast, channel=Case.Channel.REFERRAL, referred_by=Case.ReferredBy.POLICE)
    assert case.get_referred_by_display() == "公安"


def test_intake_page_registers_a_case_for_a_new_person(clock, cw, login):
    client = login(cw.cast.caseworker_a)
    response = client.post(
        reverse("cases:intake"),
        {
            "handling_unit": cw.cast.town_a.pk,
            "kind": "case",
            "channel": "hotline",
            "type": "domestic_violence",
            "new_name": "赵春梅",
            "new_gender": "F",
            "new_birth_date": "1985-06-01",
            "new_village": cw.cast.village_a2.pk,
            "respondent_name": "钱某",
            "respondent_relation": "spouse",
            "narrative": "长期被殴打",
            "request": "离婚",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(person__name="赵春梅")
    assert (case.village, case.unit_path) == (cw.cast.village_a2, cw.cast.village_a2.path)
    assert case.assignments.get().user == cw.cast.caseworker_a
    assert response.url == reverse("cases:detail", args=[case.pk])


def test_intake_of_an_existing_person_found_by_pinyin(clock, cw, login):
    person = make_person(cw.cast.village_a2, name="张丽")
    client = login(cw.cast.caseworker_a)
    page = client.get(reverse("cases:intake"), {"q": "zl"}).content.decode()
    assert f'value="{person.pk}"' in page
    make_person(cw.cast.village_b1, name="张丽丽")  # another town: never offered
    assert "张丽丽" not in client.get(reverse("cases:intake"), {"q": "张"}).content.decode()


def test_intake_refuses_a_person_of_another_town_and_saves_nothing(clock, cw, login):
    outsider = make_person(cw.cast.village_b1, name="孙某")
    before = Case.objects.count()
    response = login(cw.cast.caseworker_a).post(
        reverse("cases:intake"),
        {
            "handling_unit": cw.cast.town_a.pk,
            "kind": "case",
            "channel": "visit",
            "type": "property",
            "person": outsider.pk,
            "narrative": "x",
        },
    )
    assert response.status_code == 200
    assert "所选当事人不在承办乡镇/街道的台账中" in response.content.decode()
    assert Case.objects.count() == before


def test_intake_without_any_person_is_refused(clock, cw):
    persons = Person.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.case_register(
            user=cw.cast.caseworker_a,
            handling_unit=cw.cast.town_a,
            kind="case",
            channel="phone",
            type="other",
            narrative="x",
        )
    assert "当事人" in exc.value.message_dict["person"][0]
    assert Person.objects.count() == persons


def test_intake_of_a_minor_by_a_case_worker_is_sent_to_the_registry(clock, cw):
    with pytest.raises(ValidationError) as exc:
        services.case_register(
            user=cw.cast.caseworker_a,
            handling_unit=cw.cast.town_a,
            kind="case",
            channel="phone",
            type="child",
            narrative="x",
            new_person={
                "name": "小花",
                "gender": "F",
                "birth_date": datetime.date(2015, 1, 1),
                "village": cw.cast.village_a1,
            },
        )
    assert "监护人" in exc.value.message_dict["new_birth_date"][0]
    assert not Person.objects.filter(name="小花").exists()


def test_case_worker_cannot_register_in_another_town(clock, cw):
    with pytest.raises(ValidationError, match="您无权在该乡镇/街道登记维权案件"):
        services.case_register(
            user=cw.cast.caseworker_a,
            handling_unit=cw.cast.town_b,
            kind="case",
            channel="phone",
            type="other",
            narrative="x",
            person=make_person(cw.cast.village_b1),
        )


def test_only_case_workers_of_the_town_can_be_assigned(clock, cw):
    with pytest.raises(ValidationError) as exc:
        services.case_assign(user=cw.cast.chair_a, case=cw.case, worker=cw.cast.staff_a)
    assert "维权专员" in exc.value.message_dict["worker"][0]
