"""Roles and capabilities: one table per app, the start-up checks, the generated matrix (page and docs)."""

from __future__ import annotations

from types import ModuleType

import pytest
from django.apps import apps
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from fulian.accounts import checks, matrix, policy
from fulian.core import roles
from fulian.core.checks import capability_tables
from fulian.core.roles import Role

URL = "/accounts/roles/"


# --- the page --------------------------------------------------------------------------------------


def test_admin_sees_every_capability_with_its_roles(cast, login):
    response = login(cast.admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    shown = {row.code for group in response.context["groups"] for row in group.rows}
    assert shown == set(roles.all_capabilities())
    aid = next(g for g in response.context["groups"] if g.app == "aid")
    approve = next(r for r in aid.rows if r.code == "aid.approve_county")
    assert dict(zip([c for c, _, _ in response.context["roles"]], approve.granted, strict=True)) == {
        "admin": True,
        "county_staff": True,
        "town_chair": False,
        "town_staff": False,
        "village_chair": False,
        "committee_member": False,
        "assessor": False,
        "case_worker": False,
        "volunteer": False,
    }
    assert "审批须报县级审批的救助申请" in body
    assert "帮扶救助" in body


def test_wrong_role_gets_403(cast, login):
    # County staff manage users, but the matrix is for administrators.
    assert login(cast.county_user).get(URL).status_code == 403
    assert login(cast.chair_a).get(URL).status_code == 403


def test_outsider_gets_403_not_the_table(cast, login):
    """The matrix is configuration, not a record of a unit: there is no object to 404 on. A user without
    any membership (outside every unit) gets 403 and never sees the table."""
    response = login(cast.nobody).get(URL)
    assert response.status_code == 403
    assert 'data-testid="role-matrix"' not in response.content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- the tables --------------------------------------------------------------------------------------


def test_every_capability_is_declared_by_the_app_it_is_named_after():
    by_app = {c.code: c.app for c in roles.capabilities()}
    assert roles.PROBLEMS == []
    assert capability_tables() == []
    special = {"home.view": "core", "reference.view": "core"}
    for code, app in by_app.items():
        assert app == special.get(code, code.split(".")[0]), code


def test_a_table_that_grants_what_it_does_not_declare_is_a_startup_error(monkeypatch):
    good = ModuleType("fulian.aid.capabilities")
    good.CAPABILITIES = {"aid.view": "查看"}
    good.GRANTS = {Role.ADMIN: {"aid.view", "aid.secret"}, "janitor": {"aid.view"}}
    twin = ModuleType("fulian.care.capabilities")
    twin.CAPABILITIES = {"aid.view": "又一个"}
    twin.GRANTS = {}
    fake = [(apps.get_app_config("aid"), good), (apps.get_app_config("care"), twin)]
    monkeypatch.setattr(roles, "discover", lambda name: fake)
    try:
        roles.load()
        errors = capability_tables()
        text = "\n".join(e.msg for e in errors)
        assert {e.id for e in errors} == {"core.E001"}
        assert "fulian.aid.capabilities 授予了未在本应用 CAPABILITIES 中声明的权限 aid.secret" in text
        assert "fulian.aid.capabilities 授予了不存在的角色 'janitor'" in text
        assert "权限 aid.view 在 aid 和 care 中重复声明" in text
        assert roles.role_grants(Role.ADMIN, "aid.view")
        assert not roles.role_grants("janitor", "aid.view")
    finally:
        monkeypatch.undo()
        roles.load()
    assert roles.PROBLEMS == []
    assert roles.role_grants(Role.COUNTY_STAFF, "aid.approve_county")


# --- the rank check ----------------------------------------------------------------------------------


def test_every_role_has_a_rank():
    assert checks.role_ranks() == []
    call_command("check")  # raises on any error


def test_a_role_missing_from_the_rank_table_is_a_startup_error(monkeypatch):
    ranks = {k: v for k, v in policy.ROLE_RANK.items() if k != Role.VOLUNTEER}
    monkeypatch.setattr(policy, "ROLE_RANK", ranks)
    errors = checks.role_ranks()
    assert [e.id for e in errors] == ["accounts.E001"]
    assert isinstance(errors[0], Error)
    assert "志愿者/爱心妈妈" in errors[0].msg
    assert "(volunteer)" in errors[0].msg.replace("（", "(").replace("）", ")")
    assert "ROLE_RANK" in errors[0].msg
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check")


def test_a_rank_for_something_that_is_not_a_role_is_an_error(monkeypatch):
    monkeypatch.setattr(policy, "ROLE_RANK", {**policy.ROLE_RANK, "janitor": 6})
    errors = checks.role_ranks()
    assert [e.id for e in errors] == ["accounts.E002"]
    assert "'janitor'" in errors[0].msg


# --- the docs ----------------------------------------------------------------------------------------


def test_docs_roles_matrix_is_current():
    text = matrix.DOCS.read_text(encoding="utf-8")
    assert matrix.with_current_section(text) == text, (
        "docs/roles.md is stale: run `python manage.py capability_matrix --write`"
    )


def test_the_command_prints_the_matrix_and_writes_the_docs_section(tmp_path, monkeypatch, capsys):
    call_command("capability_matrix")
    printed = capsys.readouterr().out
    assert "| `aid.approve_county` | 审批须报县级审批的救助申请 | ✓ | ✓ |  |" in printed
    assert "| 志愿者/爱心妈妈 | `volunteer` | 5 |" in printed
    doc = tmp_path / "roles.md"
    doc.write_text(f"# Roles\n\n{matrix.START}\nold\n{matrix.END}\n\nafter\n", encoding="utf-8")
    monkeypatch.setattr(matrix, "DOCS", doc)
    call_command("capability_matrix", "--write")
    written = doc.read_text(encoding="utf-8")
    assert "old" not in written
    assert "`aid.approve_county`" in written
    assert written.endswith(f"{matrix.END}\n\nafter\n")
    call_command("capability_matrix", "--write")
    assert "已是最新" in capsys.readouterr().out
    doc.write_text("# no section\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no generated section"):
        call_command("capability_matrix", "--write")
