"""Case intake and steps over the API: the page's access rules (404 before 403), the access log, and
the services' own refusals."""

import pytest

from fulian.cases import services
from fulian.cases.models import Case
from fulian.core.models import AccessLog

from .factories import make_person

API = "/api/v1/cases"


def _intake(cast, person, **kw):
    return {
        "handling_unit": cast.town_a.pk,
        "channel": "phone",
        "type": "domestic_violence",
        "person": person.pk,
        "narrative": "丈夫酒后殴打",
        **kw,
    }


def test_intake_registers_the_case_assigns_her_and_logs_the_showing(cast, api_client):
    person = make_person(cast.village_a1)
    api_client.force_authenticate(cast.caseworker_a)
    made = api_client.post(f"{API}/", _intake(cast, person), format="json")
    assert made.status_code == 201, made.json()
    case = Case.objects.get(pk=made.json()["id"])
    assert made.json()["narrative"] == "丈夫酒后殴打"
    assert case.assignments.filter(user=cast.caseworker_a).exists()
    assert AccessLog.objects.filter(user=cast.caseworker_a, target_id=str(case.pk)).count() == 1


def test_intake_refuses_a_person_of_another_town_without_telling_she_exists(cast, api_client):
    elsewhere = make_person(cast.village_b1)
    api_client.force_authenticate(cast.caseworker_a)
    refused = api_client.post(f"{API}/", _intake(cast, elsewhere), format="json")
    missing = api_client.post(f"{API}/", {**_intake(cast, elsewhere), "person": 999999}, format="json")
    assert refused.status_code == missing.status_code == 400
    assert refused.json() == missing.json() == {"person": ["所选当事人不在承办乡镇/街道的台账中"]}
    consultation = api_client.post(
        f"{API}/", {**_intake(cast, make_person(cast.village_a1)), "kind": "consultation"}, format="json"
    )
    assert consultation.json() == {"answer": ["咨询须填写答复内容"]}
    assert not Case.objects.exists()


def test_intake_four_ways(cast, api_client):
    body = _intake(cast, make_person(cast.village_a1))
    assert api_client.post(f"{API}/", body, format="json").status_code == 401
    api_client.force_authenticate(cast.staff_a)  # may open a case in an emergency, registers none
    assert api_client.post(f"{API}/", body, format="json").status_code == 403
    api_client.force_authenticate(cast.volunteer_a1)
    assert api_client.post(f"{API}/", body, format="json").status_code == 403
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("step", "body"),
    [
        ("assess", {"answers": {"weapon": True}}),
        ("handle", {"note": "上门调解"}),
        ("followups", {"visited_on": "2027-06-14", "method": "phone", "note": "稳定"}),
        ("close", {"outcome": "mediated", "satisfaction": "satisfied"}),
    ],
)
def test_steps_four_ways(cw, api_client, hidden_from, step, body):
    url = f"{API}/{cw.case.pk}/{step}/"
    assert api_client.post(url, body, format="json").status_code == 401
    for who, user in hidden_from.items():
        api_client.force_authenticate(user)
        code = api_client.post(url, body, format="json").status_code
        assert code in {403, 404}, (who, code)  # 403 only for roles without cases anywhere
    api_client.force_authenticate(cw.cast.chair_b)
    assert api_client.post(url, body, format="json").status_code == 404
    services.break_glass(user=cw.cast.staff_a, number=cw.case.number, reason="当事人来电求助，承办人联系不上")
    api_client.force_authenticate(cw.cast.staff_a)  # sees the case in an emergency, does not handle it
    assert api_client.get(f"{API}/{cw.case.pk}/").status_code == 200
    assert api_client.post(url, body, format="json").status_code == 403
    api_client.force_authenticate(cw.cast.caseworker_a)
    before = AccessLog.objects.count()
    done = api_client.post(url, body, format="json")
    assert done.status_code == 200, done.json()
    assert AccessLog.objects.count() == before + 1


