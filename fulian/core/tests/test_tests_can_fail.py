"""No test that cannot fail: a lint of the suite's own source (docs/testing.md).

- `assert True` (or any assert of a constant) passes whatever the code does;
- `pytest.raises(SomeError)` passes on any SomeError, also one raised for another reason than the one the
  test means. Each must check the message (`match=`) or bind the exception (`as excinfo`) and assert on it
  (`excinfo.value…`) after the block.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def suite_files() -> list[Path]:
    files = [p for p in (ROOT / "fulian").rglob("*.py") if "tests" in p.relative_to(ROOT).parts]
    return sorted([*files, ROOT / "conftest.py"])


def is_raises(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "raises"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pytest"
    )


def has_match(call: ast.Call) -> bool:
    return any(k.arg == "match" for k in call.keywords)


def bodies(tree: ast.AST):
    """Every list of statements in the tree (function bodies, if/else branches, with blocks …)."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                yield block


def asserts_on(statements: list[ast.stmt], name: str) -> bool:
    """An assert on `name.value` / `name.type` (or a call `name.match(…)`) among the statements."""

    def uses(tree: ast.AST) -> bool:
        return any(
            isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == name
            for n in ast.walk(tree)
        )

    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Assert) and uses(node.test):
                return True
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and uses(node.value.func):
                return True
    return False


def problems_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(ROOT).as_posix()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and isinstance(node.test, ast.Constant):
            found.append(f"{where}:{node.lineno}: assert of a constant ({node.test.value!r})")
    checked = set()
    for block in bodies(tree):
        for i, statement in enumerate(block):
            if not isinstance(statement, ast.With | ast.AsyncWith):
                continue
            for item in statement.items:
                call = item.context_expr
                if not is_raises(call) or has_match(call):
                    continue
                checked.add(id(call))
                bound = item.optional_vars.id if isinstance(item.optional_vars, ast.Name) else None
                if bound is None or not asserts_on(block[i + 1 :], bound):
                    found.append(
                        f"{where}:{call.lineno}: pytest.raises without match= and without an assert on "
                        "the exception after the block"
                    )
    for node in ast.walk(tree):  # pytest.raises(Error, function, …) and any use the loop above did not see
        if is_raises(node) and id(node) not in checked and not has_match(node):
            found.append(f"{where}:{node.lineno}: pytest.raises without match=")
    return found


def test_no_test_asserts_a_constant_or_accepts_any_exception():
    found = [problem for path in suite_files() for problem in problems_in(path)]
    assert found == [], "\n".join(found)


def test_the_lint_finds_what_it_is_for(tmp_path):
    sample = ROOT / "fulian" / "core" / "tests" / "_lint_sample.py"
    source = """
import pytest

def test_a():
    assert True

def test_b():
    with pytest.raises(ValueError):
        int("x")

def test_c():
    with pytest.raises(ValueError) as excinfo:
        int("x")
    assert excinfo

def test_d():
    with pytest.raises(ValueError, match="invalid"):
        int("x")

def test_e():
    with pytest.raises(ValueError) as excinfo:
        int("x")
    assert "invalid" in str(excinfo.value)

def test_f():
    pytest.raises(ValueError, int, "x")

def test_g():
    with pytest.raises(ValueError) as excinfo:
        int("x")
"""
    sample.write_text(source, encoding="utf-8")
    try:
        found = problems_in(sample)
    finally:
        sample.unlink()
    lines = sorted(int(p.split(":")[1]) for p in found)
    # test_a's assert True, test_b (no match, nothing bound), test_c (asserts the ExceptionInfo, which is
    # always true, not its value), test_f, test_g (bound, never asserted); d and e check the message.
    assert lines == [5, 8, 12, 26, 29]
