"""The shared helpers every app's views and API use instead of private copies: the API's exception handler
(a service's ValidationError → 400 keyed by field), the form-error helper, the flash helper, and the rule
that no app keeps its own copy of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import RequestFactory
from rest_framework.exceptions import NotFound

import fulian
from fulian.core.errors import api_exception_handler, drf_errors
from fulian.core.forms import errors_onto_form
from fulian.core.viewhelpers import Written, flash_error, form_page, page_of, pressed, save_or_show, submitted

ROOT = Path(fulian.__file__).parent


class _Form(forms.Form):
    name = forms.CharField(required=False)
    note = forms.CharField(required=False)


def _bound() -> _Form:
    form = _Form(data={"name": "x"})
    assert form.is_valid()
    return form


def test_service_error_with_fields_is_a_400_keyed_by_field():
    exc = ValidationError({"amount": ["超过上限"], NON_FIELD_ERRORS: ["审批人不能是提交人"]})
    response = api_exception_handler(exc, {})
    assert response.status_code == 400
    assert response.data == {"amount": ["超过上限"], "non_field_errors": ["审批人不能是提交人"]}


def test_service_error_without_field_is_a_400_of_non_field_errors():
    response = api_exception_handler(ValidationError(["第一条", "第二条"]), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["第一条", "第二条"]}
    assert drf_errors(ValidationError("一条")) == {"non_field_errors": ["一条"]}


def test_english_detail_becomes_chinese_and_chinese_detail_stays():
    assert api_exception_handler(NotFound("No Person matches the given query."), {}).data["detail"] == (
        "该记录不存在或不在您的管辖范围内，也可能是地址有误或已被删除。"
    )
    assert api_exception_handler(NotFound("该对象不存在"), {}).data["detail"] == "该对象不存在"


def test_other_exceptions_are_left_to_django():
    assert api_exception_handler(RuntimeError("boom"), {}) is None


def test_errors_go_onto_the_named_field_or_the_form():
    form = _bound()
    errors_onto_form(form, ValidationError({"name": ["重名"], "unknown": ["未知字段的错误"]}))
    assert form.errors["name"] == ["重名"]
    assert form.non_field_errors() == ["未知字段的错误"]
    form = _bound()
    errors_onto_form(form, ValidationError(["一", "二"]))
    assert form.non_field_errors() == ["一", "二"]


def test_errors_without_a_field_go_onto_the_default_field():
    form = _bound()
    errors_onto_form(form, ValidationError("请改正"), default_field="note")
    assert form.errors["note"] == ["请改正"]
    assert not form.non_field_errors()


def _request():
    request = RequestFactory().get("/?page=2")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_flash_error_joins_every_message():
    request = _request()
    flash_error(request, ValidationError(["不能撤销", "已发放"]))
    assert [str(m) for m in get_messages(request)] == ["不能撤销；已发放"]


@pytest.mark.parametrize(("rows", "number"), [(list(range(21)), 2), (list(range(20)), 1)])
def test_page_of_reads_the_page_number(rows, number):
    page = page_of(_request(), rows, per_page=20)
    assert page.number == number  # past the last page: the last page


def _posted(data):
    request = RequestFactory().post("/", data)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_submitted_writes_a_valid_posted_form_once_and_queues_the_message():
    calls = []
    request = _posted({"name": "王秀英"})
    form = _Form(request.POST)
    written = submitted(request, form, lambda data: calls.append(data["name"]), success="已保存")
    assert written == Written(None)  # truthy although the service returned None
    assert written
    assert calls == ["王秀英"]
    assert [str(m) for m in get_messages(request)] == ["已保存"]


def test_submitted_writes_nothing_on_a_get_or_an_invalid_form():
    calls = []
    get = _request()
    assert submitted(get, _Form(), lambda data: calls.append(1), success="已保存") is None

    class Required(forms.Form):
        name = forms.CharField()

    request = _posted({"name": ""})
    form = Required(request.POST)
    assert submitted(request, form, lambda data: calls.append(1), success="已保存") is None
    assert calls == []
    assert "name" in form.errors
    assert list(get_messages(request)) == []


def test_submitted_puts_a_refusal_on_the_form_and_queues_no_message():
    def refuse(data):
        raise ValidationError({"name": ["重名"], "other": ["未知字段"]})

    request = _posted({"name": "王秀英"})
    form = _Form(request.POST)
    assert submitted(request, form, refuse, success="已保存", default_field="note") is None
    assert form.errors["name"] == ["重名"]
    assert form.errors["note"] == ["未知字段"]
    assert list(get_messages(request)) == []


def test_a_callable_success_message_reads_the_result_after_the_write():
    state = {"name": "旧名"}

    def rename(data):
        state["name"] = data["name"]
        return state

    request = _posted({"name": "新名"})
    written = submitted(request, _Form(request.POST), rename, success=lambda row: f"已改为{row['name']}")
    assert written is not None
    assert written.value is state
    assert [str(m) for m in get_messages(request)] == ["已改为新名"]


COPY = re.compile(
    r"def \w+\(form, exc"  # a private "service error onto form" helper
    r"|hasattr\(exc, \"error_dict\"\)"  # a private Django → DRF (or → form) conversion
    r"|messages\.error\(request, \"；\"\.join\(exc\.messages"  # an inline flash_error
)
HOMES = {"core/forms.py", "core/errors.py", "core/viewhelpers.py"}


def test_no_app_keeps_its_own_copy_of_the_helpers():
    copies = []
    for path in sorted(ROOT.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if "tests" in path.parts or name in HOMES:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        copies += [f"{name}:{n}" for n, line in enumerate(lines, 1) if COPY.search(line)]
    assert copies == []


def _writes_a_form_by_hand(node) -> bool:
    """`if request.method == "POST" and form.is_valid(): try: <one call> except ValidationError:
    errors_onto_form(...) else: messages.success(...); return ...` — what `submitted` is for."""
    import ast

    if not isinstance(node, ast.If) or len(node.body) != 1 or not isinstance(node.body[0], ast.Try):
        return False
    test, attempt = ast.unparse(node.test), node.body[0]
    return (
        re.fullmatch(r"request\.method == 'POST' and \w+\.is_valid\(\)", test) is not None
        and len(attempt.body) == 1
        and len(attempt.handlers) == 1
        and ast.unparse(attempt.handlers[0].body[0]).startswith("errors_onto_form(")
        and bool(attempt.orelse)
        and ast.unparse(attempt.orelse[0]).startswith("messages.success(")
    )


def test_no_view_writes_a_form_through_a_service_by_hand():
    import ast

    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{path.relative_to(ROOT).as_posix()}:{n.lineno}"
            for n in ast.walk(tree)
            if _writes_a_form_by_hand(n)
        ]
    assert found == []


def test_the_hand_written_form_block_is_recognised():
    import ast

    by_hand = """
