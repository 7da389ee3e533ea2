"""The GUI and the lessons read a Session through its read model only.

DESIGN.md, "Layers": panels and lessons never touch the simulation objects
(`.vmm`, `.machine`, `.log`, `.engine`) or a session's private attributes,
and never fork on `.native` (they ask what they show: the read model
answers the same way whatever runs).  Nor do they import the VMM's modules
(only its technique registry): events and vocabularies come from
vmlab.observe and vmlab.session.  The sources are parsed, so comments and
strings do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("vmlab/gui", "vmlab/lessons")
FORBIDDEN_ATTRIBUTES = {"vmm", "machine", "log", "observer"}
# On a session (or its scenario) only: a lesson panel has an engine of its own, and the
# technique registry may well say whether a technique is native.
FORBIDDEN_ON_SESSIONS = {"engine", "native"}
SESSION_NAMES = {"session", "s", "sess", "lesson_session", "scenario", "current_scenario"}
ALLOWED_VMM_MODULES = {"vmlab.vmm.techniques"}


def sources() -> list[Path]:
    return sorted(p for layer in LAYERS for p in (ROOT / layer).rglob("*.py"))


def _is_session(node: ast.AST, aliases: set[str]) -> bool:
    """An expression that denotes a session: `session`, `x.session`, a name bound to one."""
    if isinstance(node, ast.Name):
        return node.id in SESSION_NAMES or node.id in aliases
    if isinstance(node, ast.Attribute):
        return node.attr in SESSION_NAMES
    return False


def _module_of(node: ast.ImportFrom, path: Path) -> str:
    if not node.level:
        return node.module or ""
    package = path.relative_to(ROOT).with_suffix("").parts[:-node.level]
    return ".".join(package + ((node.module,) if node.module else ()))


def violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    imported = {alias.asname or alias.name.split(".")[0]
                for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    aliases: set[str] = set()
    for node in ast.walk(tree):                     # names bound to a session
        if isinstance(node, ast.Assign) and _is_session(node.value, set()):
            aliases |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute):
            receiver = node.value
            if isinstance(receiver, ast.Name) and receiver.id in imported:
                continue                            # a module's attribute (math.log)
            if node.attr in FORBIDDEN_ATTRIBUTES or (node.attr in FORBIDDEN_ON_SESSIONS
                                                     and _is_session(receiver, aliases)):
                found.append(f"{where}: .{node.attr}")
            elif (node.attr.startswith("_") and not node.attr.startswith("__")
                  and _is_session(receiver, aliases)):
                found.append(f"{where}: a session's private .{node.attr}")
        elif isinstance(node, ast.ImportFrom):
            module = _module_of(node, path)
            names = [f"{module}.{a.name}" for a in node.names] if module == "vmlab.vmm" \
                else [module]
            for name in names:
                if name.startswith("vmlab.vmm") and name not in ALLOWED_VMM_MODULES:
                    found.append(f"{where}: imports {name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("vmlab.vmm") and alias.name not in ALLOWED_VMM_MODULES:
                    found.append(f"{where}: imports {alias.name}")
    return found


def test_there_are_sources_to_check():
    names = {p.name for p in sources()}
    assert {"traps.py", "memory.py", "engine.py", "metrics.py"} <= names


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_reads_the_session_through_its_read_model_only(path):
    found = violations(path)
    assert not found, "reaches past the read model:\n" + "\n".join(found)


def test_the_checker_sees_what_it_must(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import math\n"
        "from ...vmm.monitor import VMM\n"
        "from ...vmm import techniques, guest\n"
        "def f(session, controller):\n"
        "    x = math.log(2)   # a module: fine\n"
        "    # session.vmm in a comment does not count\n"
        "    a = session.vmm\n"
        "    s2 = controller.session\n"
        "    b = s2._capture()\n"
        "    c = controller.session.machine.mem\n"
        "    return session.native, 'session.log'\n", encoding="utf-8")
    target = ROOT / "vmlab" / "gui" / "panels" / "bad.py"    # where the relative import points
    found = violations_of_text(bad.read_text(encoding="utf-8"), target)
    kinds = sorted(line.split(": ", 1)[1] for line in found)
    assert kinds == [".machine", ".native", ".vmm", "a session's private ._capture",
                     "imports vmlab.vmm.guest", "imports vmlab.vmm.monitor"]


def violations_of_text(text: str, path: Path) -> list[str]:
    """violations() of a text as if it were the file at path (for the checker's own test)."""
    original = Path.read_text
    try:
        Path.read_text = lambda self, *a, **k: text if self == path else original(self, *a, **k)
        return violations(path)
    finally:
        Path.read_text = original