def test_assign_is_the_chairs_and_only_to_a_case_worker_of_the_town(cw, api_client):
    url = f"{API}/{cw.case.pk}/assign/"
    api_client.force_authenticate(cw.cast.caseworker_a)
    assert api_client.post(url, {"worker": cw.cast.caseworker_a.pk}, format="json").status_code == 403
    api_client.force_authenticate(cw.cast.chair_a)
    wrong = api_client.post(url, {"worker": cw.cast.staff_a.pk}, format="json")
    assert wrong.json() == {"worker": ["只能指派本乡镇/街道的维权专员"]}
    again = api_client.post(url, {"worker": cw.cast.caseworker_a.pk}, format="json")
    assert again.json() == {"worker": ["该专员已承办此案件"]}


def test_close_then_reopen_needs_a_reason(cw, api_client):
    api_client.force_authenticate(cw.cast.caseworker_a)
    closed = api_client.post(
        f"{API}/{cw.case.pk}/close/", {"outcome": "mediated", "satisfaction": "satisfied"}, format="json"
    )
    assert closed.json()["status"] == Case.Status.CLOSED
    assert api_client.post(f"{API}/{cw.case.pk}/handle/", {"note": "x"}, format="json").status_code == 400
    no_reason = api_client.post(f"{API}/{cw.case.pk}/reopen/", {}, format="json")
    assert no_reason.status_code == 400
    reopened = api_client.post(f"{API}/{cw.case.pk}/reopen/", {"reason": "暴力重现"}, format="json")
    assert reopened.json()["status"] != Case.Status.CLOSED


def test_referral_warning_and_order_follow_the_page(cw, api_client):
    url = f"{API}/{cw.case.pk}"
    police, court, police_b = cw.bodies["police"], cw.bodies["court"], cw.bodies["police_b"]
    api_client.force_authenticate(cw.cast.caseworker_a)
    elsewhere = api_client.post(f"{url}/referrals/", {"body": police_b.pk, "asked": "x"}, format="json")
    assert elsewhere.status_code == 400  # another town's police station does not serve this case
    sent = api_client.post(f"{url}/referrals/", {"body": police.pk, "asked": "协助制止"}, format="json")
    assert sent.status_code == 200, sent.json()
    rid = sent.json()["referrals"][0]["id"]
    done = api_client.post(f"{url}/referrals/{rid}/", {"status": "done", "outcome": "已出警"}, format="json")
    assert done.json()["referrals"][0]["status"] == "done"
    not_police = api_client.post(
        f"{url}/warnings/", {"body": court.pk, "issued_on": "2027-06-14"}, format="json"
    )
    assert not_police.json() == {"body": ["请选择服务本乡镇/街道的公安机关"]}
    warned = api_client.post(
        f"{url}/warnings/", {"body": police.pk, "issued_on": "2027-06-14"}, format="json"
    )
    assert warned.json()["measures"][0]["kind"] == "warning"
    order = {"body": court.pk, "applicant": "federation", "applied_at": "2027-06-14T09:30:00+08:00"}
    applied = api_client.post(f"{url}/orders/", order, format="json")
    assert applied.status_code == 200, applied.json()
    mid = next(m["id"] for m in applied.json()["measures"] if m["kind"] == "order")
    decide = {"decision": "granted", "decided_at": "2027-06-15T09:00:00+08:00", "valid_from": "2027-06-15"}
    decide["valid_until"] = "2027-12-14"
    api_client.force_authenticate(cw.cast.chair_b)
    assert api_client.post(f"{url}/orders/{mid}/decide/", decide, format="json").status_code == 404
    api_client.force_authenticate(cw.cast.caseworker_a)
    assert api_client.post(f"{url}/orders/999999/decide/", decide, format="json").status_code == 404
    decided = api_client.post(f"{url}/orders/{mid}/decide/", decide, format="json")
    assert decided.status_code == 200, decided.json()
    assert next(m for m in decided.json()["measures"] if m["id"] == mid)["decision"] == "granted"
