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
    assert table.report([("fulian/x.py", 0, 0, 0, [])]) is False
    assert "没有变异体" in capsys.readouterr().out
    assert table.report([("fulian/x.py", 10, 9, 0, ["a"])]) is True  # 90 % passes
    assert table.report([("fulian/x.py", 11, 9, 0, ["a", "b"])]) is False  # 81.8 % does not
