"""Every module of kb/ imports on its own in a fresh interpreter: no import cycle, no order dependence."""

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

KB = Path(__file__).resolve().parent.parent / "kb"

# One interpreter loads the third-party libraries once, then forks a child per module: each child starts
# with no kb module loaded, so it imports its module exactly as a fresh interpreter would.
CHECK = textwrap.dedent(
    """
    import os, sys, traceback
    import argon2, flask, flask_login, flask_migrate, flask_sqlalchemy, flask_wtf, nh3, pyotp, segno  # noqa
    import sqlalchemy.orm, whoosh.fields, whoosh.qparser, whoosh.highlight, wtforms  # noqa
    assert not [name for name in sys.modules if name == "kb" or name.startswith("kb.")]
    failed = []
    for name in sys.argv[1:]:
        pid = os.fork()
        if pid == 0:
            try:
                __import__(name)
            except BaseException:
                traceback.print_exc()
                os._exit(1)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        if status:
            failed.append(name)
    print("FAILED:" + ",".join(failed))
    """
)


def kb_modules() -> list[str]:
    names = []
    for path in sorted(KB.rglob("*.py")):
        parts = path.relative_to(KB.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_kb_module_imports_alone_in_a_fresh_interpreter():
    modules = kb_modules()
    assert "kb.content" in modules and "kb.accounts.sessions" in modules
    result = subprocess.run(
        [sys.executable, "-c", CHECK, *modules],
        cwd=KB.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "FAILED:", result.stderr[-3000:]


# Flask's idiom for a blueprint whose routes live in other modules: the package creates `bp`, then imports
# the modules that register routes on it (they import `bp` back, so they can only come after it). These
# packages, and only these, may import after other code.
ROUTE_REGISTRATION = {
    "kb/api/__init__.py",
    "kb/auth/__init__.py",
    "kb/editor/__init__.py",
    "kb/ops/__init__.py",
    "kb/public/__init__.py",
}


def _imports_out_of_place(path: Path) -> list[str]:
    """Imports inside a function or class, and (outside ROUTE_REGISTRATION) module-level imports after code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(KB.parent).as_posix()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found += [
                f"{where}:{inner.lineno} inside {node.name}"
                for inner in ast.walk(node)
                if isinstance(inner, ast.Import | ast.ImportFrom)
            ]
    code_seen = False
    for statement in tree.body:
        is_import = isinstance(statement, ast.Import | ast.ImportFrom)
        is_docstring = isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
        if is_import and code_seen and where not in ROUTE_REGISTRATION:
            found.append(f"{where}:{statement.lineno} after code")
        code_seen = code_seen or not (is_import or is_docstring)
    return found


def test_no_module_of_kb_imports_inside_a_function_or_after_its_code():
    """An import tucked into a function hides a cycle or a layer leaning on the one above it: fix those instead."""
    found = [problem for path in sorted(KB.rglob("*.py")) for problem in _imports_out_of_place(path)]
    assert found == []


# The layers of kb/, top first, by top-level module or package (README, "Layers"). A module may import from
# its own layer and those below it, never from one above.
LAYERS = (
    {"__init__", "cli", "security_cli", "transfer_cli", "errors", "templating"},  # the app and its glue
    {"public", "editor", "auth", "api", "ops"},  # the blueprints
    {"services", "seed"},
    {"search", "catalogue"},
    {"content", "accounts", "ratelimit", "visibility"},
    {"models"},
    {"extensions", "database", "config", "proxies", "security", "public_address", "routing", "static_versions"}
    | {"text", "sanitize", "weburl", "vocabulary", "request_ids", "background"},
)


def _layer_of(module: str) -> int:
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "__init__"
    return next(i for i, names in enumerate(LAYERS) if name in names)


def test_every_import_in_kb_points_to_its_own_layer_or_one_below():
    """Does any module of kb/ lean on a layer above it (a service on a blueprint, catalogue on services …)?"""
    upward = []
    for path, module in zip(sorted(KB.rglob("*.py")), kb_modules(), strict=True):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("kb"):
                continue
            targets = [f"kb.{alias.name}" for alias in node.names] if node.module == "kb" else [node.module]
            upward += [f"{module} imports {t}" for t in targets if _layer_of(t) < _layer_of(module)]
    assert upward == []
