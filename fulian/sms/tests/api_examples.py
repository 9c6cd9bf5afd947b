"""Records behind the SMS API's documented examples (fulian/core/tests/test_api_examples.py)."""

from fulian.core.tests.api_examples import Call
from fulian.sms import services

API = "/api/v1/sms"


def _list(cast):
    return services.saved_list_create(
        user=cast.county_user,
        unit=cast.county,
        name="村妇联主席",
        entries="张丽,13900000001\n陈芳,13900000002",
    )


def _draft(cast):
    return services.message_compose(
        user=cast.county_user,
        unit=cast.county,
        text="{姓名}您好，请于{时间}参加培训。",
        sign_name="万源妇联",
        audience="list",
        saved_list=_list(cast),
        variables={"时间": "6月20日"},
    )


def template(cast):
    return Call(cast.county_user, body={"unit": cast.county.pk})


def saved_list(cast):
    return Call(cast.county_user, body={"unit": cast.county.pk})


def message(cast):
    return Call(cast.county_user, body={"unit": cast.county.pk, "saved_list": _list(cast).pk})


def send(cast):
    return Call(cast.county_user, path={"id": _draft(cast).pk})


def cancel(cast):
    return Call(cast.county_user, path={"id": _draft(cast).pk})


def optout(cast):
    return Call(cast.county_user)


SETUPS = {
    ("post", f"{API}/templates/"): template,
    ("post", f"{API}/lists/"): saved_list,
    ("post", f"{API}/messages/"): message,
    ("post", f"{API}/messages/{{id}}/send/"): send,
    ("post", f"{API}/messages/{{id}}/cancel/"): cancel,
    ("post", f"{API}/optouts/"): optout,
}
