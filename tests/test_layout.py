"""The layout of README "How the code is laid out", checked: thin commands, renderers that only lay out, no cycles."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "fuzong_cli"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every fuzong_cli module ``path`` imports, at the top or inside a function."""
    out = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {  # `if TYPE_CHECKING:` imports name a type, they run nothing
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for stmt in block.body
        for n in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            if name in modules:
                out.add(name)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def test_commands_are_thin_and_know_no_file_format():
    for path in sorted((PACKAGE / "commands").glob("*.py")):
        if path.stem in ("__init__", "common", "registry"):  # the shared options and plumbing
            continue
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        assert lines <= 160, f"{path.name}: {lines} lines"
        for library in ("openpyxl", "fastxlsx", "docx", "docxtpl"):
            assert f"import {library}" not in text and f"from {library}" not in text, (path.name, library)
            assert f"write.{library}" not in text, (path.name, library)


def test_renderers_never_decide():
    graph = _graph()
    for name, imported in graph.items():
        if name.startswith("fuzong_cli.write."):
            deciding = sorted(m for m in imported if m.startswith("fuzong_cli.decide"))
            assert not deciding, f"{name} imports {deciding}"


def test_runs_and_decide_know_neither_typer_nor_file_formats():
    for folder in ("runs", "decide"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for library in ("typer", "openpyxl", "docx", "docxtpl"):
                assert f"import {library}" not in text and f"from {library}" not in text, (path, library)


def test_no_import_cycles_between_modules():
    graph = _graph()
    cycles = set()

    def visit(node, stack, on_stack):
        for nxt in graph[node]:
            if nxt in on_stack:
                cycle = stack[stack.index(nxt) :]
                start = cycle.index(min(cycle))
                cycles.add(tuple(cycle[start:] + cycle[:start]))
            elif nxt not in done:
                stack.append(nxt)
                on_stack.add(nxt)
                visit(nxt, stack, on_stack)
                on_stack.discard(nxt)
                stack.pop()
        done.add(node)

    done: set[str] = set()
    for start in graph:
        if start not in done:
            visit(start, [start], {start})
    assert not cycles, "\n".join(" → ".join(c) for c in sorted(cycles))
