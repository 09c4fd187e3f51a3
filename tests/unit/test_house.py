"""The house rules, checked: no import cycles (imports inside functions included, so none can hide
one), each package importable through its `__all__`, a part for every dependency alias, a small
`service/` top level, and modules a newcomer can read in one sitting."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import get_type_hints

import pytest

from service.api import deps
from service.container import Container

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("service", "index", "prompts")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every project module `path` imports, at any depth of the file (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import sub` imports the submodule; `from mod import name` the module.
            found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names)
    return {m for m in found if m in known}


def test_no_import_cycles() -> None:
    modules = project_modules()
    known = set(modules)
    graph = {name: imports_of(name, path, known) - {name} for name, path in modules.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def packages_with_all() -> list[str]:
    return sorted(
        name
        for name, path in project_modules().items()
        if path.name == "__init__.py" and "__all__" in path.read_text()
    )


@pytest.mark.parametrize("package", packages_with_all())
def test_each_package_exports_what_it_says(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        assert hasattr(module, name), f"{package}.__all__ names {name}, which it does not have"


def test_every_dependency_alias_names_a_part_of_the_container() -> None:
    fields = set(get_type_hints(Container))
    aliases = [value for name, value in vars(deps).items() if name.endswith("Dep")]
    assert aliases
    for alias in aliases:
        getter = alias.__metadata__[0].dependency
        assert getter.__name__.removeprefix("get_") in fields, getter.__name__


def test_service_top_level_keeps_a_handful_of_modules() -> None:
    top = sorted(p.name for p in (ROOT / "service").glob("*.py"))
    assert len(top) <= 6, top


def test_modules_stay_readable() -> None:
    long = {
        name: n for name, path in project_modules().items() if (n := len(path.read_text().splitlines())) > 300
    }
    assert not long, long