if request.method == "POST" and form.is_valid():
    try:
        services.loan_record(user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        errors_onto_form(form, exc)
    else:
        messages.success(request, "贷款已登记")
        return redirect("x")
"""
    with_helper = """
if submitted(request, form, lambda data: services.loan_record(user=request.user, **data), success="已登记"):
    return redirect("x")
"""
    assert any(_writes_a_form_by_hand(n) for n in ast.walk(ast.parse(by_hand)))
    assert not any(_writes_a_form_by_hand(n) for n in ast.walk(ast.parse(with_helper)))


# --- pressed: a button's POST ------------------------------------------------------------------------


def test_pressed_writes_and_queues_the_success_message():
    request = _posted({})
    written = pressed(request, lambda: 3, success=lambda n: f"已保存{n}条")
    assert written == Written(3)
    assert [str(m) for m in get_messages(request)] == ["已保存3条"]


def test_pressed_flashes_a_refusal_and_writes_nothing_more():
    def refuse():
        raise ValidationError(["该公示已发布", "请勿重复操作"])

    request = _posted({})
    assert pressed(request, refuse, success="公示已发布") is None
    assert [str(m) for m in get_messages(request)] == ["该公示已发布；请勿重复操作"]


def test_pressed_does_not_call_the_service_for_an_invalid_form():
    class Required(forms.Form):
        name = forms.CharField(error_messages={"required": "请填写名称"})
        note = forms.CharField(error_messages={"required": "请填写备注"})

    calls = []
    request = _posted({"name": ""})
    form = Required(request.POST)
    assert pressed(request, lambda: calls.append(form.cleaned_data), form=form, invalid="请填写名额") is None
    assert calls == []
    assert [str(m) for m in get_messages(request)] == ["请填写名额"]
    request = _posted({"name": ""})  # without `invalid`: the form's own messages
    assert pressed(request, lambda: calls.append(1), form=Required(request.POST), success="已保存") is None
    assert [str(m) for m in get_messages(request)] == ["请填写名称；请填写备注"]
    assert calls == []


def test_pressed_reads_a_valid_form_inside_the_write():
    request = _posted({"name": "王秀英"})
    form = _Form(request.POST)
    written = pressed(request, lambda: form.cleaned_data["name"], form=form, success="已登记")
    assert written is not None
    assert written.value == "王秀英"
    assert [str(m) for m in get_messages(request)] == ["已登记"]


# Modules allowed to keep a hand-written button block (none).
NOT_YET: tuple[str, ...] = ()


def _presses_a_button_by_hand(node) -> bool:
    """`try: <service call> except ValidationError as exc: flash_error(request, exc)` (or each message
    flashed in a loop) — what `pressed` is for."""
    import ast

    if not isinstance(node, ast.Try) or len(node.handlers) != 1:
        return False
    handler = node.handlers[0]
    if handler.type is None or ast.unparse(handler.type) != "ValidationError" or not handler.body:
        return False
    first = ast.unparse(handler.body[0])
    return first.startswith("flash_error(") or (
        first.startswith("for ") and "messages.error(request" in first and ".messages" in first
    )


def test_no_view_presses_a_button_by_hand():
    import ast

    found = []
    for path in sorted(ROOT.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if "tests" in path.parts or "migrations" in path.parts or name in HOMES or name.startswith(NOT_YET):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{name}:{n.lineno}" for n in ast.walk(tree) if _presses_a_button_by_hand(n)]
    assert found == []


def test_the_hand_written_button_block_is_recognised():
    import ast

    by_hand = """
try:
    services.notice_publish(user=request.user, notice=notice)
except ValidationError as exc:
    flash_error(request, exc)
else:
    messages.success(request, "公示已发布")
"""
    in_a_loop = """
try:
    services.election_apply(user=request.user, election=election)
except ValidationError as exc:
    for msg in exc.messages:
        messages.error(request, msg)
"""
    with_helper = """
pressed(request, lambda: services.notice_publish(user=request.user, notice=notice), success="公示已发布")
"""
    assert any(_presses_a_button_by_hand(n) for n in ast.walk(ast.parse(by_hand)))
    assert any(_presses_a_button_by_hand(n) for n in ast.walk(ast.parse(in_a_loop)))
    assert not any(_presses_a_button_by_hand(n) for n in ast.walk(ast.parse(with_helper)))


# --- form_page / save_or_show: a whole create or edit view -----------------------------------------


@pytest.mark.django_db
def test_save_or_show_redirects_after_the_write_and_shows_the_form_otherwise(cast):
    request = _posted({"name": "王秀英"})
    request.user = cast.chair_a
    response = save_or_show(
        request,
        _Form(request.POST),
        lambda data: data["name"],
        success=lambda name: f"已登记{name}",
        title="登记",
        back="/back/",
        after=lambda name: f"/done/{len(name)}/",
    )
    assert (response.status_code, response["Location"]) == (302, "/done/3/")
    assert [str(m) for m in get_messages(request)] == ["已登记王秀英"]

    def refuse(data):
        raise ValidationError({"name": ["重名"]})

    request = _posted({"name": "王秀英"})
    request.user = cast.chair_a
    page = save_or_show(request, _Form(request.POST), refuse, success="已登记", title="登记对象", back="/b/")
    assert page.status_code == 400  # back from a POST with errors
    text = page.content.decode()
    assert "登记对象" in text
    assert "重名" in text
    assert 'href="/b/"' in text


@pytest.mark.django_db
def test_form_page_on_a_get_is_a_200_with_the_note(cast):
    request = _request()
    request.user = cast.chair_a
    page = form_page(request, _Form(), "修改", back="/b/", note="不填则不变")
    assert page.status_code == 200
    assert "不填则不变" in page.content.decode()
