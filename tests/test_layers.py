"""Layers point one way: content/ imports nothing from core/, io/ or checks/, and no module-level import circle.

Read from the source (every import, also inside functions), and checked in fresh interpreters:
each module must import on its own, whatever was imported before it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import famsupport_cli

PACKAGE = Path(famsupport_cli.__file__).parent
NAME = "famsupport_cli"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The famsupport_cli modules a file imports (a `from package import module` names the module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith(NAME)}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(NAME):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in MODULES}
    return {name for name in found if name in MODULES}


def test_content_imports_nothing_from_core_io_or_checks() -> None:
    above = ("core", "io", "checks", "commands", "runner", "app", "cli")
    wrong = {
        module: sorted(name for name in _imports(path, top_level_only=False) if name.split(".")[1] in above)
        for module, path in MODULES.items()
        if module.startswith(f"{NAME}.content")
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def test_core_imports_nothing_from_io_checks_or_the_commands() -> None:
    above = ("io", "checks", "commands", "runner", "app", "cli")
    wrong = {
        module: sorted(name for name in _imports(path, top_level_only=False) if name.split(".")[1] in above)
        for module, path in MODULES.items()
        if module.startswith(f"{NAME}.core")
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle a depth-first walk meets, each as the modules along it (first = last)."""
    circles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, set())):
            if state.get(target) == "open":
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return circles


def test_no_module_level_import_circle() -> None:
    graph = {module: _imports(path, top_level_only=True) - {module} for module, path in MODULES.items()}
    assert _circles(graph) == []


def test_the_circle_check_finds_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


@pytest.mark.timeout(240)
def test_every_module_imports_on_its_own_in_a_fresh_interpreter() -> None:
    failed = {}
    for module in MODULES:
        if module.endswith("__main__"):
            continue  # runs the CLI
        done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            failed[module] = done.stderr.strip()[-300:]
    assert failed == {}


def _renders_words(node: ast.Call) -> bool:
    """A call that turns a message into words: str(Text(...)), or render(...)."""
    function = node.func
    if isinstance(function, ast.Name) and function.id == "str" and node.args:
        first = node.args[0]
        return isinstance(first, ast.Call) and isinstance(first.func, ast.Name) and first.func.id == "Text"
    return isinstance(function, ast.Name | ast.Attribute) and getattr(function, "id", getattr(function, "attr", "")) == "render"


@pytest.mark.timeout(30)
def test_core_and_content_return_message_keys_and_leave_the_words_to_the_edge() -> None:
    """Issue 12: the core returns data and message keys; only the edge turns them into words, in the user's language."""
    found = []
    for name, path in MODULES.items():
        if name.startswith((f"{NAME}.core", f"{NAME}.content")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [f"{path.name}:{node.lineno}" for node in ast.walk(tree) if isinstance(node, ast.Call) and _renders_words(node)]
    assert found == []
