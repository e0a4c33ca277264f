"""Copy the built Det Fælles Designsystem files from node_modules/ into static/vendor/ (not committed).

Run after `npm ci`; the Makefile does both. Only what the pages use is copied: CSS, fonts and icons.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "dkfds" / "dist"
TARGET = ROOT / "static" / "vendor" / "dkfds"
PARTS = ("css", "fonts", "img")


def main() -> int:
    if not SOURCE.is_dir():
        print(f"{SOURCE} is missing: run `npm ci` first.", file=sys.stderr)
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    for part in PARTS:
        shutil.copytree(SOURCE / part, TARGET / part)
    shutil.copy2(SOURCE / "LICENSE.md", TARGET / "LICENSE.md")
    print(f"Copied dkfds {', '.join(PARTS)} to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
