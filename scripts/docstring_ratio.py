"""Print how many public modules, classes and functions in kb/ have a docstring (the README's figure).

    .venv/bin/python scripts/docstring_ratio.py

Public: a module, or a class, function or method whose name does not start with "_" (nested functions
are not counted; dunder methods are not public names).
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "kb"


def public_names(tree: ast.Module):
    """Yield (name, has docstring) for every public class, function and method at module or class level."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            yield node.name, ast.get_docstring(node) is not None
            if isinstance(node, ast.ClassDef):
                for member in node.body:
                    if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) and not member.name.startswith("_"):
                        yield f"{node.name}.{member.name}", ast.get_docstring(member) is not None


def main() -> None:
    """Count and print the ratio; `--missing` lists what has none."""
    total = documented = 0
    missing = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        entries = [("(module)", ast.get_docstring(tree) is not None), *public_names(tree)]
        for name, has_docstring in entries:
            total += 1
            documented += has_docstring
            if not has_docstring:
                missing.append(f"{path.relative_to(ROOT.parent)}: {name}")
    if "--missing" in sys.argv:
        print("\n".join(missing))
    print(
        f"{documented} of {total} public modules, classes and functions in kb/ have a docstring: "
        f"{100 * documented / total:.1f} %"
    )


if __name__ == "__main__":
    main()
