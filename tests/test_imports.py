"""Every module of kb/ imports on its own in a fresh interpreter: no import cycle, no order dependence."""

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
