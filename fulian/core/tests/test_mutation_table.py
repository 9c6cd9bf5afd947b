"""bin/mutate.py's table follows the code: every module it mutates and every test it runs exists, so a
split or moved module cannot drop out of the mutation score unnoticed (it did once: cases/models.py became
a package and its line mutated nothing)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.conf import settings


def _table():
    spec = importlib.util.spec_from_file_location("mutate", Path(settings.BASE_DIR) / "bin" / "mutate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_listed_module_and_test_exists():
    root = Path(settings.BASE_DIR)
    table = _table()
    assert table.MODULES
    for module, (functions, tests) in table.MODULES.items():
        assert (root / module).is_file(), module
        assert functions, module
        for test in tests:
            assert (root / test).exists(), (module, test)


def test_a_module_with_no_mutants_is_not_a_pass(capsys):
    table = _table()
    assert table.report([("fulian/x.py", 0, 0, 0, [], 0)]) is False
    assert "没有变异体" in capsys.readouterr().out
    assert table.report([("fulian/x.py", 10, 9, 0, ["a"], 0)]) is True  # 90 % passes
    assert table.report([("fulian/x.py", 11, 9, 0, ["a", "b"], 0)]) is False  # 81.8 % does not


def test_mutants_that_never_ran_are_neither_survivors_nor_a_score(tmp_path, monkeypatch, capsys):
    """mutmut stops before the first mutant when the tests fail without one ("Failed to run clean test"):
    its results then hold no exit code. That is an unfinished run, not a module whose mutants survived."""
    import json

    table = _table()
    monkeypatch.setattr(table, "WORK", tmp_path)
    meta = tmp_path / "mutants" / "fulian" / "core" / "idcard.py.meta"
    meta.parent.mkdir(parents=True)
    codes = {"fulian.core.idcard.x_check__mutmut_1": 1, "fulian.core.idcard.x_check__mutmut_2": 0}
    codes |= {f"fulian.core.idcard.x_check__mutmut_{n}": None for n in (3, 4)}
    meta.write_text(json.dumps({"exit_code_by_key": codes}))
    rows = table.scores(["fulian/core/idcard.py"])
    name = "fulian.core.idcard.x_check__mutmut_2"
    assert rows == [("fulian/core/idcard.py", 4, 1, 0, [name], 2)]
    assert table.report(rows) is False
    out = capsys.readouterr().out
    assert "未完成：2/4 已运行" in out
    assert f"survived: {name}" in out
    assert "mutmut_3" not in out


def test_a_run_cut_short_by_the_budget_is_judged_on_the_mutants_that_ran(capsys):
    """CI's run (--budget): 100 mutants, 40 ran — 36 killed and 4 survived is 90 %, 35 and 5 is 87.5 %."""
    table = _table()
    assert table.report([("fulian/x.py", 100, 36, 0, ["a", "b", "c", "d"], 60)], budget_hit=True) is True
    assert "时限内运行 40/100，其中 90.0 % 被发现" in capsys.readouterr().out
    five = ["a", "b", "c", "d", "e"]
    assert table.report([("fulian/x.py", 100, 35, 0, five, 60)], budget_hit=True) is False
    # without the budget, mutants that did not run still leave the module without a score
    assert table.report([("fulian/x.py", 100, 36, 0, ["a", "b", "c", "d"], 60)]) is False


def test_ci_skips_a_base_git_does_not_know(tmp_path, monkeypatch):
    """A clone with one commit (a shallow one) has no HEAD~1: the step is skipped, not failed."""
    import subprocess

    table = _table()
    monkeypatch.setattr(table, "ROOT", tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "one"], cwd=tmp_path, check=True)
    assert table.resolves("HEAD") is True
    assert table.resolves("HEAD~1") is False
