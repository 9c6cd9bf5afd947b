"""No import cycle between the apps: every app builds on core (and on the apps it needs) without the
other way round, so an app can be read, tested and changed from the bottom up.

Every `import` and `from … import` in `fulian/**/*.py` counts, wherever it is written (inside a function
too), migrations included; the `tests/` directories are left out (a test may drive several apps at once,
e.g. a ledger's test generating the annual summary). An app is an installed Django app
(`fulian.core.spreadsheets` is one of its own). Reaching another app's model by its label — a
ForeignKey("orgs.OrgUnit"), `apps.get_model()` in `fulian/core/tree.py` — is Django's way to depend on a
model without importing its module, and is not an import.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest
from django.apps import apps

import fulian

ROOT = Path(fulian.__file__).parent
REPO = Path(fulian.__file__).parents[1]  # the checkout: module names are paths relative to it


def _app_packages() -> list[str]:
    """Packages of the installed fulian apps, longest first (so a file belongs to its innermost app)."""
    names = [c.name for c in apps.get_app_configs() if c.name.startswith("fulian.")]
    return sorted(names, key=len, reverse=True)


def _app_of(module: str, packages: list[str]) -> str | None:
    for pkg in packages:
        if module == pkg or module.startswith(pkg + "."):
            return pkg
    return None


def _module_name(path: Path) -> tuple[str, bool]:
    """Dotted name of a file and whether it is a package's __init__."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    is_init = parts[-1] == "__init__"
    if is_init:
        parts.pop()
    return ".".join(parts), is_init


def _imported(tree: ast.AST, module: str, is_init: bool) -> list[tuple[str, int]]:
    """(absolute module name, line) of every import in a file."""
    package = module if is_init else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # `from fulian import orgs` / `from . import x` may name submodules: count those too
            found.extend((f"{target}.{alias.name}", node.lineno) for alias in node.names)
    return found


def app_import_graph() -> dict[str, dict[str, list[str]]]:
    """{app: {imported app: ["file:line", …]}} for every import from one app into another."""
    packages = _app_packages()
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        module, is_init = _module_name(path)
        source_app = _app_of(module, packages)
        if source_app is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target, line in _imported(tree, module, is_init):
            target_app = _app_of(target, packages)
            if target_app is not None and target_app != source_app:
                where = f"{path.relative_to(REPO)}:{line}"
                if where not in graph[source_app][target_app]:
                    graph[source_app][target_app].append(where)
    return graph


def find_cycle(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """One cycle of the graph as [a, b, …, a], or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle_between_apps():
    graph = app_import_graph()
    cycle = find_cycle(graph)
    if cycle:
        edges = [f"  {a} -> {b}: {', '.join(graph[a][b][:5])}" for a, b in pairwise(cycle)]
        pytest.fail("apps import each other in a cycle:\n" + "\n".join(edges))


def test_no_app_imports_reports():
    """The summary and figures contract is in core: reports is only ever the last step."""
    graph = app_import_graph()
    importers = {a: edges["fulian.reports"] for a, edges in graph.items() if "fulian.reports" in edges}
    assert importers == {}


def test_the_check_finds_a_cycle_and_names_the_lines():
    graph = {"a": {"b": ["a.py:1"]}, "b": {"c": ["b.py:2"]}, "c": {"a": ["c.py:3"]}, "d": {"a": ["d.py:4"]}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": ["a.py:1"]}, "b": {}}) is None


def test_relative_and_function_level_imports_count(tmp_path):
    source = "def f():\n    from ..orgs.models import OrgUnit\n    from fulian import people\n"
    found = _imported(ast.parse(source), "fulian.core.views", is_init=False)
    assert ("fulian.orgs.models", 2) in found
    assert ("fulian.people", 3) in found
